#pragma once
// The disk probes' result (shared/spec/disk-io-events.md, docs/disk.md):
// every block request seen, with the TSC of each of its eight records that is
// in the file; per (frontend domain, device) and stage the depth as a step
// function of sorted change points; grant mappings in flight per granting
// domain (the stock-Xen fallback). Plain data: any window is summarized later
// (core/analyses/disksummary.h) without re-reading the file.

#include "core/probes/depthseries.h"
#include "core/probes/timewindow.h"

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace xenoscope::core {

inline constexpr size_t DiskRecordCount = 8; // FRONT_QUEUE .. FRONT_DONE
inline constexpr size_t DiskStageCount = 7;  // stage k: record k -> record k + 1

// Record k of a chain, in the order of the spec's table.
inline constexpr std::array<std::string_view, DiskRecordCount> DiskRecordNames = {
    "front_queue", "front_ring", "back_ring",  "back_submit",
    "back_done",   "back_resp",  "front_resp", "front_done"};
inline constexpr std::array<std::string_view, DiskStageCount> DiskStageNames = {
    "guest_queue",        "request_ring",  "backend_queue",   "device",
    "backend_completion", "response_ring", "guest_completion"};

// Why a chain is incomplete (docs/disk.md); the first that applies.
enum class DiskBreak : uint8_t {
    None = 0,       // all eight records
    IdReused,       // the id started again before this request's FRONT_DONE
    LostRecords,    // a lost-record gap overlaps where a missing record would be
    TraceStart,     // only leading records are missing: in flight when tracing started
    TraceEnd,       // only trailing records are missing: in flight when the trace ends
    MissingRecords, // missing for no visible reason, or a kind the trace has none of
};
inline constexpr std::array<std::string_view, 6> DiskBreakNames = {
    "complete", "id_reused", "lost_records", "trace_start", "trace_end", "missing_records"};

struct DiskRequest {
    static constexpr uint32_t NotWide = 0xffffffffu;

    // Record k's TSC is base + offset[k] (bit k of `present` set), unless
    // `wide` names an entry of DiskResults::wideTimes (an offset that does not
    // fit 32 bits: a request stuck for more than ~1.5 s). Use DiskResults::tsc.
    uint64_t base = 0;  // the earliest TSC of its records
    uint64_t until = 0; // when it left its last stage: FRONT_DONE, the reuse, or T1
    uint64_t sector = 0;
    std::array<uint32_t, DiskRecordCount> offset{};
    uint32_t device = 0;
    uint32_t id = 0; // ring request id
    uint32_t sectors = 0;
    uint32_t wide = NotWide;
    uint16_t domain = 0; // frontend domain
    uint16_t series = 0; // index into DiskResults::series
    uint8_t present = 0; // bit k: record k is in the file
    uint8_t op = 0xff;   // FRONT_QUEUE's op (0 read, 1 write, 2 flush, 3 discard); 0xff unknown
    uint8_t failed = 0;  // BACK_DONE or FRONT_RESP carried a non-zero status
    DiskBreak broken = DiskBreak::None;

    bool has(size_t k) const { return (present >> k) & 1u; }
    bool complete() const { return present == 0xff; }
};

// Per (frontend domain, device): the depth of each stage over time.
struct DiskSeries {
    uint16_t domain = 0;
    uint32_t device = 0;
    std::array<DepthSeries, DiskStageCount> stages;
};

// A frontend record written while nobody was known to run on its pCPU: its
// domain, hence its request, is unknown. Kept, not matched.
struct DiskUnattributed {
    uint64_t tsc = 0;
    uint32_t device = 0;
    uint32_t id = 0;
    uint16_t pcpu = 0;
    uint8_t record = 0; // k
};

// Grant map/unmap records of one granting domain: mapped-but-not-unmapped
// grants approximate its in-flight backend I/O.
struct GrantSeries {
    uint16_t domain = 0;
    uint64_t maps = 0, unmaps = 0;
    uint64_t unmatchedUnmaps = 0; // an unmap while none was in flight (mapped before T0)
    DepthSeries inFlight;
};

struct DiskResults {
    TimeWindow trace;
    std::vector<DiskRequest> requests; // by first record (base, then series, id)
    std::vector<std::array<uint64_t, DiskRecordCount>> wideTimes;
    std::vector<DiskSeries> series; // by (domain, device)
    std::vector<DiskUnattributed> unattributed;
    std::vector<GrantSeries> grants;  // by domain
    std::vector<TimeWindow> lostGaps; // [first lost record, TRC_LOST_RECORDS] of every pCPU
    uint64_t records = 0;             // instrumented records seen (the eight kinds)
    std::array<uint64_t, DiskRecordCount> recordCounts{}; // by kind
    uint64_t malformed = 0;                               // too few words to name a request

    bool instrumented() const { return records > 0; }
    uint64_t tsc(const DiskRequest& r, size_t k) const {
        return r.wide != DiskRequest::NotWide ? wideTimes[r.wide][k] : r.base + r.offset[k];
    }
};

} // namespace xenoscope::core
