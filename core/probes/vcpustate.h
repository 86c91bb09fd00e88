#pragma once
// The states a vCPU's time is split into: Xen's four runstates plus Unknown
// (history lost). Values 0-3 equal Xen's runstate codes.

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace xenoscope::core {

enum class VcpuState : uint8_t { Running = 0, Runnable = 1, Blocked = 2, Offline = 3, Unknown = 4 };
inline constexpr size_t VcpuStateCount = 5;
// "No state": before a vCPU's first runstate record.
inline constexpr uint8_t NoState = 0xff;

constexpr size_t stateIndex(VcpuState s) {
    return static_cast<size_t>(s);
}

constexpr std::string_view stateName(VcpuState s) {
    switch (s) {
    case VcpuState::Running:
        return "running";
    case VcpuState::Runnable:
        return "runnable";
    case VcpuState::Blocked:
        return "blocked";
    case VcpuState::Offline:
        return "offline";
    case VcpuState::Unknown:
        return "unknown";
    }
    return "unknown";
}

} // namespace xenoscope::core
