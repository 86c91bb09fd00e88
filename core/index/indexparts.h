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

namespace xenoscope::core {

struct IndexParts {
    TraceInfo info;
    AnalysisResults results;
    SeekIndex seek;
    EventBuckets events;
    bool complete = true;
};

} // namespace xenoscope::core
