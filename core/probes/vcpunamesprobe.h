#pragma once
// Which vCPUs the trace names (TraceInfo's domains): every (domain, vCPU) a
// scheduling record carries in its payload. VcpuNames takes records from
// any reader; VcpuNamesProbe runs it in a pass, on the scheduling class
// only, so the other records cost it nothing.

#include "core/format/record.h"
#include "core/probes/probe.h"
#include "core/util/idtable.h"

#include <cstdint>
#include <vector>

namespace xenoscope::core {

struct DomainVcpus {
    uint16_t domain = 0;
    std::vector<uint16_t> vcpus; // ascending
};

class VcpuNames {
public:
    // Any record; those that name no vCPU are ignored.
    void add(const Record& r);
    // By domain, vCPUs ascending.
    std::vector<DomainVcpus> domains() const;

private:
    // One lookup in a small open-addressed table per naming record (a tree
    // per domain cost 1.1-1.5 % of an index build in lookups alone). Keyed
    // domain << 16 | vCPU; the one key the table cannot hold has a flag.
    void add(uint16_t domain, uint16_t vcpu) {
        const uint32_t key = uint32_t{domain} << 16 | vcpu;
        if (key == UINT32_MAX)
            last_ = true;
        else if (!keys_.find(key))
            keys_.insert(key, 1);
    }

    IdTable<uint8_t> keys_;
    bool last_ = false; // domain 65535, vCPU 65535
};

class VcpuNamesProbe final : public Probe {
public:
    ProbeOrder order() const override { return ProbeOrder::PerPcpu; }
    bool independent() const override { return true; }
    void attach(ProbeDispatcher& dispatcher) override;
    const VcpuNames& names() const { return names_; }

private:
    void onSched(const Record& r, const Owner&) { names_.add(r); }
    VcpuNames names_;
};

} // namespace xenoscope::core
