#include "core/reader/pendingmerge.h"

#include <algorithm>

namespace xenoscope::core {

PendingMerge::PendingMerge(size_t slots)
    : queues_(slots)
    , bounds_(slots, 0) {}

void PendingMerge::drain(SplitSink& sink) {
    // Equal TSCs are ordered by stream offset, which a slot's unread records
    // could still win: strictly earlier only.
    emitBefore(*std::min_element(bounds_.begin(), bounds_.end()), sink);
}

void PendingMerge::flush(SplitSink& sink) {
    std::fill(bounds_.begin(), bounds_.end(), UINT64_MAX);
    emitBefore(UINT64_MAX, sink);
    for (auto& q : queues_) // TSC UINT64_MAX itself
        for (; !q.empty(); q.pop_front())
            sink.onOrderedRecord(q.front().record, q.front().owner);
}

void PendingMerge::emitBefore(uint64_t limit, SplitSink& sink) {
    // A linear scan for the earliest head (there are few pCPUs, and only a
    // small share of the records passes through here) that also finds the
    // runner-up: the earliest queue keeps the lead until its head passes
    // the runner-up's, so runs of records leave between two scans.
    auto earlier = [](const Waiting& a, const Waiting& b) {
        return a.record.tsc != b.record.tsc ? a.record.tsc < b.record.tsc
                                            : a.record.offset < b.record.offset;
    };
    for (;;) {
        std::deque<Waiting>* best = nullptr;
        const Waiting* runnerUp = nullptr;
        for (auto& q : queues_) {
            if (q.empty() || q.front().record.tsc >= limit)
                continue;
            if (!best || earlier(q.front(), best->front())) {
                if (best)
                    runnerUp = &best->front();
                best = &q;
            } else if (!runnerUp || earlier(q.front(), *runnerUp)) {
                runnerUp = &q.front();
            }
        }
        if (!best)
            return;
        do {
            sink.onOrderedRecord(best->front().record, best->front().owner);
            best->pop_front();
        } while (!best->empty() && best->front().record.tsc < limit &&
                 (!runnerUp || earlier(best->front(), *runnerUp)));
    }
}

} // namespace xenoscope::core
