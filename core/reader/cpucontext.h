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

    // Applies the record's effect on who runs where.
    void apply(const Record& r);

private:
    std::vector<Owner> owners_; // indexed by pCPU number
    std::vector<uint8_t>
        useSwitches_; // pCPU has SCHED_SWITCH records: runstate changes don't move owners
};

} // namespace xenoscope::core
