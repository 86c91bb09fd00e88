#pragma once
// Tracks which vCPU holds each pCPU (metrics.md, "pCPU occupancy"): from the
// pCPU's first SCHED_SWITCH on; on pCPUs without SCHED_SWITCH records, from
// runstate changes into and out of running written there; unknown during
// lost-record gaps. Publishes every change for the probes that need to know
// when a vCPU is switched onto or off a pCPU (HVM spans, the index).

#include "core/probes/occupancytimelines.h"
#include "core/probes/probe.h"
#include "core/probes/topic.h"

#include <utility>

namespace xenoscope::core {

struct OccupancyChange {
    enum class Cause : uint8_t { Switch, Runstate, LostStart, LostEnd };
    uint64_t tsc = 0;
    uint16_t pcpu = 0;
    VcpuKey prev = NoVcpu; // who left (NoVcpu: unknown)
    VcpuKey next = NoVcpu; // who holds it from tsc on (NoVcpu: unknown)
    Cause cause = Cause::Switch;
};

class OccupancyProbe final : public Probe {
public:
    // State is per pCPU: the merge by time is not needed.
    ProbeOrder order() const override { return ProbeOrder::PerPcpu; }
    void attach(ProbeDispatcher& dispatcher) override;
    // Reads which pCPUs have SCHED_SWITCH records. Without it, every pCPU is
    // taken to have them.
    void begin(const ChunkTable& table) override;
    void finish(const TraceSpan& span) override;

    Topic<OccupancyChange>& changes() { return changes_; }
    const OccupancyTimelines& result() const { return result_; }
    // Moves the result out after finish() (AnalysisPass hands it on without a copy).
    OccupancyTimelines take() { return std::move(result_); }

private:
    void onSwitch(const Record& r, const Owner& owner);
    void onRunstate(const Record& r, const Owner& owner);
    void onLost(const Record& r, const Owner& owner);
    PcpuTimeline& pcpu(uint16_t p);
    void change(uint16_t p, uint64_t tsc, VcpuKey prev, VcpuKey next, OccupancyChange::Cause cause);

    std::vector<PcpuTimeline> pcpus_; // by pCPU number
    std::vector<uint8_t> byRunstate_; // pCPU has no SCHED_SWITCH: follow runstate changes
    Topic<OccupancyChange> changes_;
    OccupancyTimelines result_;
};

} // namespace xenoscope::core
