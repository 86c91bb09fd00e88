#pragma once
// The runstate probe's result: per vCPU, its consecutive stays from its first
// runstate record to T1 (a stay ends where the next begins; the last ends at
// T1). Compact (16 bytes a stay) so any window can be summed later without
// re-reading the file.

#include "core/probes/timewindow.h"
#include "core/probes/vcpustate.h"
#include "core/util/reallocvector.h"

#include <cstdint>
#include <vector>

namespace xenoscope::core {

struct RunstateStay {
    uint64_t start = 0;
    VcpuState state = VcpuState::Unknown;
};

struct VcpuTimeline {
    uint16_t domain = 0;
    uint16_t vcpu = 0;
    ReallocVector<RunstateStay> stays; // by start; contiguous

    uint64_t end(size_t i, uint64_t t1) const {
        return i + 1 < stays.size() ? stays[i + 1].start : t1;
    }
};

struct RunstateTimelines {
    TimeWindow trace;                      // [T0, T1]
    std::vector<VcpuTimeline> vcpus;       // by (domain, vcpu)
    std::vector<uint64_t> inconsistencies; // TSCs of changes whose old state disagreed

    const VcpuTimeline* find(uint16_t domain, uint16_t vcpu) const {
        for (const auto& v : vcpus)
            if (v.domain == domain && v.vcpu == vcpu)
                return &v;
        return nullptr;
    }
};

} // namespace xenoscope::core
