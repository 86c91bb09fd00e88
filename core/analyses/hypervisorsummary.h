#pragma once
// Time HVM vCPUs spent in the hypervisor over a window (metrics.md, "Time in
// the hypervisor"): exit spans by reason plus resume spans, against their
// running time. Exits count when their VMEXIT lies in the window; cycles are
// clipped to it.

#include "core/analyses/runstatesummary.h"
#include "core/probes/hvmspans.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace xenoscope::core {

struct ExitReasonSummary {
    HvmSpanKind vendor = HvmSpanKind::VmxExit; // VmxExit or SvmExit
    uint32_t reason = 0;
    uint64_t count = 0;
    uint64_t cycles = 0;

    // "HLT", "VMCALL", ... or empty when unknown.
    std::string_view name() const;
};

struct VcpuHypervisorSummary {
    uint16_t domain = 0;
    uint16_t vcpu = 0;
    uint64_t running = 0;
    uint64_t hypervisor = 0; // exit + resume cycles
    uint64_t guest = 0;      // running - hypervisor (0 when the spans cover more)
    uint64_t exits = 0;
    uint64_t exitCycles = 0;
    uint64_t resumes = 0;
    uint64_t resumeCycles = 0;
    std::vector<ExitReasonSummary> byReason; // by (vendor, reason)
};

struct HypervisorSummary {
    TimeWindow window;
    std::vector<VcpuHypervisorSummary> vcpus; // HVM vCPUs only
    const VcpuHypervisorSummary* find(uint16_t domain, uint16_t vcpu) const;
};

HypervisorSummary summarizeHypervisor(const HvmSpans& spans, const RunstateSummary& runstates,
                                      TimeWindow window);

} // namespace xenoscope::core
