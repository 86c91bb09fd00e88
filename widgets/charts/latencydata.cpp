#include "widgets/charts/latencydata.h"

#include <algorithm>

namespace xenoscope::widgets {

LatencyData::LatencyData() = default;
LatencyData::~LatencyData() = default;

LatencyData LatencyData::compute(const core::TraceIndex& index, core::TimeWindow window) {
    LatencyData out;
    out.window = window;
    const core::LatencySamples& all = index.results().latency;
    // Samples are by TSC: the window's are one contiguous run.
    const auto first =
        std::lower_bound(all.samples.begin(), all.samples.end(), window.t0,
                         [](const core::LatencySample& s, uint64_t t) { return s.tsc < t; });
    const auto last =
        std::upper_bound(first, all.samples.end(), window.t1,
                         [](uint64_t t, const core::LatencySample& s) { return t < s.tsc; });
    out.samples.assign(first, last);
    const core::LatencySummary summary = core::summarizeLatency(all, window, 0, index.tscHz());
    out.histogram = summary.histogram;
    out.stats = summary.all;
    out.wakeCounts.assign(out.histogram.size(), 0);
    for (const auto& s : out.samples) {
        if (s.kind != core::LatencyKind::Wake)
            continue;
        for (size_t b = 0; b < out.histogram.size(); ++b)
            if (s.cycles >= out.histogram[b].from && s.cycles < out.histogram[b].to) {
                ++out.wakeCounts[b];
                break;
            }
    }
    return out;
}

std::vector<size_t> LatencyData::inRange(uint64_t from, uint64_t to) const {
    std::vector<size_t> out;
    for (size_t i = 0; i < samples.size(); ++i)
        if (samples[i].cycles >= from && samples[i].cycles < to)
            out.push_back(i);
    return out;
}

} // namespace xenoscope::widgets
