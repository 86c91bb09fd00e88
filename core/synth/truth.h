#pragma once
// The exact figures a generated trace must yield, as docs metrics.md defines
// them, computed by the generator from its own state while it writes the
// file. Plain data; all times are TSC cycles.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace xenoscope::core {

struct Truth {
    struct Vcpu {
        uint16_t domain = 0;
        uint16_t vcpu = 0;
        bool accounted = false; // has at least one runstate record in the file
        uint64_t firstTsc = 0;  // TSC of that first record
        uint64_t running = 0, runnable = 0, blocked = 0, offline = 0, unknown = 0;
        std::array<uint64_t, 4> intervals{}; // running, runnable, blocked, offline
    };
    struct Pcpu {
        uint16_t pcpu = 0;
        uint64_t busy = 0, idle = 0, unknown = 0;
    };
    struct Domain {
        uint16_t domain = 0;
        bool hvm = false;
        uint16_t vcpus = 0;
        uint32_t weight = 0;
        uint32_t capPercent = 0;
        uint64_t running = 0;
    };
    struct LatencySample {
        uint64_t tsc = 0; // entering running
        uint16_t domain = 0, vcpu = 0, pcpu = 0;
        bool wake = false; // else preempt
        uint64_t cycles = 0;
    };
    struct Latency {
        uint64_t count = 0, sum = 0, min = 0, max = 0;
        LatencySample worst;
        std::vector<LatencySample>
            samples;                // in time order, at most SynthOptions::maxLatencySamples
        bool samplesCapped = false; // true when samples holds only the first ones
    };
    struct ExitReason {
        uint32_t reason = 0;
        uint64_t cycles = 0, count = 0;
    };
    struct Hypervisor {
        uint16_t domain = 0, vcpu = 0;
        uint64_t cycles = 0; // exit spans + resume spans
        uint64_t exits = 0;  // VMEXIT records of this vCPU in the file
        uint64_t resumeCycles = 0;
        uint64_t resumes = 0;
        std::vector<ExitReason> byReason; // sorted by reason
    };
    struct Stage {
        std::string name;
        uint64_t completed = 0, sum = 0, min = 0, max = 0;
        uint64_t depthCycles = 0; // integral of depth over [T0, T1]
        double avgDepth = 0;      // depthCycles / (T1 - T0)
        uint64_t maxDepth = 0;
    };
    struct Disk {
        std::vector<Stage> stages; // the seven stages of disk-io-events.md, in order
        Stage endToEnd;            // FRONT_QUEUE -> FRONT_DONE of complete chains
        uint64_t requests = 0;     // with at least one record in the file
        uint64_t incomplete = 0;   // of those, without all eight records
    };
    struct EventCount {
        uint32_t id = 0;
        uint64_t count = 0;
    };
    struct Gap {
        uint16_t pcpu = 0;
        uint64_t fromTsc = 0, toTsc = 0;
        uint32_t records = 0;
    };

    std::string scenario;
    uint64_t seed = 0;
    uint64_t t0 = 0, t1 = 0; // smallest and largest TSC in the file
    double tscHz = 0;
    std::vector<Vcpu> vcpus; // idle vCPUs included (domain 32767)
    std::vector<Pcpu> pcpus;
    std::vector<Domain> domains; // idle domain excluded
    Latency latency;
    std::vector<Hypervisor> hypervisor; // HVM vCPUs
    Disk disk;
    std::vector<EventCount> events; // sorted by id
    uint64_t lostRecords = 0;
    std::vector<Gap> gaps;
    uint64_t chunks = 0;
    uint64_t records = 0, tscRecords = 0, noTscRecords = 0, wrapRecords = 0;
    uint64_t streamBytes = 0;     // uncompressed bytes written
    uint64_t inconsistencies = 0; // runstate changes whose old state disagrees with the tracked one
    bool truncated = false;
};

} // namespace xenoscope::core
