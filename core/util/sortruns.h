#pragma once
// Sorts a vector that is a concatenation of a few sorted runs, e.g. a vCPU's
// spans collected pCPU by pCPU: adjacent runs are merged pairwise until one
// is left, O(n log runs) and O(n) for input that is already sorted, where a
// general sort would pay O(n log n) again.

#include <algorithm>
#include <cstddef>
#include <vector>

namespace xenoscope::core {

// Vec: std::vector or ReallocVector.
template <class Vec, class Less> void sortRuns(Vec& v, Less less) {
    std::vector<size_t> bounds{0}; // run starts, then v.size()
    for (size_t i = 1; i < v.size(); ++i)
        if (less(v[i], v[i - 1]))
            bounds.push_back(i);
    bounds.push_back(v.size());
    while (bounds.size() > 2) {
        std::vector<size_t> merged{0};
        for (size_t r = 0; r + 1 < bounds.size(); r += 2) {
            if (r + 2 < bounds.size()) {
                const auto first = v.begin() + static_cast<std::ptrdiff_t>(bounds[r]);
                std::inplace_merge(first, v.begin() + static_cast<std::ptrdiff_t>(bounds[r + 1]),
                                   v.begin() + static_cast<std::ptrdiff_t>(bounds[r + 2]), less);
                merged.push_back(bounds[r + 2]);
            } else {
                merged.push_back(bounds[r + 1]);
            }
        }
        bounds = std::move(merged);
    }
}

} // namespace xenoscope::core
