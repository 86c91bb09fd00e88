#include "core/probes/grantprobe.h"

#include "core/probes/probedispatcher.h"

#include <algorithm>

namespace xenoscope::core {

GrantProbe::GrantProbe(const DiskEventMap& events)
    : mapId_(events.grantMap)
    , unmapId_(events.grantUnmap) {}

void GrantProbe::attach(ProbeDispatcher& d) {
    d.on<&GrantProbe::onMap>(mapId_, this);
    d.on<&GrantProbe::onUnmap>(unmapId_, this);
}

GrantSeries* GrantProbe::seriesOf(const Record& r) {
    if (r.nwords < 1)
        return nullptr;
    const auto domain = static_cast<uint16_t>(r.words[0]);
    if (index_.empty())
        index_.assign(0x10000, 0); // 256 KiB, on the first grant record only
    uint32_t& i = index_[domain];
    if (i == 0) {
        series_.push_back({});
        series_.back().domain = domain;
        depth_.push_back(0);
        i = static_cast<uint32_t>(series_.size());
    }
    return &series_[i - 1];
}

void GrantProbe::onMap(const Record& r, const Owner&) {
    GrantSeries* s = seriesOf(r);
    if (!s)
        return;
    const uint32_t order = order_++;
    uint32_t& depth = depth_[static_cast<size_t>(s - series_.data())];
    ++s->maps;
    ++depth;
    // The reader delivers records by TSC: the points arrive sorted.
    s->inFlight.points.push_back({r.tsc, depth, order});
}

void GrantProbe::onUnmap(const Record& r, const Owner&) {
    GrantSeries* s = seriesOf(r);
    if (!s)
        return;
    const uint32_t order = order_++;
    uint32_t& depth = depth_[static_cast<size_t>(s - series_.data())];
    ++s->unmaps;
    // Mapped before the trace (or the map was lost): the count cannot go
    // below zero, the unmap is counted instead.
    if (depth == 0) {
        ++s->unmatchedUnmaps;
        return;
    }
    --depth;
    s->inFlight.points.push_back({r.tsc, depth, order});
}

void GrantProbe::finish(const TraceSpan&) {
    result_ = std::move(series_);
    series_.clear();
    depth_.clear();
    index_.clear();
    std::sort(result_.begin(), result_.end(),
              [](const GrantSeries& a, const GrantSeries& b) { return a.domain < b.domain; });
}

} // namespace xenoscope::core
