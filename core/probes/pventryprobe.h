#pragma once
// Counts PV entries (the PV trace class 0x0020f000) per domain of the vCPU
// running there, by kind and by hypercall number.

#include "core/probes/probe.h"
#include "core/probes/pventries.h"

#include <array>
#include <utility>

namespace xenoscope::core {

class PvEntryProbe final : public Probe {
public:
    // Counts: any order will do.
    ProbeOrder order() const override { return ProbeOrder::PerPcpu; }
    bool independent() const override { return true; }
    void attach(ProbeDispatcher& dispatcher) override;
    void finish(const TraceSpan& span) override;

    const PvEntries& result() const { return result_; }
    // Moves the result out after finish() (AnalysisPass hands it on without a copy).
    PvEntries take() { return std::move(result_); }

private:
    static constexpr size_t Kinds = 0x1000;    // subclass (bits 12-15) x event number (bits 0-7)
    static constexpr size_t Hypercalls = 0x40; // larger numbers go to the last slot
    struct Domain {
        std::array<uint64_t, Kinds> kinds{};
        std::array<uint64_t, Hypercalls + 1> hypercalls{};
        uint32_t bigOp = 0; // some hypercall number >= Hypercalls (reported as such)
    };

    void onPv(const Record& r, const Owner& owner);

    std::vector<int32_t> slot_; // domain -> index into domains_, -1 when none
    std::vector<Domain> domains_;
    std::vector<uint16_t> ids_;
    PvEntries result_;
};

} // namespace xenoscope::core
