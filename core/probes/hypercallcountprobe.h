#pragma once
// EXAMPLE PROBE — read this first when adding an analysis (docs/probes.md).
// Counts hypercalls per domain: PV guests' TRC_PV_HYPERCALL_V2 records,
// charged to the domain whose vCPU was running on the record's pCPU.
//
// The three parts of every probe:
//   1. attach(): say which event ids (or classes, or other probes' topics) it
//      wants. The dispatcher calls the handler only for those: records nobody
//      wants cost nothing.
//   2. handlers: update plain state. They run once per matching record, so
//      no allocation, no map lookup, no std::function in them.
//   3. finish(): turn the state into a plain result struct.

#include "core/probes/probe.h"

#include <cstdint>
#include <utility>
#include <vector>

namespace xenoscope::core {

class HypercallCountProbe final : public Probe {
public:
    // (domain, hypercalls), ascending by domain: the probe's result.
    using Result = std::vector<std::pair<uint16_t, uint64_t>>;

    // Counts need no order across pCPUs: skip the merge by time (probe.h).
    ProbeOrder order() const override { return ProbeOrder::PerPcpu; }
    bool independent() const override { return true; }
    void attach(ProbeDispatcher& dispatcher) override;
    void finish(const TraceSpan& span) override;

    const Result& result() const { return result_; }

private:
    void onHypercall(const Record& r, const Owner& owner);

    // Indexed by domain id: one add per record, no lookup. 512 KiB, allocated
    // on the first hypercall only.
    std::vector<uint64_t> perDomain_;
    Result result_;
};

} // namespace xenoscope::core
