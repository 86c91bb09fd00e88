#include "core/probes/probedispatcher.h"

#include <algorithm>

namespace xenoscope::core {

ProbeDispatcher::ProbeDispatcher()
    : pages_(PageCount)
    , ranges_(2) {}

ProbeDispatcher::~ProbeDispatcher() = default;

void ProbeDispatcher::add(Probe& probe) {
    probes_.push_back(&probe);
    probe.attach(*this);
}

void ProbeDispatcher::subscribe(const Subscription& s) {
    subscriptions_.push_back(s);
    // Resolved lists no longer hold: forget them (subscriptions normally all
    // come before the first record, so this costs nothing in practice).
    for (auto& page : pages_)
        page.reset();
    ranges_.resize(2);
    entries_.clear();
}

uint32_t ProbeDispatcher::resolve(uint32_t id) {
    Range range{static_cast<uint32_t>(entries_.size()), 0};
    for (const auto& s : subscriptions_)
        if ((id & s.mask) == s.value) {
            entries_.push_back({s.fn, s.self});
            ++range.count;
        }
    uint32_t index = Nobody;
    if (range.count > 0) {
        index = static_cast<uint32_t>(ranges_.size());
        ranges_.push_back(range);
    }
    auto& page = pages_[(id >> 16) & (PageCount - 1)];
    if (!page) {
        page = std::make_unique<Page>();
        page->fill(Unresolved);
    }
    (*page)[id & 0xffff] = index;
    return index;
}

void ProbeDispatcher::notePcpu(uint16_t pcpu) {
    if (pcpu >= pcpuSeen_.size())
        pcpuSeen_.resize(size_t{pcpu} + 1, 0);
    pcpuSeen_[pcpu] = 1;
}

void ProbeDispatcher::begin(const ChunkTable& table) {
    for (auto* p : probes_)
        p->begin(table);
}

void ProbeDispatcher::onRecord(const Record& r, const Owner& owner) {
    if (r.event == ev::WrapBuffer)
        return; // ring filler: no meaning, not even its TSC
    if (span_.empty) {
        span_.window = {r.tsc, r.tsc};
        span_.empty = false;
    } else {
        span_.window.t0 = std::min(span_.window.t0, r.tsc);
        span_.window.t1 = std::max(span_.window.t1, r.tsc);
    }
    ++span_.records;
    if (r.pcpu >= pcpuSeen_.size() || !pcpuSeen_[r.pcpu])
        notePcpu(r.pcpu);

    const auto& page = pages_[(r.event >> 16) & (PageCount - 1)];
    uint32_t index = page ? (*page)[r.event & 0xffff] : Unresolved;
    if (index == Unresolved)
        index = resolve(r.event);
    const Range range = ranges_[index];
    for (uint32_t i = 0; i < range.count; ++i) {
        const Entry& e = entries_[range.begin + i];
        e.fn(e.self, r, owner);
    }
}

const TraceSpan& ProbeDispatcher::finish() {
    span_.pcpus.clear();
    for (size_t p = 0; p < pcpuSeen_.size(); ++p)
        if (pcpuSeen_[p])
            span_.pcpus.push_back(static_cast<uint16_t>(p));
    for (auto* p : probes_)
        p->finish(span_);
    return span_;
}

} // namespace xenoscope::core
