#pragma once
// The one hash of the index cache (trace head/tail key, payload checksum):
// FNV-1a over 64-bit little-endian words with an xor-shift after each
// multiply, bytes for the tail. Every step is a bijection of the state, so
// changing any one word always changes the result; word-at-a-time it hashes
// gigabytes per second. Not cryptographic: it detects damage, not forgery.

#include <cstdint>
#include <cstring>
#include <span>

namespace xenoscope::core {

inline uint64_t hash64(std::span<const uint8_t> data, uint64_t h = 0xcbf29ce484222325ull) {
    constexpr uint64_t Prime = 0x100000001b3ull;
    size_t i = 0;
    for (; i + 8 <= data.size(); i += 8) {
        uint64_t w = 0;
        std::memcpy(&w, data.data() + i, 8);
        h ^= w;
        h *= Prime;
        h ^= h >> 32;
    }
    for (; i < data.size(); ++i) {
        h ^= data[i];
        h *= Prime;
    }
    return h;
}

} // namespace xenoscope::core
