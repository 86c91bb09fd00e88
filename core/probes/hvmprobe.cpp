#include "core/probes/hvmprobe.h"

#include "core/probes/probedispatcher.h"
#include "core/util/segmentorder.h"
#include "core/util/sortruns.h"
#include "core/util/twothreads.h"

#include <algorithm>
#include <numeric>

namespace xenoscope::core {

HvmProbe::HvmProbe(OccupancyProbe& occupancy) {
    occupancy.changes().subscribe<&HvmProbe::onOccupancy>(this);
}

void HvmProbe::attach(ProbeDispatcher& d) {
    d.on<&HvmProbe::onExit>(ev::HvmVmexit, this);
    d.on<&HvmProbe::onExit>(ev::HvmVmexit64, this);
    d.on<&HvmProbe::onExit>(ev::SvmExit, this);
    d.on<&HvmProbe::onExit>(ev::SvmExit64, this);
    d.on<&HvmProbe::onEntry>(ev::HvmVmentry, this);
    d.on<&HvmProbe::onLost>(ev::LostRecords, this);
}

HvmProbe::Open& HvmProbe::open(uint16_t pcpu) {
    if (pcpu >= open_.size())
        open_.resize(size_t{pcpu} + 1);
    return open_[pcpu];
}

uint32_t HvmProbe::vcpuFor(VcpuKey key) {
    bool added = false;
    const uint32_t i = index_.insert(key, added);
    if (added) {
        VcpuHvmSpans v;
        v.domain = keyDomain(key);
        v.vcpu = keyVcpu(key);
        vcpus_.push_back(std::move(v));
        segments_.emplace_back();
        causeSlots_.emplace_back();
    }
    return i;
}

uint32_t HvmProbe::markHvm(uint16_t pcpu, VcpuKey who) {
    Open& o = open(pcpu);
    if (o.marked != who) {
        o.marked = who;
        o.markedSlot = vcpuFor(who);
        vcpus_[o.markedSlot].hvm = true;
    }
    return o.markedSlot;
}

void HvmProbe::close(uint16_t pcpu, uint64_t tsc) {
    Open& o = open(pcpu);
    if (!o.open)
        return;
    o.open = false;
    if (o.who == NoVcpu)
        return; // nobody to charge it to
    VcpuHvmSpans& v = vcpus_[o.slot];
    const uint64_t end = std::max(tsc, o.start);
    auto& spans = v.spans;
    Segments& seg = segments_[o.slot];
    if (seg.pcpu != pcpu || seg.stay != o.stay) {
        seg.pcpu = pcpu;
        seg.stay = o.stay;
        seg.starts.push_back(static_cast<uint32_t>(spans.size()));
    }
    const uint64_t budget = std::max(MinPieceBudget, ++closedSpans_);
    const uint64_t maxPieces = 1 + (budget > extraPieces_ ? budget - extraPieces_ : 0);
    const size_t before = spans.size();
    const uint64_t cut = v.add(o.start, end, pcpu, o.cause, maxPieces);
    extraPieces_ += spans.size() - before - 1;
    if (cut > 0) {
        ++result_.cutSpans;
        result_.cutCycles += cut;
    }
    if (!closed_.empty())
        closed_.publish({o.who, o.start, end - cut, pcpu, v.causes[o.cause]});
}

uint16_t HvmProbe::causeSlot(uint32_t vcpuSlot, const HvmCause& cause) {
    CauseSlots& slots = causeSlots_[vcpuSlot];
    const bool svm = cause.kind == HvmSpanKind::SvmExit;
    uint16_t* slot = nullptr;
    if (cause.reason < 256) {
        slot = &slots.low[(svm ? 256 : 0) + cause.reason];
    } else {
        const uint64_t key = uint64_t{static_cast<uint8_t>(cause.kind)} << 32 | cause.reason;
        slot = &slots.other.try_emplace(key, 0).first->second;
    }
    if (*slot == 0)
        *slot = vcpus_[vcpuSlot].slotOf(cause);
    return *slot;
}

void HvmProbe::onExit(const Record& r, const Owner& owner) {
    close(r.pcpu, r.tsc); // an exit without its VMENTRY (lost records): ends here
    const VcpuKey who = vcpuKey(owner);
    const uint32_t slot = who != NoVcpu ? markHvm(r.pcpu, who) : 0;
    const bool svm = (r.event & 0xff) == (ev::SvmExit & 0xff);
    const uint32_t raw = r.nwords >= 1 ? r.words[0] : 0;
    const HvmCause cause{svm ? HvmSpanKind::SvmExit : HvmSpanKind::VmxExit,
                         svm ? raw : (raw & 0xffff)};
    Open& o = open(r.pcpu);
    o.open = true;
    o.cause = who != NoVcpu ? causeSlot(slot, cause) : 0;
    o.start = r.tsc;
    o.who = who;
    o.slot = slot;
}

void HvmProbe::onEntry(const Record& r, const Owner& owner) {
    close(r.pcpu, r.tsc);
    const VcpuKey who = vcpuKey(owner);
    if (who != NoVcpu)
        markHvm(r.pcpu, who);
}

void HvmProbe::onLost(const Record& r, const Owner&) {
    // No span extends into a lost gap [a, b]: its VMENTRY or switch out may
    // be among the lost records. The occupancy probe reports the gap only
    // once p's occupancy is known, so close here too (before p's first
    // switch); nothing reopens until a VMEXIT or switch is in the file.
    if (r.nwords < 4)
        return;
    const uint64_t a = r.word64(2);
    close(r.pcpu, std::min(a, r.tsc));
    ++open(r.pcpu).stay;
}

void HvmProbe::onOccupancy(const OccupancyChange& c) {
    close(c.pcpu, c.tsc);
    ++open(c.pcpu).stay;
    const bool switchedIn =
        c.cause == OccupancyChange::Cause::Switch || c.cause == OccupancyChange::Cause::Runstate;
    if (switchedIn && c.next != NoVcpu && !isIdle(c.next)) {
        const uint32_t slot = vcpuFor(c.next);
        Open& o = open(c.pcpu);
        o.open = true;
        o.cause = 0;
        o.start = c.tsc;
        o.who = c.next;
        o.slot = slot;
    }
}

void HvmProbe::putInOrder(ReallocVector<HvmSpan>& spans, const std::vector<uint32_t>& starts) {
    const auto byStart = [](const HvmSpan& a, const HvmSpan& b) { return a.start < b.start; };
    if (std::is_sorted(spans.begin(), spans.end(), byStart))
        return;
    // A stay's spans arrive together and in order; stays arrive in file
    // order, late by a few others when pCPUs' chunks interleave. In place:
    // a sorted copy cost a page fault for every 4 KiB of the spans (176 MB
    // on a 700 MB trace), where the rotations move at most a seventh of them.
    orderSegments(spans, starts, [](const HvmSpan& s) { return s.start; });
    // Stays overlap only when the records contradict each other (e.g. around
    // lost records): then merge what is left.
    sortRuns(spans, byStart);
}

void HvmProbe::finish(const TraceSpan& span) {
    for (size_t p = 0; p < open_.size(); ++p)
        close(static_cast<uint16_t>(p), span.window.t1);
    // Most of a pass's finish (227 of 270 ms on a 700 MB trace): on two
    // threads, the vCPUs (which share nothing) biggest first so that both
    // end together.
    std::vector<size_t> bySize(vcpus_.size());
    std::iota(bySize.begin(), bySize.end(), size_t{0});
    std::sort(bySize.begin(), bySize.end(),
              [&](size_t a, size_t b) { return vcpus_[a].spans.size() > vcpus_[b].spans.size(); });
    runOnTwoThreads(bySize.size(), threads_ > 1, [&](size_t k) {
        const size_t i = bySize[k];
        putInOrder(vcpus_[i].spans, segments_[i].starts);
    });
    segments_.clear();
    causeSlots_.clear();
    result_.trace = span.window;
    result_.vcpus = std::move(vcpus_);
    std::sort(result_.vcpus.begin(), result_.vcpus.end(),
              [](const VcpuHvmSpans& a, const VcpuHvmSpans& b) {
                  return a.domain != b.domain ? a.domain < b.domain : a.vcpu < b.vcpu;
              });
}

} // namespace xenoscope::core
