#include "widgets/spikes/spike.h"

#include "core/analyses/latencysummary.h"

#include <algorithm>

namespace xenoscope::widgets {

namespace {

// The request does not record which vCPU queued it; a vCPU of its domain
// running on FRONT_QUEUE's TSC is the one that can have, and the track to
// show next to the request.
core::VcpuKey runningVcpuOf(const core::TraceIndex& index, uint16_t domain, uint64_t tsc) {
    core::VcpuKey first = core::NoVcpu;
    for (const core::VcpuKey v : index.vcpus()) {
        if (core::keyDomain(v) != domain)
            continue;
        if (first == core::NoVcpu)
            first = v;
        const auto i = index.at({core::TrackRef::Kind::Vcpu, v}, tsc);
        if (i && i->value == static_cast<uint32_t>(core::VcpuState::Running))
            return v;
    }
    return first;
}

} // namespace

Spike Spike::fromLatency(const core::LatencySample& s) {
    Spike out;
    out.kind = s.kind == core::LatencyKind::Wake ? Kind::Wake : Kind::Preempt;
    out.from = s.tsc - s.cycles;
    out.to = s.tsc;
    out.cycles = s.cycles;
    out.domain = s.domain;
    out.vcpu = core::vcpuKey(s.domain, s.vcpu);
    out.pcpu = s.pcpu;
    return out;
}

Spike Spike::fromDisk(const core::DiskLatencySpike& s, const core::DiskResults& disk) {
    Spike out;
    out.kind = Kind::Disk;
    out.from = s.from;
    out.to = s.to;
    out.cycles = s.cycles;
    out.domain = s.domain;
    out.device = s.device;
    out.request = s.id;
    out.stage = s.stage;
    const core::DiskRequest& q = disk.requests[s.request];
    out.op = q.op;
    for (size_t k = 0; k < core::DiskStageCount; ++k)
        if (q.has(k) && q.has(k + 1)) {
            const uint64_t a = disk.tsc(q, k), b = disk.tsc(q, k + 1);
            out.stages[k] = b > a ? b - a : 0;
        }
    return out;
}

SpikeRanking rankSpikes(const core::TraceIndex& index, size_t worstN) {
    SpikeRanking out;
    const core::AnalysisResults& r = index.results();
    const core::TimeWindow trace = index.window();
    const core::LatencySummary latency = core::summarizeLatency(r.latency, trace, worstN, 0);
    out.schedulingSamples = latency.all.count;
    const core::DiskLatencyRanking disk =
        core::worstDiskLatencies(r.disk, trace, core::DiskStageCount, worstN);
    out.diskSamples = disk.samples;

    // Both lists come longest first from core; a stable merge keeps each
    // one's own order among equal lengths.
    std::vector<Spike> scheduling, requests;
    for (const auto& s : latency.worst)
        scheduling.push_back(Spike::fromLatency(s));
    for (const auto& s : disk.worst) {
        Spike spike = Spike::fromDisk(s, r.disk);
        spike.vcpu = runningVcpuOf(index, spike.domain, spike.from);
        requests.push_back(spike);
    }
    out.scheduling = scheduling.size();
    out.disk = requests.size();
    out.spikes.reserve(scheduling.size() + requests.size());
    std::merge(scheduling.begin(), scheduling.end(), requests.begin(), requests.end(),
               std::back_inserter(out.spikes),
               [](const Spike& a, const Spike& b) { return a.cycles > b.cycles; });
    return out;
}

} // namespace xenoscope::widgets
