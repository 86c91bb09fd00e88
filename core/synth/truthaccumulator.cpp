#include "core/synth/truthaccumulator.h"

#include <algorithm>

namespace xenoscope::core {

TruthAccumulator::TruthAccumulator(std::vector<VcpuInfo> vcpus, uint16_t pcpus, size_t maxSamples)
    : pcpus_(pcpus)
    , maxSamples_(maxSamples) {
    vcpus_.resize(vcpus.size());
    for (size_t i = 0; i < vcpus.size(); ++i)
        vcpus_[i].info = vcpus[i];
}

void TruthAccumulator::enter(VcpuState& s, int state, uint64_t tsc) {
    if (s.accounted)
        s.cycles[static_cast<size_t>(s.state)] += tsc - s.since;
    s.state = state;
    s.since = tsc;
    if (state != Unknown)
        ++s.intervals[static_cast<size_t>(state)];
}

void TruthAccumulator::sample(uint32_t v, uint16_t pcpu, uint64_t tsc, uint64_t cycles, bool wake) {
    Truth::LatencySample smp{tsc, vcpus_[v].info.domain, vcpus_[v].info.vcpu, pcpu, wake, cycles};
    latency_.min = latency_.count ? std::min(latency_.min, cycles) : cycles;
    if (latency_.count == 0 || cycles > latency_.max) {
        latency_.max = cycles;
        latency_.worst = smp;
    }
    latency_.sum += cycles;
    ++latency_.count;
    if (latency_.samples.size() < maxSamples_)
        latency_.samples.push_back(smp);
    else
        latency_.samplesCapped = true;
}

void TruthAccumulator::runstateChange(uint32_t v, Runstate from, Runstate to, uint64_t tsc,
                                      uint16_t pcpu) {
    VcpuState& s = vcpus_[v];
    const int f = static_cast<int>(from), t = static_cast<int>(to);
    if (!s.accounted) {
        // First record: the state is known from here on; nothing before it.
        s.accounted = true;
        s.firstTsc = tsc;
        s.state = t;
        s.since = tsc;
        ++s.intervals[static_cast<size_t>(t)];
        s.runnableValid = to == Runstate::Runnable && from != Runstate::Runnable;
        s.runnableWake = from == Runstate::Blocked || from == Runstate::Offline;
        s.runnableSince = tsc;
        return;
    }
    const int before = s.state;
    if (before != Unknown && before != f)
        ++inconsistencies_;
    if (to == Runstate::Running && before == static_cast<int>(Runstate::Runnable) &&
        s.runnableValid && !s.info.idle)
        sample(v, pcpu, tsc, tsc - s.runnableSince, s.runnableWake);
    enter(s, t, tsc);
    // A change whose old state is runnable opens no measurable runnable stay
    // (runnable after runnable: no defined start), as the latency probe says.
    s.runnableValid = to == Runstate::Runnable && from != Runstate::Runnable;
    if (s.runnableValid) {
        // The state before runnable is the record's old state: the tracked one
        // when they agree; when the tracked one is unknown or disagrees
        // (records lost in between), the record is the better witness.
        s.runnableWake = from == Runstate::Blocked || from == Runstate::Offline;
        s.runnableSince = tsc;
    }
}

void TruthAccumulator::continueRunning(uint32_t v, uint64_t tsc) {
    VcpuState& s = vcpus_[v];
    if (!s.accounted) {
        s.accounted = true;
        s.firstTsc = tsc;
        s.state = static_cast<int>(Runstate::Running);
        s.since = tsc;
        ++s.intervals[0];
        return;
    }
    if (s.state == static_cast<int>(Runstate::Running))
        return; // not a new interval
    if (s.state != Unknown)
        ++inconsistencies_;
    enter(s, static_cast<int>(Runstate::Running), tsc);
    s.runnableValid = false;
}

void TruthAccumulator::closeOccupancy(PcpuState& p, uint64_t tsc) {
    if (p.known) {
        if (vcpus_[p.owner].info.idle)
            p.idle += tsc - p.since;
        else
            p.busy += tsc - p.since;
    } else if (p.fromT0) {
        p.unknown += tsc; // minus T0 at finish
        p.owesT0 = true;
        p.fromT0 = false;
    } else {
        p.unknown += tsc - p.since;
    }
}

void TruthAccumulator::closeSpan(PcpuState& p, uint64_t tsc) {
    if (!p.spanOpen)
        return;
    VcpuState& s = vcpus_[p.spanVcpu];
    const uint64_t cycles = tsc - p.spanSince;
    s.hvCycles += cycles;
    if (p.spanResume) {
        s.resumeCycles += cycles;
    } else {
        auto& r = s.byReason[p.spanReason];
        r.reason = p.spanReason;
        r.cycles += cycles;
    }
    p.spanOpen = false;
}

void TruthAccumulator::schedSwitch(uint16_t pcpu, uint32_t, uint32_t next, uint64_t tsc) {
    PcpuState& p = pcpus_[pcpu];
    closeOccupancy(p, tsc);
    p.fromT0 = false;
    p.known = true;
    p.switched = true;
    p.owner = next;
    p.since = tsc;
    closeSpan(p, tsc);
    if (vcpus_[next].info.hvm) {
        p.spanOpen = true;
        p.spanResume = true;
        p.spanVcpu = next;
        p.spanSince = tsc;
        ++vcpus_[next].resumes;
    }
}

void TruthAccumulator::vmexit(uint16_t pcpu, uint32_t v, uint32_t reason, uint64_t tsc) {
    PcpuState& p = pcpus_[pcpu];
    closeSpan(p, tsc); // a VMENTRY missing from the file: never count time twice
    ++vcpus_[v].exits;
    ++vcpus_[v].byReason[reason].count;
    vcpus_[v].byReason[reason].reason = reason;
    p.spanOpen = true;
    p.spanResume = false;
    p.spanVcpu = v;
    p.spanReason = reason;
    p.spanSince = tsc;
}

void TruthAccumulator::vmentry(uint16_t pcpu, uint64_t tsc) {
    closeSpan(pcpus_[pcpu], tsc);
}

void TruthAccumulator::lostGapBegins(uint16_t pcpu, uint32_t running, uint64_t tsc) {
    PcpuState& p = pcpus_[pcpu];
    closeOccupancy(p, tsc);
    p.known = false;
    p.fromT0 = false;
    p.since = tsc;
    // What the pCPU did inside the gap is unknown (its VMENTRY, a switch out
    // may be among the lost records), so no hypervisor span extends into it:
    // an open exit or resume span ends at the gap's first lost record, and
    // none reopens after it until a VMEXIT or switch record is in the file.
    closeSpan(p, tsc);
    // Who ran at `a` is in the file only once p has had a switch (a change
    // into running there): before it, the reader could only guess it from the
    // first switch after the gap, which a switch lost in the gap falsifies.
    if (p.switched && running != NoVcpu && vcpus_[running].accounted &&
        vcpus_[running].state != Unknown) {
        enter(vcpus_[running], Unknown, tsc);
        vcpus_[running].runnableValid = false;
    }
}

void TruthAccumulator::lostGapEnds(uint16_t pcpu, uint32_t running, uint64_t tsc) {
    PcpuState& p = pcpus_[pcpu];
    closeOccupancy(p, tsc);
    // metrics.md: occupancy is known from p's first SCHED_SWITCH on, so a
    // gap before it leaves p unknown; after one, the record names who runs.
    p.known = p.switched && running != NoVcpu;
    p.owner = running;
    p.since = tsc;
}

void TruthAccumulator::finish(Truth& out, uint64_t t0, uint64_t t1) {
    out.vcpus.clear();
    out.pcpus.clear();
    out.domains.clear();
    out.hypervisor.clear();
    for (uint16_t i = 0; i < pcpus_.size(); ++i) {
        PcpuState& p = pcpus_[i];
        closeOccupancy(p, t1);
        closeSpan(p, t1);
        if (p.owesT0)
            p.unknown -= t0;
        out.pcpus.push_back({i, p.busy, p.idle, p.unknown});
    }
    std::map<uint16_t, Truth::Domain> domains;
    for (auto& s : vcpus_) {
        Truth::Vcpu v;
        v.domain = s.info.domain;
        v.vcpu = s.info.vcpu;
        v.accounted = s.accounted;
        if (s.accounted) {
            s.cycles[static_cast<size_t>(s.state)] += t1 - s.since;
            s.since = t1;
            v.firstTsc = s.firstTsc;
            v.running = s.cycles[0];
            v.runnable = s.cycles[1];
            v.blocked = s.cycles[2];
            v.offline = s.cycles[3];
            v.unknown = s.cycles[4];
            v.intervals = s.intervals;
        }
        out.vcpus.push_back(v);
        if (!s.info.idle) {
            auto& d = domains[s.info.domain];
            d.domain = s.info.domain;
            d.hvm = s.info.hvm;
            ++d.vcpus;
            d.running += v.running;
        }
        if (s.info.hvm) {
            Truth::Hypervisor h;
            h.domain = s.info.domain;
            h.vcpu = s.info.vcpu;
            h.cycles = s.hvCycles;
            h.exits = s.exits;
            h.resumeCycles = s.resumeCycles;
            h.resumes = s.resumes;
            for (const auto& [reason, r] : s.byReason)
                h.byReason.push_back(r);
            out.hypervisor.push_back(std::move(h));
        }
    }
    for (const auto& [id, d] : domains)
        out.domains.push_back(d);
    out.latency = latency_;
    out.inconsistencies = inconsistencies_;
}

} // namespace xenoscope::core
