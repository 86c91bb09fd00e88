#pragma once
// One timeline track's intervals, frozen: sorted by start and non-overlapping,
// so the "interval tree" is a sorted array searched with binary search
// (overlapping() in O(log n + k), at() in O(log n)), plus level-of-detail
// groupings at power-of-two widths so drawList() costs O(pixels), never
// O(intervals). Contiguous tracks (occupancy, runstates) store no ends: an
// interval ends where the next begins (16 bytes an interval); gapped tracks
// (hypervisor spans, lost gaps) keep an end array (24 bytes).

#include "core/index/traceindex.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace xenoscope::core {

class IntervalTrack {
public:
    struct Entry {
        uint64_t start = 0;
        uint32_t value = 0;
        uint16_t pcpu = NoPcpu;
        uint16_t reserved = 0;
    };
    // A level-of-detail group: base intervals [first, next group's first)
    // drawn as one span. Intervals at least twice the level width always stand
    // alone, so they are drawn exactly at every zoom where they are >= 2 px.
    struct Group {
        uint64_t start = 0;
        uint32_t first = 0;
        uint32_t value = 0; // the value holding most of the group's time
        uint16_t pcpu = NoPcpu;
        uint16_t share = 0xffff; // that value's share of the group's width, in 1/65535
    };
    struct Level {
        uint32_t shift = 0; // groups are about 2^shift cycles wide or wider
        std::vector<Group> groups;
    };

    IntervalTrack() = default;
    // Interval i ends where i + 1 starts; the last ends at `end`.
    static IntervalTrack contiguous(std::vector<Entry> entries, uint64_t end);
    // Explicit ends; intervals overlapping their predecessor are clipped to
    // start at its end (they cannot overlap in a well-formed trace).
    static IntervalTrack gapped(std::vector<Entry> entries, std::vector<uint64_t> ends);

    size_t size() const { return entries_.size(); }
    bool isContiguous() const { return contiguous_; }
    uint64_t start(size_t i) const { return entries_[i].start; }
    uint64_t end(size_t i) const {
        return contiguous_ ? (i + 1 < entries_.size() ? entries_[i + 1].start : end_) : ends_[i];
    }
    IndexInterval interval(size_t i) const {
        const Entry& e = entries_[i];
        return {e.start, end(i), e.value, e.pcpu};
    }

    // Intervals with start <= t1 and end > t0, and empty ones inside [t0, t1].
    void overlapping(uint64_t t0, uint64_t t1, std::vector<IndexInterval>& out) const;
    // The non-empty interval with start <= t < end.
    std::optional<IndexInterval> at(uint64_t t) const;
    // Spans for [t0, t1) drawn widthPx wide, appended to `out`; intervals
    // counted are those with start < t1 and end > t0 (empty ones: t0 <= start < t1).
    void draw(uint64_t t0, uint64_t t1, uint32_t widthPx, std::vector<DrawSpan>& out) const;

    size_t baseBytes() const;
    size_t lodBytes() const;
    const std::vector<Entry>& entries() const { return entries_; }
    const std::vector<uint64_t>& ends() const { return ends_; }
    uint64_t trackEnd() const { return contiguous_ ? end_ : (ends_.empty() ? 0 : ends_.back()); }
    const std::vector<Level>& levels() const { return levels_; }

private:
    void buildLevels();
    // First index with end > t0 (or empty at >= t0).
    size_t firstOverlapping(uint64_t t0) const;
    uint64_t groupEnd(const Level& level, size_t j) const;

    std::vector<Entry> entries_;
    std::vector<uint64_t> ends_; // gapped tracks only
    uint64_t end_ = 0;           // contiguous tracks: end of the last interval
    bool contiguous_ = true;
    std::vector<Level> levels_; // finest first
};

} // namespace xenoscope::core
