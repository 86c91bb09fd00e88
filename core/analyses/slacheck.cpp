#include "core/analyses/slacheck.h"

#include <algorithm>

namespace xenoscope::core {

namespace {

const DomainUtilization* findDomain(const Utilization& u, uint16_t domain) {
    for (const auto& d : u.domains)
        if (d.domain == domain)
            return &d;
    return nullptr;
}

} // namespace

SlaReport checkSla(const SlaConfig& config, const UtilizationAnalysis& utilization,
                   TimeWindow window, uint64_t bucket) {
    SlaReport report;
    report.window = window;
    report.bucket = bucket == 0 ? window.length() : bucket;
    const double pcpus = static_cast<double>(std::max<size_t>(utilization.pcpuCount(), 1));
    double totalWeight = 0;
    for (const auto& d : config.domains)
        totalWeight += d.weight;

    const Utilization whole = utilization.compute(window);
    for (const auto& d : config.domains) {
        SlaDomainReport r;
        r.domain = d.domain;
        const DomainUtilization* seen = findDomain(whole, d.domain);
        const double vcpus = d.vcpus ? d.vcpus : (seen ? seen->vcpus : 1);
        r.entitlement = totalWeight > 0 ? d.weight / totalWeight : 0;
        r.entitlement = std::min(r.entitlement, vcpus / pcpus);
        if (d.capPercent > 0) {
            r.capShare = d.capPercent / 100.0 / pcpus;
            r.entitlement = std::min(r.entitlement, r.capShare);
        }
        r.hostShare = seen ? seen->hostShare : 0;
        report.domains.push_back(std::move(r));
    }
    for (const Utilization& u : utilization.buckets(window, report.bucket)) {
        for (auto& r : report.domains) {
            ++r.buckets;
            const DomainUtilization* du = findDomain(u, r.domain);
            const SlaViolation v{u.window, du ? du->running : 0, du ? du->runnable : 0,
                                 du ? du->hostShare : 0, false};
            if (r.capShare > 0 && v.hostShare > r.capShare) {
                ++r.overCapBuckets;
                r.violations.push_back(v);
                r.violations.back().overCap = true;
            } else if (v.runnable > 0 && v.hostShare < r.entitlement) {
                ++r.underBuckets;
                r.violations.push_back(v);
            }
        }
    }
    return report;
}

} // namespace xenoscope::core
