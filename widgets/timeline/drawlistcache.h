#pragma once
// DrawListCache: the draw lists of the visible tracks for the frame on
// screen. Repaints that do not move the view (hover, selection, markers,
// scrolling back to a track seen at this zoom) reuse them; a new range or
// width or index snapshot asks the index again, and only for the tracks
// being painted, so drawing cost follows pixels and visible tracks. The
// lists a new frame needs are computed on two threads: the index is
// immutable and each track's list is independent.

#include "core/index/traceindex.h"
#include "widgets/timeline/twothreads.h"

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

    // The lists of `tracks` for [t0, t1] at `widthPx`, each handed to
    // use(i, list, thread) on the thread that brought it up to date, as soon
    // as it is: this one and, when `parallel`, one pool thread (see
    // runOnTwoThreads), so whatever is done with a list (its row's pixels)
    // runs beside the making of the others. `tracks` must be distinct.
    template <typename Use>
    void forEach(const core::TraceIndex& index, const std::vector<core::TrackRef>& tracks,
                 uint64_t t0, uint64_t t1, uint32_t widthPx, bool parallel, const Use& use);

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
        // Brings the list up to date for [a, b] at w; whether it had to.
        bool refresh(const core::TraceIndex& index, core::TrackRef track, uint64_t a, uint64_t b,
                     uint32_t w) {
            if (current(a, b, w))
                return false;
            index.fillDrawList(track, a, b, w, list);
            t0 = a;
            t1 = b;
            width = w;
            return true;
        }
    };
    // Tracks ever painted stay cached; beyond this many (a huge host scrolled
    // through) the cache starts over rather than grow without bound.
    static constexpr size_t MaxEntries = 4096;
    static uint64_t keyOf(core::TrackRef t) {
        return uint64_t{static_cast<uint8_t>(t.kind)} << 32 | t.id;
    }
    Entry& entry(core::TrackRef track);
    std::unordered_map<uint64_t, Entry> entries_;
    uint64_t misses_ = 0;
};

template <typename Use>
void DrawListCache::forEach(const core::TraceIndex& index,
                            const std::vector<core::TrackRef>& tracks, uint64_t t0, uint64_t t1,
                            uint32_t widthPx, bool parallel, const Use& use) {
    if (entries_.size() + tracks.size() > MaxEntries)
        entries_.clear();
    // Entries are made here, on this thread; the jobs only fill them in
    // (unordered_map nodes do not move).
    std::vector<Entry*> targets;
    targets.reserve(tracks.size());
    for (const core::TrackRef t : tracks) {
        Entry& e = entries_[keyOf(t)];
        if (!e.current(t0, t1, widthPx))
            ++misses_;
        targets.push_back(&e);
    }
    runOnTwoThreads(tracks.size(), parallel, [&](size_t i, int thread) {
        Entry& e = *targets[i];
        e.refresh(index, tracks[i], t0, t1, widthPx);
        use(i, static_cast<const core::DrawList&>(e.list), thread);
    });
}

} // namespace xenoscope::widgets
