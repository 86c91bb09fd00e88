#pragma once
// One timeline track's intervals, frozen: sorted by start and non-overlapping,
// so the "interval tree" is a sorted array searched with binary search
// (overlapping() in O(log n + k), at() in O(log n)), plus level-of-detail
// groupings at power-of-two widths so drawList() costs O(pixels), never
// O(intervals). Contiguous tracks (occupancy, runstates) store no ends: an
// interval ends where the next begins (16 bytes an interval); gapped tracks
// (hypervisor spans, lost gaps) keep an end array (24 bytes).
//
// The big tracks borrow their rows from the probe results instead of copying
// them (occupancy spans, runstate stays and their pCPUs, hypervisor spans): the results must
// be kept anyway for summaries, and a second copy doubled the index's memory.
// The owner of those vectors (TraceIndexImpl) keeps them alive and unchanged.
// Levels of detail are built lazily, per track, on the first draw: building
// them for every track dominated both the build and the reopen from cache,
// while a viewer only ever draws the tracks on screen.

#include "core/index/traceindex.h"
#include "core/probes/hvmspans.h"
#include "core/probes/occupancytimelines.h"
#include "core/probes/runstatetimelines.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
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
        // end - start, or WideSpan when that does not fit. Kept in the
        // struct's padding so that a draw reads a whole group from the level
        // alone: fetching its end from the base rows was a cache miss per
        // group and dominated full-zoom draws on the big tracks.
        uint32_t span = WideSpan;
    };
    static constexpr uint32_t WideSpan = 0xffffffff;
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
    // Borrowed rows (see above): `spans` must outlive the track unchanged.
    // Occupancy: with `lead`, an unknown interval from `leadStart` comes first.
    static IntervalTrack occupancy(const ReallocVector<OccupancySpan>& spans, bool lead,
                                   uint64_t leadStart, uint64_t end);
    // Runstates: `pcpus[i]` is where stay i ran (NoPcpu when not running);
    // both borrowed, and as long as each other.
    static IntervalTrack runstates(const ReallocVector<RunstateStay>& stays,
                                   const std::vector<uint16_t>& pcpus, uint64_t end);
    // Hypervisor spans, already sorted by start and non-overlapping (see
    // borrowable()); others go through gapped(), which clips.
    // An exit's value is its reason, a resume's 0xffffffff.
    static IntervalTrack hvm(const VcpuHvmSpans& spans);
    static bool borrowable(const ReallocVector<HvmSpan>& spans);

    size_t size() const { return n_; }
    bool isContiguous() const { return contiguous_; }
    uint64_t start(size_t i) const {
        switch (rows_) {
        case Rows::Own:
            break;
        case Rows::Occupancy:
            return lead_ ? (i == 0 ? leadStart_ : occ_[i - 1].start) : occ_[i].start;
        case Rows::Runstate:
            return run_[i].start;
        case Rows::Hvm:
            return hvm_[i].start;
        }
        return entries_[i].start;
    }
    uint64_t end(size_t i) const {
        if (contiguous_)
            return i + 1 < n_ ? start(i + 1) : end_;
        return rows_ == Rows::Hvm ? hvm_[i].end() : ends_[i];
    }
    Entry entry(size_t i) const {
        switch (rows_) {
        case Rows::Own:
            break;
        case Rows::Occupancy:
            if (lead_) {
                if (i == 0)
                    return {leadStart_, NoVcpu, NoPcpu, 0};
                --i;
            }
            return {occ_[i].start, occ_[i].who, NoPcpu, 0};
        case Rows::Runstate:
            return {run_[i].start, static_cast<uint32_t>(run_[i].state), runPcpus_[i], 0};
        case Rows::Hvm: {
            const HvmSpan& h = hvm_[i];
            return {h.start, h.cause == 0 ? 0xffffffffu : hvmCauses_[h.cause].reason, h.pcpu, 0};
        }
        }
        return entries_[i];
    }
    IndexInterval interval(size_t i) const {
        const Entry e = entry(i);
        return {e.start, end(i), e.value, e.pcpu};
    }

    // Intervals with start <= t1 and end > t0, and empty ones inside [t0, t1].
    void overlapping(uint64_t t0, uint64_t t1, std::vector<IndexInterval>& out) const;
    // The non-empty interval with start <= t < end.
    std::optional<IndexInterval> at(uint64_t t) const;
    // Spans for [t0, t1) drawn widthPx wide, appended to `out`; intervals
    // counted are those with start < t1 and end > t0 (empty ones: t0 <= start < t1).
    void draw(uint64_t t0, uint64_t t1, uint32_t widthPx, std::vector<DrawSpan>& out) const;

    // Bytes the track owns (borrowed rows excluded: they are the results').
    size_t baseBytes() const;
    // Levels built so far (0 for a track never drawn).
    size_t lodBytes() const;
    uint64_t trackEnd() const { return contiguous_ ? end_ : (n_ == 0 ? 0 : end(n_ - 1)); }
    // Built on first use; thread-safe (queries are const and concurrent).
    const std::vector<Level>& levels() const;

private:
    enum class Rows : uint8_t { Own, Occupancy, Runstate, Hvm };
    // Finest first.
    std::vector<Level> buildLevels() const;
    // First index with end > t0 (or empty at >= t0).
    size_t firstOverlapping(uint64_t t0) const;
    // First index in [lo, n) with start >= t (or > t with `after`).
    size_t firstStart(size_t lo, uint64_t t, bool after) const;
    uint64_t groupEnd(const Level& level, size_t j) const;
    uint64_t groupEnd(const std::vector<Group>& groups, size_t j) const;

    struct Lod {
        std::once_flag once;
        std::atomic<bool> built{false};
        std::vector<Level> levels;
    };

    Rows rows_ = Rows::Own;
    size_t n_ = 0;
    std::vector<Entry> entries_; // Rows::Own
    std::vector<uint64_t> ends_; // Rows::Own, gapped tracks
    const OccupancySpan* occ_ = nullptr;
    const RunstateStay* run_ = nullptr;
    const HvmSpan* hvm_ = nullptr;
    const HvmCause* hvmCauses_ = nullptr; // Rows::Hvm; slot 0 is resume
    const uint16_t* runPcpus_ = nullptr;  // Rows::Runstate
    uint64_t leadStart_ = 0;              // Rows::Occupancy with lead_
    bool lead_ = false;
    uint64_t end_ = 0; // contiguous tracks: end of the last interval
    bool contiguous_ = true;
    // Behind a pointer so that tracks stay movable (once_flag is not).
    std::unique_ptr<Lod> lod_ = std::make_unique<Lod>();
};

} // namespace xenoscope::core
