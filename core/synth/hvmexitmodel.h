#pragma once
// Draws what an HVM guest does when it leaves guest mode on a VMX host: the
// exit reason (with realistic frequencies), how long Xen handles it, and the
// TSC-less handler records (0x00082xxx) Xen writes between VMEXIT and VMENTRY.

#include <array>
#include <cstdint>

namespace xenoscope::core {

class Rng;

namespace vmx {
inline constexpr uint32_t ExternalInterrupt = 1;
inline constexpr uint32_t PendingVirtIntr = 7;
inline constexpr uint32_t Cpuid = 10;
inline constexpr uint32_t Hlt = 12;
inline constexpr uint32_t Vmcall = 18;
inline constexpr uint32_t IoInstruction = 30;
inline constexpr uint32_t MsrRead = 31;
inline constexpr uint32_t MsrWrite = 32;
inline constexpr uint32_t ApicAccess = 44;
inline constexpr uint32_t EptViolation = 48;
} // namespace vmx

class HvmExitModel {
public:
    struct Handler {
        uint32_t event = 0;
        uint8_t nwords = 0;
        std::array<uint32_t, 6> words{};
    };
    struct Exit {
        uint32_t reason = 0;
        uint64_t rip = 0;
        uint64_t durationNs = 0;
        uint8_t handlers = 0;
        std::array<Handler, 2> handler{};
    };

    // A spontaneous exit (not HLT, not a hypercall).
    static Exit draw(Rng& rng);
    // An exit of a given reason: HLT before blocking, VMCALL for hypercalls,
    // EXTERNAL_INTERRUPT when an interrupt pulls the pCPU into Xen.
    static Exit make(Rng& rng, uint32_t reason, uint32_t detail = 0);
};

} // namespace xenoscope::core
