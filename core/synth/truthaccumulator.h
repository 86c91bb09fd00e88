#pragma once
// Accumulates the ground truth of runstates, pCPU occupancy, scheduling
// latency and hypervisor time while the simulator writes. The simulator calls
// it for each scheduling/HVM record that went into the file (with that
// record's TSC), so the figures follow metrics.md for exactly what was
// written, edges and lost-record gaps included, without reading the file.

#include "core/format/record.h"
#include "core/synth/truth.h"

#include <array>
#include <cstdint>
#include <map>
#include <vector>

namespace xenoscope::core {

class TruthAccumulator {
public:
    struct VcpuInfo {
        uint16_t domain = 0;
        uint16_t vcpu = 0;
        bool idle = false;
        bool hvm = false;
    };
    static constexpr uint32_t NoVcpu = 0xffffffff;

    TruthAccumulator(std::vector<VcpuInfo> vcpus, uint16_t pcpus, size_t maxSamples);

    // Records in the file, in file order per pCPU; `v` indexes the vCPU list.
    void runstateChange(uint32_t v, Runstate from, Runstate to, uint64_t tsc, uint16_t pcpu);
    void continueRunning(uint32_t v, uint64_t tsc);
    void schedSwitch(uint16_t pcpu, uint32_t prev, uint32_t next, uint64_t tsc);
    void vmexit(uint16_t pcpu, uint32_t v, uint32_t reason, uint64_t tsc);
    void vmentry(uint16_t pcpu, uint64_t tsc);
    // The first dropped record of a lost-record gap on `pcpu` (its TSC), and
    // the TRC_LOST_RECORDS record that ends it, naming who runs then.
    void lostGapBegins(uint16_t pcpu, uint32_t running, uint64_t tsc);
    void lostGapEnds(uint16_t pcpu, uint32_t running, uint64_t tsc);

    // Closes everything open at t1 and fills the runstate, pCPU, domain,
    // latency and hypervisor parts of `out`.
    void finish(Truth& out, uint64_t t0, uint64_t t1);

private:
    static constexpr int Unknown = 4;
    struct VcpuState {
        VcpuInfo info;
        bool accounted = false;
        uint64_t firstTsc = 0;
        int state = Unknown;
        uint64_t since = 0;
        std::array<uint64_t, 5> cycles{};
        std::array<uint64_t, 4> intervals{};
        bool runnableValid = false;
        bool runnableWake = false;
        uint64_t runnableSince = 0;
        // hypervisor
        uint64_t hvCycles = 0, exits = 0, resumeCycles = 0, resumes = 0;
        std::map<uint32_t, Truth::ExitReason> byReason;
    };
    struct PcpuState {
        bool known = false;    // occupancy known (after the first switch, outside gaps)
        bool fromT0 = true;    // unknown since T0 (no switch seen yet)
        bool owesT0 = false;   // `unknown` holds a span from T0, T0 not yet subtracted
        bool switched = false; // a SCHED_SWITCH of p is in the file
        uint32_t owner = NoVcpu;
        uint64_t since = 0;
        uint64_t busy = 0, idle = 0, unknown = 0;
        // open hypervisor span
        bool spanOpen = false;
        bool spanResume = false;
        uint32_t spanVcpu = NoVcpu;
        uint32_t spanReason = 0;
        uint64_t spanSince = 0;
    };
    void enter(VcpuState& s, int state, uint64_t tsc);
    void closeOccupancy(PcpuState& p, uint64_t tsc);
    void closeSpan(PcpuState& p, uint64_t tsc);
    void sample(uint32_t v, uint16_t pcpu, uint64_t tsc, uint64_t cycles, bool wake);

    std::vector<VcpuState> vcpus_;
    std::vector<PcpuState> pcpus_;
    size_t maxSamples_;
    Truth::Latency latency_;
    uint64_t inconsistencies_ = 0;
};

} // namespace xenoscope::core
