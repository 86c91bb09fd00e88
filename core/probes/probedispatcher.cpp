#include "core/probes/probedispatcher.h"

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
    ranges.clear();
    entries.clear();
}

void ProbeDispatcher::subscribe(const Subscription& s) {
    subscriptions_.push_back(s);
    // Resolved lists no longer hold: forget them (subscriptions normally all
    // come before the first record, so this costs nothing in practice).
    for (auto& t : lanes_)
        t.clear();
}

ProbeDispatcher::Range& ProbeDispatcher::Table::resolve(uint32_t id, const ProbeDispatcher& d,
                                                        Lane lane) {
    Range range{static_cast<uint32_t>(entries.size()), 0, false};
    for (const auto& s : d.subscriptions_) {
        if ((id & s.mask) != s.value)
            continue;
        if (d.runsIn(s.lane, lane)) {
            entries.push_back({s.fn, s.self});
            ++range.count;
        } else if (s.lane == TimeLane) {
            range.timeLaneToo = true;
        }
    }
    return ranges.insert(id, range);
}

void ProbeDispatcher::begin(const ChunkTable& table) {
    for (auto* p : probes_)
        p->begin(table);
}

void ProbeDispatcher::onRecord(const Record& r, const Owner& owner) {
    if (onPcpuRecord(r, owner))
        onOrderedRecord(r, owner);
}

void ProbeDispatcher::splitWalks() {
    split_ = true;
    for (auto& t : lanes_) // resolved lists no longer hold
        t.clear();
}

bool ProbeDispatcher::onPcpuRecord(const Record& r, const Owner& owner) {
    if (r.event == ev::WrapBuffer)
        return false; // ring filler: no meaning, not even its TSC
    span_.note(r.tsc, r.pcpu, owner);
    Table& t = lanes_[PcpuLane];
    Range& range = t.range(r.event, *this, PcpuLane);
    ++range.records;
    run(t, range, r, owner);
    return range.timeLaneToo;
}

void ProbeDispatcher::onOrderedRecord(const Record& r, const Owner& owner) {
    Table& t = lanes_[TimeLane];
    run(t, t.range(r.event, *this, TimeLane), r, owner);
}

EventTally::IdCounts ProbeDispatcher::idCounts() const {
    EventCounter counts;
    for (const Table& t : lanes_)
        t.ranges.forEach([&](uint32_t id, const Range& range) { counts.add(id, range.records); });
    return counts.nonZero();
}

const TraceSpan& ProbeDispatcher::finish() {
    const TraceSpan& span = span_.close();
    counts_ = span_.tally().stats(span.window, idCounts());
    for (auto* p : probes_)
        p->finish(span);
    return span;
}

} // namespace xenoscope::core
