#include "core/probes/occupancyprobe.h"

#include "core/probes/probedispatcher.h"
#include "core/reader/chunktable.h"

#include <algorithm>

namespace xenoscope::core {

void OccupancyProbe::attach(ProbeDispatcher& d) {
    d.on<&OccupancyProbe::onSwitch>(ev::SchedSwitch, this);
    d.onMatching<&OccupancyProbe::onRunstate>(0x0ffff00f, ev::RunstateChangeBase, this);
    d.on<&OccupancyProbe::onLost>(ev::LostRecords, this);
}

void OccupancyProbe::begin(const ChunkTable& table) {
    for (const auto& p : table.pcpus) {
        if (p.pcpu >= byRunstate_.size())
            byRunstate_.resize(size_t{p.pcpu} + 1, 0);
        byRunstate_[p.pcpu] = p.hasSwitch ? 0 : 1;
    }
}

PcpuTimeline& OccupancyProbe::pcpu(uint16_t p) {
    if (p >= pcpus_.size()) {
        const size_t old = pcpus_.size();
        pcpus_.resize(size_t{p} + 1);
        for (size_t i = old; i < pcpus_.size(); ++i)
            pcpus_[i].pcpu = static_cast<uint16_t>(i);
    }
    return pcpus_[p];
}

void OccupancyProbe::change(uint16_t p, uint64_t tsc, VcpuKey prev, VcpuKey next,
                            OccupancyChange::Cause cause) {
    auto& spans = pcpu(p).spans;
    if (!spans.empty())
        tsc = std::max(tsc, spans.back().start); // never out of order
    spans.push_back({tsc, next});
    changes_.publish({tsc, p, prev, next, cause});
}

void OccupancyProbe::onSwitch(const Record& r, const Owner&) {
    if (r.nwords < 4)
        return;
    const VcpuKey prev =
        vcpuKey(static_cast<uint16_t>(r.words[0]), static_cast<uint16_t>(r.words[1]));
    const VcpuKey next =
        vcpuKey(static_cast<uint16_t>(r.words[2]), static_cast<uint16_t>(r.words[3]));
    change(r.pcpu, r.tsc, prev, next, OccupancyChange::Cause::Switch);
}

void OccupancyProbe::onRunstate(const Record& r, const Owner&) {
    if (r.pcpu >= byRunstate_.size() || !byRunstate_[r.pcpu] || r.nwords < 1)
        return;
    const VcpuKey who = r.words[0];
    const auto& spans = pcpu(r.pcpu).spans;
    const VcpuKey current = spans.empty() ? NoVcpu : spans.back().who;
    if (ev::runstateNew(r.event) == 0)
        change(r.pcpu, r.tsc, current, who, OccupancyChange::Cause::Runstate);
    else if (ev::runstateOld(r.event) == 0 && current == who)
        change(r.pcpu, r.tsc, who, NoVcpu, OccupancyChange::Cause::Runstate);
}

void OccupancyProbe::onLost(const Record& r, const Owner&) {
    if (r.nwords < 4)
        return;
    auto& spans = pcpu(r.pcpu).spans;
    if (spans.empty())
        return; // still unknown: stays so until the first switch
    const uint64_t a = r.word64(2);
    const VcpuKey before = spans.back().who;
    change(r.pcpu, std::min(a, r.tsc), before, NoVcpu, OccupancyChange::Cause::LostStart);
    // The lost-records record names who runs when it is written.
    const VcpuKey named = vcpuKey(static_cast<uint16_t>(r.words[1] & 0xffff),
                                  static_cast<uint16_t>(r.words[1] >> 16));
    change(r.pcpu, r.tsc, NoVcpu, named, OccupancyChange::Cause::LostEnd);
}

void OccupancyProbe::finish(const TraceSpan& span) {
    result_.trace = span.window;
    result_.pcpus.clear();
    for (const uint16_t p : span.pcpus)
        result_.pcpus.push_back(p < pcpus_.size() ? std::move(pcpus_[p]) : PcpuTimeline{p, {}});
}

} // namespace xenoscope::core
