#include "core/index/indexparts.h"

#include <algorithm>
#include <unordered_map>

namespace xenoscope::core {

namespace {

// Where a vCPU held a pCPU, from the occupancy timelines.
struct Held {
    uint64_t start = 0;
    uint64_t end = 0;
    uint16_t pcpu = 0;
};

// The pCPU of a running stay [s, e): the holding that contains s, or else
// the first one starting inside the stay (the switch can follow the change
// into running by a few cycles).
uint16_t pcpuOf(const std::vector<Held>& held, uint64_t s, uint64_t e) {
    auto it = std::upper_bound(held.begin(), held.end(), s,
                               [](uint64_t t, const Held& h) { return t < h.start; });
    if (it != held.begin() && (it - 1)->end > s)
        return (it - 1)->pcpu;
    if (it != held.end() && it->start < e)
        return it->pcpu;
    return NoPcpu;
}

} // namespace

std::vector<std::vector<uint16_t>> runningPcpus(const AnalysisResults& r) {
    const uint64_t t1 = r.span.window.t1;
    std::unordered_map<VcpuKey, std::vector<Held>> held;
    for (const auto& p : r.occupancy.pcpus)
        for (size_t i = 0; i < p.spans.size(); ++i) {
            const auto& s = p.spans[i];
            if (s.who != NoVcpu)
                held[s.who].push_back({s.start, p.end(i, t1), p.pcpu});
        }
    for (auto& [key, h] : held)
        std::sort(h.begin(), h.end(),
                  [](const Held& a, const Held& b) { return a.start < b.start; });

    static const std::vector<Held> none;
    std::vector<std::vector<uint16_t>> out;
    out.reserve(r.runstates.vcpus.size());
    for (const auto& v : r.runstates.vcpus) {
        auto h = held.find(vcpuKey(v.domain, v.vcpu));
        const std::vector<Held>& hv = h == held.end() ? none : h->second;
        std::vector<uint16_t>& pcpus = out.emplace_back(v.stays.size(), NoPcpu);
        for (size_t i = 0; i < v.stays.size(); ++i) {
            const auto& s = v.stays[i];
            if (s.state == VcpuState::Running)
                pcpus[i] = pcpuOf(hv, s.start, v.end(i, t1));
        }
    }
    return out;
}

bool hasRunningPcpus(const IndexParts& parts) {
    const auto& vcpus = parts.results.runstates.vcpus;
    if (parts.runningPcpus.size() != vcpus.size())
        return false;
    for (size_t i = 0; i < vcpus.size(); ++i)
        if (parts.runningPcpus[i].size() != vcpus[i].stays.size())
            return false;
    return true;
}

} // namespace xenoscope::core
