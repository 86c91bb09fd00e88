#include "core/index/windoweventstats.h"

#include "core/probes/eventtally.h"

#include <algorithm>

namespace xenoscope::core {

std::optional<EventStats> windowEventStats(const TraceIndex& index, TimeWindow window,
                                           const CancelToken* cancel, uint64_t sliceRecords) {
    const TimeWindow trace = index.window();
    const TimeWindow w{std::max(window.t0, trace.t0), std::min(window.t1, trace.t1)};
    const EventStats& pass = index.results().events;
    if (window.t0 <= trace.t0 && window.t1 >= trace.t1 && pass.window.t0 <= trace.t0 &&
        pass.window.t1 >= trace.t1)
        return pass;
    EventTally tally;
    if (w.t1 < w.t0)
        return tally.stats(w);

    // Slices of equal length, as many as the bucket counters' estimate asks
    // for; [t0, t1] is cut into disjoint inclusive slices so no record is
    // visited twice.
    const uint64_t estimate = index.eventCounts(w.t0, w.t1, false).total;
    const uint64_t slices =
        std::clamp<uint64_t>(estimate / std::max<uint64_t>(sliceRecords, 1) + 1, 1, w.length() + 1);
    const uint64_t step = w.length() / slices + 1;
    for (uint64_t a = w.t0;;) {
        if (cancel && cancel->isCancelled())
            return std::nullopt;
        const uint64_t b = w.t1 - a < step ? w.t1 : a + step - 1;
        if (!index.forEachRecord(a, b, [&](const Record& r, const Owner& o) {
                // As in the pass: the dispatcher never counts wrap-buffer
                // fillers (padding, not events).
                if (r.event != ev::WrapBuffer)
                    tally.add(r.event, r.pcpu, o);
            }))
            return std::nullopt;
        if (b == w.t1)
            break;
        a = b + 1;
    }
    return tally.stats(w);
}

} // namespace xenoscope::core
