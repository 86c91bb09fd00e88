#pragma once
// Everything one analysis pass leaves behind: the probes' plain results,
// kept as compact interval vectors so any window can be summarized later
// without re-reading the file (event counts excepted: they are for the
// window given before the pass).

#include "core/probes/diskresults.h"
#include "core/probes/eventstats.h"
#include "core/probes/hvmspans.h"
#include "core/probes/latencysamples.h"
#include "core/probes/occupancytimelines.h"
#include "core/probes/pventries.h"
#include "core/probes/runstatetimelines.h"
#include "core/probes/schedparams.h"
#include "core/probes/tracespan.h"
#include "core/reader/tracereader.h"

#include <optional>

namespace xenoscope::core {

struct AnalysisResults {
    TraceSpan span;
    ReadStats stats;
    RunstateTimelines runstates;
    OccupancyTimelines occupancy;
    HvmSpans hvm;
    PvEntries pv;
    LatencySamples latency;
    EventStats events;
    DiskResults disk;                    // block requests, stage depths, grants in flight
    SchedParams schedParams;             // what the scheduler recorded of caps, budgets
    std::optional<double> tscHzEstimate; // from SWITCH_INFPREV slices
    size_t tscHzSamples = 0;
};

} // namespace xenoscope::core
