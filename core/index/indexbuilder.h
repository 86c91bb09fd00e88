#pragma once
// Builds a trace's TraceIndex in one pass over the file: the reader feeds the
// core probes (the same wiring as AnalysisPass), the TraceInfoCollector and
// the index's own recorder (seek points, event buckets). Reports progress by
// bytes of the file (monotonic, ends at the file size), stops within
// milliseconds when cancelled, can publish snapshots of what is indexed so
// far, and reads or writes the index cache (IndexCache).
//
// The pass is split (TraceReader::readSplit): the per-pCPU probes and the
// recorder run as the reader walks the chunks; only the records the
// time-ordered probes want are merged by time. With two threads the file is
// walked twice at once (readSplitPair), the probes and the recorder's parts
// divided between the walks (ProbeDispatcher::splitWalks).

#include "core/index/traceindex.h"
#include "core/index/traceindeximpl.h"
#include "core/util/cancellation.h"
#include "core/util/diagnostic.h"

#include <functional>
#include <memory>
#include <string>

namespace xenoscope::core {

struct IndexOptions {
    double cpuHz = 0;     // > 0 overrides the trace's TSC-rate estimate
    bool useCache = true; // read a valid cache; write one after building
    std::string cacheDir; // where caches go when not next to the trace; empty: XDG
    bool cacheNextToTrace = true;
    int threads = 2; // 1: the probes run inside the reader's loop
    // Progressive publication: snapshots (complete() == false) of what is
    // indexed so far, at most every snapshotMs and at 10, 20, 40 and 80 % of
    // the file; without the hypervisor overlay, which only the final index has.
    std::function<void(const TraceIndexPtr&)> snapshot;
    uint32_t snapshotMs = 250;
    // The layout scan is done; the record pass starts.
    std::function<void()> scanned;
    // The final index, before the cache is written (the viewer shows it at once).
    std::function<void(const TraceIndexPtr&)> ready;
};

struct IndexOutcome {
    std::shared_ptr<const TraceIndexImpl> index; // nullptr: cancelled or unusable
    std::shared_ptr<const TraceInfo> info;       // also for unusable input: errors say why
    bool cancelled = false;
    bool fromCache = false;
    std::string cachePath;    // read or written ("" when none)
    std::string cacheProblem; // why an existing cache was not used, or could not be written
    uint64_t cacheBytes = 0;
};

class IndexBuilder {
public:
    explicit IndexBuilder(IndexOptions options = {});

    // Reads the cache if valid, else builds (and writes the cache).
    IndexOutcome open(const std::string& path, const ProgressFn& progress = {},
                      const CancelToken* cancel = nullptr) const;
    // Always builds from the trace; never touches the cache.
    IndexOutcome build(const std::string& path, const ProgressFn& progress = {},
                       const CancelToken* cancel = nullptr) const;

private:
    IndexOptions options_;
};

} // namespace xenoscope::core
