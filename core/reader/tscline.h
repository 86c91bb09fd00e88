#pragma once
// When a record's own TSC is damaged: the records on either side of it on
// its pCPU agree with each other but not with it. A spike (far ahead of the
// record before, and the next is back between them, as a flipped high bit
// makes) or a dip (behind the record before, and the next is not). Such a
// record is timed like one without a TSC: at the record before. A step back
// that the next record keeps is time really going back, and stays. The
// reader's walks and the window reader decide alike, so the index and the
// records it decodes again agree.

#include "core/format/rawrecord.h"
#include "core/format/record.h"

#include <cstdint>
#include <span>

namespace xenoscope::core {

// A jump forward by more than this on one pCPU (1.5 s at 2.8 GHz) is
// checked against the next TSC; smaller steps are taken as they are.
inline constexpr uint64_t PlainTscStep = uint64_t{1} << 32;

struct NextTsc {
    bool known = false;
    uint64_t tsc = 0;
};

// The first own TSC among the records of `data` from `pos` on (at most
// `maxRecords` records ahead); unknown when none is found before the end.
inline NextTsc firstTscFrom(std::span<const uint8_t> data, size_t pos, bool& reachedEnd,
                            size_t maxRecords = 16) {
    reachedEnd = false;
    for (size_t i = 0; i < maxRecords; ++i) {
        if (pos + 4 > data.size()) {
            reachedEnd = true;
            return {};
        }
        const uint32_t h = raw::load32(data.data() + pos);
        if (pos + raw::sizeOf(h) > data.size())
            return {};
        if (raw::hasTscOf(h) && raw::eventOf(h) != ev::WrapBuffer)
            return {true, raw::load64(data.data() + pos + 4)};
        pos += raw::sizeOf(h);
    }
    return {};
}

// The next own TSC after the record at `pos` of a chunk's `data`.
inline NextTsc tscAfter(std::span<const uint8_t> data, size_t pos, bool& reachedEnd) {
    return firstTscFrom(data, pos + raw::sizeOf(raw::load32(data.data() + pos)), reachedEnd);
}

// The slow path of timedAt(): out of the decode loop, which runs it rarely.
template <class Next>
[[gnu::noinline, gnu::cold]] uint64_t timedAtChecked(uint64_t t, uint64_t prev, const Next& next) {
    const NextTsc n = next();
    if (t > prev)
        return n.known && n.tsc >= prev && n.tsc < t ? prev : t;
    return !n.known || n.tsc >= prev ? prev : t;
}

// The TSC a record with its own TSC `t` is timed at, given the last own TSC
// before it on its pCPU (`havePrev`, `prev`); `next()` gives the next one
// (NextTsc), asked only when t steps back or far ahead. Before the pCPU's
// first own TSC, `prev` is the first TSC the layout scan settled on
// (firstOwnTsc()): the first own TSC is timed at that.
template <class Next>
[[gnu::always_inline]] inline uint64_t timedAt(uint64_t t, bool havePrev, uint64_t prev,
                                               const Next& next) {
    // One compare on the common path: a step back wraps to a huge difference.
    if (t - prev <= PlainTscStep) [[likely]]
        return t;
    return havePrev ? timedAtChecked(t, prev, next) : prev;
}

// A pCPU's first own TSC `t`, as the layout scan settles it: with no record
// before it, only a spike can be told (more than 2^32 cycles past the next
// own TSC, `next`); then the next one stands in for it.
inline uint64_t firstOwnTsc(uint64_t t, NextTsc next) {
    return next.known && t > next.tsc && t - next.tsc > PlainTscStep ? next.tsc : t;
}

// The earliest time a chunk can give any of its records, for the merges that
// place a chunk before reading it, from its first own TSC (`first`) and the
// TSC its pCPU's records inherit so far (`prev`, as timedAt() takes it). A
// first TSC far ahead may be a spike, which timedAt() times at `prev`: then
// only `prev` is sure (a trusted spike would let other pCPUs' later records
// out first).
inline uint64_t chunkStartBound(uint64_t first, uint64_t prev) {
    return first > prev && first - prev > PlainTscStep ? prev : first;
}

} // namespace xenoscope::core
