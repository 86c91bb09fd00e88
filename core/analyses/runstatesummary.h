#pragma once
// Per-vCPU runstate totals over a window: cycles and number of stays in
// each state (metrics.md, "vCPU runstates"), clipped from the runstate
// probe's timelines without re-reading the trace.

#include "core/probes/runstatetimelines.h"

#include <array>
#include <cstdint>
#include <vector>

namespace xenoscope::core {

struct VcpuRunstateSummary {
    uint16_t domain = 0;
    uint16_t vcpu = 0;
    std::array<uint64_t, VcpuStateCount> cycles{};
    std::array<uint64_t, VcpuStateCount> intervals{};

    uint64_t in(VcpuState s) const { return cycles[stateIndex(s)]; }
    uint64_t stays(VcpuState s) const { return intervals[stateIndex(s)]; }
};

struct RunstateSummary {
    TimeWindow window;
    std::vector<VcpuRunstateSummary> vcpus; // by (domain, vcpu)
    uint64_t inconsistencies = 0;           // inside the window

    const VcpuRunstateSummary* find(uint16_t domain, uint16_t vcpu) const;
};

// Stays count when they overlap the window (or are empty and inside it).
RunstateSummary summarizeRunstates(const RunstateTimelines& timelines, TimeWindow window);

// The same for one vCPU; also used by bucketed queries.
VcpuRunstateSummary summarizeVcpu(const VcpuTimeline& timeline, uint64_t traceT1,
                                  TimeWindow window);

} // namespace xenoscope::core
