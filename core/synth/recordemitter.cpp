#include "core/synth/recordemitter.h"

#include "core/format/record.h"
#include "core/synth/rng.h"
#include "core/synth/truthaccumulator.h"

#include <algorithm>
#include <cmath>

namespace xenoscope::core {

RecordEmitter::RecordEmitter(TraceWriter& writer, TruthAccumulator& truth, uint16_t pcpus,
                             double hz, uint64_t tscBase)
    : writer_(writer)
    , truth_(truth)
    , pcpus_(pcpus)
    , hzInt_(static_cast<uint64_t>(std::llround(hz)))
    , tscBase_(tscBase) {}

uint64_t RecordEmitter::tscAt(uint64_t ns) const {
    // Split so the product never overflows 64 bits (rates up to ~18 GHz).
    constexpr uint64_t G = 1'000'000'000;
    return tscBase_ + (ns / G) * hzInt_ + ((ns % G) * hzInt_ + G / 2) / G;
}

void RecordEmitter::addLostWindow(uint64_t fromNs, uint64_t toNs) {
    unassigned_.push_back({fromNs, toNs});
}

void RecordEmitter::setOwner(uint16_t pcpu, uint32_t vcpuIndex, uint16_t dom, uint16_t vcpu) {
    pcpus_[pcpu].owner = vcpuIndex;
    pcpus_[pcpu].ownerWord = uint32_t{dom} | uint32_t{vcpu} << 16;
}

void RecordEmitter::write(uint16_t pcpu, uint32_t event, std::optional<uint64_t> tsc,
                          std::initializer_list<uint32_t> words) {
    writer_.record(pcpu, event, tsc, words);
    ++records;
    events.add(event);
    if (tsc) {
        ++tscRecords;
        if (!haveTsc_)
            firstTsc_ = *tsc;
        firstTsc_ = std::min(firstTsc_, *tsc);
        lastTscAll_ = std::max(lastTscAll_, *tsc);
        haveTsc_ = true;
    } else {
        ++noTscRecords;
        if (event == ev::WrapBuffer)
            ++wrapRecords;
    }
}

void RecordEmitter::writeLost(uint16_t pcpu, uint64_t tsc) {
    Pcpu& p = pcpus_[pcpu];
    write(pcpu, ev::LostRecords, tsc,
          {p.dropped, p.ownerWord, static_cast<uint32_t>(p.firstDroppedTsc),
           static_cast<uint32_t>(p.firstDroppedTsc >> 32)});
    gaps.push_back({pcpu, p.firstDroppedTsc, tsc, p.dropped});
    lostRecords += p.dropped;
    truth_.lostGapEnds(pcpu, p.owner, tsc);
    p.dropped = 0;
    p.lastTsc = tsc;
    p.haveTsc = true;
}

RecordEmitter::Written RecordEmitter::record(uint16_t pcpu, uint64_t ns, uint32_t event,
                                             bool withTsc, std::initializer_list<uint32_t> words) {
    Pcpu& p = pcpus_[pcpu];
    if (!withTsc) {
        if (p.lastDropped)
            return {};
        write(pcpu, event, std::nullopt, words);
        return {true, p.lastTsc, records};
    }
    const uint64_t tsc = tscAt(ns);
    if (ns < traceOnNs_) {
        p.lastDropped = true;
        return {};
    }
    if (!unassigned_.empty() && ns >= unassigned_.front().from) {
        const Window w = unassigned_.front();
        unassigned_.pop_front();
        p.windows.push_back({ns, ns + (w.to - w.from)});
    }
    while (!p.windows.empty() && ns >= p.windows.front().to) {
        p.windows.pop_front();
        if (p.dropped)
            writeLost(pcpu, tsc);
    }
    if (!p.windows.empty() && ns >= p.windows.front().from) {
        if (p.dropped == 0) {
            p.firstDroppedTsc = tsc;
            truth_.lostGapBegins(pcpu, p.owner, tsc);
        }
        ++p.dropped;
        p.lastDropped = true;
        return {};
    }
    p.lastDropped = false;
    p.lastTsc = tsc;
    p.haveTsc = true;
    write(pcpu, event, tsc, words);
    return {true, tsc, records};
}

void RecordEmitter::flushRound(Rng& rng, uint32_t wrapPerMille) {
    for (uint16_t p = 0; p < pcpus_.size(); ++p) {
        if (writer_.pendingBytes(p) == 0)
            continue;
        // xentrace copies up to the end of the ring, where Xen left a filler.
        if (rng.chance(wrapPerMille, 1000)) {
            const uint32_t n = static_cast<uint32_t>(rng.below(8));
            static constexpr uint32_t zeros[7] = {};
            writer_.record(p, ev::WrapBuffer, std::nullopt, std::span<const uint32_t>(zeros, n));
            ++records;
            ++noTscRecords;
            ++wrapRecords;
            events.add(ev::WrapBuffer);
        }
        writer_.flushChunk(p);
        lastFlushedPcpu_ = p;
    }
}

bool RecordEmitter::finish(uint64_t endNs, bool truncate) {
    for (uint16_t i = 0; i < pcpus_.size(); ++i) {
        Pcpu& p = pcpus_[i];
        if (p.dropped)
            writeLost(i, std::max(tscAt(endNs), p.firstDroppedTsc));
        p.windows.clear();
    }
    if (truncate) {
        // Everything but one pCPU's data goes out normally; that last chunk
        // then claims more bytes than follow, as when xentrace is killed.
        uint16_t last = 0;
        bool any = false;
        for (uint16_t i = 0; i < pcpus_.size(); ++i)
            if (writer_.pendingBytes(i)) {
                last = i;
                any = true;
            }
        for (uint16_t i = 0; i < pcpus_.size(); ++i)
            if (i != last)
                writer_.flushChunk(i);
        if (any) {
            writer_.flushTruncatedChunk(last, 64);
            truncated = true;
        }
    }
    return writer_.finish();
}

} // namespace xenoscope::core
