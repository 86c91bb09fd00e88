#pragma once
// DiskDepthData: the disk chart's numbers for one window — per stage and per
// (domain, device) the depth buckets of core::DepthSeries::buckets (the rows
// of `xenoscope-cli export --table disk-depth`), for the view chosen, and
// core::summarizeDisk over the window for the stage table. A plain value:
// computed on a worker thread, handed to the UI.

#include "core/analyses/disksummary.h"
#include "core/index/traceindex.h"

#include <cstdint>
#include <vector>

namespace xenoscope::widgets {

class DiskDepthData {
public:
    // What the chart shows: every stage of all devices together, every stage
    // of one device (series index), or one stage of every device.
    struct View {
        enum class Kind { AllByStage, DeviceByStage, StageByDevice };
        Kind kind = Kind::AllByStage;
        int series = -1; // DeviceByStage: index into DiskResults::series
        int stage = 0;   // StageByDevice
        friend bool operator==(const View&, const View&) = default;
    };
    // One step line: a stage (of all devices or one) or grants in flight.
    struct Line {
        int stage = -1; // 0..6; -1 for grants in flight
        bool total = false;
        uint16_t domain = 0;
        uint32_t device = 0;
        std::vector<core::DepthBucket> buckets;
    };

    DiskDepthData();
    ~DiskDepthData();

    static DiskDepthData compute(const core::TraceIndex& index, core::TimeWindow window,
                                 uint64_t bucket, View view);

    core::TimeWindow window;
    uint64_t bucket = 0;
    View view;
    bool instrumented = false;
    std::vector<Line> lines;
    core::DiskSummary summary;
};

} // namespace xenoscope::widgets
