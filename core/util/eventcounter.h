#pragma once
// Counts per event id, for every record of a pass (IdTable: no tree or
// hash-map node per lookup).

#include "core/util/idtable.h"

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

namespace xenoscope::core {

class EventCounter {
public:
    void add(uint32_t id, uint64_t n = 1) {
        if (uint64_t* c = counts_.find(id))
            *c += n;
        else
            counts_.insert(id, n);
    }

    uint64_t count(uint32_t id) const {
        const uint64_t* c = counts_.find(id);
        return c ? *c : 0;
    }

    // (id, count) for every id seen, ascending.
    std::vector<std::pair<uint32_t, uint64_t>> nonZero() const {
        std::vector<std::pair<uint32_t, uint64_t>> out;
        counts_.forEach([&](uint32_t id, uint64_t n) {
            if (n != 0)
                out.emplace_back(id, n);
        });
        std::sort(out.begin(), out.end());
        return out;
    }

private:
    IdTable<uint64_t> counts_;
};

} // namespace xenoscope::core
