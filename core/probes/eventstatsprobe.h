#pragma once
// Event statistics of a window given before the pass (counts are not
// intervals: a window not known before the pass needs another pass, or the
// timeline index's per-bin counts). The whole trace's are the dispatcher's
// own counts (ProbeDispatcher::counts()); a narrower window's are counted
// here, record by record.

#include "core/probes/eventstats.h"
#include "core/probes/eventtally.h"
#include "core/probes/probe.h"

#include <utility>

namespace xenoscope::core {

class EventStatsProbe final : public Probe {
public:
    // Counts records with t0 <= TSC <= t1; the whole trace by default.
    explicit EventStatsProbe(TimeWindow window = {0, UINT64_MAX})
        : window_(window) {}
    // Counts: any order will do.
    ProbeOrder order() const override { return ProbeOrder::PerPcpu; }
    bool independent() const override { return true; }
    void attach(ProbeDispatcher& dispatcher) override;
    void finish(const TraceSpan& span) override;

    const EventStats& result() const { return result_; }
    // Moves the result out after finish() (AnalysisPass hands it on without a copy).
    EventStats take() { return std::move(result_); }

private:
    bool wholeTrace() const { return window_.t0 == 0 && window_.t1 == UINT64_MAX; }
    void onRecord(const Record& r, const Owner& owner);

    TimeWindow window_;
    const ProbeDispatcher* dispatcher_ = nullptr; // the whole trace's counts
    EventTally tally_;                            // a window's
    EventStats result_;
};

} // namespace xenoscope::core
