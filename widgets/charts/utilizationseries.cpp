#include "widgets/charts/utilizationseries.h"

#include "core/analyses/timebuckets.h"

namespace xenoscope::widgets {

UtilizationSeries::UtilizationSeries() = default;
UtilizationSeries::~UtilizationSeries() = default;

UtilizationSeries UtilizationSeries::compute(const core::TraceIndex& index, core::TimeWindow window,
                                             uint64_t bucket) {
    UtilizationSeries out;
    out.window = window;
    out.bucket = bucket;
    const auto& r = index.results();
    // No affinity: the CLI's default without --sla, so the numbers match its export.
    const core::UtilizationAnalysis analysis(r.runstates, r.occupancy);
    out.pcpuCount = analysis.pcpuCount();
    for (const core::TimeWindow& b : core::bucketWindows(window, bucket))
        out.buckets.push_back(analysis.compute(b));
    return out;
}

} // namespace xenoscope::widgets
