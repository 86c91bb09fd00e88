#pragma once
// Turns the runstate probe's transitions into scheduling-latency samples and
// pairs them with SWITCH_INFNEXT's runnable nanoseconds for a cross-check.

#include "core/probes/latencysamples.h"
#include "core/probes/probe.h"
#include "core/probes/runstateprobe.h"

#include <utility>

namespace xenoscope::core {

class LatencyProbe final : public Probe {
public:
    explicit LatencyProbe(RunstateProbe& runstates);
    void attach(ProbeDispatcher& dispatcher) override;
    void finish(const TraceSpan& span) override;

    const LatencySamples& result() const { return result_; }
    // Moves the result out after finish() (AnalysisPass hands it on without a copy).
    LatencySamples take() { return std::move(result_); }

private:
    struct Pending {
        bool valid = false;
        VcpuKey vcpu = NoVcpu;
        uint64_t ns = 0;
    };

    void onTransition(const RunstateTransition& t);
    void onInfNext(const Record& r, const Owner& owner);
    void onInfPrev(const Record& r, const Owner& owner);
    Pending& pending(uint16_t pcpu);

    std::vector<Pending> pending_; // by pCPU: the INFNEXT of the schedule() call in progress
    LatencySamples result_;
};

} // namespace xenoscope::core
