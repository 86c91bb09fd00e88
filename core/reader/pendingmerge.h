#pragma once
// The time-ordered lane of TraceReader::readSplit(): records wanted in time
// order wait in a FIFO per pCPU until no record still unread on any pCPU can
// come before them, then leave merged by (TSC, stream offset), the order
// TraceReader::read() uses. What waits is about one xentrace polling round
// of the few records that need the order, not whole chunks.

#include "core/format/record.h"
#include "core/reader/recordsink.h"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <vector>

namespace xenoscope::core {

class PendingMerge {
public:
    // `slots`: one per pCPU stream (the caller numbers them 0..slots-1).
    explicit PendingMerge(size_t slots);

    void push(size_t slot, const Record& record, const Owner& owner) {
        queues_[slot].push_back({record, owner});
    }
    // No record of this slot still to come has a smaller TSC than `tsc`
    // (UINT64_MAX: the slot is exhausted).
    void setBound(size_t slot, uint64_t tsc) { bounds_[slot] = tsc; }

    // Emits every waiting record earlier than all the slots' bounds.
    void drain(SplitSink& sink);
    // End of input: emits everything.
    void flush(SplitSink& sink);

private:
    struct Waiting {
        Record record;
        Owner owner;
    };
    void emitBefore(uint64_t limit, SplitSink& sink);

    std::vector<std::deque<Waiting>> queues_;
    std::vector<uint64_t> bounds_;
};

} // namespace xenoscope::core
