#pragma once
// Counts every record inside a window given before the pass (counts are not
// intervals: a window not known before the pass needs another pass, or the
// timeline index's per-bin counts).

#include "core/probes/eventstats.h"
#include "core/probes/probe.h"
#include "core/util/eventcounter.h"

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
    void onRecord(const Record& r, const Owner& owner);

    TimeWindow window_;
    EventCounter ids_;
    std::vector<uint64_t> domains_; // 65536 + 1 (unknown), allocated on the first record
    std::vector<uint64_t> pcpus_;
    EventStats result_;
};

} // namespace xenoscope::core
