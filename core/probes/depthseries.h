#pragma once
// How many requests are in one place (a disk stage, grants in flight) over
// time: a step function kept as its exact change points, sorted, so the
// depth at any TSC, its time-weighted average, min and max over any window,
// and per-bucket figures for charts are answered without re-reading a trace.

#include "core/probes/timewindow.h"

#include <cstdint>
#include <vector>

namespace xenoscope::core {

// One change: from `tsc` on the depth is `depth`. `order` ranks changes at
// the same TSC (the records' order in the reader's stream), so a request that
// enters as another leaves at one TSC can briefly add to the depth as it did.
struct DepthPoint {
    uint64_t tsc = 0;
    uint32_t depth = 0;
    uint32_t order = 0;
};

struct DepthStats {
    uint64_t cycles = 0; // integral of depth over the window (depth x cycles)
    uint32_t min = 0;    // over the window, momentary depths at a change included
    uint32_t max = 0;
    double average(const TimeWindow& w) const {
        return w.length() ? static_cast<double>(cycles) / static_cast<double>(w.length()) : 0.0;
    }
};

struct DepthBucket {
    TimeWindow bucket;
    DepthStats stats;
};

class DepthSeries {
public:
    std::vector<DepthPoint> points; // by (tsc, order); 0 before the first one

    // The depth just before `t` (after every change earlier than t).
    uint32_t depthBefore(uint64_t t) const;
    // Integral, min and max over [w.t0, w.t1]; a change at t1 counts for min/max.
    DepthStats over(const TimeWindow& w) const;
    // The window cut into buckets of `width` cycles (one bucket when 0).
    std::vector<DepthBucket> buckets(const TimeWindow& w, uint64_t width) const;
    // The sum of several series (e.g. every device of one stage); changes at
    // one TSC are taken in `order`, a part's own sequence kept.
    static DepthSeries sum(const std::vector<const DepthSeries*>& parts);
};

} // namespace xenoscope::core
