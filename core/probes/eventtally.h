#pragma once
// Counts records the way "Event statistics" (metrics.md) needs them: by
// event id, by the domain running on the record's pCPU and by pCPU. One
// accumulation for the dispatcher (which counts every record of a pass),
// for EventStatsProbe's windows and for windows counted after the pass, so
// they cannot disagree on what a domain or a class is.

#include "core/format/record.h"
#include "core/probes/eventstats.h"
#include "core/util/eventcounter.h"

#include <cstdint>
#include <utility>
#include <vector>

namespace xenoscope::core {

class EventTally {
public:
    using IdCounts = std::vector<std::pair<uint32_t, uint64_t>>; // ascending id

    // A record with its id.
    void add(uint32_t id, uint16_t pcpu, const Owner& owner) {
        ids_.add(id);
        addPlace(pcpu, owner);
    }
    // A record whose id the caller counts (the dispatcher, in the slot of its
    // table it looks up anyway).
    void addPlace(uint16_t pcpu, const Owner& owner) {
        if (pcpu >= pcpus_.size() || (owner.known && domains_.empty())) [[unlikely]]
            makeRoom(pcpu);
        ++(owner.known ? domains_[owner.domain] : unknownDomain_);
        ++pcpus_[pcpu];
    }

    // Records counted per pCPU, indexed by pCPU.
    const std::vector<uint64_t>& pcpuCounts() const { return pcpus_; }

    // The statistics of the records counted, as those of `window`.
    EventStats stats(TimeWindow window) const { return stats(window, ids_.nonZero()); }
    // ... with the counts by id kept by the caller (addPlace()).
    EventStats stats(TimeWindow window, IdCounts byId) const;

private:
    // Out of the way of the per-record path: it runs a few times a pass.
    [[gnu::noinline]] void makeRoom(uint16_t pcpu);

    EventCounter ids_;
    std::vector<uint64_t> domains_; // by domain id, allocated on the first known owner
    uint64_t unknownDomain_ = 0;
    std::vector<uint64_t> pcpus_;
};

} // namespace xenoscope::core
