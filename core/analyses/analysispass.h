#pragma once
// Wires the core probes to one dispatcher and runs them in a single reader
// pass: runstates -> latency, occupancy -> HVM spans, plus event counts, PV
// entries and the TSC rate. Extra probes can join the same pass through
// dispatcher() before it starts.

#include "core/analyses/analysisresults.h"
#include "core/probes/diskprobe.h"
#include "core/probes/eventstatsprobe.h"
#include "core/probes/grantprobe.h"
#include "core/probes/hvmprobe.h"
#include "core/probes/latencyprobe.h"
#include "core/probes/occupancyprobe.h"
#include "core/probes/probedispatcher.h"
#include "core/probes/pventryprobe.h"
#include "core/probes/runstateprobe.h"
#include "core/probes/schedparamsprobe.h"
#include "core/probes/tscrateprobe.h"
#include "core/util/cancellation.h"

namespace xenoscope::core {

class AnalysisPass {
public:
    // `eventWindow`: the window event counts are kept for; `diskEvents`: the
    // ids of the disk pipeline's records (--disk-events).
    explicit AnalysisPass(TimeWindow eventWindow = {0, UINT64_MAX},
                          const DiskEventMap& diskEvents = DiskEventMap());
    AnalysisPass(const AnalysisPass&) = delete;
    AnalysisPass& operator=(const AnalysisPass&) = delete;

    // The sink to feed (tests feed hand-built records straight to it).
    ProbeDispatcher& dispatcher() { return dispatcher_; }

    // Scan (if needed), read once into every probe, and collect the results.
    // With 2 threads (the default) the file is walked twice at once: the
    // per-pCPU probes that need each other on one walk, the rest on the
    // other (ProbeDispatcher::splitWalks); the results are the same.
    AnalysisResults run(TraceReader& reader, const ProgressFn& progress = {},
                        const CancelToken* cancel = nullptr);
    // 1 or 2; also how many threads put the hypervisor spans in order at the end.
    void setThreads(int threads) {
        threads_ = threads;
        hvm_.setThreads(threads);
    }
    // The TSC rate estimate so far (read it where the walk feeding it stands still).
    const TscRateEstimator& tscEstimator() const { return tsc_.estimator(); }
    // For records fed by hand: close the pass and collect.
    AnalysisResults finish(const ReadStats& stats = {});

private:
    RunstateProbe runstates_;
    OccupancyProbe occupancy_;
    HvmProbe hvm_{occupancy_};
    LatencyProbe latency_{runstates_};
    EventStatsProbe events_;
    PvEntryProbe pv_;
    TscRateProbe tsc_;
    DiskProbe disk_;
    GrantProbe grants_;
    SchedParamsProbe schedParams_;
    ProbeDispatcher dispatcher_;
    int threads_ = 2;
};

} // namespace xenoscope::core
