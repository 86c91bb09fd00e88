#pragma once
// A set of disjoint half-open TSC intervals, sorted: built once from any
// intervals (overlaps merged), then asked how much of [s, e) it covers.
// Used for "could have run" (runnable while an allowed pCPU was idle).

#include <cstdint>
#include <utility>
#include <vector>

namespace xenoscope::core {

class IntervalSet {
public:
    IntervalSet() = default;
    // Takes [start, end) pairs in any order; empty ones are dropped.
    explicit IntervalSet(std::vector<std::pair<uint64_t, uint64_t>> intervals);

    // Cycles of [start, end) covered by the set.
    uint64_t overlap(uint64_t start, uint64_t end) const;
    const std::vector<std::pair<uint64_t, uint64_t>>& intervals() const { return merged_; }

private:
    std::vector<std::pair<uint64_t, uint64_t>> merged_;
};

} // namespace xenoscope::core
