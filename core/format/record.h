#pragma once
// One decoded xentrace record, as the reader hands it to its consumers.
// A plain value type: the payload words are copied (at most 7), so a Record
// stays valid after the reader moves on.

#include <array>
#include <cstdint>

namespace xenoscope::core {

// Well-known event ids (Xen's public/trace.h); the catalog names the rest.
namespace ev {
inline constexpr uint32_t LostRecords = 0x0001f001;
inline constexpr uint32_t WrapBuffer = 0x0001f002;
inline constexpr uint32_t CpuChange = 0x0001f003;
inline constexpr uint32_t RunstateChangeBase = 0x00021001; // old<<8 | new<<4 | 1
inline constexpr uint32_t ContinueRunning = 0x00021002;
inline constexpr uint32_t SchedSleep = 0x00028003;
inline constexpr uint32_t SchedWake = 0x00028004;
inline constexpr uint32_t SchedYield = 0x00028005;
inline constexpr uint32_t SchedBlock = 0x00028006;
inline constexpr uint32_t SchedSwitch = 0x0002800a;
inline constexpr uint32_t SwitchInfPrev = 0x0002800e;
inline constexpr uint32_t SwitchInfNext = 0x0002800f;
inline constexpr uint32_t SwitchInfCont = 0x00028011;
inline constexpr uint32_t HvmVmentry = 0x00081001;
inline constexpr uint32_t HvmVmexit = 0x00081002;
inline constexpr uint32_t HvmVmexit64 = 0x00081102;
inline constexpr uint32_t SvmExit = 0x00081003;
inline constexpr uint32_t SvmExit64 = 0x00081103;
inline constexpr uint32_t GrantMap = 0x0010f001;
inline constexpr uint32_t GrantUnmap = 0x0010f002;
inline constexpr uint32_t PvHypercallV2 = 0x0020100d;
inline constexpr uint32_t GuestClass = 0x0800f000;

inline constexpr uint32_t ClassMask = 0x0fff0000; // TRC_CLS_SHIFT = 16
inline constexpr uint32_t SubclassMask = 0x0000f000;

// True for TRC_SCHED_RUNSTATE_CHANGE with any (old, new) pair encoded in bits 4-11.
constexpr bool isRunstateChange(uint32_t id) {
    return (id & 0x0ffff00f) == 0x00021001;
}
constexpr unsigned runstateOld(uint32_t id) {
    return (id >> 8) & 0xf;
}
constexpr unsigned runstateNew(uint32_t id) {
    return (id >> 4) & 0xf;
}
} // namespace ev

// Xen's runstates, in the order of their numeric codes in RUNSTATE_CHANGE ids.
enum class Runstate : uint8_t { Running = 0, Runnable = 1, Blocked = 2, Offline = 3 };

inline constexpr uint16_t IdleDomain = 32767;

struct Record {
    uint64_t tsc = 0;    // own TSC, or the pCPU's previous one when hasTsc is false
    uint64_t offset = 0; // byte offset of the header in the (decompressed) stream
    uint32_t event = 0;  // 28-bit event id
    uint16_t pcpu = 0;
    uint8_t nwords = 0; // number of valid entries in words
    bool hasTsc = false;
    std::array<uint32_t, 7> words{};

    // words[at] and words[at + 1] as one little-endian 64-bit value.
    uint64_t word64(unsigned at) const {
        return uint64_t{words[at]} | uint64_t{words[at + 1]} << 32;
    }
};

// Who was running on the record's pCPU when it was written.
struct Owner {
    uint16_t domain = 0;
    uint16_t vcpu = 0;
    bool known = false;
    friend bool operator==(const Owner&, const Owner&) = default;
};

} // namespace xenoscope::core
