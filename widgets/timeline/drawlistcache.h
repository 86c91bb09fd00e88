#pragma once
// DrawListCache: the draw lists of the visible tracks for the frame on
// screen. Repaints that do not move the view (hover, selection, markers,
// scrolling back to a track seen at this zoom) reuse them; a new range or
// width or index snapshot asks the index again, and only for the tracks
// being painted, so drawing cost follows pixels and visible tracks. The
// lists a new frame needs are computed side by side on the thread pool: the
// index is immutable and each track's list is independent.

#include "core/index/traceindex.h"

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace xenoscope::widgets {

class DrawListCache {
public:
    DrawListCache();
    ~DrawListCache();

    // Forgets everything (a new index or a new snapshot of it).
    void clear();
    // The draw list of `track` for [t0, t1] at `widthPx`, from the cache or the index.
    const core::DrawList& get(const core::TraceIndex& index, core::TrackRef track, uint64_t t0,
                              uint64_t t1, uint32_t widthPx);

    // Brings the lists of `tracks` for [t0, t1] at `widthPx` up to date, the
    // missing ones in parallel; get() then finds them.
    void prefetch(const core::TraceIndex& index, const std::vector<core::TrackRef>& tracks,
                  uint64_t t0, uint64_t t1, uint32_t widthPx);

    // How many lists were asked of the index since clear() (tests, benchmark).
    uint64_t misses() const { return misses_; }

private:
    struct Entry {
        uint64_t t0 = 0;
        uint64_t t1 = 0;
        uint32_t width = 0;
        core::DrawList list;
        bool current(uint64_t a, uint64_t b, uint32_t w) const {
            return width == w && t0 == a && t1 == b;
        }
    };
    Entry& entry(core::TrackRef track);
    std::unordered_map<uint64_t, Entry> entries_;
    uint64_t misses_ = 0;
};

} // namespace xenoscope::widgets
