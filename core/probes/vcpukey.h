#pragma once
// A vCPU as xentrace packs it in one word: domain << 16 | vcpu. Probes key
// their per-vCPU state by it; NoVcpu stands for "nobody known".

#include "core/format/record.h"

#include <cstdint>

namespace xenoscope::core {

using VcpuKey = uint32_t;
inline constexpr VcpuKey NoVcpu = 0xffffffffu;

constexpr VcpuKey vcpuKey(uint16_t domain, uint16_t vcpu) {
    return uint32_t{domain} << 16 | vcpu;
}
constexpr VcpuKey vcpuKey(const Owner& o) {
    return o.known ? vcpuKey(o.domain, o.vcpu) : NoVcpu;
}
constexpr uint16_t keyDomain(VcpuKey k) {
    return static_cast<uint16_t>(k >> 16);
}
constexpr uint16_t keyVcpu(VcpuKey k) {
    return static_cast<uint16_t>(k & 0xffff);
}
constexpr bool isIdle(VcpuKey k) {
    return k != NoVcpu && keyDomain(k) == IdleDomain;
}

} // namespace xenoscope::core
