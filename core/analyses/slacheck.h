#pragma once
// Compares each configured domain's host share with its entitlement over
// buckets of a chosen width (metrics.md, "SLA"). Entitlement, as a share of
// the host: weight / (sum of the configured weights), limited by the cap
// (cap% of one pCPU) and by its vCPU count (a domain cannot use more pCPUs
// than it has vCPUs); for an RTDS reservation, the reserved pCPUs (also the
// cap, without extratime). A bucket is a violation when the domain was
// runnable in it yet got less than its entitlement, or when it exceeded its
// cap. Where the trace records whether a cap is in effect (credit2), each
// domain says so, and whether that agrees with the configuration.

#include "core/analyses/slaconfig.h"
#include "core/analyses/utilization.h"
#include "core/probes/schedparams.h"

#include <optional>
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
    double hostShare = 0;     // over the whole window
    double reservedPcpus = 0; // RTDS reservation (from the trace), else 0
    // credit2 burns of this domain's vCPUs said a cap was (true) or was not
    // (false) in effect; nullopt: the trace does not say.
    std::optional<bool> traceCapped;
    // The configuration's cap disagrees with traceCapped.
    bool capMismatch = false;
    std::vector<SlaViolation> violations;
};

struct SlaReport {
    TimeWindow window;
    uint64_t bucket = 0;
    bool fromTrace = false;               // the entitlements came from the trace
    std::vector<SlaDomainReport> domains; // in file order
};

SlaReport checkSla(const SlaConfig& config, const UtilizationAnalysis& utilization,
                   TimeWindow window, uint64_t bucket, const SchedParams* trace = nullptr);

// The entitlements a trace records by itself: one domain per RTDS domain
// whose vCPUs show a period (two replenishments or more). Nullopt when there
// is none (credit and credit2 record no weights, and no cap values).
std::optional<SlaConfig> slaFromTrace(const SchedParams& params);

} // namespace xenoscope::core
