#pragma once
// What the trace generator is asked to simulate: the host (pCPUs, TSC rate),
// the domains with their vCPUs, weights, caps, pinning and load, how long,
// and which imperfections (lost records, truncation) the file should carry.
// Plain data; ScenarioPresets fills it for the named scenarios.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace xenoscope::core {

struct DomainSpec {
    uint16_t id = 0; // 0 is dom0 (PV, the disk backend)
    bool hvm = false;
    uint16_t vcpus = 1;
    uint32_t weight = 256;            // credit scheduler weight
    uint32_t capPercent = 0;          // 0: uncapped; else % of one pCPU for the whole domain
    uint64_t affinity = 0;            // pCPU bit mask for every vCPU; 0: all pCPUs
    uint32_t loadPercent = 50;        // share of time each vCPU wants a pCPU
    uint64_t meanBurstNs = 2'000'000; // length of one CPU-bound burst
    bool disk = true;                 // guest issues block I/O through dom0
    // Optional busy window (e.g. the latency-spike burst): inside it the load
    // is loadPercent, outside it `idleLoadPercent`. Both 0: always busy.
    uint64_t busyFromNs = 0;
    uint64_t busyToNs = 0;
    uint32_t idleLoadPercent = 1;
};

struct SynthOptions {
    std::string scenario = "mixed";
    uint64_t seed = 1;
    uint16_t pcpus = 8;
    std::vector<DomainSpec> domains; // empty: the scenario's own
    uint64_t durationNs = 0;         // 0 (and no targetBytes): the scenario's default
    uint64_t targetBytes = 0;        // stop once this many bytes are written (before compression)
    double cpuHz = 2.8e9;
    uint64_t tscBase = 0;       // 0: a seed-derived plausible uptime
    uint32_t lostGaps = 0;      // TRC_LOST_RECORDS gaps to create
    double diskRate = -1;       // block requests per second per disk domain; < 0: scenario's
    uint64_t sliceNs = 0;       // scheduler time slice; 0: scenario's
    uint64_t warmupNs = 0;      // simulated before tracing starts; 0: scenario's
    bool truncate = false;      // final chunk declares more bytes than the file holds
    uint32_t wrapPerMille = 20; // chance per flushed chunk of a TRC_TRACE_WRAP_BUFFER filler
    size_t maxLatencySamples = 200'000; // truth keeps exact stats, samples up to this many
};

// Parses --domains: comma-separated domains, each KIND[:key=value...] with
// KIND dom0, pv or hvm and keys vcpus, weight, cap, pin (e.g. 0-3+6), load,
// burst (µs), disk (0/1). Guest ids are assigned 1, 2, ... in order.
std::optional<std::vector<DomainSpec>> parseDomainSpec(std::string_view text, std::string& error);

} // namespace xenoscope::core
