#include "core/analyses/analysispass.h"

#include "core/reader/tracereader.h"

namespace xenoscope::core {

AnalysisPass::AnalysisPass(TimeWindow eventWindow, const DiskEventMap& diskEvents)
    : events_(eventWindow)
    , disk_(diskEvents)
    , grants_(diskEvents) {
    // Producers first: finish() runs in this order.
    dispatcher_.add(runstates_);
    dispatcher_.add(occupancy_);
    dispatcher_.add(hvm_);
    dispatcher_.add(latency_);
    dispatcher_.add(events_);
    dispatcher_.add(pv_);
    dispatcher_.add(tsc_);
    dispatcher_.add(disk_);
    dispatcher_.add(grants_);
    dispatcher_.add(schedParams_);
}

AnalysisResults AnalysisPass::run(TraceReader& reader, const ProgressFn& progress,
                                  const CancelToken* cancel) {
    if (!reader.scan(progress, cancel)) {
        ReadStats cancelled;
        cancelled.cancelled = true;
        return finish(cancelled);
    }
    dispatcher_.begin(reader.chunks());
    if (threads_ <= 1)
        return finish(reader.readSplit(dispatcher_, progress, cancel));
    dispatcher_.splitWalks();
    return finish(
        reader.readSplitPair(dispatcher_.restWalk(), dispatcher_.pcpuWalk(), progress, cancel));
}

AnalysisResults AnalysisPass::finish(const ReadStats& stats) {
    AnalysisResults out;
    out.span = dispatcher_.finish();
    out.stats = stats;
    out.runstates = runstates_.take();
    out.occupancy = occupancy_.take();
    out.hvm = hvm_.take();
    out.pv = pv_.take();
    out.latency = latency_.take();
    out.events = events_.take();
    out.disk = disk_.take();
    out.disk.grants = grants_.take();
    out.schedParams = schedParams_.take();
    out.tscHzEstimate = tsc_.estimator().estimateHz();
    out.tscHzSamples = tsc_.estimator().samples();
    return out;
}

} // namespace xenoscope::core
