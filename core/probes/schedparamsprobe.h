#pragma once
// Collects the scheduler parameters a trace records (schedparams.h). Counts,
// maxima and gcds need no order: per pCPU, and independent of other probes.

#include "core/probes/probe.h"
#include "core/probes/schedparams.h"

#include <map>
#include <utility>

namespace xenoscope::core {

class SchedParamsProbe final : public Probe {
public:
    // Ids of the records (TRC_SCHED_CLASS_EVT: 0x00022000 | scheduler << 9 | event).
    static constexpr uint32_t Credit2CreditBurn = 0x00022203; // credit2 = 1, event 3
    static constexpr uint32_t RtdsBudgetBurn = 0x00022803;    // RTDS = 4, event 3
    static constexpr uint32_t RtdsBudgetReplenish = 0x00022804;

    ProbeOrder order() const override { return ProbeOrder::PerPcpu; }
    bool independent() const override { return true; }
    void attach(ProbeDispatcher& dispatcher) override;
    void finish(const TraceSpan& span) override;

    const SchedParams& result() const { return result_; }
    SchedParams take() { return std::move(result_); }

private:
    struct Rtds {
        RtdsVcpuParams params;
        uint64_t firstDeadline = 0;
        uint64_t latestDeadline = 0;
    };
    void onCreditBurn(const Record& r, const Owner& owner);
    void onRtdsBurn(const Record& r, const Owner& owner);
    void onRtdsReplenish(const Record& r, const Owner& owner);
    Rtds& rtds(uint32_t unitWord);

    // Few records (one per scheduling decision at most) and few vCPUs: maps
    // keep the results sorted.
    std::map<uint16_t, Credit2DomainParams> credit2_;
    std::map<uint32_t, Rtds> rtds_; // by domain << 16 | vcpu
    SchedParams result_;
};

} // namespace xenoscope::core
