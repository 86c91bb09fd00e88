#include "core/probes/eventtally.h"

namespace xenoscope::core {

void EventTally::makeRoom(uint16_t pcpu) {
    if (domains_.empty())
        domains_.assign(size_t{UINT16_MAX} + 1, 0);
    if (pcpu >= pcpus_.size())
        pcpus_.resize(size_t{pcpu} + 1, 0);
}

EventStats EventTally::stats(TimeWindow window, IdCounts byId) const {
    EventStats out;
    out.window = window;
    out.byId = std::move(byId);
    for (const auto& [id, n] : out.byId) {
        out.total += n;
        const uint32_t cls = (id >> 16) & 0xfff;
        if (out.byClass.empty() || out.byClass.back().first != cls)
            out.byClass.emplace_back(cls, 0);
        out.byClass.back().second += n;
    }
    for (size_t d = 0; d < domains_.size(); ++d)
        if (domains_[d] != 0)
            out.byDomain.emplace_back(static_cast<uint16_t>(d), domains_[d]);
    out.unknownDomain = unknownDomain_;
    for (size_t p = 0; p < pcpus_.size(); ++p)
        if (pcpus_[p] != 0)
            out.byPcpu.emplace_back(static_cast<uint16_t>(p), pcpus_[p]);
    return out;
}

} // namespace xenoscope::core
