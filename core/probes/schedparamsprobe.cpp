#include "core/probes/schedparamsprobe.h"

#include "core/probes/probedispatcher.h"

#include <numeric>

namespace xenoscope::core {

void SchedParamsProbe::attach(ProbeDispatcher& d) {
    d.on<&SchedParamsProbe::onCreditBurn>(Credit2CreditBurn, this);
    d.on<&SchedParamsProbe::onRtdsBurn>(RtdsBudgetBurn, this);
    d.on<&SchedParamsProbe::onRtdsReplenish>(RtdsBudgetReplenish, this);
}

void SchedParamsProbe::onCreditBurn(const Record& r, const Owner&) {
    // { uint16_t unit, dom; int32_t credit, budget, delta; }
    if (r.nwords < 3)
        return;
    const auto domain = static_cast<uint16_t>(r.words[0] >> 16);
    Credit2DomainParams& d = credit2_[domain];
    d.domain = domain;
    ++d.burns;
    if (static_cast<int32_t>(r.words[2]) != INT32_MIN)
        ++d.cappedBurns;
}

SchedParamsProbe::Rtds& SchedParamsProbe::rtds(uint32_t unitWord) {
    // Both schedulers pack { uint16_t unit, dom; } into the first word: it is
    // domain << 16 | vcpu, the key.
    Rtds& v = rtds_[unitWord];
    v.params.domain = static_cast<uint16_t>(unitWord >> 16);
    v.params.vcpu = static_cast<uint16_t>(unitWord & 0xffff);
    return v;
}

void SchedParamsProbe::onRtdsBurn(const Record& r, const Owner&) {
    // { uint16_t unit, dom; uint64_t cur_budget; uint32_t delta, priority_level,
    // has_extratime; } (packed)
    if (r.nwords < 6)
        return;
    Rtds& v = rtds(r.words[0]);
    ++v.params.burns;
    v.params.extratime = v.params.extratime || r.words[5] != 0;
}

void SchedParamsProbe::onRtdsReplenish(const Record& r, const Owner&) {
    // { uint16_t unit, dom; uint32_t priority_level; uint64_t cur_deadline, cur_budget; }
    if (r.nwords < 6)
        return;
    Rtds& v = rtds(r.words[0]);
    const uint64_t deadline = r.word64(2);
    const uint64_t budget = r.word64(4);
    RtdsVcpuParams& p = v.params;
    if (p.replenishments == 0) {
        v.firstDeadline = v.latestDeadline = deadline;
        p.budgetNs = budget;
    } else {
        const uint64_t distance =
            deadline > v.firstDeadline ? deadline - v.firstDeadline : v.firstDeadline - deadline;
        p.periodNs = std::gcd(p.periodNs, distance);
        p.budgetChanged = p.budgetChanged || budget != p.budgetNs;
        if (deadline >= v.latestDeadline) {
            v.latestDeadline = deadline;
            p.budgetNs = budget;
        }
    }
    ++p.replenishments;
}

void SchedParamsProbe::finish(const TraceSpan&) {
    result_ = {};
    for (const auto& [domain, d] : credit2_)
        result_.credit2.push_back(d);
    for (const auto& [key, v] : rtds_)
        result_.rtds.push_back(v.params);
}

} // namespace xenoscope::core
