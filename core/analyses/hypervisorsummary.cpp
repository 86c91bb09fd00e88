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

namespace {

// A vCPU's row for each of its causes (a slot of its table), made on first
// use: spans number in the millions, causes in the tens.
class ReasonRows {
public:
    ReasonRows(const VcpuHvmSpans& v, std::vector<ExitReasonSummary>& rows)
        : causes_(v.causes)
        , rows_(rows)
        , rowOf_(v.causes.size(), None) {}
    ExitReasonSummary& at(uint16_t slot) {
        uint32_t& row = rowOf_[slot];
        if (row == None) {
            // Two slots can name one reason (a catch-all of a full table).
            const HvmCause& c = causes_[slot];
            const auto it = std::find_if(rows_.begin(), rows_.end(), [&](const auto& r) {
                return r.vendor == c.kind && r.reason == c.reason;
            });
            row = static_cast<uint32_t>(it - rows_.begin());
            if (it == rows_.end())
                rows_.push_back({c.kind, c.reason, 0, 0});
        }
        return rows_[row];
    }

private:
    static constexpr uint32_t None = UINT32_MAX;
    const std::vector<HvmCause>& causes_;
    std::vector<ExitReasonSummary>& rows_;
    std::vector<uint32_t> rowOf_;
};

} // namespace

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
        ReasonRows rows(v, s.byReason);
        for (size_t i = 0; i < v.spans.size(); ++i) {
            const HvmSpan& span = v.spans[i];
            const uint64_t c = w.clip(span.start, span.end());
            // A long span's later pieces add time, not another exit.
            const bool opensInside = w.contains(span.start) && v.opens(i);
            if (c == 0 && !opensInside)
                continue;
            const HvmCause& cause = v.causeOf(span);
            if (cause.kind == HvmSpanKind::Resume) {
                s.resumeCycles += c;
                s.resumes += opensInside ? 1 : 0;
                continue;
            }
            s.exitCycles += c;
            s.exits += opensInside ? 1 : 0;
            ExitReasonSummary& row = rows.at(span.cause);
            row.cycles += c;
            row.count += opensInside ? 1 : 0;
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
