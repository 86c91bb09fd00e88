#pragma once
// The record decoding both of TraceReader's reads share (read() in
// tracereader.cpp, the split walks in splitwalk.h): a pCPU's clock, the TSC
// a record is timed at, and the record itself with its bookkeeping. Internal
// to the reader.

#include "core/format/rawrecord.h"
#include "core/reader/chunktable.h"
#include "core/reader/tracereader.h"
#include "core/reader/tscline.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace xenoscope::core::detail {

// Cancel is checked every 16 Ki records (well under a millisecond); progress
// is reported when at least 1/512 of the file has gone by since the last report.
constexpr uint64_t CheckEveryRecords = 1u << 14;
constexpr uint64_t ProgressSteps = 512;
constexpr size_t MaxTimeWentBackReports = 20;

// A pCPU's clock as its records go by: records without a TSC of their own
// take the last one (before the first, the pCPU's first TSC).
struct PcpuClock {
    const PcpuLayout* layout = nullptr;
    bool haveTsc = false;
    uint64_t lastTsc = 0;
    size_t timeWentBack = 0;
    // The pCPU's facts (PcpuReadStats), kept off the per-record path: the
    // first record with a TSC is timed at the layout's first TSC; after it
    // the smallest TSC can only fall, and the largest be left behind, where
    // time goes back, so both are settled there (the largest also at the end).
    uint64_t wraps = 0;
    uint64_t lowestTsc = UINT64_MAX;
    uint64_t highestTsc = 0;

    uint64_t inheritedTsc() const { return haveTsc ? lastTsc : layout->firstTsc; }
    PcpuReadStats facts() const {
        return {layout->pcpu, wraps, std::min(lowestTsc, layout->firstTsc),
                std::max(highestTsc, lastTsc), haveTsc};
    }
};

// Each pCPU's facts, once a read has met all its records.
template <class Clocks> void noteFacts(ReadStats& stats, const Clocks& clocks) {
    stats.pcpus.clear();
    for (const PcpuClock& c : clocks)
        stats.pcpus.push_back(c.facts());
}

// The next own TSC on the pCPU after the record at `pos` of its chunk:
// ahead in the chunk, else the first of the pCPU's next chunk (if any).
inline NextTsc nextTscAfter(std::span<const uint8_t> data, size_t pos, const ChunkInfo* nextChunk) {
    bool reachedEnd = false;
    const NextTsc n = tscAfter(data, pos, reachedEnd);
    if (n.known || !reachedEnd || !nextChunk || !nextChunk->hasTsc)
        return n;
    return {true, nextChunk->firstTsc};
}

// Where a chunk is placed in time before it is read (the split walks'
// bound, read()'s key for a .zst chunk not loaded yet): at its first own
// TSC (chunkStartBound()), or at the inherited one when it starts without.
inline uint64_t chunkStartKey(const ChunkInfo& chunk, const PcpuClock& clock) {
    return chunk.startsWithoutTsc || !chunk.hasTsc
               ? clock.inheritedTsc()
               : chunkStartBound(chunk.firstTsc, clock.inheritedTsc());
}

// The TSC a record is ordered and attributed by: its own (unless out of
// line, tscline.h), or inherited.
template <class Next>
[[gnu::always_inline]] inline uint64_t keyOf(const uint8_t* p, uint32_t header,
                                             const PcpuClock& clock, const Next& next) {
    const bool own = raw::hasTscOf(header) && raw::eventOf(header) != ev::WrapBuffer;
    return own ? timedAt(raw::load64(p + 4), clock.haveTsc, clock.inheritedTsc(), next)
               : clock.inheritedTsc();
}

// A problem at stream `offset`, in the reader's diagnostics.
void report(Diagnostics& diags, DiagCode code, uint64_t offset, std::string message);
// A record timed at another TSC than its own (tscline.h), before `clock`
// takes it.
[[gnu::cold]] void reportOutOfLine(Diagnostics& diags, const Record& r, uint64_t own,
                                   const PcpuClock& clock);
// A record that claims more bytes than its chunk has left.
void reportOverrun(Diagnostics& diags, uint64_t offset, size_t size, size_t left, uint16_t pcpu);

// Decodes the record at p (ordered at `key`, found at stream `offset`) into r
// and does the bookkeeping both reads share: the pCPU's clock, the counts,
// lost-record gaps, time going back. Forced inline: it is both reads' loop
// body (read() lost a third of its speed when it was a call).
[[gnu::always_inline]] inline void decode(const uint8_t* p, uint32_t header, uint64_t key,
                                          uint64_t offset, bool chunkStart, PcpuClock& clock,
                                          Record& r, ReadStats& stats, Diagnostics& diags) {
    const size_t size = raw::sizeOf(header);
    r.event = raw::eventOf(header);
    r.nwords = static_cast<uint8_t>(raw::wordsOf(header));
    r.hasTsc = raw::hasTscOf(header);
    r.pcpu = clock.layout->pcpu;
    r.offset = offset;
    r.tsc = key;
    const uint8_t* payload = p + raw::payloadOf(header);
    for (unsigned i = 0; i < r.nwords; ++i)
        r.words[i] = raw::load32(payload + 4 * i);
    if (r.event == ev::WrapBuffer) {
        ++stats.wrapRecords;
        ++clock.wraps;
        r.hasTsc = false; // filler: its TSC, if any, says nothing
    } else if (r.hasTsc) {
        // Out of line (tscline.h): timed at the TSC before it (or, a pCPU's
        // first, at the layout's first TSC), not at its own.
        const uint64_t own = raw::load64(p + 4);
        if (own != r.tsc && clock.timeWentBack++ < MaxTimeWentBackReports)
            reportOutOfLine(diags, r, own, clock);
        if (clock.haveTsc && r.tsc < clock.lastTsc) [[unlikely]] {
            clock.lowestTsc = std::min(clock.lowestTsc, r.tsc);
            clock.highestTsc = std::max(clock.highestTsc, clock.lastTsc);
            if (clock.timeWentBack++ < MaxTimeWentBackReports)
                report(diags, DiagCode::TimeWentBack, r.offset,
                       "TSC goes back on pCPU " + std::to_string(r.pcpu) + " (from " +
                           std::to_string(clock.lastTsc) + " to " + std::to_string(r.tsc) + ")");
        }
        clock.lastTsc = r.tsc;
        clock.haveTsc = true;
    }
    if (r.hasTsc)
        ++stats.tscRecords;
    else
        ++stats.noTscRecords;
    ++stats.records;
    stats.bytes += size + (chunkStart ? raw::CpuChangeSize : 0);
    if (r.event == ev::LostRecords && r.nwords >= 4)
        stats.lost.push_back({r.pcpu, r.word64(2), r.tsc, r.words[0]});
}

} // namespace xenoscope::core::detail
