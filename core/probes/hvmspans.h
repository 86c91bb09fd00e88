#pragma once
// The HVM probe's result: per vCPU, the spans it spent in the hypervisor
// while holding a pCPU (metrics.md, "Time in the hypervisor"): exit spans
// (VMEXIT to the next VMENTRY or the switch out) with their exit reason, and
// resume spans (switch in to the first VMENTRY or the switch out).

#include "core/probes/timewindow.h"

#include <cstdint>
#include <vector>

namespace xenoscope::core {

enum class HvmSpanKind : uint8_t { Resume = 0, VmxExit = 1, SvmExit = 2 };

struct HvmSpan {
    uint64_t start = 0;
    uint64_t end = 0;
    uint32_t reason = 0; // VMX basic exit reason or SVM exit code; 0 for resume spans
    uint16_t pcpu = 0;
    HvmSpanKind kind = HvmSpanKind::Resume;
};

struct VcpuHvmSpans {
    uint16_t domain = 0;
    uint16_t vcpu = 0;
    // The vCPU wrote VMENTRY/VMEXIT records: an HVM vCPU. Resume spans of
    // other vCPUs are kept but mean nothing (they never enter a guest mode).
    bool hvm = false;
    std::vector<HvmSpan> spans; // by start
};

struct HvmSpans {
    TimeWindow trace;
    std::vector<VcpuHvmSpans> vcpus; // by (domain, vcpu)
};

} // namespace xenoscope::core
