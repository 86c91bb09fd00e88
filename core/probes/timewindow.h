#pragma once
// A closed range of TSC values [t0, t1]: the trace window or a query window
// inside it. Clipping intervals to it is the one operation every window
// query shares.

#include <algorithm>
#include <cstdint>

namespace xenoscope::core {

struct TimeWindow {
    uint64_t t0 = 0;
    uint64_t t1 = 0;

    uint64_t length() const { return t1 > t0 ? t1 - t0 : 0; }
    bool contains(uint64_t t) const { return t >= t0 && t <= t1; }
    // Cycles of [start, end) that fall inside the window.
    uint64_t clip(uint64_t start, uint64_t end) const {
        const uint64_t s = std::max(start, t0);
        const uint64_t e = std::min(end, t1);
        return e > s ? e - s : 0;
    }
    // Whether a stay [start, end) is one of the window's stays: it overlaps
    // the window, or it is an empty stay inside it (two records at the same
    // TSC, or a stay opened at T1 — each stay counts, the last one included).
    bool counts(uint64_t start, uint64_t end) const {
        if (clip(start, end) > 0)
            return true;
        return start == end && contains(start);
    }
    friend bool operator==(const TimeWindow&, const TimeWindow&) = default;
};

} // namespace xenoscope::core
