#include "core/probes/depthseries.h"

#include <algorithm>

namespace xenoscope::core {

uint32_t DepthSeries::depthBefore(uint64_t t) const {
    const auto it = std::lower_bound(points.begin(), points.end(), t,
                                     [](const DepthPoint& p, uint64_t v) { return p.tsc < v; });
    return it == points.begin() ? 0 : std::prev(it)->depth;
}

DepthStats DepthSeries::over(const TimeWindow& w) const {
    auto it = std::lower_bound(points.begin(), points.end(), w.t0,
                               [](const DepthPoint& p, uint64_t v) { return p.tsc < v; });
    uint32_t d = it == points.begin() ? 0 : std::prev(it)->depth;
    DepthStats s{0, d, d};
    uint64_t t = w.t0;
    for (; it != points.end() && it->tsc <= w.t1; ++it) {
        s.cycles += uint64_t{d} * (it->tsc - t);
        t = it->tsc;
        d = it->depth;
        s.min = std::min(s.min, d);
        s.max = std::max(s.max, d);
    }
    if (w.t1 > t)
        s.cycles += uint64_t{d} * (w.t1 - t);
    return s;
}

std::vector<DepthBucket> DepthSeries::buckets(const TimeWindow& w, uint64_t width) const {
    std::vector<DepthBucket> out;
    if (width == 0 || w.length() == 0) {
        out.push_back({w, over(w)});
        return out;
    }
    for (uint64_t t = w.t0; t < w.t1; t = std::min(t + width, w.t1)) {
        const TimeWindow b{t, std::min(t + width, w.t1)};
        out.push_back({b, over(b)});
    }
    return out;
}

DepthSeries DepthSeries::sum(const std::vector<const DepthSeries*>& parts) {
    struct Step {
        uint64_t tsc;
        uint32_t order;
        int32_t delta;
    };
    std::vector<Step> steps;
    size_t n = 0;
    for (const auto* p : parts)
        n += p->points.size();
    steps.reserve(n);
    for (const auto* p : parts) {
        int64_t prev = 0;
        for (const auto& pt : p->points) {
            steps.push_back({pt.tsc, pt.order, static_cast<int32_t>(int64_t{pt.depth} - prev)});
            prev = pt.depth;
        }
    }
    std::stable_sort(steps.begin(), steps.end(), [](const Step& a, const Step& b) {
        return a.tsc != b.tsc ? a.tsc < b.tsc : a.order < b.order;
    });
    DepthSeries out;
    out.points.reserve(steps.size());
    int64_t depth = 0;
    for (const auto& s : steps) {
        depth += s.delta;
        out.points.push_back({s.tsc, static_cast<uint32_t>(std::max<int64_t>(0, depth)), s.order});
    }
    return out;
}

} // namespace xenoscope::core
