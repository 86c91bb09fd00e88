#include "widgets/timeline/drawlistcache.h"

#include "widgets/timeline/twothreads.h"

namespace xenoscope::widgets {

namespace {

uint64_t keyOf(core::TrackRef t) {
    return uint64_t{static_cast<uint8_t>(t.kind)} << 32 | t.id;
}

// Tracks ever painted stay cached; beyond this many (a huge host scrolled
// through) the cache starts over rather than grow without bound.
constexpr size_t MaxEntries = 4096;

} // namespace

DrawListCache::DrawListCache() = default;
DrawListCache::~DrawListCache() = default;

void DrawListCache::clear() {
    entries_.clear();
    misses_ = 0;
}

DrawListCache::Entry& DrawListCache::entry(core::TrackRef track) {
    if (entries_.size() > MaxEntries)
        entries_.clear();
    return entries_[keyOf(track)];
}

const core::DrawList& DrawListCache::get(const core::TraceIndex& index, core::TrackRef track,
                                         uint64_t t0, uint64_t t1, uint32_t widthPx) {
    Entry& e = entry(track);
    if (!e.current(t0, t1, widthPx)) {
        index.fillDrawList(track, t0, t1, widthPx, e.list);
        e.t0 = t0;
        e.t1 = t1;
        e.width = widthPx;
        ++misses_;
    }
    return e.list;
}

void DrawListCache::prefetch(const core::TraceIndex& index,
                             const std::vector<core::TrackRef>& tracks, uint64_t t0, uint64_t t1,
                             uint32_t widthPx) {
    if (entries_.size() + tracks.size() > MaxEntries)
        entries_.clear();
    struct Job {
        core::TrackRef track;
        Entry* entry;
    };
    // Entries are made here, on this thread; the pool only fills them in
    // (unordered_map nodes do not move).
    std::vector<Job> jobs;
    for (const core::TrackRef t : tracks) {
        Entry& e = entries_[keyOf(t)];
        if (!e.current(t0, t1, widthPx))
            jobs.push_back({t, &e});
    }
    auto fill = [&](const Job& job) {
        index.fillDrawList(job.track, t0, t1, widthPx, job.entry->list);
        job.entry->t0 = t0;
        job.entry->t1 = t1;
        job.entry->width = widthPx;
    };
    // A snapshot means the trace is still being indexed, on every core: a
    // helper would only wait for its turn, and this (UI) thread for it.
    runOnTwoThreads(jobs.size(), index.complete(), [&](size_t i, int) { fill(jobs[i]); });
    misses_ += jobs.size();
}

} // namespace xenoscope::widgets
