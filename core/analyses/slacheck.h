#pragma once
// Compares each configured domain's host share with its entitlement over
// buckets of a chosen width (metrics.md, "SLA"). Entitlement, as a share of
// the host: weight / (sum of the configured weights), limited by the cap
// (cap% of one pCPU) and by its vCPU count (a domain cannot use more pCPUs
// than it has vCPUs). A bucket is a violation when the domain was runnable
// in it yet got less than its entitlement, or when it exceeded its cap.

#include "core/analyses/slaconfig.h"
#include "core/analyses/utilization.h"

#include <vector>

namespace xenoscope::core {

struct SlaViolation {
    TimeWindow bucket;
    uint64_t running = 0;
    uint64_t runnable = 0;
    double hostShare = 0;
    bool overCap = false; // else: under entitlement while runnable
};

struct SlaDomainReport {
    uint16_t domain = 0;
    double entitlement = 0; // host share
    double capShare = 0;    // host share allowed by the cap; 0 when uncapped
    uint64_t buckets = 0;
    uint64_t underBuckets = 0;
    uint64_t overCapBuckets = 0;
    double hostShare = 0; // over the whole window
    std::vector<SlaViolation> violations;
};

struct SlaReport {
    TimeWindow window;
    uint64_t bucket = 0;
    std::vector<SlaDomainReport> domains; // in file order
};

SlaReport checkSla(const SlaConfig& config, const UtilizationAnalysis& utilization,
                   TimeWindow window, uint64_t bucket);

} // namespace xenoscope::core
