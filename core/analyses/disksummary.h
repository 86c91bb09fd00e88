#pragma once
// Disk I/O over a window (metrics.md "Disk I/O", docs/disk.md): per stage
// the completed count and latency statistics, the time-weighted average and
// max depth; end-to-end latency of complete chains; the incomplete chains;
// the same per (frontend domain, device); grants in flight per granting
// domain. Computed from a pass's DiskResults, in cycles.

#include "core/analyses/latencysummary.h"
#include "core/probes/diskresults.h"

#include <array>
#include <cstdint>
#include <vector>

namespace xenoscope::core {

struct DiskStageSummary {
    std::string_view name;
    // One sample per request with both of the stage's records in the file,
    // counted in the window that holds the later of the two.
    LatencyStats latency;
    DepthStats depth; // integral (cycles), min and max over the window
    double avgDepth = 0;
};

struct DiskIncomplete {
    uint16_t domain = 0;
    uint32_t device = 0;
    uint32_t id = 0;
    DiskBreak reason = DiskBreak::None;
    uint8_t present = 0; // bit k: record k is in the file
    uint64_t first = 0;  // its earliest record
    uint64_t until = 0;  // when it left its last stage (T1 if never)
};

struct DiskDeviceSummary {
    uint16_t domain = 0;
    uint32_t device = 0;
    std::array<DiskStageSummary, DiskStageCount> stages;
    LatencyStats endToEnd;
    uint64_t requests = 0, incomplete = 0;
};

struct GrantSummary {
    uint16_t domain = 0;
    uint64_t maps = 0, unmaps = 0; // records in the window
    uint64_t unmatchedUnmaps = 0;  // over the whole trace
    DepthStats inFlight;
    double avgInFlight = 0;
};

struct DiskSummary {
    TimeWindow window;
    bool instrumented = false; // the eight events are in the trace
    std::array<DiskStageSummary, DiskStageCount> stages;
    LatencyStats endToEnd; // FRONT_QUEUE -> FRONT_DONE, complete chains, by FRONT_DONE
    uint64_t requests = 0; // overlapping the window: [first record, until]
    std::vector<DiskIncomplete> incomplete; // of those, by first record
    std::array<uint64_t, DiskBreakNames.size()> incompleteByReason{};
    std::vector<DiskDeviceSummary> devices; // by (domain, device)
    std::vector<GrantSummary> grants;       // by domain
    uint64_t unattributed = 0;              // frontend records in the window without a domain
    uint64_t malformed = 0;                 // whole trace
};

DiskSummary summarizeDisk(const DiskResults& results, TimeWindow window);

// Per-stage figures (stages, endToEnd, devices' stages and endToEnd only)
// for each bucket of `width` cycles (one bucket when 0), in one sweep. A
// sample counts in the bucket [t0, t1) holding its TSC (the last bucket
// includes its t1).
std::vector<DiskSummary> summarizeDiskBuckets(const DiskResults& results, TimeWindow window,
                                              uint64_t width);

// Latency samples of one stage k (0..6) or, for k == DiskStageCount, end to
// end, of the requests of `series` (all series when negative), in the window.
std::vector<uint64_t> diskLatencySamples(const DiskResults& results, TimeWindow window, size_t k,
                                         int series = -1);

// One latency sample of one request: stage k (0..6) from record k to k + 1,
// or (k == DiskStageCount) end to end, FRONT_QUEUE to FRONT_DONE.
struct DiskLatencySpike {
    uint64_t from = 0; // record k's TSC (FRONT_QUEUE end to end)
    uint64_t to = 0;   // record k + 1's (FRONT_DONE): the sample's window TSC is max(from, to)
    uint64_t cycles = 0;
    size_t request = 0; // index into DiskResults::requests
    uint32_t device = 0;
    uint32_t id = 0;
    uint16_t domain = 0;
    uint8_t stage = 0;
};

struct DiskLatencyRanking {
    std::vector<DiskLatencySpike> worst; // longest first; ties: earlier first
    uint64_t samples = 0;                // all samples of the stage in the window
};

// The `n` longest samples of stage k (DiskStageCount: end to end) in the
// window, counted as diskLatencySamples counts them.
DiskLatencyRanking worstDiskLatencies(const DiskResults& results, TimeWindow window, size_t k,
                                      size_t n);

// Every series' depth of stage k added up.
DepthSeries totalDepth(const DiskResults& results, size_t k);

} // namespace xenoscope::core
