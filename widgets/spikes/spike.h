#pragma once
// Spike: one row of the spike list — a scheduling latency (a vCPU runnable
// until it ran) or a disk request's latency (FRONT_QUEUE to FRONT_DONE), as
// one value type so both kinds rank, filter and zoom alike. rankSpikes()
// takes each kind's worst N from core (summarizeLatency, worstDiskLatencies)
// and merges them longest first.

#include "core/analyses/disksummary.h"
#include "core/index/traceindex.h"
#include "core/probes/latencysamples.h"

#include <array>
#include <cstdint>
#include <vector>

namespace xenoscope::widgets {

struct Spike {
    enum class Kind : uint8_t { Wake, Preempt, Disk };

    Kind kind = Kind::Wake;
    uint64_t from = 0;   // scheduling: entering runnable; disk: record `stage` (FRONT_QUEUE)
    uint64_t to = 0;     // scheduling: entering running; disk: the next record (FRONT_DONE)
    uint64_t cycles = 0; // the latency: to - from
    uint16_t domain = 0;
    // The vCPU the timeline shows: scheduling, the one that waited; disk, a
    // vCPU of the frontend domain running when the request was queued
    // (core::NoVcpu when none was).
    core::VcpuKey vcpu = core::NoVcpu;
    uint16_t pcpu = core::NoPcpu; // scheduling: where it started running
    // Disk only.
    uint32_t device = 0;
    uint32_t request = 0;                                // ring request id
    uint8_t stage = core::DiskStageCount;                // DiskStageCount: end to end
    uint8_t op = 0xff;                                   // 0 read, 1 write, 2 flush, 3 discard
    std::array<uint64_t, core::DiskStageCount> stages{}; // end to end: each stage's cycles

    bool isDisk() const { return kind == Kind::Disk; }
    // The TSC it is ranked and listed at: when the latency ended.
    uint64_t at() const { return to; }

    static Spike fromLatency(const core::LatencySample& s);
    static Spike fromDisk(const core::DiskLatencySpike& s, const core::DiskResults& disk);
};

struct SpikeRanking {
    std::vector<Spike> spikes; // longest first
    uint64_t schedulingSamples = 0;
    uint64_t diskSamples = 0;
    size_t scheduling = 0, disk = 0; // of `spikes`
};

// The `worstN` longest scheduling latencies and the `worstN` longest disk
// end-to-end latencies of the trace, merged. Thread-safe: reads only the index.
SpikeRanking rankSpikes(const core::TraceIndex& index, size_t worstN);

} // namespace xenoscope::widgets
