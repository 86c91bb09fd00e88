#include "core/index/intervaltrack.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <utility>

namespace xenoscope::core {

namespace {

// Tracks below this size are drawn from the base array: walking them is cheaper
// than any level.
constexpr size_t MinIntervalsForLevels = 256;
// The finest level: 2^8 cycles (about 0.1 µs at 2.8 GHz).
constexpr uint32_t FirstShift = 8;
// Levels are built a factor of four apart in width; one is kept when it has at
// most half the groups of the last kept one. Dense tracks shrink about 3-4x
// per level, so every level is kept and costs ~0.4x the base array in bytes;
// a draw then walks at most ~4 groups per pixel.
constexpr size_t KeepRatio = 2;
// Shift step between levels (2: a factor of four), except at the coarse end.
constexpr uint32_t LevelStep = 2;
// Levels made from at most this many groups are built a factor of two apart
// (and kept when a third smaller). A level of G groups serves windows of
// about 1920/G of its track, so this covers every zoom wider than ~1/30 of
// the trace, whatever its size: there a draw reads every group in the
// window, up to four a pixel with a factor of four, at most two with two.
// On the 734 MB trace (thread CPU time, 64 tracks x 1920 px, 1<<14 before):
// draws of 1/4 and 1/16 of the trace took 3.0-3.7 and 3.8-3.9 ms instead
// of 3.9-4.7 and 4.9, the full trace 2.9-3.4 instead of 3.5-3.8, for 310
// MiB of levels instead of 269. The extra levels are the small ones, a few
// MB per track at most. Levels are built per track on its first draw,
// never by the index build.
constexpr size_t FineStepGroups = 1 << 16;

// One thing to group: a base interval or a group of the finer level.
struct Unit {
    uint64_t start = 0;
    uint64_t end = 0;
    uint32_t first = 0;
    uint32_t value = 0;
    uint16_t pcpu = NoPcpu;
    double domTime = 0; // time of `value` inside the unit
};

// The value holding most time among a handful of candidates: folds rarely mix
// more than a few values, and losing the smallest candidate only matters for
// which colour a folded span gets.
class Dominant {
public:
    void add(uint32_t value, double time) {
        for (size_t i = 0; i < n_; ++i)
            if (c_[i].first == value) {
                c_[i].second += time;
                return;
            }
        if (n_ < c_.size()) {
            c_[n_++] = {value, time};
            return;
        }
        auto smallest = std::min_element(
            c_.begin(), c_.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
        if (time > smallest->second)
            *smallest = {value, time};
    }
    std::pair<uint32_t, double> best() const {
        std::pair<uint32_t, double> b{0, -1.0};
        for (size_t i = 0; i < n_; ++i)
            if (c_[i].second > b.second)
                b = c_[i];
        return b;
    }
    void clear() { n_ = 0; }

private:
    std::array<std::pair<uint32_t, double>, 8> c_{};
    size_t n_ = 0;
};

// A group's share (1/65535 units) as a fraction: a multiply, not a division.
constexpr double PerShare = 1.0 / 65535.0;

uint32_t spanOf(uint64_t start, uint64_t end) {
    const uint64_t w = end - start;
    return w < IntervalTrack::WideSpan ? static_cast<uint32_t>(w) : IntervalTrack::WideSpan;
}

uint16_t shareOf(double time, uint64_t width) {
    if (width == 0)
        return 0xffff;
    const double s = std::clamp(time / static_cast<double>(width), 0.0, 1.0);
    return static_cast<uint16_t>(s * 65535.0 + 0.5);
}

// Greedy grouping at width 2^shift: a unit at least twice that wide stands
// alone; narrower ones gather until their group is at least 2^shift wide.
template <class Get>
std::vector<IntervalTrack::Group> groupUnits(size_t count, const Get& get, uint32_t shift) {
    const uint64_t narrow = uint64_t{1} << shift;
    const uint64_t wide = narrow << 1;
    std::vector<IntervalTrack::Group> out;
    IntervalTrack::Group g;
    uint64_t gEnd = 0;
    bool open = false;
    bool mixed = false;
    Dominant dom;
    auto close = [&] {
        const auto [value, time] = dom.best();
        g.value = value;
        g.share = shareOf(time, gEnd - g.start);
        g.span = spanOf(g.start, gEnd);
        if (mixed)
            g.pcpu = NoPcpu;
        out.push_back(g);
        open = false;
        dom.clear();
    };
    for (size_t i = 0; i < count; ++i) {
        const Unit u = get(i);
        if (u.end - u.start >= wide) {
            if (open)
                close();
            out.push_back({u.start, u.first, u.value, u.pcpu, shareOf(u.domTime, u.end - u.start),
                           spanOf(u.start, u.end)});
            continue;
        }
        if (!open) {
            open = true;
            mixed = false;
            g = {u.start, u.first, 0, u.pcpu, 0, 0};
        } else if (u.pcpu != g.pcpu) {
            mixed = true;
        }
        gEnd = u.end;
        dom.add(u.value, u.domTime);
        if (gEnd - g.start >= narrow)
            close();
    }
    if (open)
        close();
    return out;
}

// The smallest integer width that is at least `px`: widths compared with it
// as integers, not converted to double once per interval or group.
uint64_t widthAtLeast(double px) {
    constexpr double Max = 18446744073709551615.0;
    return px >= Max ? UINT64_MAX : static_cast<uint64_t>(std::ceil(px));
}

// Accumulates what drawList emits: intervals at least a pixel wide exactly,
// runs of narrower ones (or level groups) folded until a pixel is filled.
class Folder {
public:
    Folder(std::vector<DrawSpan>& out, uint64_t t0, uint64_t t1, double px)
        : out_(out)
        , t0_(t0)
        , t1_(t1)
        , minWidth_(widthAtLeast(px))
        , firstOut_(out.size()) {}

