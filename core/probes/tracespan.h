#pragma once
// What the dispatcher learnt about the trace as a whole by the end of the
// pass: the window [T0, T1] (smallest and largest TSC of any record; wrap
// fillers ignored) and which pCPUs wrote records.

#include "core/probes/eventtally.h"
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

// Builds a TraceSpan record by record, and counts the records by pCPU and
// by their owner's domain (the pass's event statistics; the dispatcher
// counts ids).
class SpanTracker {
public:
    // On every record a pass dispatches: kept inline and branch-free but
    // for the rare first sight of a pCPU or domain.
    [[gnu::always_inline]] void note(uint64_t tsc, uint16_t pcpu, const Owner& owner) {
        t0_ = std::min(t0_, tsc);
        t1_ = std::max(t1_, tsc);
        tally_.addPlace(pcpu, owner);
    }
    // The span so far, with its pCPUs listed.
    const TraceSpan& close() {
        span_.pcpus.clear();
        span_.empty = t0_ > t1_;
        span_.window = span_.empty ? TimeWindow{} : TimeWindow{t0_, t1_};
        span_.records = 0;
        const std::vector<uint64_t>& counts = tally_.pcpuCounts();
        for (size_t p = 0; p < counts.size(); ++p) {
            if (counts[p] != 0)
                span_.pcpus.push_back(static_cast<uint16_t>(p));
            span_.records += counts[p];
        }
        return span_;
    }
    const EventTally& tally() const { return tally_; }

private:
    uint64_t t0_ = UINT64_MAX; // t0_ > t1_: no record yet
    uint64_t t1_ = 0;
    TraceSpan span_;
    EventTally tally_;
};

} // namespace xenoscope::core
