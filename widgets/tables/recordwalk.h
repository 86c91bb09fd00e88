#pragma once
// RecordWalk: visits the records of a window in time order through
// TraceIndex::forEachRecord, in slices of about SliceRecords records (sized
// from the index's per-bucket event counters), so that walking 20 million
// records never holds more than one slice in memory, and so that a walk can
// stop early or be cancelled between slices.

#include "core/index/traceindex.h"

#include <functional>

namespace xenoscope::widgets {

class RecordWalk {
public:
    static constexpr uint64_t SliceRecords = 65536;

    // visit returns false to stop. Returns false when the records could not
    // be read (file gone or changed) or `cancelled` said so.
    using Visit = std::function<bool(const core::Record&, const core::Owner&)>;
    static bool run(const core::TraceIndex& index, core::TimeWindow window, const Visit& visit,
                    const std::function<bool()>& cancelled = {});

private:
    RecordWalk() = delete;
};

} // namespace xenoscope::widgets
