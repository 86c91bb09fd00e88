#pragma once
// A map from event id to a small value for lookups made on every record: an
// open-addressed table, at most half full. A trace uses a few hundred ids,
// so the table is a few kilobytes and stays in cache while the trace
// streams past; a damaged file full of random ids costs a slot per
// distinct id.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace xenoscope::core {

template <class V> class IdTable {
public:
    IdTable() { clear(); }

    // The value of `id`, or nullptr.
    V* find(uint32_t id) {
        for (size_t i = hash(id) & mask_;; i = (i + 1) & mask_) {
            Slot& s = slots_[i];
            if (s.id == id)
                return &s.value;
            if (s.id == Empty)
                return nullptr;
        }
    }
    const V* find(uint32_t id) const { return const_cast<IdTable*>(this)->find(id); }

    // Adds `id` (not in the table yet).
    V& insert(uint32_t id, const V& value) {
        if (2 * (used_ + 1) > slots_.size()) {
            std::vector<Slot> old(slots_.size() * 2);
            old.swap(slots_);
            mask_ = slots_.size() - 1;
            used_ = 0;
            for (const Slot& s : old)
                if (s.id != Empty)
                    insert(s.id, s.value);
        }
        size_t i = hash(id) & mask_;
        while (slots_[i].id != Empty)
            i = (i + 1) & mask_;
        slots_[i] = {id, value};
        ++used_;
        return slots_[i].value;
    }

    // f(id, value) for every id, in no particular order.
    template <class F> void forEach(F&& f) const {
        for (const Slot& s : slots_)
            if (s.id != Empty)
                f(s.id, s.value);
    }

    void clear() {
        slots_.assign(256, Slot{});
        mask_ = slots_.size() - 1;
        used_ = 0;
    }

private:
    static constexpr uint32_t Empty = UINT32_MAX; // event ids have 28 bits
    struct Slot {
        uint32_t id = Empty;
        V value{};
    };
    // Ids of one class differ in their low bits, classes in bits 16-27: mix
    // both into the bits the mask keeps.
    static size_t hash(uint32_t id) { return (id ^ id >> 15) * 0x9e3779b1u >> 8; }

    std::vector<Slot> slots_; // a power of two
    size_t mask_ = 0;         // slots_.size() - 1, kept: the size divides by sizeof(Slot)
    size_t used_ = 0;
};

} // namespace xenoscope::core
