#include "core/synth/hvmexitmodel.h"

#include "core/synth/rng.h"

#include <cstddef>
#include <initializer_list>

namespace xenoscope::core {

namespace {

constexpr uint32_t TrcInjVirq = 0x00082004;
constexpr uint32_t TrcMsrRead = 0x0008200c;
constexpr uint32_t TrcMsrWrite = 0x0008200d;
constexpr uint32_t TrcCpuid = 0x0008200e;
constexpr uint32_t TrcIntr = 0x0008200f;
constexpr uint32_t TrcVmmcall = 0x00082012;
constexpr uint32_t TrcHlt = 0x00082013;
constexpr uint32_t TrcIoportRead = 0x00082016;
constexpr uint32_t TrcIoportWrite = 0x00082216;
constexpr uint32_t TrcIntrWindow = 0x00082020;
constexpr uint32_t TrcNpf = 0x00082021;
constexpr uint32_t TrcVlapic = 0x00082025;

struct Weighted {
    uint32_t reason;
    uint32_t weight;
};
// Roughly what busy Linux HVM guests show on VMX hosts.
constexpr Weighted Mix[] = {
    {vmx::ExternalInterrupt, 22},
    {vmx::EptViolation, 14},
    {vmx::IoInstruction, 10},
    {vmx::ApicAccess, 12},
    {vmx::MsrWrite, 10},
    {vmx::MsrRead, 5},
    {vmx::Cpuid, 5},
    {vmx::PendingVirtIntr, 12},
    {vmx::Vmcall, 10},
};

void add(HvmExitModel::Exit& e, uint32_t event, std::initializer_list<uint32_t> words) {
    auto& h = e.handler[e.handlers++];
    h.event = event;
    h.nwords = static_cast<uint8_t>(words.size());
    size_t i = 0;
    for (const auto w : words)
        h.words[i++] = w;
}

} // namespace

HvmExitModel::Exit HvmExitModel::draw(Rng& rng) {
    uint32_t total = 0;
    for (const auto& m : Mix)
        total += m.weight;
    uint64_t pick = rng.below(total);
    for (const auto& m : Mix) {
        if (pick < m.weight)
            return make(rng, m.reason);
        pick -= m.weight;
    }
    return make(rng, vmx::ExternalInterrupt);
}

HvmExitModel::Exit HvmExitModel::make(Rng& rng, uint32_t reason, uint32_t detail) {
    Exit e;
    e.reason = reason;
    e.rip = 0xffffffff81000000ull + rng.below(0x800000);
    switch (reason) {
    case vmx::ExternalInterrupt:
        e.durationNs = rng.between(800, 3000);
        add(e, TrcIntr, {detail ? detail : 0xf3});
        break;
    case vmx::PendingVirtIntr:
        e.durationNs = rng.between(300, 900);
        add(e, TrcIntrWindow, {0xf3, 5, 243});
        add(e, TrcInjVirq, {243, 0});
        break;
    case vmx::Cpuid:
        e.durationNs = rng.between(200, 700);
        add(e, TrcCpuid,
            {static_cast<uint32_t>(rng.below(0x10)), 0, 0x000306c3, 0x01000800, 0x7ffafbbf,
             0xbfebfbff});
        break;
    case vmx::Hlt:
        e.durationNs = rng.between(300, 800);
        add(e, TrcHlt, {0});
        break;
    case vmx::Vmcall:
        e.durationNs = rng.between(1000, 4000);
        add(e, TrcVmmcall, {detail ? detail : 24}); // vcpu_op unless told
        break;
    case vmx::IoInstruction:
        // Port I/O goes out to the device model: the slow one.
        e.durationNs = rng.heavy(12000);
        if (rng.chance(1, 2))
            add(e, TrcIoportRead,
                {0x1f0 + static_cast<uint32_t>(rng.below(8)),
                 static_cast<uint32_t>(rng.below(256))});
        else
            add(e, TrcIoportWrite,
                {0xcf8 + static_cast<uint32_t>(rng.below(8)), static_cast<uint32_t>(rng.next())});
        break;
    case vmx::MsrRead:
        e.durationNs = rng.between(300, 1200);
        add(e, TrcMsrRead, {0x6e0, static_cast<uint32_t>(rng.next()), 0});
        break;
    case vmx::MsrWrite:
        e.durationNs = rng.between(400, 1500);
        add(e, TrcMsrWrite,
            {0x6e0, static_cast<uint32_t>(rng.next()), static_cast<uint32_t>(rng.below(4))});
        break;
    case vmx::ApicAccess:
        e.durationNs = rng.between(600, 2000);
        add(e, TrcVlapic, {});
        break;
    case vmx::EptViolation:
    default: {
        e.durationNs = rng.heavy(4000);
        const uint64_t gpa = rng.below(uint64_t{1} << 33) & ~uint64_t{0xfff};
        add(e, TrcNpf,
            {static_cast<uint32_t>(gpa), static_cast<uint32_t>(gpa >> 32),
             static_cast<uint32_t>(gpa >> 12), 0, 0x181, 0});
        break;
    }
    }
    return e;
}

} // namespace xenoscope::core
