#pragma once
// The occupancy probe's result: per pCPU, who held it from when on. A pCPU is
// unknown before its first span and during spans whose occupant is NoVcpu
// (lost-record gaps); the last span ends at T1.

#include "core/probes/timewindow.h"
#include "core/probes/vcpukey.h"
#include "core/util/reallocvector.h"

#include <cstdint>
#include <vector>

namespace xenoscope::core {

struct OccupancySpan {
    uint64_t start = 0;
    VcpuKey who = NoVcpu;
};

struct PcpuTimeline {
    uint16_t pcpu = 0;
    ReallocVector<OccupancySpan> spans; // by start; contiguous

    uint64_t end(size_t i, uint64_t t1) const {
        return i + 1 < spans.size() ? spans[i + 1].start : t1;
    }
};

struct OccupancyTimelines {
    TimeWindow trace;
    std::vector<PcpuTimeline> pcpus; // every pCPU that wrote a record, ascending
};

} // namespace xenoscope::core
