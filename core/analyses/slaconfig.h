#pragma once
// A domain configuration file for the SLA check (`--sla FILE`). One domain
// per line; '#' starts a comment; blank lines are ignored:
//
//   # domain  key=value ...
//   0   weight=512 vcpus=8
//   14  weight=256 cap=150 vcpus=4 pcpus=0-3,6
//
// weight: the credit/credit2 weight (default 256). cap: at most this many
// percent of one pCPU (0 or absent: no cap; 150 = one and a half pCPUs).
// vcpus: configured vCPU count (default: as seen in the trace). pcpus: hard
// affinity, a list of pCPUs and ranges (default: all) — the trace does not
// record affinity, so this is the only source of it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace xenoscope::core {

struct SlaDomain {
    uint16_t domain = 0;
    uint32_t weight = 256;
    uint32_t capPercent = 0;     // 0: no cap
    uint32_t vcpus = 0;          // 0: as seen in the trace
    std::vector<uint16_t> pcpus; // empty: all
    // An RTDS reservation read from the trace (slaFromTrace()): pCPUs'
    // worth of time, the sum of budget / period over the domain's vCPUs.
    // When > 0 it is the entitlement instead of a weight share, and also a
    // cap unless the vCPUs may use extra time.
    double reservedPcpus = 0;
    bool extratime = false;
};

struct SlaConfig {
    std::vector<SlaDomain> domains;
    bool fromTrace = false; // built by slaFromTrace(), not read from a file

    const SlaDomain* find(uint16_t domain) const;
    // Nullopt with `error` ("line N: ...") when the text does not parse.
    static std::optional<SlaConfig> parse(const std::string& text, std::string& error);
    static std::optional<SlaConfig> load(const std::string& path, std::string& error);
};

} // namespace xenoscope::core
