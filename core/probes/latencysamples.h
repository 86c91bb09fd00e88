#pragma once
// The latency probe's result: one sample per runnable -> running transition
// of a non-idle vCPU (metrics.md, "Scheduling latency"), and the pairs where
// Xen's own SWITCH_INFNEXT said how long the same vCPU had been runnable.

#include "core/probes/timewindow.h"
#include "core/util/reallocvector.h"

#include <cstdint>
#include <vector>

namespace xenoscope::core {

enum class LatencyKind : uint8_t { Wake = 0, Preempt = 1 };

struct LatencySample {
    uint64_t tsc = 0;    // entering running
    uint64_t cycles = 0; // entering running - entering runnable
    uint16_t domain = 0;
    uint16_t vcpu = 0;
    uint16_t pcpu = 0; // where it started running
    LatencyKind kind = LatencyKind::Wake;
};

// A sample and the runnable time Xen wrote in the SWITCH_INFNEXT (4-word
// layout) of the schedule() call that picked the vCPU.
struct XenRunnablePair {
    uint32_t sample = 0; // index into samples
    uint64_t xenNs = 0;
};

struct LatencySamples {
    TimeWindow trace;
    ReallocVector<LatencySample> samples; // by tsc
    std::vector<XenRunnablePair> xen;
};

} // namespace xenoscope::core
