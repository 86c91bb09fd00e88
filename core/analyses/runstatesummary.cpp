#include "core/analyses/runstatesummary.h"

#include <algorithm>

namespace xenoscope::core {

const VcpuRunstateSummary* RunstateSummary::find(uint16_t domain, uint16_t vcpu) const {
    for (const auto& v : vcpus)
        if (v.domain == domain && v.vcpu == vcpu)
            return &v;
    return nullptr;
}

VcpuRunstateSummary summarizeVcpu(const VcpuTimeline& tl, uint64_t traceT1, TimeWindow w) {
    VcpuRunstateSummary out;
    out.domain = tl.domain;
    out.vcpu = tl.vcpu;
    const auto& stays = tl.stays;
    // First stay that can reach t0: the last one starting at or before it.
    auto it = std::upper_bound(stays.begin(), stays.end(), w.t0,
                               [](uint64_t t, const RunstateStay& s) { return t < s.start; });
    size_t i = it == stays.begin() ? 0 : static_cast<size_t>(it - stays.begin()) - 1;
    // Empty stays at exactly t0 sit before it: step back over them.
    while (i > 0 && stays[i - 1].start == w.t0)
        --i;
    for (; i < stays.size() && stays[i].start <= w.t1; ++i) {
        const uint64_t end = tl.end(i, traceT1);
        if (!w.counts(stays[i].start, end))
            continue;
        const size_t s = stateIndex(stays[i].state);
        out.cycles[s] += w.clip(stays[i].start, end);
        ++out.intervals[s];
    }
    return out;
}

RunstateSummary summarizeRunstates(const RunstateTimelines& tl, TimeWindow w) {
    RunstateSummary out;
    out.window = w;
    for (const auto& v : tl.vcpus)
        out.vcpus.push_back(summarizeVcpu(v, tl.trace.t1, w));
    for (const uint64_t t : tl.inconsistencies)
        if (w.contains(t))
            ++out.inconsistencies;
    return out;
}

} // namespace xenoscope::core
