#pragma once
// The TraceIndex the builder and the cache produce: per pCPU an occupancy
// track and a lost-gap overlay, per vCPU a runstate track (running intervals
// carry their pCPU, taken from occupancy) and a hypervisor-span overlay, all
// IntervalTracks; plus the analysis results, trace facts, seek index and
// event counters of the same pass. Immutable once constructed.

#include "core/index/indexparts.h"
#include "core/index/intervaltrack.h"
#include "core/index/traceindex.h"
#include "core/index/windowreader.h"

#include <atomic>
#include <memory>
#include <mutex>

namespace xenoscope::core {

struct IndexFootprint {
    size_t tracks = 0;
    size_t intervals = 0;     // main tracks
    size_t overlays = 0;      // overlay intervals
    size_t baseBytes = 0;     // interval arrays
    size_t lodBytes = 0;      // level-of-detail groups
    size_t seekBytes = 0;     // seek index
    size_t countersBytes = 0; // event buckets
    size_t resultsBytes = 0;  // analysis results kept for summaries (approximate)
};

class TraceIndexImpl final : public TraceIndex {
public:
    explicit TraceIndexImpl(IndexParts parts);
    ~TraceIndexImpl() override;

    TimeWindow window() const override { return parts_.results.span.window; }
    double tscHz() const override { return parts_.info.tscHzUsed; }
    const std::vector<uint16_t>& pcpus() const override { return pcpus_; }
    const std::vector<VcpuKey>& vcpus() const override { return vcpus_; }

    size_t intervalCount(TrackRef track) const override;
    void overlapping(TrackRef track, uint64_t t0, uint64_t t1,
                     std::vector<IndexInterval>& out) const override;
    std::optional<IndexInterval> at(TrackRef track, uint64_t t) const override;
    DrawList drawList(TrackRef track, uint64_t t0, uint64_t t1, uint32_t widthPx) const override;
    void fillDrawList(TrackRef track, uint64_t t0, uint64_t t1, uint32_t widthPx,
                      DrawList& out) const override;

    const AnalysisResults& results() const override { return parts_.results; }
    const TraceInfo& info() const override { return parts_.info; }

    bool complete() const override { return parts_.complete; }
    bool
    forEachRecord(uint64_t t0, uint64_t t1,
                  const std::function<void(const Record&, const Owner&)>& visit) const override;
    EventCounts eventCounts(uint64_t t0, uint64_t t1, bool exact) const override;
    void overlayIntervals(TrackRef track, uint64_t t0, uint64_t t1,
                          std::vector<IndexInterval>& out) const override;

    // A deferred seek index stays deferred here (see IndexParts::deferredSeek).
    const IndexParts& parts() const { return parts_; }
    IndexFootprint footprint() const;
    void prepareDrawing() const override;
    // The tracks (for tests and the benchmark), or nullptr.
    const IntervalTrack* track(TrackRef ref) const;
    const IntervalTrack* overlay(TrackRef ref) const;

private:
    void buildTracks();
    // One track each, from the probe results (buildTracks() runs them).
    void buildOccupancyTrack(const PcpuTimeline& p);
    void buildRunstateTrack(size_t runstatesVcpu);
    void buildHvmTrack(const VcpuHvmSpans& v);
    // Position of the track in pcpus_ / vcpus_, or -1.
    int slot(TrackRef ref) const;
    // Made on first use, after loading a deferred seek index.
    const WindowReader& records() const;

    IndexParts parts_;
    std::vector<uint16_t> pcpus_;
    std::vector<VcpuKey> vcpus_;
    std::vector<int> pcpuSlot_;                     // by pCPU number
    std::vector<std::pair<VcpuKey, int>> vcpuSlot_; // by key
    std::vector<IntervalTrack> pcpuTracks_, lostTracks_;
    std::vector<IntervalTrack> vcpuTracks_, hvmTracks_;
    mutable std::once_flag windowOnce_;
    mutable SeekIndex loadedSeek_; // a deferred seek index, once loaded
    mutable std::unique_ptr<WindowReader> window_;
    mutable std::atomic<bool> seekReady_{false};
};

} // namespace xenoscope::core
