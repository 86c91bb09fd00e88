#include "core/synth/disktruth.h"

#include <algorithm>
#include <limits>

namespace xenoscope::core {

namespace {
constexpr const char* StageNames[DiskTruth::Stages] = {
    "guest_queue",        "request_ring",  "backend_queue",   "device",
    "backend_completion", "response_ring", "guest_completion"};
}

void DiskTruth::record(uint64_t request, int k, uint64_t tsc, uint64_t seq) {
    Request& r = active_[request];
    r.tsc[static_cast<size_t>(k)] = tsc;
    r.seq[static_cast<size_t>(k)] = seq;
    r.present = static_cast<uint8_t>(r.present | (1u << k));
}

void DiskTruth::addLatency(Truth::Stage& s, uint64_t cycles) {
    s.min = s.completed ? std::min(s.min, cycles) : cycles;
    s.max = std::max(s.max, cycles);
    s.sum += cycles;
    ++s.completed;
}

void DiskTruth::retire(uint64_t request) {
    const auto it = active_.find(request);
    if (it == active_.end())
        return;
    const Request r = it->second;
    active_.erase(it);
    if (r.present == 0)
        return;
    ++requests_;
    if (r.present != 0xff)
        ++incomplete_;
    else
        addLatency(endToEnd_, r.tsc[7] - r.tsc[0]);
    for (int k = 0; k < Stages; ++k) {
        if (!(r.present & (1u << k)))
            continue;
        StageState& s = stages_[static_cast<size_t>(k)];
        const size_t from = static_cast<size_t>(k);
        s.pending.push({r.tsc[from], r.seq[from], +1});
        int next = k + 1;
        while (next < Records && !(r.present & (1u << next)))
            ++next;
        if (next == Records) {
            ++s.openCount;
            s.openStartSum += r.tsc[from];
            continue;
        }
        const size_t to = static_cast<size_t>(next);
        s.pending.push({r.tsc[to], r.seq[to], -1});
        s.closedCycles += r.tsc[to] - r.tsc[from];
        if (next == k + 1)
            addLatency(s.stats, r.tsc[to] - r.tsc[from]);
    }
}

void DiskTruth::apply(StageState& s, uint64_t before) {
    while (!s.pending.empty() && s.pending.top().tsc < before) {
        s.depth += s.pending.top().delta;
        s.stats.maxDepth = std::max<uint64_t>(s.stats.maxDepth,
                                              static_cast<uint64_t>(std::max<int64_t>(0, s.depth)));
        s.pending.pop();
    }
}

void DiskTruth::advance(uint64_t safeTsc) {
    uint64_t horizon = safeTsc;
    for (const auto& [id, r] : active_)
        for (int k = 0; k < Records; ++k)
            if (r.present & (1u << k)) {
                horizon = std::min(horizon, r.tsc[static_cast<size_t>(k)]);
                break;
            }
    for (auto& s : stages_)
        apply(s, horizon);
}

void DiskTruth::finish(Truth::Disk& out, uint64_t t0, uint64_t t1) {
    std::vector<uint64_t> left;
    for (const auto& [id, r] : active_)
        left.push_back(id);
    std::sort(left.begin(), left.end());
    for (const auto id : left)
        retire(id);
    out.stages.clear();
    for (int k = 0; k < Stages; ++k) {
        StageState& s = stages_[static_cast<size_t>(k)];
        apply(s, std::numeric_limits<uint64_t>::max());
        s.stats.name = StageNames[k];
        s.stats.depthCycles = s.closedCycles + (s.openCount * t1 - s.openStartSum);
        s.stats.avgDepth =
            t1 > t0 ? static_cast<double>(s.stats.depthCycles) / static_cast<double>(t1 - t0) : 0.0;
        out.stages.push_back(s.stats);
    }
    out.endToEnd = endToEnd_;
    out.endToEnd.name = "end_to_end";
    out.requests = requests_;
    out.incomplete = incomplete_;
}

} // namespace xenoscope::core
