#include "core/probes/hvmspans.h"

#include <algorithm>

namespace xenoscope::core {

uint16_t VcpuHvmSpans::slotOf(const HvmCause& c) {
    const auto it = std::find(causes.begin(), causes.end(), c);
    if (it != causes.end())
        return static_cast<uint16_t>(it - causes.begin());
    if (causes.size() < MaxCauses - 2) {
        causes.push_back(c);
        return static_cast<uint16_t>(causes.size() - 1);
    }
    // Full: the vendor's catch-all, made on first need.
    const HvmCause unkept{c.kind, UINT32_MAX};
    const auto kept = std::find(causes.begin() + MaxCauses - 2, causes.end(), unkept);
    if (kept != causes.end())
        return static_cast<uint16_t>(kept - causes.begin());
    causes.push_back(unkept);
    return static_cast<uint16_t>(causes.size() - 1);
}

uint64_t VcpuHvmSpans::add(uint64_t start, uint64_t end, uint16_t pcpu, uint16_t slot,
                           uint64_t maxPieces) {
    // Pieces before the last one: end - start >= k * Continues.
    const uint64_t needed = (end - start) / HvmSpan::Continues;
    uint64_t cut = 0;
    if (needed >= maxPieces) {
        const uint64_t kept = std::max<uint64_t>(maxPieces, 1) - 1;
        const uint64_t newEnd = start + kept * HvmSpan::Continues;
        cut = end - newEnd;
        end = newEnd;
    }
    while (end - start >= HvmSpan::Continues) {
        spans.push_back({start, HvmSpan::Continues, pcpu, slot});
        start += HvmSpan::Continues;
    }
    spans.push_back({start, static_cast<uint32_t>(end - start), pcpu, slot});
    return cut;
}

} // namespace xenoscope::core
