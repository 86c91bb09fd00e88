#pragma once
// Who runs on each pCPU, as the scheduling records say. The one place that
// tracks it: the reader updates it record by record, consumers read it.

#include "core/format/record.h"
#include "core/reader/chunktable.h"

#include <vector>

namespace xenoscope::core {

class CpuContext {
public:
    void reset(const ChunkTable& table);

    // The owner a record on `pcpu` is attributed to (before the record's own effect).
    const Owner& owner(uint16_t pcpu) const { return owners_[pcpu]; }

    // Applies the record's effect on who runs where. Inline filter: only
    // scheduling-class records and lost records can change an owner.
    void apply(const Record& r) {
        if ((r.event & ev::ClassMask) == 0x00020000 || r.event == ev::LostRecords)
            applyScheduling(r);
    }

private:
    void applyScheduling(const Record& r);
    std::vector<Owner> owners_; // indexed by pCPU number
    std::vector<uint8_t>
        useSwitches_; // pCPU has SCHED_SWITCH records: runstate changes don't move owners
};

} // namespace xenoscope::core
