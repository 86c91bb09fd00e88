#pragma once
// Event counts of any window after the pass (metrics.md, "Event
// statistics"): by id, class, running domain and pCPU, the numbers
// EventStatsProbe gives `summary --from --to` for the same window. The
// index's buckets know only pCPUs and classes, so ids and domains need the
// window's records decoded again through the index (its seek index and
// owners); the whole trace is the pass's own counts.

#include "core/index/traceindex.h"
#include "core/probes/eventstats.h"
#include "core/util/cancellation.h"

#include <optional>

namespace xenoscope::core {

// The window reader sorts a window's records in memory before visiting
// them: slices of about this many records bound that buffer, and are where
// a cancel is noticed.
inline constexpr uint64_t EventStatsSliceRecords = uint64_t{1} << 20;

// Counts records with t0 <= TSC <= t1 (the window clipped to the trace).
// Nothing when cancelled or when the records cannot be read again (the file
// is gone or changed).
std::optional<EventStats> windowEventStats(const TraceIndex& index, TimeWindow window,
                                           const CancelToken* cancel = nullptr,
                                           uint64_t sliceRecords = EventStatsSliceRecords);

} // namespace xenoscope::core
