#pragma once
// Tracks every vCPU's runstate from RUNSTATE_CHANGE / CONTINUE_RUNNING
// records and lost-record gaps, exactly as shared/spec/metrics.md defines it,
// keeping the stays as RunstateTimelines and publishing each transition for
// the probes that build on it (latency, utilization, the timeline index).

#include "core/probes/probe.h"
#include "core/probes/runstatetimelines.h"
#include "core/probes/topic.h"
#include "core/probes/vcpuindex.h"

#include <utility>

namespace xenoscope::core {

// One vCPU leaving one stay for the next, as the runstate probe applied it.
struct RunstateTransition {
    uint64_t tsc = 0;       // the record's TSC: `to` starts here
    uint64_t fromStart = 0; // when the stay that ends here began
    VcpuKey vcpu = NoVcpu;
    uint16_t pcpu = 0; // where the record was written
    VcpuState from = VcpuState::Unknown;
    VcpuState to = VcpuState::Unknown;
    uint8_t before = NoState; // the state before `from` (NoState: `from` was the first known)
    uint8_t fromOpenerOld = NoState; // old state named by the change record that opened `from`
    bool continued = false;          // a CONTINUE_RUNNING (not a RUNSTATE_CHANGE) made it
};

class RunstateProbe final : public Probe {
public:
    void attach(ProbeDispatcher& dispatcher) override;
    void finish(const TraceSpan& span) override;

    Topic<RunstateTransition>& transitions() { return transitions_; }
    // Valid after finish().
    const RunstateTimelines& result() const { return result_; }
    // Moves the result out after finish() (AnalysisPass hands it on without a copy).
    RunstateTimelines take() { return std::move(result_); }

private:
    struct Tracking {
        VcpuState current = VcpuState::Unknown;
        uint8_t before = NoState;
        uint8_t openerOld = NoState;
    };

    void onChange(const Record& r, const Owner& owner);
    void onContinue(const Record& r, const Owner& owner);
    void onLost(const Record& r, const Owner& owner);
    uint32_t vcpuFor(uint32_t packed);
    void enter(uint32_t index, const Record& r, VcpuState to, uint8_t recordOld, bool continued);
    void inconsistent(uint32_t index, uint64_t tsc);
    void retractInconsistency(uint32_t index, uint64_t tsc);

    VcpuIndex index_;
    std::vector<VcpuTimeline> timelines_; // by dense index
    std::vector<Tracking> tracking_;
    // By pCPU: a change into running was written there (at its first
    // SCHED_SWITCH when it has them), so the owner the reader names is known
    // from the file, not guessed from a later switch across a lost gap.
    std::vector<uint8_t> occupantKnown_;
    std::vector<uint64_t> inconsistencies_;
    // Parallel to inconsistencies_: whose record it was, so a lost-record
    // gap reported later can take one back.
    std::vector<uint32_t> inconsistentVcpu_;
    Topic<RunstateTransition> transitions_;
    RunstateTimelines result_;
};

} // namespace xenoscope::core
