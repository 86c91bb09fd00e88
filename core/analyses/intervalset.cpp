#include "core/analyses/intervalset.h"

#include <algorithm>

namespace xenoscope::core {

IntervalSet::IntervalSet(std::vector<std::pair<uint64_t, uint64_t>> in) {
    std::sort(in.begin(), in.end());
    for (const auto& [s, e] : in) {
        if (e <= s)
            continue;
        if (!merged_.empty() && s <= merged_.back().second)
            merged_.back().second = std::max(merged_.back().second, e);
        else
            merged_.emplace_back(s, e);
    }
}

uint64_t IntervalSet::overlap(uint64_t start, uint64_t end) const {
    if (end <= start)
        return 0;
    // First interval ending after start.
    auto it = std::upper_bound(
        merged_.begin(), merged_.end(), start,
        [](uint64_t t, const std::pair<uint64_t, uint64_t>& iv) { return t < iv.second; });
    uint64_t sum = 0;
    for (; it != merged_.end() && it->first < end; ++it) {
        const uint64_t s = std::max(start, it->first);
        const uint64_t e = std::min(end, it->second);
        if (e > s)
            sum += e - s;
    }
    return sum;
}

} // namespace xenoscope::core
