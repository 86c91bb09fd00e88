#pragma once
// The split reads of TraceReader (readSplit(), readSplitPair()), compiled
// for the sink types they are given: with a final sink class the per-record
// call is direct and inlined into the walk's loop, which saved 5-6 % of a
// pass's CPU over a virtual call per record (README, Benchmarks). Included
// by tracereader.h; not to be included on its own.

#include "core/io/bytestream.h"
#include "core/reader/pendingmerge.h"
#include "core/reader/recorddecode.h"
#include "core/reader/tracereader.h"
#include "core/reader/walkpair.h"

#include <algorithm>
#include <thread>
#include <type_traits>
#include <vector>

namespace xenoscope::core {

template <class Sink>
ReadStats TraceReader::readSplit(Sink& sink, const ProgressFn& progress,
                                 const CancelToken* cancel) {
    ReadStats stats;
    if (!prepareRead(stats, progress, cancel))
        return stats;
    return walkSplit(sink, readDiagnostics_, progress, cancel, nullptr, WalkPair::First);
}

template <class First, class Second>
ReadStats TraceReader::readSplitPair(First& first, Second& second, const ProgressFn& progress,
                                     const CancelToken* cancel, WalkPair* pair) {
    ReadStats stats;
    if (!prepareRead(stats, progress, cancel))
        return stats;
    WalkPair ownPair(*file_);
    if (!pair)
        pair = &ownPair;
    // The second walk meets the same records, so its statistics and
    // diagnostics repeat the first's: they are not kept.
    Diagnostics secondDiagnostics;
    std::thread secondWalk(
        [&] { walkSplit(second, secondDiagnostics, {}, cancel, pair, WalkPair::Second); });
    stats = walkSplit(first, readDiagnostics_, progress, cancel, pair, WalkPair::First);
    secondWalk.join();
    if (cancel && cancel->isCancelled())
        stats.cancelled = true;
    return stats;
}

template <class Sink>
ReadStats TraceReader::walkSplit(Sink& sink, Diagnostics& diagnostics, const ProgressFn& progress,
                                 const CancelToken* cancel, WalkPair* pair, int walk) const {
    static_assert(std::is_base_of_v<SplitSink, Sink>);
    using namespace detail;
    ReadStats stats;
    // However the walk ends, the other one must not wait for it.
    struct Finished {
        WalkPair* pair;
        int walk;
        ~Finished() {
            if (pair)
                pair->finished(walk);
        }
    } finished{pair, walk};
    if (pair)
        pair->started(walk);

    CpuContext context;
    context.reset(table_);
    // Per pCPU: its clock and how many of its chunks have been walked.
    std::vector<PcpuClock> clocks(table_.pcpus.size());
    std::vector<size_t> walked(table_.pcpus.size(), 0);
    std::vector<int> slotOf;
    for (size_t i = 0; i < table_.pcpus.size(); ++i) {
        const PcpuLayout& l = table_.pcpus[i];
        clocks[i].layout = &l;
        if (l.pcpu >= slotOf.size())
            slotOf.resize(size_t{l.pcpu} + 1, -1);
        slotOf[l.pcpu] = static_cast<int>(i);
    }
    PendingMerge ordered(table_.pcpus.size());
    // Where a pCPU's unread records start: the first record of its next chunk.
    auto bound = [&](size_t slot) -> uint64_t {
        const PcpuLayout& l = *clocks[slot].layout;
        if (walked[slot] >= l.chunks.size())
            return UINT64_MAX;
        return chunkStartKey(table_.chunks[l.chunks[walked[slot]]], clocks[slot]);
    };
    for (size_t i = 0; i < clocks.size(); ++i)
        ordered.setBound(i, bound(i));

    std::unique_ptr<ByteStream> stream = file_->compressed() ? file_->openStream() : nullptr;
    const uint64_t totalBytes = std::max<uint64_t>(table_.streamBytes, 1);
    const uint64_t reportStep = std::max<uint64_t>(file_->fileSize() / ProgressSteps, 1);
    uint64_t lastReported = 0;
    uint64_t releasedUpTo = 0;
    Record r;
    for (const ChunkInfo& c : table_.chunks) {
        if (c.pcpu >= slotOf.size() || slotOf[c.pcpu] < 0)
            continue;
        const auto slot = static_cast<size_t>(slotOf[c.pcpu]);
        PcpuClock& clock = clocks[slot];
        std::span<const uint8_t> data;
        if (stream) {
            stream->skip(c.dataOffset - stream->position());
            data = stream->take(c.length);
        } else {
            data = file_->mapped().subspan(c.dataOffset, c.length);
        }
        const PcpuLayout& layout = *clock.layout;
        const ChunkInfo* nextChunk = walked[slot] + 1 < layout.chunks.size()
                                         ? &table_.chunks[layout.chunks[walked[slot] + 1]]
                                         : nullptr;
        size_t pos = 0;
        while (pos + 4 <= data.size()) {
            const uint8_t* p = data.data() + pos;
            const uint32_t header = raw::load32(p);
            const size_t size = raw::sizeOf(header);
            if (pos + size > data.size()) {
                reportOverrun(diagnostics, c.dataOffset + pos, size, data.size() - pos, c.pcpu);
                break;
            }
            // By value: a reference would take the loop's variables out of registers.
            const auto next = [data, pos, nextChunk] { return nextTscAfter(data, pos, nextChunk); };
            decode(p, header, keyOf(p, header, clock, next), c.dataOffset + pos, pos == 0, clock, r,
                   stats, diagnostics);
            const Owner owner = context.owner(r.pcpu);
            context.apply(r);
            if (sink.onPcpuRecord(r, owner))
                ordered.push(slot, r, owner);
            pos += size;
        }
        if (pos < data.size() && pos + 4 > data.size())
            report(diagnostics, DiagCode::RecordPastChunk, c.dataOffset + pos,
                   "stray bytes at the end of a chunk");
        ++walked[slot];
        ordered.setBound(slot, bound(slot));
        ordered.drain(sink);

        if (cancel && cancel->isCancelled()) {
            stats.cancelled = true;
            return stats;
        }
        const uint64_t done = c.dataOffset + c.length;
        // File order: nothing before this chunk is read again (by this walk).
        if (pair)
            pair->reached(walk, c.headerOffset());
        else
            file_->releaseBehind(c.headerOffset(), releasedUpTo);
        if (progress) {
            const uint64_t in =
                std::min(stream ? stream->inputPosition() : done * file_->fileSize() / totalBytes,
                         file_->fileSize());
            if (in >= lastReported + reportStep) {
                progress(in, file_->fileSize());
                lastReported = in;
            }
        }
    }
    ordered.flush(sink);
    noteFacts(stats, clocks);
    // read() lists gaps as the merge meets them: in time order.
    std::stable_sort(stats.lost.begin(), stats.lost.end(),
                     [](const LostGap& a, const LostGap& b) { return a.toTsc < b.toTsc; });
    if (progress)
        progress(file_->fileSize(), file_->fileSize());
    return stats;
}

} // namespace xenoscope::core
