#include "core/probes/probedispatcher.h"

#include <algorithm>

namespace xenoscope::core {

ProbeDispatcher::ProbeDispatcher() {
    for (auto& t : lanes_)
        t.clear();
}

ProbeDispatcher::~ProbeDispatcher() = default;

void ProbeDispatcher::add(Probe& probe) {
    probes_.push_back(&probe);
    probe.attach(*this);
}

void ProbeDispatcher::Table::clear() {
    pages.clear();
    pages.resize(PageCount);
    ranges.assign(2, Range{});
    entries.clear();
}

void ProbeDispatcher::subscribe(const Subscription& s) {
    subscriptions_.push_back(s);
    // Resolved lists no longer hold: forget them (subscriptions normally all
    // come before the first record, so this costs nothing in practice).
    for (auto& t : lanes_)
        t.clear();
}

uint32_t ProbeDispatcher::Table::resolve(uint32_t id, const ProbeDispatcher& d, Lane lane) {
    Range range{static_cast<uint32_t>(entries.size()), 0, false};
    for (const auto& s : d.subscriptions_) {
        if ((id & s.mask) != s.value)
            continue;
        if (d.runsIn(s.lane, lane)) {
            entries.push_back({s.fn, s.self});
            ++range.count;
        } else if (s.lane == TimeLane) {
            range.timeLaneToo = true;
        } else if (s.lane == PcpuLane) {
            range.workerToo = true;
        }
    }
    uint32_t index = Nobody;
    if (range.count > 0 || range.timeLaneToo || range.workerToo) {
        index = static_cast<uint32_t>(ranges.size());
        ranges.push_back(range);
    }
    auto& page = pages[(id >> 16) & (PageCount - 1)];
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
    if (onPcpuRecord(r, owner))
        onOrderedRecord(r, owner);
}

void ProbeDispatcher::splitOff() {
    apart_ = true;
    for (auto& t : lanes_) // resolved lists no longer hold
        t.clear();
}

ReaderSide::Wants ProbeDispatcher::onReaderThread(const Record& r, const Owner& owner) {
    if (r.event == ev::WrapBuffer)
        return {false, false}; // ring filler: no meaning, not even its TSC
    noteSpan(r);
    Table& t = lanes_[ReaderLane];
    const Range range = t.range(r.event, *this, ReaderLane);
    run(t, range, r, owner);
    return {range.workerToo, range.timeLaneToo};
}

bool ProbeDispatcher::onPcpuRecord(const Record& r, const Owner& owner) {
    if (r.event == ev::WrapBuffer)
        return false; // ring filler: no meaning, not even its TSC
    if (!apart_)
        noteSpan(r);
    Table& t = lanes_[PcpuLane];
    const Range range = t.range(r.event, *this, PcpuLane);
    run(t, range, r, owner);
    return range.timeLaneToo;
}

void ProbeDispatcher::onOrderedRecord(const Record& r, const Owner& owner) {
    Table& t = lanes_[TimeLane];
    run(t, t.range(r.event, *this, TimeLane), r, owner);
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
