#include "widgets/timeline/tracklayout.h"

#include <algorithm>

namespace xenoscope::widgets {

TrackLayout::TrackLayout() = default;
TrackLayout::~TrackLayout() = default;

void TrackLayout::build(const std::vector<uint16_t>& pcpus,
                        const std::vector<core::VcpuKey>& vcpus) {
    groups_.clear();
    Group p;
    p.key = PcpuGroup;
    for (const uint16_t c : pcpus)
        p.tracks.push_back({core::TrackRef::Kind::Pcpu, c});
    groups_.push_back(std::move(p));
    // The index lists vCPUs by domain then vCPU (idle last): one group per run.
    for (const core::VcpuKey v : vcpus) {
        const uint16_t d = core::keyDomain(v);
        if (groups_.size() == 1 || groups_.back().key != d)
            groups_.push_back(Group{d, {}});
        groups_.back().tracks.push_back({core::TrackRef::Kind::Vcpu, v});
    }
    relayout();
}

void TrackLayout::setCollapsed(uint32_t groupKey, bool collapsed) {
    if (collapsed)
        collapsed_.insert(groupKey);
    else
        collapsed_.erase(groupKey);
    relayout();
}

void TrackLayout::setDomainShown(uint16_t domain, bool shown) {
    if (shown)
        hidden_.erase(domain);
    else
        hidden_.insert(domain);
    relayout();
}

std::vector<uint16_t> TrackLayout::domains() const {
    std::vector<uint16_t> out;
    for (const Group& g : groups_)
        if (!g.isPcpus())
            out.push_back(g.domain());
    return out;
}

void TrackLayout::relayout() {
    rows_.clear();
    int y = 0;
    for (size_t gi = 0; gi < groups_.size(); ++gi) {
        const Group& g = groups_[gi];
        if (!g.isPcpus() && !isDomainShown(g.domain()))
            continue;
        rows_.push_back({Row::Kind::Group, gi, {}, y, GroupHeight});
        y += GroupHeight;
        if (isCollapsed(g.key))
            continue;
        const int h = g.isPcpus() ? PcpuHeight : VcpuHeight;
        for (const core::TrackRef& t : g.tracks) {
            rows_.push_back({Row::Kind::Track, gi, t, y, h});
            y += h;
        }
    }
    height_ = y;
}

std::optional<size_t> TrackLayout::rowAt(int y) const {
    if (y < 0 || y >= height_)
        return std::nullopt;
    const auto it = std::upper_bound(rows_.begin(), rows_.end(), y,
                                     [](int v, const Row& r) { return v < r.y; });
    if (it == rows_.begin())
        return std::nullopt;
    return static_cast<size_t>(it - rows_.begin()) - 1;
}

std::optional<TrackLayout::Row> TrackLayout::rowOf(core::TrackRef track) const {
    for (const Row& r : rows_)
        if (r.kind == Row::Kind::Track && r.track == track)
            return r;
    return std::nullopt;
}

bool TrackLayout::contains(core::TrackRef track) const {
    for (const Group& g : groups_)
        if (std::find(g.tracks.begin(), g.tracks.end(), track) != g.tracks.end())
            return true;
    return false;
}

} // namespace xenoscope::widgets
