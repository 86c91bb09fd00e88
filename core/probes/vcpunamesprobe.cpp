#include "core/probes/vcpunamesprobe.h"

#include "core/probes/probedispatcher.h"

#include <algorithm>

namespace xenoscope::core {

namespace {

constexpr uint32_t SchedClass = 0x00020000;

// Scheduling records whose payload names a vCPU as (dom << 16 | vcpu) in word 0.
bool namesPackedVcpu(uint32_t id) {
    return ev::isRunstateChange(id) || id == ev::ContinueRunning;
}

// Generic scheduler records with (dom, vcpu) in words 0 and 1 (new layouts).
bool namesDomVcpuPair(uint32_t id, unsigned nwords) {
    switch (id) {
    case ev::SchedSleep:
    case ev::SchedWake:
    case ev::SchedYield:
    case ev::SchedBlock:
        return nwords >= 2;
    case ev::SwitchInfPrev:
        return nwords >= 3;
    case ev::SwitchInfNext:
        return nwords >= 4;
    default:
        return false;
    }
}

} // namespace

void VcpuNames::add(const Record& r) {
    if ((r.event & ev::ClassMask) != SchedClass)
        return;
    if (namesPackedVcpu(r.event) && r.nwords >= 1)
        add(static_cast<uint16_t>(r.words[0] >> 16), static_cast<uint16_t>(r.words[0]));
    else if (namesDomVcpuPair(r.event, r.nwords))
        add(static_cast<uint16_t>(r.words[0]), static_cast<uint16_t>(r.words[1]));
    else if (r.event == ev::SchedSwitch && r.nwords >= 4) {
        add(static_cast<uint16_t>(r.words[0]), static_cast<uint16_t>(r.words[1]));
        add(static_cast<uint16_t>(r.words[2]), static_cast<uint16_t>(r.words[3]));
    }
}

std::vector<DomainVcpus> VcpuNames::domains() const {
    std::vector<uint32_t> keys;
    keys_.forEach([&](uint32_t key, uint8_t) { keys.push_back(key); });
    if (last_)
        keys.push_back(UINT32_MAX);
    std::sort(keys.begin(), keys.end());
    std::vector<DomainVcpus> out;
    for (const uint32_t key : keys) {
        const auto domain = static_cast<uint16_t>(key >> 16);
        if (out.empty() || out.back().domain != domain)
            out.push_back({domain, {}});
        out.back().vcpus.push_back(static_cast<uint16_t>(key));
    }
    return out;
}

void VcpuNamesProbe::attach(ProbeDispatcher& d) {
    d.onMatching<&VcpuNamesProbe::onSched>(ev::ClassMask, SchedClass, this);
}

} // namespace xenoscope::core
