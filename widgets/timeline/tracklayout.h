#pragma once
// TrackLayout: which rows the timeline shows, top to bottom, and where. The
// pCPU tracks come first as one group, then one group per domain with its
// vCPU tracks (the idle domain last, as the index orders them). Groups can be
// collapsed and domains filtered out; that state survives a rebuild from a
// newer index snapshot. Y positions are in content pixels (0 = first row),
// before vertical scrolling.

#include "core/index/traceindex.h"

#include <cstdint>
#include <optional>
#include <set>
#include <vector>

namespace xenoscope::widgets {

class TrackLayout {
public:
    static constexpr int GroupHeight = 20;
    static constexpr int PcpuHeight = 24;
    static constexpr int VcpuHeight = 18;
    // The pCPU group's key in the collapsed set (domains use their id).
    static constexpr uint32_t PcpuGroup = 0x10000;

    struct Group {
        uint32_t key = PcpuGroup; // PcpuGroup or a domain id
        std::vector<core::TrackRef> tracks;
        bool isPcpus() const { return key == PcpuGroup; }
        uint16_t domain() const { return static_cast<uint16_t>(key); }
    };
    struct Row {
        enum class Kind : uint8_t { Group, Track };
        Kind kind = Kind::Track;
        size_t group = 0;
        core::TrackRef track; // Kind::Track
        int y = 0;
        int height = 0;
    };

    TrackLayout();
    ~TrackLayout();

    void build(const std::vector<uint16_t>& pcpus, const std::vector<core::VcpuKey>& vcpus);

    const std::vector<Group>& groups() const { return groups_; }
    const std::vector<Row>& rows() const { return rows_; }
    int contentHeight() const { return height_; }

    bool isCollapsed(uint32_t groupKey) const { return collapsed_.count(groupKey) != 0; }
    void setCollapsed(uint32_t groupKey, bool collapsed);
    bool isDomainShown(uint16_t domain) const { return hidden_.count(domain) == 0; }
    void setDomainShown(uint16_t domain, bool shown);
    // Every domain with vCPU tracks, ascending (idle last, as in the index).
    std::vector<uint16_t> domains() const;

    // The row at content y, if any.
    std::optional<size_t> rowAt(int y) const;
    // The row of a track, if it is shown (its group expanded and not filtered).
    std::optional<Row> rowOf(core::TrackRef track) const;
    // Whether the track exists at all (shown or not).
    bool contains(core::TrackRef track) const;

private:
    void relayout();

    std::vector<Group> groups_;
    std::vector<Row> rows_;
    std::set<uint32_t> collapsed_;
    std::set<uint16_t> hidden_;
    int height_ = 0;
};

} // namespace xenoscope::widgets
