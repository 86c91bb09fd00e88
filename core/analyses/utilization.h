#pragma once
// CPU utilization over a window (metrics.md, "pCPU occupancy and
// utilization"): per pCPU busy/idle/unknown from occupancy; per vCPU and per
// domain from running time (the idle domain excluded from domain totals);
// imbalance: runnable time while some pCPU the vCPU may use was idle ("could
// have run") and the spread of busy time across pCPUs.

#include "core/analyses/intervalset.h"
#include "core/probes/occupancytimelines.h"
#include "core/probes/runstatetimelines.h"

#include <cstdint>
#include <vector>

namespace xenoscope::core {

struct PcpuUtilization {
    uint16_t pcpu = 0;
    uint64_t busy = 0;    // a non-idle vCPU ran
    uint64_t idle = 0;    // its idle vCPU ran
    uint64_t unknown = 0; // before its first switch, lost-record gaps
};

struct VcpuUtilization {
    uint16_t domain = 0;
    uint16_t vcpu = 0;
    uint64_t running = 0;
    uint64_t runnable = 0;
    uint64_t couldRun = 0; // runnable while an allowed pCPU was idle
};

struct DomainUtilization {
    uint16_t domain = 0;
    uint32_t vcpus = 0;
    uint64_t running = 0;
    uint64_t runnable = 0;
    uint64_t couldRun = 0;
    double share = 0;     // running / (window x vCPUs)
    double hostShare = 0; // running / (window x pCPUs)
};

struct Imbalance {
    uint64_t couldRun = 0; // all non-idle vCPUs
    uint64_t busyMax = 0;  // across pCPUs
    uint64_t busyMin = 0;
    uint64_t busySpread = 0; // max - min
    double busyCv = 0;       // standard deviation / mean (population)
};

struct Utilization {
    TimeWindow window;
    std::vector<PcpuUtilization> pcpus;
    std::vector<VcpuUtilization> vcpus;     // non-idle and idle alike
    std::vector<DomainUtilization> domains; // idle domain excluded
    Imbalance imbalance;
};

// Which pCPUs a domain's vCPUs may run on. The trace does not record
// affinity: without an entry every pCPU is allowed.
struct DomainAffinity {
    uint16_t domain = 0;
    std::vector<uint16_t> pcpus;
};

class UtilizationAnalysis {
public:
    // Keeps references: the timelines must outlive the analysis.
    UtilizationAnalysis(const RunstateTimelines& runstates, const OccupancyTimelines& occupancy,
                        std::vector<DomainAffinity> affinity = {});

    Utilization compute(TimeWindow window) const;
    // Consecutive buckets of `width` cycles from window.t0 (the last one may be shorter).
    std::vector<Utilization> buckets(TimeWindow window, uint64_t width) const;

    size_t pcpuCount() const { return occupancy_.pcpus.size(); }

private:
    const IntervalSet& idleFor(uint16_t domain) const;

    const RunstateTimelines& runstates_;
    const OccupancyTimelines& occupancy_;
    std::vector<DomainAffinity> affinity_;
    IntervalSet idleAll_;                     // some pCPU idle
    std::vector<IntervalSet> idleByAffinity_; // parallel to affinity_
};

} // namespace xenoscope::core
