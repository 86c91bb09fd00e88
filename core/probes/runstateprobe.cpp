#include "core/probes/runstateprobe.h"

#include "core/probes/probedispatcher.h"

#include <algorithm>
#include <cstddef>
#include <iterator>

namespace xenoscope::core {

void RunstateProbe::attach(ProbeDispatcher& d) {
    d.onMatching<&RunstateProbe::onChange>(0x0ffff00f, ev::RunstateChangeBase, this);
    d.on<&RunstateProbe::onContinue>(ev::ContinueRunning, this);
    d.on<&RunstateProbe::onLost>(ev::LostRecords, this);
}

uint32_t RunstateProbe::vcpuFor(uint32_t packed) {
    bool added = false;
    const uint32_t i = index_.insert(packed, added);
    if (added) {
        timelines_.push_back({keyDomain(packed), keyVcpu(packed), {}});
        tracking_.emplace_back();
    }
    return i;
}

void RunstateProbe::enter(uint32_t i, const Record& r, VcpuState to, uint8_t recordOld,
                          bool continued) {
    auto& stays = timelines_[i].stays;
    Tracking& t = tracking_[i];
    if (stays.empty()) {
        // The first record: the state is known from here on, nothing before.
        stays.push_back({r.tsc, to});
        t = {to, NoState, continued ? NoState : recordOld};
        return;
    }
    // Never out of order (as occupancy): a record timed before the stay it
    // ends (its pCPU's TSC went back, which the reader reports) ends it
    // where it starts, so a timeline stays sorted for the index's searches.
    const uint64_t at = std::max(r.tsc, stays.back().start);
    RunstateTransition tr;
    tr.tsc = at;
    tr.fromStart = stays.back().start;
    tr.vcpu = index_.key(i);
    tr.pcpu = r.pcpu;
    tr.from = t.current;
    tr.to = to;
    tr.before = t.before;
    tr.fromOpenerOld = t.openerOld;
    tr.continued = continued;
    stays.push_back({at, to});
    t = {to, static_cast<uint8_t>(tr.from), continued ? NoState : recordOld};
    transitions_.publish(tr);
}

void RunstateProbe::inconsistent(uint32_t i, uint64_t tsc) {
    inconsistencies_.push_back(tsc);
    inconsistentVcpu_.push_back(i);
}

void RunstateProbe::retractInconsistency(uint32_t i, uint64_t tsc) {
    // Records arrive in time order, so the entry is near the end: the gap
    // that makes it void is reported at most one gap length later.
    for (size_t j = inconsistencies_.size(); j-- > 0 && inconsistencies_[j] >= tsc;) {
        if (inconsistencies_[j] == tsc && inconsistentVcpu_[j] == i) {
            inconsistencies_.erase(inconsistencies_.begin() + static_cast<std::ptrdiff_t>(j));
            inconsistentVcpu_.erase(inconsistentVcpu_.begin() + static_cast<std::ptrdiff_t>(j));
            return;
        }
    }
}

void RunstateProbe::onChange(const Record& r, const Owner&) {
    if (r.nwords < 1)
        return;
    const unsigned oldState = ev::runstateOld(r.event);
    const unsigned newState = ev::runstateNew(r.event);
    if (oldState > 3 || newState > 3)
        return; // not one of Xen's four: a corrupt id
    if (newState == 0) {
        if (r.pcpu >= occupantKnown_.size())
            occupantKnown_.resize(size_t{r.pcpu} + 1, 0);
        occupantKnown_[r.pcpu] = 1;
    }
    const uint32_t i = vcpuFor(r.words[0]);
    const Tracking& t = tracking_[i];
    // Applied all the same when it disagrees; Unknown agrees with anything.
    if (!timelines_[i].stays.empty() && t.current != VcpuState::Unknown &&
        static_cast<unsigned>(t.current) != oldState)
        inconsistent(i, r.tsc);
    enter(i, r, static_cast<VcpuState>(newState), static_cast<uint8_t>(oldState), false);
}

void RunstateProbe::onContinue(const Record& r, const Owner&) {
    if (r.nwords < 1)
        return;
    const uint32_t i = vcpuFor(r.words[0]);
    const Tracking& t = tracking_[i];
    if (!timelines_[i].stays.empty() && t.current == VcpuState::Running)
        return; // still the same stay: CONTINUE_RUNNING starts no interval
    if (!timelines_[i].stays.empty() && t.current != VcpuState::Unknown)
        inconsistent(i, r.tsc); // "continues running" while not running
    enter(i, r, VcpuState::Running, NoState, true);
}

void RunstateProbe::onLost(const Record& r, const Owner& owner) {
    // Gap [a, b] on this pCPU: whoever ran here at a (the owner before this
    // record) is unknown from a until its next runstate record.
    if (r.nwords < 4 || !owner.known)
        return;
    // Before p's first switch the reader names as owner the outgoing vCPU
    // of that switch; a switch lost in this gap makes that a guess for `a`.
    // Who ran at `a` is then not in the file: nobody becomes unknown.
    if (r.pcpu >= occupantKnown_.size() || !occupantKnown_[r.pcpu])
        return;
    const uint64_t a = r.word64(2);
    const uint32_t i = index_.find(vcpuKey(owner));
    if (i == VcpuIndex::None || timelines_[i].stays.empty())
        return; // not accounted yet: stays so
    auto& stays = timelines_[i].stays;
    // Usually the last stay contains a; a runstate record of this vCPU on
    // another pCPU during the gap can have started a later one.
    auto it = std::upper_bound(stays.begin(), stays.end(), a,
                               [](uint64_t t, const RunstateStay& s) { return t < s.start; });
    if (it == stays.begin())
        return; // the gap began before the vCPU's first record
    if (std::prev(it)->state == VcpuState::Unknown)
        return;
    if (it == stays.end()) {
        stays.push_back({a, VcpuState::Unknown});
        Tracking& t = tracking_[i];
        t = {VcpuState::Unknown, static_cast<uint8_t>(t.current), NoState};
    } else {
        // The vCPU left p inside the gap and a record of it on another pCPU
        // (a wake, a switch in) arrived before this one. That record was its
        // next runstate record after `a`, when its state was already unknown:
        // it disagreed with nothing, and the state before it was unknown.
        retractInconsistency(i, it->start);
        if (std::next(it) == stays.end())
            tracking_[i].before = static_cast<uint8_t>(VcpuState::Unknown);
        stays.insert(it, {a, VcpuState::Unknown});
    }
}

void RunstateProbe::finish(const TraceSpan& span) {
    result_.trace = span.window;
    result_.vcpus = std::move(timelines_);
    std::sort(result_.vcpus.begin(), result_.vcpus.end(),
              [](const VcpuTimeline& a, const VcpuTimeline& b) {
                  return a.domain != b.domain ? a.domain < b.domain : a.vcpu < b.vcpu;
              });
    result_.inconsistencies = std::move(inconsistencies_);
}

} // namespace xenoscope::core
