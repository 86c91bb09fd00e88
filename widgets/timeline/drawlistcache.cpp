#include "widgets/timeline/drawlistcache.h"

namespace xenoscope::widgets {

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
    if (e.refresh(index, track, t0, t1, widthPx))
        ++misses_;
    return e.list;
}

} // namespace xenoscope::widgets
