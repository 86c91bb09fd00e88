#include "core/analyses/latencysummary.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>

namespace xenoscope::core {

namespace {

// The nearest rank of pct % among n values, 1-based: ceil(pct / 100 * n).
size_t rankOf(size_t n, unsigned pct) {
    return std::clamp<size_t>((size_t{pct} * n + 99) / 100, 1, n);
}

// The value of rank `rank` in v[0, end) (unsorted): selects it in place,
// leaving smaller values before it. Selection instead of a full sort: a
// summary asks for three ranks of up to millions of samples.
uint64_t selectRank(std::vector<uint64_t>& v, size_t end, size_t rank) {
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(rank - 1),
                     v.begin() + static_cast<std::ptrdiff_t>(end));
    return v[rank - 1];
}

} // namespace

LatencyStats latencyStats(std::vector<uint64_t> v) {
    LatencyStats s;
    if (v.empty())
        return s;
    s.count = v.size();
    const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
    s.min = *lo;
    s.max = *hi;
    for (const uint64_t x : v)
        s.sum += x;
    // Highest rank first: each selection leaves the lower ranks in front of
    // it, so the next one only searches that prefix.
    const size_t r99 = rankOf(v.size(), 99), r90 = rankOf(v.size(), 90);
    s.p99 = selectRank(v, v.size(), r99);
    s.p90 = selectRank(v, r99, r90);
    s.p50 = selectRank(v, r90, rankOf(v.size(), 50));
    return s;
}

namespace {

XenAgreement agreement(std::vector<uint64_t> diffs) {
    XenAgreement a;
    if (diffs.empty())
        return a;
    a.matched = diffs.size();
    a.maxAbsDiff = *std::max_element(diffs.begin(), diffs.end());
    a.medianAbsDiff = selectRank(diffs, diffs.size(), rankOf(diffs.size(), 50));
    return a;
}

} // namespace

LatencySummary summarizeLatency(const LatencySamples& in, TimeWindow w, size_t worstN,
                                double tscHz) {
    LatencySummary out;
    out.window = w;
    std::vector<uint64_t> all, wake, preempt;
    std::vector<const LatencySample*> inside;
    std::vector<uint64_t> histogram(65, 0);
    for (const auto& s : in.samples) {
        if (!w.contains(s.tsc))
            continue;
        inside.push_back(&s);
        all.push_back(s.cycles);
        (s.kind == LatencyKind::Wake ? wake : preempt).push_back(s.cycles);
        ++histogram[static_cast<size_t>(std::bit_width(s.cycles))];
    }
    out.all = latencyStats(all);
    out.wake = latencyStats(wake);
    out.preempt = latencyStats(preempt);

    // bit_width b holds [2^(b-1), 2^b); b = 0 holds 0.
    size_t lo = histogram.size(), hi = 0;
    for (size_t b = 0; b < histogram.size(); ++b)
        if (histogram[b] != 0) {
            lo = std::min(lo, b);
            hi = b;
        }
    for (size_t b = lo; b <= hi && lo < histogram.size(); ++b)
        out.histogram.push_back({b == 0 ? 0 : uint64_t{1} << (b - 1),
                                 b == 0 ? 1 : (b >= 64 ? UINT64_MAX : uint64_t{1} << b),
                                 histogram[b]});

    // The worst N, longest first; equal latencies in time order (`inside`
    // points into the samples in their order, so the address breaks ties).
    const size_t worst = std::min(worstN, inside.size());
    std::partial_sort(inside.begin(), inside.begin() + static_cast<std::ptrdiff_t>(worst),
                      inside.end(), [](const LatencySample* a, const LatencySample* b) {
                          return a->cycles != b->cycles ? a->cycles > b->cycles : a < b;
                      });
    for (size_t i = 0; i < worst; ++i)
        out.worst.push_back(*inside[i]);

    if (tscHz > 0) {
        std::vector<uint64_t> dAll, dWake, dPreempt;
        for (const auto& p : in.xen) {
            const LatencySample& s = in.samples[p.sample];
            if (!w.contains(s.tsc))
                continue;
            const double xenCycles = static_cast<double>(p.xenNs) * tscHz / 1e9;
            const auto d = static_cast<uint64_t>(
                std::llround(std::fabs(xenCycles - static_cast<double>(s.cycles))));
            dAll.push_back(d);
            (s.kind == LatencyKind::Wake ? dWake : dPreempt).push_back(d);
        }
        out.xen = agreement(std::move(dAll));
        out.xenWake = agreement(std::move(dWake));
        out.xenPreempt = agreement(std::move(dPreempt));
    }
    return out;
}

} // namespace xenoscope::core
