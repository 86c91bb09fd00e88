#pragma once
// Dense indices for vCPU keys, so probes keep per-vCPU state in plain
// vectors. An open-addressing table: one multiply and usually one probe per
// lookup — no std::map, no allocation once a vCPU has been seen.

#include "core/probes/vcpukey.h"

#include <cstdint>
#include <vector>

namespace xenoscope::core {

class VcpuIndex {
public:
    static constexpr uint32_t None = 0xffffffffu;

    VcpuIndex()
        : slots_(InitialSlots, 0) {}

    uint32_t find(VcpuKey key) const {
        const size_t mask = slots_.size() - 1;
        for (size_t i = hash(key) & mask;; i = (i + 1) & mask) {
            const uint32_t s = slots_[i];
            if (s == 0)
                return None;
            if (keys_[s - 1] == key)
                return s - 1;
        }
    }

    // The key's index; `added` tells whether it was new.
    uint32_t insert(VcpuKey key, bool& added) {
        const size_t mask = slots_.size() - 1;
        for (size_t i = hash(key) & mask;; i = (i + 1) & mask) {
            const uint32_t s = slots_[i];
            if (s != 0 && keys_[s - 1] == key) {
                added = false;
                return s - 1;
            }
            if (s == 0) {
                keys_.push_back(key);
                slots_[i] = static_cast<uint32_t>(keys_.size());
                added = true;
                if (keys_.size() * 2 > slots_.size())
                    grow();
                return static_cast<uint32_t>(keys_.size() - 1);
            }
        }
    }

    size_t size() const { return keys_.size(); }
    VcpuKey key(uint32_t index) const { return keys_[index]; }

private:
    static constexpr size_t InitialSlots = 64;

    static size_t hash(VcpuKey key) { return (key * 0x9e3779b1u) >> 7; }

    void grow() {
        slots_.assign(slots_.size() * 2, 0);
        const size_t mask = slots_.size() - 1;
        for (uint32_t k = 0; k < keys_.size(); ++k) {
            size_t i = hash(keys_[k]) & mask;
            while (slots_[i] != 0)
                i = (i + 1) & mask;
            slots_[i] = k + 1;
        }
    }

    std::vector<uint32_t> slots_; // index + 1; 0 = empty
    std::vector<VcpuKey> keys_;
};

} // namespace xenoscope::core
