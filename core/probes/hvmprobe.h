#pragma once
// Splits HVM vCPUs' running time into guest and hypervisor: opens an exit
// span at each VMEXIT and a resume span at each switch onto a pCPU, closes
// them at the next VMENTRY on that pCPU, at the vCPU's switch out of it
// (from the occupancy probe), at the start of a lost-record gap, or at T1.
// Publishes every closed span.

#include "core/probes/hvmspans.h"
#include "core/probes/occupancyprobe.h"
#include "core/probes/probe.h"
#include "core/probes/topic.h"
#include "core/probes/vcpuindex.h"

#include <utility>

namespace xenoscope::core {

struct HvmSpanClosed {
    VcpuKey vcpu = NoVcpu;
    HvmSpan span;
};

class HvmProbe final : public Probe {
public:
    explicit HvmProbe(OccupancyProbe& occupancy);
    void attach(ProbeDispatcher& dispatcher) override;
    void finish(const TraceSpan& span) override;

    Topic<HvmSpanClosed>& spans() { return closed_; }
    const HvmSpans& result() const { return result_; }
    // Moves the result out after finish() (AnalysisPass hands it on without a copy).
    HvmSpans take() { return std::move(result_); }

private:
    struct Open {
        bool open = false;
        HvmSpanKind kind = HvmSpanKind::Resume;
        uint32_t reason = 0;
        uint64_t start = 0;
        VcpuKey who = NoVcpu;
    };

    void onExit(const Record& r, const Owner& owner);
    void onEntry(const Record& r, const Owner& owner);
    void onLost(const Record& r, const Owner& owner);
    void onOccupancy(const OccupancyChange& c);
    Open& open(uint16_t pcpu);
    void close(uint16_t pcpu, uint64_t tsc);
    uint32_t vcpuFor(VcpuKey key);

    std::vector<Open> open_; // by pCPU
    VcpuIndex index_;
    std::vector<VcpuHvmSpans> vcpus_;
    Topic<HvmSpanClosed> closed_;
    HvmSpans result_;
};

} // namespace xenoscope::core
