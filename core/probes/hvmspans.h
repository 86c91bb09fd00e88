#pragma once
// The HVM probe's result: per vCPU, the spans it spent in the hypervisor
// while holding a pCPU (metrics.md, "Time in the hypervisor"): exit spans
// (VMEXIT to the next VMENTRY or the switch out) with their exit reason, and
// resume spans (switch in to the first VMENTRY or the switch out).

#include "core/probes/timewindow.h"
#include "core/util/reallocvector.h"

#include <cstdint>
#include <vector>

namespace xenoscope::core {

enum class HvmSpanKind : uint8_t { Resume = 0, VmxExit = 1, SvmExit = 2 };

// What a span was spent on: resuming the guest, or an exit for a reason
// (VMX basic exit reason or SVM exit code; 0 for resume spans).
struct HvmCause {
    HvmSpanKind kind = HvmSpanKind::Resume;
    uint32_t reason = 0;
    bool operator==(const HvmCause&) const = default;
};

// Sixteen bytes, as a 700 MB trace holds some 11 million of them: its cause
// is a slot in the vCPU's table of causes, its end a 32-bit length. A span
// longer than a length holds (4.29e9 cycles, over a second) is kept as
// pieces: every piece but the last is Continues long and ends where the
// next starts (a span of exactly Continues cycles gets an empty last piece).
// VcpuHvmSpans::add() cuts them; exits are counted at their first piece.
struct HvmSpan {
    static constexpr uint32_t Continues = UINT32_MAX;

    uint64_t start = 0;
    uint32_t length = 0;
    uint16_t pcpu = 0;
    uint16_t cause = 0; // slot in VcpuHvmSpans::causes

    uint64_t end() const { return start + length; }
    bool continues() const { return length == Continues; }
};

struct VcpuHvmSpans {
    // A vCPU's causes fill at most this many slots; the last two are kept
    // for the causes past them (only damaged traces have that many): an
    // exit of either vendor whose reason was not kept, reason UINT32_MAX.
    static constexpr size_t MaxCauses = 65536;

    uint16_t domain = 0;
    uint16_t vcpu = 0;
    // The vCPU wrote VMENTRY/VMEXIT records: an HVM vCPU. Resume spans of
    // other vCPUs are kept but mean nothing (they never enter a guest mode).
    bool hvm = false;
    std::vector<HvmCause> causes{HvmCause{}}; // slot 0: resume
    ReallocVector<HvmSpan> spans;             // by start

    const HvmCause& causeOf(const HvmSpan& s) const { return causes[s.cause]; }
    // The slot of `c`, added to the table if new. A linear search: callers
    // on a hot path keep their own lookup (HvmProbe).
    uint16_t slotOf(const HvmCause& c);
    // Appends [start, end) on `pcpu` with the cause in `slot`, in pieces if
    // long, at most `maxPieces` (>= 1) of them: a span that needs more ends
    // where they do (its last piece empty). Returns the cycles cut off.
    uint64_t add(uint64_t start, uint64_t end, uint16_t pcpu, uint16_t slot,
                 uint64_t maxPieces = UINT64_MAX);
    // Whether spans[i] opens a span (is not the continuation of the one before).
    bool opens(size_t i) const { return i == 0 || !spans[i - 1].continues(); }
};

struct HvmSpans {
    TimeWindow trace;
    std::vector<VcpuHvmSpans> vcpus; // by (domain, vcpu)
    // Spans cut short because their pieces would have passed the probe's
    // bound (HvmProbe::MinPieceBudget): only timestamps damaged into the far
    // future make spans that long. How many, and the cycles cut off.
    uint64_t cutSpans = 0;
    uint64_t cutCycles = 0;
};

} // namespace xenoscope::core
