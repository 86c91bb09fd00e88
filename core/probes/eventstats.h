#pragma once
// Event counts of one window (metrics.md, "Event statistics"): by event id,
// by class (bits 16-27 of the id), by the domain running on the record's
// pCPU, and by pCPU.

#include "core/probes/timewindow.h"

#include <cstdint>
#include <utility>
#include <vector>

namespace xenoscope::core {

struct EventStats {
    TimeWindow window;
    uint64_t total = 0;
    std::vector<std::pair<uint32_t, uint64_t>> byId;     // ascending id
    std::vector<std::pair<uint32_t, uint64_t>> byClass;  // class = (id >> 16) & 0xfff
    std::vector<std::pair<uint16_t, uint64_t>> byDomain; // owner's domain
    uint64_t unknownDomain = 0;                          // nobody known running
    std::vector<std::pair<uint16_t, uint64_t>> byPcpu;
};

} // namespace xenoscope::core
