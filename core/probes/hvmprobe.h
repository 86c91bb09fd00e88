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

#include <array>
#include <unordered_map>
#include <utility>

namespace xenoscope::core {

struct HvmSpanClosed {
    VcpuKey vcpu = NoVcpu;
    uint64_t start = 0;
    uint64_t end = 0;
    uint16_t pcpu = 0;
    HvmCause cause;
};

class HvmProbe final : public Probe {
public:
    explicit HvmProbe(OccupancyProbe& occupancy);
    // Spans open and close on one pCPU (finish() puts each vCPU's in order).
    ProbeOrder order() const override { return ProbeOrder::PerPcpu; }
    void attach(ProbeDispatcher& dispatcher) override;
    void finish(const TraceSpan& span) override;
    // How many threads finish() puts the vCPUs' spans in order on (1 or 2;
    // 2 by default: when the pass ends, both cores are free).
    void setThreads(int threads) { threads_ = threads; }

    // Pieces beyond each span's first (HvmSpan::Continues) all spans
    // together may take: as many as there are spans, and at least this many
    // (16 MiB; about 18 days of one span at 2.8 GHz). A timestamp damaged
    // into the far future (say bit 63 set) would otherwise ask for 2^31
    // pieces, 32 GiB, for one span closed at it; past the bound, spans are
    // cut short and counted (HvmSpans::cutSpans).
    static constexpr uint64_t MinPieceBudget = uint64_t{1} << 20;

    Topic<HvmSpanClosed>& spans() { return closed_; }
    const HvmSpans& result() const { return result_; }
    // Moves the result out after finish() (AnalysisPass hands it on without a copy).
    HvmSpans take() { return std::move(result_); }

private:
    struct Open {
        bool open = false;
        uint16_t cause = 0; // slot in who's causes (0: resume)
        uint64_t start = 0;
        VcpuKey who = NoVcpu;
        uint32_t slot = 0; // who's index in vcpus_ (when who != NoVcpu)
        // The vCPU last seen entering or leaving guest mode here, already
        // marked as HVM: saves a lookup per VMEXIT/VMENTRY.
        VcpuKey marked = NoVcpu;
        uint32_t markedSlot = 0;
        uint32_t stay = 0; // counts holdings of this pCPU (occupancy changes, gaps)
    };
    // Where a vCPU's spans start a new stay on some pCPU. Records come per
    // pCPU (order()), so a vCPU's spans arrive as such segments, each sorted;
    // stays do not overlap, so sorting the segments sorts the spans.
    struct Segments {
        uint16_t pcpu = 0;
        uint32_t stay = UINT32_MAX;
        std::vector<uint32_t> starts; // indices into the vCPU's spans
    };

    // Per vCPU: the slots of its causes, looked up once per exit. Reasons
    // below 256 (all named VMX reasons, most SVM codes) are indexed directly.
    struct CauseSlots {
        std::array<uint16_t, 512> low{}; // [svm][reason]: slot, 0 when not yet seen
        std::unordered_map<uint64_t, uint16_t> other;
    };

    void onExit(const Record& r, const Owner& owner);
    uint16_t causeSlot(uint32_t vcpuSlot, const HvmCause& cause);
    void onEntry(const Record& r, const Owner& owner);
    void onLost(const Record& r, const Owner& owner);
    void onOccupancy(const OccupancyChange& c);
    Open& open(uint16_t pcpu);
    void close(uint16_t pcpu, uint64_t tsc);
    uint32_t vcpuFor(VcpuKey key);
    static void putInOrder(ReallocVector<HvmSpan>& spans, const std::vector<uint32_t>& starts);
    // Marks the vCPU writing VMEXIT/VMENTRY on `pcpu` as HVM; its index.
    uint32_t markHvm(uint16_t pcpu, VcpuKey who);

    std::vector<Open> open_; // by pCPU
    VcpuIndex index_;
    std::vector<VcpuHvmSpans> vcpus_;
    std::vector<Segments> segments_;     // by vCPU slot
    std::vector<CauseSlots> causeSlots_; // by vCPU slot
    Topic<HvmSpanClosed> closed_;
    uint64_t closedSpans_ = 0;
    uint64_t extraPieces_ = 0; // pieces beyond each span's first, so far
    HvmSpans result_;          // its cut counts grow as spans close
    int threads_ = 2;
};

} // namespace xenoscope::core
