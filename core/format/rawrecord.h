#pragma once
// Bit layout of a record header (Xen's struct t_rec): the one place that
// knows it. Everything that walks raw trace bytes goes through these.

#include <cstdint>
#include <cstring>

namespace xenoscope::core::raw {

inline constexpr uint32_t CpuChangeHeader = 0x2001f003; // TRC_TRACE_CPU_CHANGE, 2 words, no TSC
inline constexpr uint32_t CpuChangeHeaderSwapped = 0x03f00120;
inline constexpr size_t CpuChangeSize = 12;

inline uint32_t load32(const uint8_t* p) {
    uint32_t v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

inline uint64_t load64(const uint8_t* p) {
    return uint64_t{load32(p)} | uint64_t{load32(p + 4)} << 32;
}

constexpr uint32_t eventOf(uint32_t header) {
    return header & 0x0fffffff;
}
constexpr unsigned wordsOf(uint32_t header) {
    return (header >> 28) & 7;
}
constexpr bool hasTscOf(uint32_t header) {
    return (header >> 31) != 0;
}
constexpr size_t sizeOf(uint32_t header) {
    return 4 + (hasTscOf(header) ? 8 : 0) + 4 * size_t{wordsOf(header)};
}
// Offset of the first payload word.
constexpr size_t payloadOf(uint32_t header) {
    return hasTscOf(header) ? 12 : 4;
}

} // namespace xenoscope::core::raw
