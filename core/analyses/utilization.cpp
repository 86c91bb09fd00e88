#include "core/analyses/utilization.h"

#include "core/analyses/runstatesummary.h"

#include <algorithm>
#include <cmath>

namespace xenoscope::core {

namespace {

// Idle stretches of the given pCPUs (all when `only` is null).
IntervalSet idleOf(const OccupancyTimelines& occ, const std::vector<uint16_t>* only) {
    std::vector<std::pair<uint64_t, uint64_t>> idle;
    for (const auto& p : occ.pcpus) {
        if (only && std::find(only->begin(), only->end(), p.pcpu) == only->end())
            continue;
        for (size_t i = 0; i < p.spans.size(); ++i)
            if (isIdle(p.spans[i].who))
                idle.emplace_back(p.spans[i].start, p.end(i, occ.trace.t1));
    }
    return IntervalSet(std::move(idle));
}

} // namespace

UtilizationAnalysis::UtilizationAnalysis(const RunstateTimelines& runstates,
                                         const OccupancyTimelines& occupancy,
                                         std::vector<DomainAffinity> affinity)
    : runstates_(runstates)
    , occupancy_(occupancy)
    , affinity_(std::move(affinity))
    , idleAll_(idleOf(occupancy, nullptr)) {
    for (const auto& a : affinity_)
        idleByAffinity_.push_back(idleOf(occupancy, &a.pcpus));
}

const IntervalSet& UtilizationAnalysis::idleFor(uint16_t domain) const {
    for (size_t i = 0; i < affinity_.size(); ++i)
        if (affinity_[i].domain == domain)
            return idleByAffinity_[i];
    return idleAll_;
}

Utilization UtilizationAnalysis::compute(TimeWindow w) const {
    Utilization out;
    out.window = w;
    const uint64_t len = w.length();

    for (const auto& p : occupancy_.pcpus) {
        PcpuUtilization u;
        u.pcpu = p.pcpu;
        for (size_t i = 0; i < p.spans.size(); ++i) {
            const uint64_t c = w.clip(p.spans[i].start, p.end(i, occupancy_.trace.t1));
            if (p.spans[i].who == NoVcpu)
                continue; // unknown: counted below with the time before the first span
            if (isIdle(p.spans[i].who))
                u.idle += c;
            else
                u.busy += c;
        }
        u.unknown = len - u.busy - u.idle; // before the first span, and the gaps
        out.pcpus.push_back(u);
    }

    for (const auto& tl : runstates_.vcpus) {
        const VcpuRunstateSummary s = summarizeVcpu(tl, runstates_.trace.t1, w);
        VcpuUtilization v{tl.domain, tl.vcpu, s.in(VcpuState::Running), s.in(VcpuState::Runnable),
                          0};
        if (tl.domain != IdleDomain) {
            const IntervalSet& idle = idleFor(tl.domain);
            for (size_t i = 0; i < tl.stays.size(); ++i) {
                if (tl.stays[i].state != VcpuState::Runnable)
                    continue;
                const uint64_t s0 = std::max(tl.stays[i].start, w.t0);
                const uint64_t s1 = std::min(tl.end(i, runstates_.trace.t1), w.t1);
                if (s1 > s0)
                    v.couldRun += idle.overlap(s0, s1);
            }
            out.imbalance.couldRun += v.couldRun;
            if (out.domains.empty() || out.domains.back().domain != tl.domain)
                out.domains.push_back({tl.domain, 0, 0, 0, 0, 0, 0});
            auto& d = out.domains.back();
            ++d.vcpus;
            d.running += v.running;
            d.runnable += v.runnable;
            d.couldRun += v.couldRun;
        }
        out.vcpus.push_back(v);
    }
    const double pcpus = static_cast<double>(occupancy_.pcpus.size());
    for (auto& d : out.domains) {
        if (len == 0)
            continue;
        d.share = static_cast<double>(d.running) / (static_cast<double>(len) * d.vcpus);
        d.hostShare =
            pcpus > 0 ? static_cast<double>(d.running) / (static_cast<double>(len) * pcpus) : 0;
    }

    if (!out.pcpus.empty()) {
        auto [mn, mx] =
            std::minmax_element(out.pcpus.begin(), out.pcpus.end(),
                                [](const auto& a, const auto& b) { return a.busy < b.busy; });
        out.imbalance.busyMin = mn->busy;
        out.imbalance.busyMax = mx->busy;
        out.imbalance.busySpread = mx->busy - mn->busy;
        double mean = 0;
        for (const auto& p : out.pcpus)
            mean += static_cast<double>(p.busy);
        mean /= pcpus;
        double var = 0;
        for (const auto& p : out.pcpus)
            var += (static_cast<double>(p.busy) - mean) * (static_cast<double>(p.busy) - mean);
        var /= pcpus;
        out.imbalance.busyCv = mean > 0 ? std::sqrt(var) / mean : 0;
    }
    return out;
}

std::vector<Utilization> UtilizationAnalysis::buckets(TimeWindow w, uint64_t width) const {
    std::vector<Utilization> out;
    if (width == 0)
        return out;
    for (uint64_t t = w.t0; t < w.t1; t = t + width >= w.t1 ? w.t1 : t + width)
        out.push_back(compute({t, std::min(t + width, w.t1)}));
    return out;
}

} // namespace xenoscope::core
