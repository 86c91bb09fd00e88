#include "core/probes/latencyprobe.h"

#include "core/probes/probedispatcher.h"

namespace xenoscope::core {

LatencyProbe::LatencyProbe(RunstateProbe& runstates) {
    runstates.transitions().subscribe<&LatencyProbe::onTransition>(this);
}

void LatencyProbe::attach(ProbeDispatcher& d) {
    d.on<&LatencyProbe::onInfNext>(ev::SwitchInfNext, this);
    d.on<&LatencyProbe::onInfPrev>(ev::SwitchInfPrev, this);
}

LatencyProbe::Pending& LatencyProbe::pending(uint16_t pcpu) {
    if (pcpu >= pending_.size())
        pending_.resize(size_t{pcpu} + 1);
    return pending_[pcpu];
}

void LatencyProbe::onInfNext(const Record& r, const Owner&) {
    // Only the 4-word layout (dom, vcpu, runnable ns, next slice) names the vCPU.
    if (r.nwords < 4)
        return;
    pending(r.pcpu) = {
        true, vcpuKey(static_cast<uint16_t>(r.words[0]), static_cast<uint16_t>(r.words[1])),
        r.words[2]};
}

void LatencyProbe::onInfPrev(const Record& r, const Owner&) {
    pending(r.pcpu).valid = false; // a new schedule() call begins
}

void LatencyProbe::onTransition(const RunstateTransition& t) {
    if (t.to != VcpuState::Running || t.from != VcpuState::Runnable || t.continued ||
        isIdle(t.vcpu))
        return;
    // The runnable stay must have begun at a change record we saw (the
    // vCPU's first record included: the span starts there): not at a
    // CONTINUE_RUNNING. The kind comes from the state before it. That is the
    // old state the opening record names: the same as the tracked stay
    // before it when they agree, and the better witness when they do not
    // (first record, after an unknown stretch, or an inconsistency because
    // the records in between were lost).
    if (t.fromOpenerOld == NoState)
        return;
    const uint8_t before = t.fromOpenerOld;
    LatencyKind kind;
    if (before == static_cast<uint8_t>(VcpuState::Running))
        kind = LatencyKind::Preempt;
    else if (before == static_cast<uint8_t>(VcpuState::Blocked) ||
             before == static_cast<uint8_t>(VcpuState::Offline))
        kind = LatencyKind::Wake;
    else
        return; // runnable after runnable: no defined start
    result_.samples.push_back(
        {t.tsc, t.tsc - t.fromStart, keyDomain(t.vcpu), keyVcpu(t.vcpu), t.pcpu, kind});
    Pending& p = pending(t.pcpu);
    if (p.valid && p.vcpu == t.vcpu) {
        result_.xen.push_back({static_cast<uint32_t>(result_.samples.size() - 1), p.ns});
        p.valid = false;
    }
}

void LatencyProbe::finish(const TraceSpan& span) {
    result_.trace = span.window;
}

} // namespace xenoscope::core
