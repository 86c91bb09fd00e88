#include "widgets/timeline/drawlistcache.h"

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

const core::DrawList& DrawListCache::get(const core::TraceIndex& index, core::TrackRef track,
                                         uint64_t t0, uint64_t t1, uint32_t widthPx) {
    if (entries_.size() > MaxEntries)
        entries_.clear();
    Entry& e = entries_[keyOf(track)];
    if (e.width != widthPx || e.t0 != t0 || e.t1 != t1) {
        e.list = index.drawList(track, t0, t1, widthPx);
        e.t0 = t0;
        e.t1 = t1;
        e.width = widthPx;
        ++misses_;
    }
    return e.list;
}

} // namespace xenoscope::widgets
