#include "core/index/windoweventstats.h"

#include "core/util/eventcounter.h"

#include <algorithm>

namespace xenoscope::core {

namespace {

constexpr size_t UnknownSlot = 0x10000;

// The same accumulation as EventStatsProbe, so the two cannot disagree on
// what a domain or a class is.
class Tally {
public:
    void add(const Record& r, const Owner& owner) {
        // The probes never see wrap-buffer fillers (the dispatcher drops
        // them): padding, not events.
        if (r.event == ev::WrapBuffer)
            return;
        ids_.add(r.event);
        ++domains_[owner.known ? owner.domain : UnknownSlot];
        if (r.pcpu >= pcpus_.size())
            pcpus_.resize(size_t{r.pcpu} + 1, 0);
        ++pcpus_[r.pcpu];
    }

    EventStats result(TimeWindow window) const {
        EventStats out;
        out.window = window;
        out.byId = ids_.nonZero();
        for (const auto& [id, n] : out.byId) {
            out.total += n;
            const uint32_t cls = (id >> 16) & 0xfff;
            if (out.byClass.empty() || out.byClass.back().first != cls)
                out.byClass.emplace_back(cls, 0);
            out.byClass.back().second += n;
        }
        for (size_t d = 0; d < UnknownSlot; ++d)
            if (domains_[d] != 0)
                out.byDomain.emplace_back(static_cast<uint16_t>(d), domains_[d]);
        out.unknownDomain = domains_[UnknownSlot];
        for (size_t p = 0; p < pcpus_.size(); ++p)
            if (pcpus_[p] != 0)
                out.byPcpu.emplace_back(static_cast<uint16_t>(p), pcpus_[p]);
        return out;
    }

private:
    EventCounter ids_;
    std::vector<uint64_t> domains_ = std::vector<uint64_t>(UnknownSlot + 1, 0);
    std::vector<uint64_t> pcpus_;
};

} // namespace

std::optional<EventStats> windowEventStats(const TraceIndex& index, TimeWindow window,
                                           const CancelToken* cancel, uint64_t sliceRecords) {
    const TimeWindow trace = index.window();
    const TimeWindow w{std::max(window.t0, trace.t0), std::min(window.t1, trace.t1)};
    const EventStats& pass = index.results().events;
    if (window.t0 <= trace.t0 && window.t1 >= trace.t1 && pass.window.t0 <= trace.t0 &&
        pass.window.t1 >= trace.t1)
        return pass;
    Tally tally;
    if (w.t1 < w.t0)
        return tally.result(w);

    // Slices of equal length, as many as the bucket counters' estimate asks
    // for; [t0, t1] is cut into disjoint inclusive slices so no record is
    // visited twice.
    const uint64_t estimate = index.eventCounts(w.t0, w.t1, false).total;
    const uint64_t slices =
        std::clamp<uint64_t>(estimate / std::max<uint64_t>(sliceRecords, 1) + 1, 1, w.length() + 1);
    const uint64_t step = w.length() / slices + 1;
    for (uint64_t a = w.t0;;) {
        if (cancel && cancel->isCancelled())
            return std::nullopt;
        const uint64_t b = w.t1 - a < step ? w.t1 : a + step - 1;
        if (!index.forEachRecord(a, b, [&](const Record& r, const Owner& o) { tally.add(r, o); }))
            return std::nullopt;
        if (b == w.t1)
            break;
        a = b + 1;
    }
    return tally.result(w);
}

} // namespace xenoscope::core
