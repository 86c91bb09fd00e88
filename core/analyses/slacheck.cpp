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

std::optional<bool> tracedCap(const SchedParams* trace, uint16_t domain) {
    if (!trace)
        return std::nullopt;
    for (const auto& c : trace->credit2)
        if (c.domain == domain && c.burns > 0)
            return c.capped();
    return std::nullopt;
}

} // namespace

std::optional<SlaConfig> slaFromTrace(const SchedParams& params) {
    SlaConfig config;
    config.fromTrace = true;
    for (const auto& v : params.rtds) {
        if (v.periodNs == 0)
            continue;
        if (config.domains.empty() || config.domains.back().domain != v.domain) {
            config.domains.emplace_back();
            config.domains.back().domain = v.domain;
        }
        SlaDomain& d = config.domains.back();
        ++d.vcpus;
        d.reservedPcpus += static_cast<double>(v.budgetNs) / static_cast<double>(v.periodNs);
        d.extratime = d.extratime || v.extratime;
    }
    if (config.domains.empty())
        return std::nullopt;
    return config;
}

SlaReport checkSla(const SlaConfig& config, const UtilizationAnalysis& utilization,
                   TimeWindow window, uint64_t bucket, const SchedParams* trace) {
    SlaReport report;
    report.window = window;
    report.bucket = bucket == 0 ? window.length() : bucket;
    report.fromTrace = config.fromTrace;
    const double pcpus = static_cast<double>(std::max<size_t>(utilization.pcpuCount(), 1));
    double totalWeight = 0; // of the domains sharing by weight
    for (const auto& d : config.domains)
        if (d.reservedPcpus <= 0)
            totalWeight += d.weight;

    const Utilization whole = utilization.compute(window);
    for (const auto& d : config.domains) {
        SlaDomainReport r;
        r.domain = d.domain;
        const DomainUtilization* seen = findDomain(whole, d.domain);
        const double vcpus = d.vcpus ? d.vcpus : (seen ? seen->vcpus : 1);
        if (d.reservedPcpus > 0) {
            r.reservedPcpus = d.reservedPcpus;
            r.entitlement = std::min(d.reservedPcpus, vcpus) / pcpus;
            if (!d.extratime)
                r.capShare = r.entitlement;
        } else {
            r.entitlement = totalWeight > 0 ? d.weight / totalWeight : 0;
            r.entitlement = std::min(r.entitlement, vcpus / pcpus);
        }
        if (d.capPercent > 0) {
            const double cap = d.capPercent / 100.0 / pcpus;
            r.capShare = r.capShare > 0 ? std::min(r.capShare, cap) : cap;
            r.entitlement = std::min(r.entitlement, r.capShare);
        }
        r.traceCapped = tracedCap(trace, d.domain);
        r.capMismatch = !config.fromTrace && r.traceCapped && *r.traceCapped != (d.capPercent > 0);
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