    // One interval, [s, e) unclipped: exact when a pixel wide or more.
    void addInterval(uint64_t s, uint64_t e, uint32_t value, uint16_t pcpu) {
        const uint64_t cs = std::max(s, t0_);
        const uint64_t ce = std::min(e, t1_);
        if (e - s >= minWidth_) {
            flush();
            emit(cs, ce, value, 1, 1.0f, pcpu);
            return;
        }
        accumulate(cs, ce, 1, value, pcpu, static_cast<double>(ce - cs));
    }

    // A run of `count` intervals over [s, e), `domTime` of it holding `value`;
    // only a run cut by the window has its time pro-rated.
    void addRun(uint64_t s, uint64_t e, uint32_t count, uint32_t value, uint16_t pcpu,
                double domTime) {
        const uint64_t cs = std::max(s, t0_);
        const uint64_t ce = std::min(e, t1_);
        if (cs == s && ce == e) {
            accumulate(s, e, count, value, pcpu, domTime);
            return;
        }
        accumulate(cs, ce, count, value, pcpu,
                   e > s ? domTime * static_cast<double>(ce - cs) / static_cast<double>(e - s)
                         : 0.0);
    }

    // A run known to lie inside the window (most level groups at wide zooms).
    void addInsideRun(uint64_t s, uint64_t e, uint32_t count, uint32_t value, uint16_t pcpu,
                      double domTime) {
        accumulate(s, e, count, value, pcpu, domTime);
    }

    void finish() {
        flush();
        if (carry_ > 0 && out_.size() > firstOut_)
            out_.back().intervals += carry_;
    }

private:
    void accumulate(uint64_t cs, uint64_t ce, uint32_t count, uint32_t value, uint16_t pcpu,
                    double domTime) {
        if (!open_) {
            open_ = true;
            ps_ = cs;
            count_ = 0;
            pcpu_ = pcpu;
            mixed_ = false;
            dom_.clear();
        } else if (pcpu != pcpu_) {
            mixed_ = true;
        }
        pe_ = ce;
        count_ += count;
        dom_.add(value, domTime);
        if (pe_ - ps_ >= minWidth_)
            flush();
    }

    void flush() {
        if (!open_)
            return;
        open_ = false;
        if (pe_ <= ps_) {
            // Empty intervals only (two records at one TSC): counted with a neighbour.
            if (out_.size() > firstOut_)
                out_.back().intervals += count_;
            else
                carry_ += count_;
            return;
        }
        const auto [value, time] = dom_.best();
        const float share =
            count_ == 1
                ? 1.0f
                : static_cast<float>(std::clamp(time / static_cast<double>(pe_ - ps_), 0.0, 1.0));
        emit(ps_, pe_, value, count_, share, mixed_ ? NoPcpu : pcpu_);
    }

