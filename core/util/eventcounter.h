#pragma once
// Counts per event id without a hash lookup per record: ids are 28-bit, and
// real traces use a handful of classes, so counts live in 64 Ki-entry pages
// allocated per upper 12 bits of the id.

#include <array>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace xenoscope::core {

class EventCounter {
public:
    EventCounter()
        : pages_(PageCount) {}

    void add(uint32_t id, uint64_t n = 1) {
        auto& page = pages_[(id >> 16) & (PageCount - 1)];
        if (!page)
            page = std::make_unique<Page>();
        (*page)[id & 0xffff] += n;
    }

    uint64_t count(uint32_t id) const {
        const auto& page = pages_[(id >> 16) & (PageCount - 1)];
        return page ? (*page)[id & 0xffff] : 0;
    }

    // (id, count) for every id seen, ascending.
    std::vector<std::pair<uint32_t, uint64_t>> nonZero() const {
        std::vector<std::pair<uint32_t, uint64_t>> out;
        for (uint32_t hi = 0; hi < PageCount; ++hi) {
            if (!pages_[hi])
                continue;
            for (uint32_t lo = 0; lo < 0x10000; ++lo)
                if ((*pages_[hi])[lo] != 0)
                    out.emplace_back(hi << 16 | lo, (*pages_[hi])[lo]);
        }
        return out;
    }

private:
    static constexpr uint32_t PageCount = 1u << 12;
    using Page = std::array<uint64_t, 0x10000>;
    std::vector<std::unique_ptr<Page>> pages_;
};

} // namespace xenoscope::core
