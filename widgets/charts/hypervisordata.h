#pragma once
// HypervisorData: the hypervisor chart's numbers for one window —
// core::summarizeHypervisor over it (per HVM vCPU: exit cycles by reason and
// resume cycles; the rows of `xenoscope-cli export --table hypervisor`
// with one bucket) and the reasons ranked by total time. A plain value.

#include "core/analyses/hypervisorsummary.h"
#include "core/index/traceindex.h"

#include <vector>

namespace xenoscope::widgets {

class HypervisorData {
public:
    struct Reason {
        core::HvmSpanKind vendor = core::HvmSpanKind::VmxExit;
        uint32_t reason = 0;
        uint64_t cycles = 0; // all vCPUs
    };

    HypervisorData();
    ~HypervisorData();

    static HypervisorData compute(const core::TraceIndex& index, core::TimeWindow window);

    core::TimeWindow window;
    core::HypervisorSummary summary;
    std::vector<Reason> reasons; // longest total first
};

} // namespace xenoscope::widgets
