#pragma once
// UtilizationSeries: the utilization chart's numbers for one window — the
// window cut into buckets (core::bucketWindows, as `xenoscope-cli export
// --table utilization --bucket W`) and core::UtilizationAnalysis run on
// each. A plain value: computed on a worker thread, handed to the UI.

#include "core/analyses/utilization.h"
#include "core/index/traceindex.h"

#include <cstdint>
#include <vector>

namespace xenoscope::widgets {

class UtilizationSeries {
public:
    UtilizationSeries();
    ~UtilizationSeries();

    static UtilizationSeries compute(const core::TraceIndex& index, core::TimeWindow window,
                                     uint64_t bucket);

    core::TimeWindow window;
    uint64_t bucket = 0;
    size_t pcpuCount = 0;
    std::vector<core::Utilization> buckets;
};

} // namespace xenoscope::widgets
