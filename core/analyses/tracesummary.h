#pragma once
// The `summary` of a trace over a window: every core analysis, computed from
// one pass's results (AnalysisResults), in cycles. The CLI prints it; the
// viewer's summary panel shows it.

#include "core/analyses/analysisresults.h"
#include "core/analyses/disksummary.h"
#include "core/analyses/hypervisorsummary.h"
#include "core/analyses/latencysummary.h"
#include "core/analyses/runstatesummary.h"
#include "core/analyses/slacheck.h"
#include "core/analyses/utilization.h"

#include <optional>

namespace xenoscope::core {

struct SummaryOptions {
    std::optional<TimeWindow> window; // default: the whole trace; clipped to it
    size_t worstN = 10;
    double tscHz = 0; // for the SWITCH_INFNEXT agreement only; 0 skips it
    const SlaConfig* sla = nullptr;
    uint64_t slaBucket = 0; // cycles; 0: the whole window
};

struct TraceSummary {
    TimeWindow window;
    RunstateSummary runstates;
    Utilization utilization;
    HypervisorSummary hypervisor;
    LatencySummary latency;
    DiskSummary disk;
    std::optional<SlaReport> sla;
};

// The window actually used: the requested one clipped to [T0, T1].
TimeWindow summaryWindow(const AnalysisResults& results,
                         const std::optional<TimeWindow>& requested);

TraceSummary summarizeTrace(const AnalysisResults& results, const SummaryOptions& options);

// Affinity from an SLA file (empty: all pCPUs for every domain).
std::vector<DomainAffinity> affinityOf(const SlaConfig* sla);

} // namespace xenoscope::core
