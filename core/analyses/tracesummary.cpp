#include "core/analyses/tracesummary.h"

#include "core/util/twothreads.h"

#include <algorithm>

namespace xenoscope::core {

TimeWindow summaryWindow(const AnalysisResults& results,
                         const std::optional<TimeWindow>& requested) {
    const TimeWindow trace = results.span.window;
    if (!requested)
        return trace;
    TimeWindow w{std::max(requested->t0, trace.t0), std::min(requested->t1, trace.t1)};
    if (w.t1 < w.t0)
        w.t1 = w.t0;
    return w;
}

std::vector<DomainAffinity> affinityOf(const SlaConfig* sla) {
    std::vector<DomainAffinity> out;
    if (sla)
        for (const auto& d : sla->domains)
            if (!d.pcpus.empty())
                out.push_back({d.domain, d.pcpus});
    return out;
}

TraceSummary summarizeTrace(const AnalysisResults& r, const SummaryOptions& o) {
    TraceSummary s;
    s.window = summaryWindow(r, o.window);
    s.runstates = summarizeRunstates(r.runstates, s.window);
    // The hypervisor summary walks every exit span (a third of the figures'
    // time on a 700 MB trace): beside the others, which share nothing with it.
    runOnTwoThreads(2, true, [&](size_t job) {
        if (job == 0) {
            s.hypervisor = summarizeHypervisor(r.hvm, s.runstates, s.window);
            return;
        }
        const UtilizationAnalysis utilization(r.runstates, r.occupancy, affinityOf(o.sla));
        s.utilization = utilization.compute(s.window);
        s.latency = summarizeLatency(r.latency, s.window, o.worstN, o.tscHz);
        s.disk = summarizeDisk(r.disk, s.window);
        // A configuration file wins; without one, what the trace records (RTDS).
        if (o.sla)
            s.sla = checkSla(*o.sla, utilization, s.window, o.slaBucket, &r.schedParams);
        else if (const auto traced = slaFromTrace(r.schedParams))
            s.sla = checkSla(*traced, utilization, s.window, o.slaBucket, &r.schedParams);
    });
    return s;
}

} // namespace xenoscope::core
