#include "core/analyses/hypervisorsummary.h"

#include "core/format/eventcatalog.h"

#include <algorithm>
#include <array>

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

// Finds a vCPU's row for an exit reason. Spans number in the millions and
// reasons in the tens: small VMX reasons and SVM codes get a direct slot, the
// rest a linear search.
class ReasonRows {
public:
    explicit ReasonRows(std::vector<ExitReasonSummary>& rows)
        : rows_(rows) {
        slots_.fill(None);
    }
    ExitReasonSummary& at(HvmSpanKind vendor, uint32_t reason) {
        const bool direct = reason < PerVendor;
        const size_t slot = (vendor == HvmSpanKind::SvmExit ? PerVendor : 0) + reason;
        if (direct && slots_[slot] != None)
            return rows_[slots_[slot]];
        auto it = std::find_if(rows_.begin(), rows_.end(), [&](const ExitReasonSummary& r) {
            return r.vendor == vendor && r.reason == reason;
        });
        if (it == rows_.end()) {
            rows_.push_back({vendor, reason, 0, 0});
            it = std::prev(rows_.end());
        }
        if (direct)
            slots_[slot] = static_cast<uint16_t>(it - rows_.begin());
        return *it;
    }

private:
    static constexpr uint32_t PerVendor = 1024; // SVM codes go up to 0x403 (NPF is 0x400)
    static constexpr uint16_t None = 0xffff;
    std::vector<ExitReasonSummary>& rows_;
    std::array<uint16_t, 2 * PerVendor> slots_;
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
        ReasonRows rows(s.byReason);
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
            ExitReasonSummary& row = rows.at(span.kind, span.reason);
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
