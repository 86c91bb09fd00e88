#pragma once
// Scheduling-latency statistics over a window (metrics.md, "Scheduling
// latency"): count, sum, min, nearest-rank p50/p90/p99, max — all, wake and
// preempt — a log2 histogram, the worst N samples, and how well the samples
// agree with Xen's own SWITCH_INFNEXT runnable times. A sample belongs to the
// window when it entered running inside it.

#include "core/probes/latencysamples.h"

#include <cstdint>
#include <vector>

namespace xenoscope::core {

struct LatencyStats {
    uint64_t count = 0;
    uint64_t sum = 0;
    uint64_t min = 0;
    uint64_t p50 = 0;
    uint64_t p90 = 0;
    uint64_t p99 = 0;
    uint64_t max = 0;
};

// Percentiles are nearest rank: the smallest v with at least pct % of the
// values <= v.
LatencyStats latencyStats(std::vector<uint64_t> values);

struct LatencyHistogramBucket {
    uint64_t from = 0; // cycles, inclusive
    uint64_t to = 0;   // exclusive; buckets double in width
    uint64_t count = 0;
};

// Samples against Xen's runnable ns, converted to cycles at the TSC rate.
struct XenAgreement {
    uint64_t matched = 0;
    uint64_t medianAbsDiff = 0; // cycles
    uint64_t maxAbsDiff = 0;
};

struct LatencySummary {
    TimeWindow window;
    LatencyStats all, wake, preempt;
    std::vector<LatencyHistogramBucket> histogram;
    std::vector<LatencySample> worst; // longest first
    XenAgreement xen, xenWake, xenPreempt;
};

LatencySummary summarizeLatency(const LatencySamples& samples, TimeWindow window, size_t worstN,
                                double tscHz);

} // namespace xenoscope::core
