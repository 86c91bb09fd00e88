#include "core/probes/eventstatsprobe.h"

#include "core/probes/probedispatcher.h"

#include <algorithm>

namespace xenoscope::core {

void EventStatsProbe::attach(ProbeDispatcher& d) {
    if (wholeTrace())
        dispatcher_ = &d;
    else
        d.onAll<&EventStatsProbe::onRecord>(this);
}

void EventStatsProbe::onRecord(const Record& r, const Owner& owner) {
    if (r.tsc < window_.t0 || r.tsc > window_.t1)
        return;
    tally_.add(r.event, r.pcpu, owner);
}

void EventStatsProbe::finish(const TraceSpan& span) {
    const TimeWindow window{std::max(window_.t0, span.window.t0),
                            std::min(window_.t1, span.window.t1)};
    result_ = dispatcher_ ? dispatcher_->counts() : tally_.stats(window);
    result_.window = window;
}

} // namespace xenoscope::core
