#include "widgets/charts/diskdepthdata.h"

namespace xenoscope::widgets {

DiskDepthData::DiskDepthData() = default;
DiskDepthData::~DiskDepthData() = default;

DiskDepthData DiskDepthData::compute(const core::TraceIndex& index, core::TimeWindow window,
                                     uint64_t bucket, View view) {
    DiskDepthData out;
    out.window = window;
    out.bucket = bucket;
    out.view = view;
    const core::DiskResults& disk = index.results().disk;
    out.instrumented = disk.instrumented();
    out.summary = core::summarizeDisk(disk, window);
    if (!out.instrumented) {
        // Stock Xen: grants in flight per granting domain stand in for the queue.
        for (const auto& g : disk.grants)
            out.lines.push_back({-1, false, g.domain, 0, g.inFlight.buckets(window, bucket)});
        return out;
    }
    switch (view.kind) {
    case View::Kind::AllByStage:
        for (size_t k = 0; k < core::DiskStageCount; ++k)
            out.lines.push_back({static_cast<int>(k), true, 0, 0,
                                 core::totalDepth(disk, k).buckets(window, bucket)});
        break;
    case View::Kind::DeviceByStage:
        if (view.series >= 0 && static_cast<size_t>(view.series) < disk.series.size()) {
            const auto& s = disk.series[static_cast<size_t>(view.series)];
            for (size_t k = 0; k < core::DiskStageCount; ++k)
                out.lines.push_back({static_cast<int>(k), false, s.domain, s.device,
                                     s.stages[k].buckets(window, bucket)});
        }
        break;
    case View::Kind::StageByDevice:
        for (const auto& s : disk.series) {
            const auto k = static_cast<size_t>(std::clamp(view.stage, 0, 6));
            out.lines.push_back(
                {view.stage, false, s.domain, s.device, s.stages[k].buckets(window, bucket)});
        }
        break;
    }
    return out;
}

} // namespace xenoscope::widgets
