#pragma once
// What the dispatcher learnt about the trace as a whole by the end of the
// pass: the window [T0, T1] (smallest and largest TSC of any record; wrap
// fillers ignored) and which pCPUs wrote records.

#include "core/probes/timewindow.h"

#include <cstdint>
#include <vector>

namespace xenoscope::core {

struct TraceSpan {
    TimeWindow window;
    bool empty = true;           // no record at all
    std::vector<uint16_t> pcpus; // ascending
    uint64_t records = 0;        // dispatched (wrap fillers excluded)
};

} // namespace xenoscope::core
