#pragma once
// PV entries into Xen (metrics.md: counted, not timed): per domain, how
// many of each kind (hypercall, trap, page fault, ...) and hypercalls by
// number.

#include <cstdint>
#include <utility>
#include <vector>

namespace xenoscope::core {

struct PvDomainEntries {
    uint16_t domain = 0;
    std::vector<std::pair<uint32_t, uint64_t>> byKind;      // event id without TRC_64_FLAG
    std::vector<std::pair<uint32_t, uint64_t>> byHypercall; // hypercall number
};

struct PvEntries {
    std::vector<PvDomainEntries> domains; // ascending; records with no known owner are not counted
};

} // namespace xenoscope::core
