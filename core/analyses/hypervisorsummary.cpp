#include "core/analyses/hypervisorsummary.h"

#include "core/format/eventcatalog.h"

#include <algorithm>

namespace xenoscope::core {

std::string_view ExitReasonSummary::name() const {
    return vendor == HvmSpanKind::SvmExit ? EventCatalog::svmExitReason(reason)
                                          : EventCatalog::vmxExitReason(reason);
}

const VcpuHypervisorSummary* HypervisorSummary::find(uint16_t domain, uint16_t vcpu) const {
    for (const auto& v : vcpus)
        if (v.domain == domain && v.vcpu == vcpu)
            return &v;
    return nullptr;
}

HypervisorSummary summarizeHypervisor(const HvmSpans& spans, const RunstateSummary& runstates,
                                      TimeWindow w) {
    HypervisorSummary out;
    out.window = w;
    for (const auto& v : spans.vcpus) {
        if (!v.hvm)
            continue;
        VcpuHypervisorSummary s;
        s.domain = v.domain;
        s.vcpu = v.vcpu;
        if (const auto* rs = runstates.find(v.domain, v.vcpu))
            s.running = rs->in(VcpuState::Running);
        for (const auto& span : v.spans) {
            const uint64_t c = w.clip(span.start, span.end);
            const bool opensInside = w.contains(span.start);
            if (c == 0 && !opensInside)
                continue;
            if (span.kind == HvmSpanKind::Resume) {
                s.resumeCycles += c;
                s.resumes += opensInside ? 1 : 0;
                continue;
            }
            s.exitCycles += c;
            s.exits += opensInside ? 1 : 0;
            auto it =
                std::find_if(s.byReason.begin(), s.byReason.end(), [&](const ExitReasonSummary& r) {
                    return r.vendor == span.kind && r.reason == span.reason;
                });
            if (it == s.byReason.end()) {
                s.byReason.push_back({span.kind, span.reason, 0, 0});
                it = std::prev(s.byReason.end());
            }
            it->cycles += c;
            it->count += opensInside ? 1 : 0;
        }
        s.hypervisor = s.exitCycles + s.resumeCycles;
        s.guest = s.running > s.hypervisor ? s.running - s.hypervisor : 0;
        std::sort(s.byReason.begin(), s.byReason.end(),
                  [](const ExitReasonSummary& a, const ExitReasonSummary& b) {
                      return a.vendor != b.vendor ? a.vendor < b.vendor : a.reason < b.reason;
                  });
        out.vcpus.push_back(std::move(s));
    }
    return out;
}

} // namespace xenoscope::core
