#pragma once
// LatencyData: the scheduling-latency chart's numbers for one window — the
// samples that entered running inside it (the rows of `xenoscope-cli export
// --table latency`) and core::summarizeLatency's log2 histogram and
// statistics over them. A plain value: computed on a worker thread.

#include "core/analyses/latencysummary.h"
#include "core/index/traceindex.h"

#include <vector>

namespace xenoscope::widgets {

class LatencyData {
public:
    LatencyData();
    ~LatencyData();

    static LatencyData compute(const core::TraceIndex& index, core::TimeWindow window);

    // Indices into `samples` of those with from <= cycles < to.
    std::vector<size_t> inRange(uint64_t from, uint64_t to) const;

    core::TimeWindow window;
    std::vector<core::LatencySample> samples; // by tsc
    std::vector<core::LatencyHistogramBucket> histogram;
    std::vector<uint64_t> wakeCounts; // per histogram bucket; the rest are preempt
    core::LatencyStats stats;
};

} // namespace xenoscope::widgets
