#pragma once
// What the dispatcher learnt about the trace as a whole by the end of the
// pass: the window [T0, T1] (smallest and largest TSC of any record; wrap
// fillers ignored) and which pCPUs wrote records.

#include "core/probes/timewindow.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace xenoscope::core {

struct TraceSpan {
    TimeWindow window;
    bool empty = true;           // no record at all
    std::vector<uint16_t> pcpus; // ascending
    uint64_t records = 0;        // dispatched (wrap fillers excluded)
};

// Builds a TraceSpan record by record.
class SpanTracker {
public:
    void note(uint64_t tsc, uint16_t pcpu) {
        if (span_.empty) {
            span_.window = {tsc, tsc};
            span_.empty = false;
        } else {
            span_.window.t0 = std::min(span_.window.t0, tsc);
            span_.window.t1 = std::max(span_.window.t1, tsc);
        }
        ++span_.records;
        if (pcpu >= pcpuSeen_.size() || !pcpuSeen_[pcpu])
            notePcpu(pcpu);
    }
    // The span so far, with its pCPUs listed.
    const TraceSpan& close() {
        span_.pcpus.clear();
        for (size_t p = 0; p < pcpuSeen_.size(); ++p)
            if (pcpuSeen_[p])
                span_.pcpus.push_back(static_cast<uint16_t>(p));
        return span_;
    }
    const TraceSpan& span() const { return span_; }

private:
    void notePcpu(uint16_t pcpu) {
        if (pcpu >= pcpuSeen_.size())
            pcpuSeen_.resize(size_t{pcpu} + 1, 0);
        pcpuSeen_[pcpu] = 1;
    }

    TraceSpan span_;
    std::vector<uint8_t> pcpuSeen_;
};

} // namespace xenoscope::core
