#pragma once
// What a scheduler records about its own parameters (metrics.md, "SLA":
// entitlements "read from the trace where it is recorded"):
// - credit2's CREDIT_BURN carries the vCPU's remaining budget, INT_MIN when
//   its domain has no cap: whether a cap is in effect, not its value (nor the
//   weight, which credit and credit2 never record per domain);
// - RTDS's BUDGET_REPLENISH carries a vCPU's full budget and its next
//   deadline, which advances by whole periods; BUDGET_BURN says whether the
//   vCPU may run past its budget (extratime).

#include <cstdint>
#include <vector>

namespace xenoscope::core {

struct Credit2DomainParams {
    uint16_t domain = 0;
    uint64_t burns = 0;       // CREDIT_BURN records of its vCPUs
    uint64_t cappedBurns = 0; // of those, with a budget (not INT_MIN): a cap in effect
    bool capped() const { return cappedBurns > 0; }
};

struct RtdsVcpuParams {
    uint16_t domain = 0;
    uint16_t vcpu = 0;
    uint64_t replenishments = 0;
    uint64_t budgetNs = 0; // at the latest replenishment
    // The gcd of the deadlines' distances from the first one: every deadline
    // is the first plus whole periods. 0 with fewer than two replenishments.
    uint64_t periodNs = 0;
    bool budgetChanged = false; // replenishments disagree on the budget
    uint64_t burns = 0;
    bool extratime = false; // a burn said the vCPU may run beyond its budget
};

struct SchedParams {
    std::vector<Credit2DomainParams> credit2; // by domain
    std::vector<RtdsVcpuParams> rtds;         // by (domain, vcpu)
    bool empty() const { return credit2.empty() && rtds.empty(); }
};

} // namespace xenoscope::core
