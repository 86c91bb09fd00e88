#pragma once
// orderSegments: a vector that is a run of segments, each one in order and
// placed after the segments before it by when it arrived rather than by its
// first element, is put in order of the segments' first elements (stably,
// segments kept whole). Segments that arrive a few places late (per-pCPU
// chunks interleaving in a trace file) are rotated back in place: no second
// copy of the vector, whose pages alone cost more than the moves. Should the
// moves pass `maxMovedPerElement` times the vector (an order far from
// arrival order), a sorted copy does the rest.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace xenoscope::core {

// `begins`: where each segment begins, ascending, the first at 0 (segments
// may not be empty). key(element) orders the segments by their first one.
// Vec: std::vector or ReallocVector.
template <class Vec, class Key>
void orderSegments(Vec& v, std::vector<uint32_t> begins, const Key& key,
                   uint32_t maxMovedPerElement = 4) {
    const auto endOf = [&](size_t i) {
        return i + 1 < begins.size() ? begins[i + 1] : static_cast<uint32_t>(v.size());
    };
    const uint64_t budget = uint64_t{maxMovedPerElement} * v.size();
    uint64_t moved = 0;
    for (size_t i = 1; i < begins.size(); ++i) {
        const auto k = key(v[begins[i]]);
        // The first earlier segment that begins after this one: it goes there.
        const auto to =
            std::upper_bound(begins.begin(), begins.begin() + static_cast<std::ptrdiff_t>(i), k,
                             [&](const auto& value, uint32_t b) { return value < key(v[b]); });
        const auto j = static_cast<size_t>(to - begins.begin());
        if (j == i)
            continue;
        const uint32_t end = endOf(i);
        moved += end - begins[j];
        if (moved > budget) {
            // The rest by a copy, from the order reached so far.
            std::vector<size_t> order(begins.size());
            for (size_t s = 0; s < order.size(); ++s)
                order[s] = s;
            std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
                return key(v[begins[a]]) < key(v[begins[b]]);
            });
            Vec sorted;
            sorted.reserve(v.size());
            for (const size_t s : order)
                for (size_t e = begins[s]; e < endOf(s); ++e)
                    sorted.push_back(v[e]);
            v = std::move(sorted);
            return;
        }
        std::rotate(v.begin() + begins[j], v.begin() + begins[i], v.begin() + end);
        const uint32_t length = end - begins[i];
        for (size_t s = i; s > j; --s)
            begins[s] = begins[s - 1] + length;
    }
}

} // namespace xenoscope::core
