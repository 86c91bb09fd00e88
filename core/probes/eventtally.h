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
        if (owner.known) {
            if (domains_.empty())
                domains_.assign(size_t{UINT16_MAX} + 1, 0);
            ++domains_[owner.domain];
        } else {
            ++unknownDomain_;
        }
        if (pcpu >= pcpus_.size())
            pcpus_.resize(size_t{pcpu} + 1, 0);
        ++pcpus_[pcpu];
    }

    // Records counted per pCPU, indexed by pCPU.
    const std::vector<uint64_t>& pcpuCounts() const { return pcpus_; }

    // The statistics of the records counted, as those of `window`.
    EventStats stats(TimeWindow window) const { return stats(window, ids_.nonZero()); }
    // ... with the counts by id kept by the caller (addPlace()).
    EventStats stats(TimeWindow window, IdCounts byId) const;

private:
    EventCounter ids_;
    std::vector<uint64_t> domains_; // by domain id, allocated on the first known owner
    uint64_t unknownDomain_ = 0;
    std::vector<uint64_t> pcpus_;
};

} // namespace xenoscope::core
