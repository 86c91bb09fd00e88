#include "widgets/charts/hypervisordata.h"

#include "core/analyses/runstatesummary.h"

#include <algorithm>

namespace xenoscope::widgets {

HypervisorData::HypervisorData() = default;
HypervisorData::~HypervisorData() = default;

HypervisorData HypervisorData::compute(const core::TraceIndex& index, core::TimeWindow window) {
    HypervisorData out;
    out.window = window;
    const auto& r = index.results();
    // As the CLI's export does: runstates of the window, then the spans.
    const auto runstates = core::summarizeRunstates(r.runstates, window);
    out.summary = core::summarizeHypervisor(r.hvm, runstates, window);
    for (const auto& v : out.summary.vcpus)
        for (const auto& e : v.byReason) {
            auto it = std::find_if(out.reasons.begin(), out.reasons.end(), [&](const Reason& x) {
                return x.vendor == e.vendor && x.reason == e.reason;
            });
            if (it == out.reasons.end())
                out.reasons.push_back({e.vendor, e.reason, e.cycles});
            else
                it->cycles += e.cycles;
        }
    std::stable_sort(out.reasons.begin(), out.reasons.end(),
                     [](const Reason& a, const Reason& b) { return a.cycles > b.cycles; });
    return out;
}

} // namespace xenoscope::widgets
