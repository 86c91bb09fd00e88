#include "core/analyses/disksummary.h"

#include <algorithm>

namespace xenoscope::core {

namespace {

// Stage k's sample of request q (records k and k + 1 both present), with the
// TSC it completes at. Records that swapped places give 0, not a wrap.
bool stageSample(const DiskResults& r, const DiskRequest& q, size_t k, uint64_t& at,
                 uint64_t& cycles) {
    const size_t from = k == DiskStageCount ? 0 : k;
    const size_t to = k == DiskStageCount ? DiskRecordCount - 1 : k + 1;
    if (k == DiskStageCount ? !q.complete() : !(q.has(from) && q.has(to)))
        return false;
    const uint64_t a = r.tsc(q, from), b = r.tsc(q, to);
    at = std::max(a, b);
    cycles = b > a ? b - a : 0;
    return true;
}

DiskStageSummary stageSummary(size_t k, std::vector<uint64_t> samples, const DepthSeries& depth,
                              const TimeWindow& w) {
    DiskStageSummary s;
    s.name = DiskStageNames[k];
    s.latency = latencyStats(std::move(samples));
    s.depth = depth.over(w);
    s.avgDepth = s.depth.average(w);
    return s;
}

} // namespace

std::vector<uint64_t> diskLatencySamples(const DiskResults& r, TimeWindow w, size_t k, int series) {
    std::vector<uint64_t> out;
    for (const auto& q : r.requests) {
        if (series >= 0 && q.series != static_cast<uint16_t>(series))
            continue;
        uint64_t at = 0, cycles = 0;
        if (stageSample(r, q, k, at, cycles) && w.contains(at))
            out.push_back(cycles);
    }
    return out;
}

DiskLatencyRanking worstDiskLatencies(const DiskResults& r, TimeWindow w, size_t k, size_t n) {
    DiskLatencyRanking out;
    const auto longer = [](const DiskLatencySpike& a, const DiskLatencySpike& b) {
        if (a.cycles != b.cycles)
            return a.cycles > b.cycles;
        return a.to != b.to ? a.to < b.to : a.request < b.request;
    };
    for (size_t i = 0; i < r.requests.size(); ++i) {
        const DiskRequest& q = r.requests[i];
        uint64_t at = 0, cycles = 0;
        if (!stageSample(r, q, k, at, cycles) || !w.contains(at))
            continue;
        ++out.samples;
        if (n == 0)
            continue;
        const size_t from = k == DiskStageCount ? 0 : k;
        const size_t to = k == DiskStageCount ? DiskRecordCount - 1 : k + 1;
        const DiskLatencySpike s{r.tsc(q, from), r.tsc(q, to), cycles,   i,
                                 q.device,       q.id,         q.domain, static_cast<uint8_t>(k)};
        // A bounded heap (the best candidate for eviction on top): memory
        // stays at n whatever the number of requests.
        if (out.worst.size() < n) {
            out.worst.push_back(s);
            std::push_heap(out.worst.begin(), out.worst.end(), longer);
        } else if (longer(s, out.worst.front())) {
            std::pop_heap(out.worst.begin(), out.worst.end(), longer);
            out.worst.back() = s;
            std::push_heap(out.worst.begin(), out.worst.end(), longer);
        }
    }
    std::sort_heap(out.worst.begin(), out.worst.end(), longer);
    return out;
}

DepthSeries totalDepth(const DiskResults& r, size_t k) {
    if (r.series.size() == 1)
        return r.series.front().stages[k];
    std::vector<const DepthSeries*> parts;
    for (const auto& s : r.series)
        parts.push_back(&s.stages[k]);
    return DepthSeries::sum(parts);
}

DiskSummary summarizeDisk(const DiskResults& r, TimeWindow w) {
    DiskSummary out;
    out.window = w;
    out.instrumented = r.instrumented();
    out.malformed = r.malformed;

    // Samples per series and stage (index DiskStageCount: end to end).
    const size_t n = r.series.size();
    std::vector<std::array<std::vector<uint64_t>, DiskStageCount + 1>> samples(n);
    std::array<std::vector<uint64_t>, DiskStageCount + 1> all;
    std::vector<uint64_t> requests(n, 0), incomplete(n, 0);
    for (const auto& q : r.requests) {
        for (size_t k = 0; k <= DiskStageCount; ++k) {
            uint64_t at = 0, cycles = 0;
            if (stageSample(r, q, k, at, cycles) && w.contains(at)) {
                samples[q.series][k].push_back(cycles);
                all[k].push_back(cycles);
            }
        }
        if (!w.counts(q.base, q.until))
            continue;
        ++out.requests;
        ++requests[q.series];
        if (q.broken == DiskBreak::None)
            continue;
        ++incomplete[q.series];
        ++out.incompleteByReason[static_cast<size_t>(q.broken)];
        out.incomplete.push_back({q.domain, q.device, q.id, q.broken, q.present, q.base, q.until});
    }

    for (size_t k = 0; k < DiskStageCount; ++k)
        out.stages[k] = stageSummary(k, std::move(all[k]), totalDepth(r, k), w);
    out.endToEnd = latencyStats(std::move(all[DiskStageCount]));

    for (size_t i = 0; i < n; ++i) {
        const DiskSeries& s = r.series[i];
        DiskDeviceSummary d;
        d.domain = s.domain;
        d.device = s.device;
        for (size_t k = 0; k < DiskStageCount; ++k)
            d.stages[k] = stageSummary(k, std::move(samples[i][k]), s.stages[k], w);
        d.endToEnd = latencyStats(std::move(samples[i][DiskStageCount]));
        d.requests = requests[i];
        d.incomplete = incomplete[i];
        out.devices.push_back(std::move(d));
    }

    for (const auto& g : r.grants) {
        GrantSummary s;
        s.domain = g.domain;
        // Maps raise the count, unmaps that had a map lower it: count the
        // points in the window by direction.
        uint32_t prev = g.inFlight.depthBefore(w.t0);
        const auto& pts = g.inFlight.points;
        auto it = std::lower_bound(pts.begin(), pts.end(), w.t0,
                                   [](const DepthPoint& p, uint64_t v) { return p.tsc < v; });
        for (; it != pts.end() && it->tsc <= w.t1; ++it) {
            ++(it->depth > prev ? s.maps : s.unmaps);
            prev = it->depth;
        }
        s.unmatchedUnmaps = g.unmatchedUnmaps;
        s.inFlight = g.inFlight.over(w);
        s.avgInFlight = s.inFlight.average(w);
        out.grants.push_back(s);
    }
    for (const auto& u : r.unattributed)
        if (w.contains(u.tsc))
            ++out.unattributed;
    return out;
}

std::vector<DiskSummary> summarizeDiskBuckets(const DiskResults& r, TimeWindow w, uint64_t width) {
    struct Sample {
        uint64_t at;
        uint64_t cycles;
        uint16_t series;
        uint8_t k;
    };
    std::vector<Sample> all;
    for (const auto& q : r.requests)
        for (size_t k = 0; k <= DiskStageCount; ++k) {
            uint64_t at = 0, cycles = 0;
            if (stageSample(r, q, k, at, cycles) && w.contains(at))
                all.push_back({at, cycles, q.series, static_cast<uint8_t>(k)});
        }
    std::sort(all.begin(), all.end(), [](const Sample& a, const Sample& b) { return a.at < b.at; });
    std::array<DepthSeries, DiskStageCount> totals;
    for (size_t k = 0; k < DiskStageCount; ++k)
        totals[k] = totalDepth(r, k);

    std::vector<TimeWindow> buckets;
    if (width == 0 || w.length() == 0)
        buckets.push_back(w);
    else
        for (uint64_t t = w.t0; t < w.t1; t = std::min(t + width, w.t1))
            buckets.push_back({t, std::min(t + width, w.t1)});

    std::vector<DiskSummary> out;
    const size_t n = r.series.size();
    auto it = all.begin();
    for (size_t b = 0; b < buckets.size(); ++b) {
        const TimeWindow bw = buckets[b];
        const bool last = b + 1 == buckets.size();
        std::vector<std::array<std::vector<uint64_t>, DiskStageCount + 1>> per(n);
        std::array<std::vector<uint64_t>, DiskStageCount + 1> sum;
        for (; it != all.end() && (it->at < bw.t1 || (last && it->at == bw.t1)); ++it) {
            per[it->series][it->k].push_back(it->cycles);
            sum[it->k].push_back(it->cycles);
        }
        DiskSummary s;
        s.window = bw;
        s.instrumented = r.instrumented();
        for (size_t k = 0; k < DiskStageCount; ++k)
            s.stages[k] = stageSummary(k, std::move(sum[k]), totals[k], bw);
        s.endToEnd = latencyStats(std::move(sum[DiskStageCount]));
        for (size_t i = 0; i < n; ++i) {
            DiskDeviceSummary d;
            d.domain = r.series[i].domain;
            d.device = r.series[i].device;
            for (size_t k = 0; k < DiskStageCount; ++k)
                d.stages[k] = stageSummary(k, std::move(per[i][k]), r.series[i].stages[k], bw);
            d.endToEnd = latencyStats(std::move(per[i][DiskStageCount]));
            s.devices.push_back(std::move(d));
        }
        out.push_back(std::move(s));
    }
    return out;
}

} // namespace xenoscope::core
