#pragma once
// The immutable index a viewer draws from: per pCPU the occupancy intervals
// (which vCPU held it), per vCPU the runstate intervals and hypervisor spans,
// per pCPU the lost-record gaps, plus the analysis results of the same pass.
// Built once by one pass over the trace (IndexBuilder), then frozen and shared
// read-only as std::shared_ptr<const TraceIndex>: every query is const and
// thread-safe, and nothing it hands out moves.
//
// CONTRACT for the widgets (timeline, charts, tables): this header is the API
// they code against. Keep signatures stable; add freely.

#include "core/analyses/analysisresults.h"
#include "core/analyses/traceinfo.h"
#include "core/index/eventbuckets.h"
#include "core/probes/timewindow.h"
#include "core/probes/vcpukey.h"
#include "core/probes/vcpustate.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace xenoscope::core {

// A track of the timeline: one pCPU, or one vCPU.
struct TrackRef {
    enum class Kind : uint8_t { Pcpu, Vcpu };
    Kind kind = Kind::Pcpu;
    uint32_t id = 0; // pCPU number, or VcpuKey (domain << 16 | vcpu)
    friend bool operator==(const TrackRef&, const TrackRef&) = default;
};

inline constexpr uint16_t NoPcpu = 0xffff;

// One interval of a track, [start, end) in TSC cycles.
//  pCPU track:  value = the occupant's VcpuKey (NoVcpu: unknown — before the
//               first switch or inside a lost-record gap; an idle vCPU: idle).
//  vCPU track:  value = static_cast<uint32_t>(VcpuState); pcpu = where it ran
//               (running intervals; NoPcpu otherwise), so migrations show.
struct IndexInterval {
    uint64_t start = 0;
    uint64_t end = 0;
    uint32_t value = 0;
    uint16_t pcpu = NoPcpu;
};

// What the widget paints for [start, end): at most a few per pixel. An exact
// span (intervals == 1) is one interval clipped to the query; a folded span
// stands for `intervals` intervals too narrow to draw apart, shown as the
// value that holds most of its time (`share` of it).
struct DrawSpan {
    uint64_t start = 0;
    uint64_t end = 0;
    uint32_t value = 0;
    uint32_t intervals = 1;
    float share = 1.0f;
    uint16_t pcpu = NoPcpu; // vCPU tracks, running: the pCPU (NoPcpu when folded across pCPUs)
    friend bool operator==(const DrawSpan&, const DrawSpan&) = default;
};

// Overlays drawn on top of a track's spans:
//  vCPU track: hypervisor time (HVM exit and resume spans), value = the VMX/SVM
//              exit reason, or 0xffffffff for resume spans;
//  pCPU track: lost-record gaps, value = number of records lost.
struct DrawList {
    std::vector<DrawSpan> spans;    // by start, non-overlapping, inside [t0, t1]
    std::vector<DrawSpan> overlays; // by start
};

class TraceIndex {
public:
    virtual ~TraceIndex() = default;

    virtual TimeWindow window() const = 0; // [T0, T1] of the trace
    virtual double tscHz() const = 0;      // the rate in use (estimate or override)
    virtual const std::vector<uint16_t>& pcpus() const = 0;
    virtual const std::vector<VcpuKey>& vcpus() const = 0; // by domain, then vcpu; idle vCPUs last

    virtual size_t intervalCount(TrackRef track) const = 0;
    // Every interval overlapping [t0, t1], by start: O(log n + k).
    virtual void overlapping(TrackRef track, uint64_t t0, uint64_t t1,
                             std::vector<IndexInterval>& out) const = 0;
    // The interval holding time t, if any: O(log n).
    virtual std::optional<IndexInterval> at(TrackRef track, uint64_t t) const = 0;
    // At most a few spans per pixel for [t0, t1] drawn `widthPx` wide, in
    // O(widthPx * log n) at any zoom: never a walk over all intervals.
    virtual DrawList drawList(TrackRef track, uint64_t t0, uint64_t t1, uint32_t widthPx) const = 0;

    // The analyses of the same pass (summary --from --to over any window uses these).
    virtual const AnalysisResults& results() const = 0;
    virtual const TraceInfo& info() const = 0;

    // ---- Added with the implementation (issue 6); defaults keep test doubles compiling.

    // False for a progressive snapshot (the part of the trace indexed so far).
    // Builds every track's zoom levels now, on two threads; otherwise a
    // track builds them on its first coarse draw. The viewer calls this on
    // its loader thread so the first full-trace frame does not pay for it on
    // the UI thread.
    virtual void prepareDrawing() const {}
    virtual bool complete() const { return true; }
    // Every record with t0 <= TSC <= t1, decoded again from the file through
    // the seek index, in the reader's order and with its owners (the event
    // table). False when the file is gone or changed since it was indexed.
    virtual bool
    forEachRecord(uint64_t t0, uint64_t t1,
                  const std::function<void(const Record&, const Owner&)>& visit) const {
        (void)t0, (void)t1, (void)visit;
        return false;
    }
    // Records per pCPU and per event class over [t0, t1]: from per-bucket
    // counters (edge buckets pro-rated) or, with `exact`, with the partial
    // edge buckets decoded through the seek index.
    virtual EventCounts eventCounts(uint64_t t0, uint64_t t1, bool exact) const {
        (void)t0, (void)t1, (void)exact;
        return {};
    }
    // drawList() into `out` (emptied first), reusing its buffers: a viewer
    // redrawing a frame replaces a list per track, and allocating them anew
    // touched fresh pages on every frame.
    virtual void fillDrawList(TrackRef track, uint64_t t0, uint64_t t1, uint32_t widthPx,
                              DrawList& out) const {
        out = drawList(track, t0, t1, widthPx);
    }
    // The overlay track's intervals (HVM spans of a vCPU, lost gaps of a pCPU).
    virtual void overlayIntervals(TrackRef track, uint64_t t0, uint64_t t1,
                                  std::vector<IndexInterval>& out) const {
        (void)track, (void)t0, (void)t1, (void)out;
    }
};

using TraceIndexPtr = std::shared_ptr<const TraceIndex>;

} // namespace xenoscope::core
