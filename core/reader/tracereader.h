#pragma once
// Reads a xentrace file into one time-ordered stream of records: walks the
// per-pCPU chunks (first pass: ChunkScanner), then merges the pCPUs' streams
// by TSC (stable: equal TSCs keep file order), gives TSC-less records their
// pCPU's previous TSC, and attributes each record to the vCPU running there.
// Damaged input is reported (file offset, reason) and everything readable is
// still delivered.

#include "core/io/tracefile.h"
#include "core/reader/chunktable.h"
#include "core/reader/cpucontext.h"
#include "core/reader/recordsink.h"
#include "core/util/cancellation.h"

#include <memory>
#include <string>

namespace xenoscope::core {

class WalkPair;

struct LostGap {
    uint16_t pcpu = 0;
    uint64_t fromTsc = 0; // first lost record
    uint64_t toTsc = 0;   // the TRC_LOST_RECORDS record
    uint32_t records = 0; // how many were lost
};

// What a read met on one pCPU (TraceInfo's per-pCPU facts). Not its
// records: counting them per pCPU slowed the walk by 3-6 %, and the
// consumers count them anyway (the dispatcher, TraceInfoCollector).
struct PcpuReadStats {
    uint16_t pcpu = 0;
    uint64_t wrapRecords = 0;
    uint64_t firstTsc = 0; // the smallest and largest TSC a record was timed
    uint64_t lastTsc = 0;  // at that has a TSC of its own (when hasTsc)
    bool hasTsc = false;
};

struct ReadStats {
    uint64_t records = 0; // every record but the chunk headers
    uint64_t tscRecords = 0;
    uint64_t noTscRecords = 0;
    uint64_t wrapRecords = 0;
    uint64_t bytes = 0; // record bytes consumed, chunk headers included
    std::vector<LostGap> lost;
    std::vector<PcpuReadStats> pcpus; // the layout's, ascending (a read that ran to its end)
    bool cancelled = false;
};

class TraceReader {
public:
    // nullptr with `error` set when the file cannot be opened at all.
    static std::unique_ptr<TraceReader> open(const std::string& path, Diagnostic& error);

    // First pass (cheap for plain files, a full decompression for .zst);
    // read() runs it when needed. False when cancelled.
    bool scan(const ProgressFn& progress = {}, const CancelToken* cancel = nullptr);

    // Second pass: every record in time order into `sink`. Can be repeated.
    ReadStats read(RecordSink& sink, const ProgressFn& progress = {},
                   const CancelToken* cancel = nullptr);
    // Second pass in two lanes: every record to sink.onPcpuRecord() walking
    // the chunks in file order (no merge), and only those it asks for merged
    // into time order to sink.onOrderedRecord(). Same records, owners, TSCs,
    // statistics and diagnostics as read(). Can be repeated.
    // Any SplitSink; a final class gets its calls inlined (splitwalk.h).
    template <class Sink>
    ReadStats readSplit(Sink& sink, const ProgressFn& progress = {},
                        const CancelToken* cancel = nullptr);

    // The same on two threads: two walks at once, each with both lanes, one
    // feeding `first` (progress, statistics and diagnostics are this one's),
    // the other `second`. Each sink sees every record in the orders above;
    // the two share no state, so no record crosses between threads. `pair`
    // (optional) lets the caller hold the second walk still (WalkPair::Hold).
    template <class First, class Second>
    ReadStats readSplitPair(First& first, Second& second, const ProgressFn& progress = {},
                            const CancelToken* cancel = nullptr, WalkPair* pair = nullptr);

    const TraceFile& file() const { return *file_; }
    const ChunkTable& chunks() const { return table_; }
    // Layout problems from the scan plus record problems from the last read.
    Diagnostics diagnostics() const;
    // True when nothing could be read (e.g. big-endian, no chunk at all).
    bool unusable() const;

private:
    explicit TraceReader(std::unique_ptr<TraceFile> file)
        : file_(std::move(file)) {}
    // Both reads' start: forget the last read's problems, scan if needed.
    // False when there is nothing to read (cancelled or unusable).
    bool prepareRead(ReadStats& stats, const ProgressFn& progress, const CancelToken* cancel);
    // One walk of readSplit()/readSplitPair(); `pair` is null for a lone walk.
    template <class Sink>
    ReadStats walkSplit(Sink& sink, Diagnostics& diagnostics, const ProgressFn& progress,
                        const CancelToken* cancel, WalkPair* pair, int walk) const;

    std::unique_ptr<TraceFile> file_;
    ChunkTable table_;
    bool scanned_ = false;
    Diagnostics readDiagnostics_;
};

} // namespace xenoscope::core

// The split reads' templates.
#include "core/reader/splitwalk.h"
