#include "core/probes/hvmprobe.h"

#include "core/probes/probedispatcher.h"

#include <algorithm>

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
    if (added)
        vcpus_.push_back({keyDomain(key), keyVcpu(key), false, {}});
    return i;
}

void HvmProbe::close(uint16_t pcpu, uint64_t tsc) {
    Open& o = open(pcpu);
    if (!o.open)
        return;
    o.open = false;
    if (o.who == NoVcpu)
        return; // nobody to charge it to
    const HvmSpan span{o.start, std::max(tsc, o.start), o.reason, pcpu, o.kind};
    vcpus_[vcpuFor(o.who)].spans.push_back(span);
    closed_.publish({o.who, span});
}

void HvmProbe::onExit(const Record& r, const Owner& owner) {
    close(r.pcpu, r.tsc); // an exit without its VMENTRY (lost records): ends here
    const VcpuKey who = vcpuKey(owner);
    if (who != NoVcpu)
        vcpus_[vcpuFor(who)].hvm = true;
    const bool svm = (r.event & 0xff) == (ev::SvmExit & 0xff);
    const uint32_t raw = r.nwords >= 1 ? r.words[0] : 0;
    open(r.pcpu) = {true, svm ? HvmSpanKind::SvmExit : HvmSpanKind::VmxExit,
                    svm ? raw : (raw & 0xffff), r.tsc, who};
}

void HvmProbe::onEntry(const Record& r, const Owner& owner) {
    close(r.pcpu, r.tsc);
    const VcpuKey who = vcpuKey(owner);
    if (who != NoVcpu)
        vcpus_[vcpuFor(who)].hvm = true;
}

void HvmProbe::onLost(const Record& r, const Owner&) {
    // No span extends into a lost gap [a, b]: its VMENTRY or switch out may
    // be among the lost records. The occupancy probe reports the gap only
    // once p's occupancy is known, so close here too (before p's first
    // switch); nothing reopens until a VMEXIT or switch is in the file.
    if (r.nwords < 4)
        return;
    const uint64_t a = uint64_t{r.words[2]} | uint64_t{r.words[3]} << 32;
    close(r.pcpu, std::min(a, r.tsc));
}

void HvmProbe::onOccupancy(const OccupancyChange& c) {
    close(c.pcpu, c.tsc);
    const bool switchedIn =
        c.cause == OccupancyChange::Cause::Switch || c.cause == OccupancyChange::Cause::Runstate;
    if (switchedIn && c.next != NoVcpu && !isIdle(c.next))
        open(c.pcpu) = {true, HvmSpanKind::Resume, 0, c.tsc, c.next};
}

void HvmProbe::finish(const TraceSpan& span) {
    for (size_t p = 0; p < open_.size(); ++p)
        close(static_cast<uint16_t>(p), span.window.t1);
    result_.trace = span.window;
    result_.vcpus = std::move(vcpus_);
    std::sort(result_.vcpus.begin(), result_.vcpus.end(),
              [](const VcpuHvmSpans& a, const VcpuHvmSpans& b) {
                  return a.domain != b.domain ? a.domain < b.domain : a.vcpu < b.vcpu;
              });
}

} // namespace xenoscope::core