    // Fields written in place: a DrawSpan built on the stack and copied in
    // was read back before its parts were stored (a store-forwarding stall
    // that cost about a tenth of a full-zoom draw).
    void emit(uint64_t s, uint64_t e, uint32_t value, uint32_t count, float share, uint16_t pcpu) {
        DrawSpan& span = out_.emplace_back();
        span.start = s;
        span.end = e;
        span.value = value;
        span.intervals = count + carry_;
        span.share = share;
        span.pcpu = pcpu;
        carry_ = 0;
    }

    std::vector<DrawSpan>& out_;
    uint64_t t0_, t1_;
    uint64_t minWidth_; // a pixel, rounded up
    size_t firstOut_;
    bool open_ = false;
    uint64_t ps_ = 0, pe_ = 0;
    uint32_t count_ = 0;
    uint32_t carry_ = 0;
    uint16_t pcpu_ = NoPcpu;
    bool mixed_ = false;
    Dominant dom_;
};

} // namespace

IntervalTrack IntervalTrack::contiguous(std::vector<Entry> entries, uint64_t end) {
    IntervalTrack t;
    t.entries_ = std::move(entries);
    t.n_ = t.entries_.size();
    t.contiguous_ = true;
    t.end_ = t.entries_.empty() ? end : std::max(end, t.entries_.back().start);
    return t;
}

IntervalTrack IntervalTrack::occupancy(const ReallocVector<OccupancySpan>& spans, bool lead,
                                       uint64_t leadStart, uint64_t end) {
    IntervalTrack t;
    t.rows_ = Rows::Occupancy;
    t.occ_ = spans.data();
    t.lead_ = lead;
    t.leadStart_ = leadStart;
    t.n_ = spans.size() + (lead ? 1 : 0);
    t.contiguous_ = true;
    t.end_ = t.n_ == 0 ? end : std::max(end, t.start(t.n_ - 1));
    return t;
}

IntervalTrack IntervalTrack::runstates(const ReallocVector<RunstateStay>& stays,
                                       const std::vector<uint16_t>& pcpus, uint64_t end) {
    IntervalTrack t;
    t.rows_ = Rows::Runstate;
    t.run_ = stays.data();
    t.runPcpus_ = pcpus.data();
    t.n_ = std::min(stays.size(), pcpus.size());
    t.contiguous_ = true;
    t.end_ = stays.empty() ? end : std::max(end, stays.back().start);
    return t;
}

bool IntervalTrack::borrowable(const ReallocVector<HvmSpan>& spans) {
    // Exactly the rows gapped() would leave unclipped.
    uint64_t prevEnd = 0;
    for (const HvmSpan& s : spans) {
        if (s.start < prevEnd)
            return false;
        prevEnd = s.end();
    }
    return true;
}

IntervalTrack IntervalTrack::hvm(const VcpuHvmSpans& spans) {
    IntervalTrack t;
    t.rows_ = Rows::Hvm;
    t.hvm_ = spans.spans.data();
    t.hvmCauses_ = spans.causes.data();
    t.n_ = spans.spans.size();
    t.contiguous_ = false;
    return t;
}

IntervalTrack IntervalTrack::gapped(std::vector<Entry> entries, std::vector<uint64_t> ends) {
    IntervalTrack t;
    t.contiguous_ = false;
    ends.resize(entries.size());
    uint64_t prevEnd = 0;
    for (size_t i = 0; i < entries.size(); ++i) {
        entries[i].start = std::max(entries[i].start, prevEnd);
        ends[i] = std::max(ends[i], entries[i].start);
        prevEnd = ends[i];
    }
    t.entries_ = std::move(entries);
    t.ends_ = std::move(ends);
    t.n_ = t.entries_.size();
    return t;
}

uint64_t IntervalTrack::groupEnd(const std::vector<Group>& groups, size_t j) const {
    if (groups[j].span != WideSpan)
        return groups[j].start + groups[j].span;
    if (j + 1 < groups.size())
        return contiguous_ ? groups[j + 1].start : end(groups[j + 1].first - 1);
    return trackEnd();
}

uint64_t IntervalTrack::groupEnd(const Level& level, size_t j) const {
    return groupEnd(level.groups, j);
}

const std::vector<IntervalTrack::Level>& IntervalTrack::levels() const {
    std::call_once(lod_->once, [this] {
        lod_->levels = buildLevels();
        lod_->built.store(true, std::memory_order_release);
    });
    return lod_->levels;
}

std::vector<IntervalTrack::Level> IntervalTrack::buildLevels() const {
    std::vector<Level> result;
    const size_t n = n_;
    if (n < MinIntervalsForLevels)
        return result;
    const uint64_t span = trackEnd() - start(0);
    result.reserve(64);
    size_t lastKept = n;
    std::vector<Group> scratch;
    const std::vector<Group>* input = nullptr; // nullptr: the base intervals
    // The first width at which grouping merges anything: two neighbours a, b
    // merge at shift s when width(a) < 2^s and width(b) < 2^(s+1). Jumping
    // there skips the passes that would only copy the input.
    auto bitlen = [](uint64_t x) { return static_cast<uint32_t>(std::bit_width(x)); };
    // Also no pass is worth running before at least half the units are
    // narrower than the width (a unit merges only into a group that a
    // narrow one opened, so fewer cannot halve the count and the level
    // would be dropped): on tracks whose widths spread over many octaves
    // (hypervisor spans) that skips most of the full-size passes, which
    // dominated building the levels.
    auto firstMerge = [&](size_t count, const auto& width) {
        uint32_t best = 63;
        std::array<size_t, 65> octaves{};
        for (size_t i = 0; i < count; ++i) {
            const uint32_t b = bitlen(width(i));
            ++octaves[b];
            if (i + 1 < count)
                best = std::min(best, std::max(b, bitlen(width(i + 1)) - 1));
        }
        size_t narrow = 0;
        for (uint32_t s = 0; s < 64; ++s) {
            narrow += octaves[s]; // widths < 2^s
            if (narrow * 2 >= count)
                return std::max(best, s);
        }
        return best;
    };
    uint32_t shift =
        std::max(FirstShift, firstMerge(n, [&](size_t i) { return end(i) - start(i); }));
    while (shift < 62 && (uint64_t{1} << shift) <= span) {
        std::vector<Group> next;
        size_t inCount = n;
        auto groupEndIn = [&](const std::vector<Group>& in, size_t j) { return groupEnd(in, j); };
        if (!input) {
            next = groupUnits(
                n,
                [&](size_t i) {
                    const Entry e = entry(i);
                    const uint64_t en = end(i);
                    return Unit{e.start, en,     static_cast<uint32_t>(i),
                                e.value, e.pcpu, static_cast<double>(en - e.start)};
                },
                shift);
        } else {
            const std::vector<Group>& in = *input;
            inCount = in.size();
            next = groupUnits(
                in.size(),
                [&](size_t j) {
                    const Group& g = in[j];
                    const uint64_t en = groupEndIn(in, j);
                    return Unit{
                        g.start,
                        en,
                        g.first,
                        g.value,
                        g.pcpu,
                        static_cast<double>(g.share) * PerShare * static_cast<double>(en - g.start)};
                },
                shift);
        }
        if (next.size() == inCount) {
            ++shift;
            continue;
        }
        const bool fine = inCount <= FineStepGroups;
        if (fine ? next.size() * 3 <= lastKept * 2 : next.size() * KeepRatio <= lastKept) {
            lastKept = next.size();
            result.push_back({shift, std::move(next)});
            input = &result.back().groups;
        } else {
            scratch = std::move(next);
            input = &scratch;
        }
        if (input->size() <= 2)
            break;
        // Levels a factor of four apart: half the passes, and a kept level
        // still has at most ~4 groups per pixel of the zoom it serves (two
        // at the coarse end, see FineStepGroups).
        const std::vector<Group>& in = *input;
        shift = std::max(
            shift + (in.size() <= FineStepGroups ? 1 : LevelStep),
            firstMerge(in.size(), [&](size_t j) { return groupEndIn(in, j) - in[j].start; }));
    }
    result.shrink_to_fit();
    return result;
}

size_t IntervalTrack::firstStart(size_t lo, uint64_t t, bool after) const {
    size_t hi = n_;
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        const uint64_t s = start(mid);
        if (s < t || (after && s == t))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

size_t IntervalTrack::firstOverlapping(uint64_t t0) const {
    size_t lo = 0, hi = n_;
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        const uint64_t e = end(mid);
        const bool before = e < t0 || (e == t0 && start(mid) < e);
        if (before)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

void IntervalTrack::overlapping(uint64_t t0, uint64_t t1, std::vector<IndexInterval>& out) const {
    for (size_t i = firstOverlapping(t0); i < n_ && start(i) <= t1; ++i)
        out.push_back(interval(i));
}

std::optional<IndexInterval> IntervalTrack::at(uint64_t t) const {
    const size_t after = firstStart(0, t, true);
    if (after == 0)
        return std::nullopt;
    const size_t i = after - 1;
    if (end(i) > t)
        return interval(i);
    return std::nullopt;
}

void IntervalTrack::draw(uint64_t t0, uint64_t t1, uint32_t widthPx,
                         std::vector<DrawSpan>& out) const {
    if (n_ == 0 || t1 <= t0 || widthPx == 0)
        return;
    const double px = static_cast<double>(t1 - t0) / static_cast<double>(widthPx);
    const size_t lo = firstOverlapping(t0);
    const size_t hi = firstStart(lo, t1, false);
    if (lo >= hi)
        return;
    const Level* level = nullptr;
    // Zoomed in past the finest level the base rows are read directly, so
    // the levels are not even built for a track only ever seen up close.
    const bool coarse =
        n_ >= MinIntervalsForLevels && static_cast<double>(uint64_t{1} << FirstShift) <= px;
    static const std::vector<Level> none;
    for (const Level& l : coarse ? levels() : none) {
        if (static_cast<double>(uint64_t{1} << l.shift) > px)
            break;
        level = &l;
    }
    // Spans are at least a pixel wide, or fold until one is filled: about
    // one a pixel, so reserve once rather than grow the frame's vector.
    out.reserve(out.size() + std::min<size_t>(hi - lo, size_t{widthPx} + 2));
    Folder fold(out, t0, t1, px);
    auto addBase = [&](size_t i) {
        const Entry e = entry(i);
        fold.addInterval(e.start, end(i), e.value, e.pcpu);
    };
    if (!level) {
        for (size_t i = lo; i < hi; ++i)
            addBase(i);
        fold.finish();
        return;
    }
    const auto& groups = level->groups;
    auto j = static_cast<size_t>(
        std::upper_bound(groups.begin(), groups.end(), static_cast<uint32_t>(lo),
                         [](uint32_t v, const Group& g) { return v < g.first; }) -
        groups.begin());
    j = j > 0 ? j - 1 : 0;
    for (; j < groups.size(); ++j) {
        const Group& g = groups[j];
        if (g.first >= hi)
            break;
        const size_t next = j + 1 < groups.size() ? groups[j + 1].first : n_;
        const uint64_t ge = g.span != WideSpan ? g.start + g.span : groupEnd(*level, j);
        const auto domTime = [&] {
            return static_cast<double>(g.share) * PerShare * static_cast<double>(ge - g.start);
        };
        // Every group but those at the window's edges: nothing to clip.
        if (g.first >= lo && next <= hi && g.start >= t0 && ge <= t1) {
            if (next - g.first == 1)
                fold.addInterval(g.start, ge, g.value, g.pcpu);
            else
                fold.addInsideRun(g.start, ge, static_cast<uint32_t>(next - g.first), g.value,
                                  g.pcpu, domTime());
            continue;
        }
        const size_t a = std::max<size_t>(g.first, lo);
        const size_t b = std::min(next, hi);
        if (a >= b)
            continue;
        const bool whole = a == g.first && b == next;
        if (b - a == 1) {
            // A lone interval: the group holds its value and pCPU.
            if (whole)
                fold.addInterval(g.start, ge, g.value, g.pcpu);
            else
                addBase(a);
            continue;
        }
        // A group cut by the window: its extent is that of the intervals inside.
        const uint64_t s = a == g.first ? g.start : start(a);
        const uint64_t e = b == next ? ge : end(b - 1);
        const double dt = domTime();
        const double scaled =
            s == g.start && e == ge ? dt
            : ge > g.start ? dt * static_cast<double>(e - s) / static_cast<double>(ge - g.start)
                           : 0.0;
        fold.addRun(s, e, static_cast<uint32_t>(b - a), g.value, g.pcpu, scaled);
    }
    fold.finish();
}

size_t IntervalTrack::baseBytes() const {
    return entries_.capacity() * sizeof(Entry) + ends_.capacity() * sizeof(uint64_t);
}

size_t IntervalTrack::lodBytes() const {
    size_t n = 0;
    if (!lod_ || !lod_->built.load(std::memory_order_acquire))
        return 0;
    for (const Level& l : lod_->levels)
        n += l.groups.capacity() * sizeof(Group);
    return n;
}

} // namespace xenoscope::core
