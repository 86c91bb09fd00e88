#pragma once
// The first pass over a trace: hops from chunk header to chunk header,
// checking each, and peeks into chunks only as far as the merge needs (first
// TSC, first switch per pCPU). Damaged regions are reported with their byte
// offset and skipped to the next plausible chunk header.

#include "core/io/tracefile.h"
#include "core/reader/chunktable.h"
#include "core/util/cancellation.h"

namespace xenoscope::core {

class ChunkScanner {
public:
    explicit ChunkScanner(const TraceFile& file)
        : file_(file) {}

    // Returns false only when cancelled. The table's diagnostics hold every
    // problem found; a fatal one means nothing could be read at all.
    bool scan(ChunkTable& table, const ProgressFn& progress, const CancelToken* cancel);

private:
    const TraceFile& file_;
};

} // namespace xenoscope::core
