#pragma once
// Finds the request a disk record belongs to by (frontend domain, device,
// request id): open addressing with linear probing and backward-shift
// deletion, so records cost one hash and usually one probe, and nothing is
// allocated once the table has grown to the number of requests in flight.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace xenoscope::core {

struct DiskKey {
    uint32_t device = 0;
    uint32_t id = 0;
    uint16_t domain = 0;
    friend bool operator==(const DiskKey&, const DiskKey&) = default;
};

class DiskRequestIndex {
public:
    static constexpr uint32_t None = 0xffffffffu;

    explicit DiskRequestIndex(size_t capacity = 1024)
        : slots_(roundUp(capacity * 2)) {}

    uint32_t find(const DiskKey& key) const {
        const size_t mask = slots_.size() - 1;
        for (size_t i = hash(key) & mask;; i = (i + 1) & mask) {
            const Slot& s = slots_[i];
            if (s.value == None)
                return None;
            if (s.key == key)
                return s.value;
        }
    }

    // `key` must not be present.
    void insert(const DiskKey& key, uint32_t value) {
        if ((size_ + 1) * 2 > slots_.size())
            grow();
        place(key, value);
        ++size_;
    }

    void erase(const DiskKey& key) {
        const size_t mask = slots_.size() - 1;
        size_t i = hash(key) & mask;
        while (slots_[i].value != None && !(slots_[i].key == key))
            i = (i + 1) & mask;
        if (slots_[i].value == None)
            return;
        // Backward shift: pull later entries of the probe run into the hole
        // when their home slot allows it, so lookups never need tombstones.
        size_t hole = i;
        for (size_t j = (i + 1) & mask; slots_[j].value != None; j = (j + 1) & mask) {
            const size_t home = hash(slots_[j].key) & mask;
            const bool movable =
                hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                slots_[hole] = slots_[j];
                hole = j;
            }
        }
        slots_[hole].value = None;
        --size_;
    }

    size_t size() const { return size_; }

private:
    struct Slot {
        DiskKey key;
        uint32_t value = None;
    };

    static size_t roundUp(size_t n) {
        size_t p = 16;
        while (p < n)
            p *= 2;
        return p;
    }
    static size_t hash(const DiskKey& k) {
        uint64_t x =
            (uint64_t{k.device} << 32 | k.id) ^ (uint64_t{k.domain} * 0x9e3779b97f4a7c15ull);
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdull;
        x ^= x >> 33;
        return static_cast<size_t>(x);
    }
    void place(const DiskKey& key, uint32_t value) {
        const size_t mask = slots_.size() - 1;
        size_t i = hash(key) & mask;
        while (slots_[i].value != None)
            i = (i + 1) & mask;
        slots_[i] = {key, value};
    }
    void grow() {
        std::vector<Slot> old(slots_.size() * 2);
        old.swap(slots_);
        for (const auto& s : old)
            if (s.value != None)
                place(s.key, s.value);
    }

    std::vector<Slot> slots_;
    size_t size_ = 0;
};

} // namespace xenoscope::core
