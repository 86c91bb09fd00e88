#pragma once
// Everything a TraceIndexImpl is made from: what one pass over the trace
// (or the index cache) yields. The tracks are a pure function of these,
// computed when the index is assembled; they borrow the results' timelines
// (so these must not change once the index holds them), and their levels of
// detail are built on a track's first draw.

#include "core/analyses/analysisresults.h"
#include "core/analyses/traceinfo.h"
#include "core/index/eventbuckets.h"
#include "core/index/seekindex.h"
#include "core/index/traceindex.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace xenoscope::core {

struct IndexParts {
    TraceInfo info;
    AnalysisResults results;
    SeekIndex seek;
    EventBuckets events;
    // Derived, by results.runstates.vcpus: the pCPU each stay ran on (NoPcpu
    // unless running). Kept here rather than in the tracks so that the cache
    // saves it: working it out again from the occupancy timelines took a
    // large share of a reopen, and its scratch space raised the reopen's peak.
    std::vector<std::vector<uint16_t>> runningPcpus;
    // When set, `seek` is empty and this fills it (false: it could not).
    // The cache defers the seek index to the first decoding of records, the
    // only use of it: ~25 MiB on the big trace that a reopen need not hold.
    std::function<bool(SeekIndex&)> deferredSeek;
    bool complete = true;
};

// runningPcpus worked out from the occupancy timelines.
std::vector<std::vector<uint16_t>> runningPcpus(const AnalysisResults& results);
// Whether parts.runningPcpus has one entry per runstate stay.
bool hasRunningPcpus(const IndexParts& parts);

} // namespace xenoscope::core
