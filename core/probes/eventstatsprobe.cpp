#include "core/probes/eventstatsprobe.h"

#include "core/probes/probedispatcher.h"

#include <algorithm>

namespace xenoscope::core {

namespace {
constexpr size_t UnknownSlot = 0x10000;
}

void EventStatsProbe::attach(ProbeDispatcher& d) {
    d.onAll<&EventStatsProbe::onRecord>(this);
}

void EventStatsProbe::onRecord(const Record& r, const Owner& owner) {
    if (r.tsc < window_.t0 || r.tsc > window_.t1)
        return;
    ids_.add(r.event);
    if (domains_.empty())
        domains_.assign(UnknownSlot + 1, 0);
    ++domains_[owner.known ? owner.domain : UnknownSlot];
    if (r.pcpu >= pcpus_.size())
        pcpus_.resize(size_t{r.pcpu} + 1, 0);
    ++pcpus_[r.pcpu];
}

void EventStatsProbe::finish(const TraceSpan& span) {
    result_ = {};
    result_.window = {std::max(window_.t0, span.window.t0), std::min(window_.t1, span.window.t1)};
    result_.byId = ids_.nonZero();
    for (const auto& [id, n] : result_.byId) {
        result_.total += n;
        const uint32_t cls = (id >> 16) & 0xfff;
        if (result_.byClass.empty() || result_.byClass.back().first != cls)
            result_.byClass.emplace_back(cls, 0);
        result_.byClass.back().second += n;
    }
    for (size_t d = 0; d < std::min(domains_.size(), UnknownSlot); ++d)
        if (domains_[d] != 0)
            result_.byDomain.emplace_back(static_cast<uint16_t>(d), domains_[d]);
    result_.unknownDomain = domains_.empty() ? 0 : domains_[UnknownSlot];
    for (size_t p = 0; p < pcpus_.size(); ++p)
        if (pcpus_[p] != 0)
            result_.byPcpu.emplace_back(static_cast<uint16_t>(p), pcpus_[p]);
}

} // namespace xenoscope::core
