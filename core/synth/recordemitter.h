#pragma once
// The generator's single path to the file: turns simulated nanoseconds into
// TSC values, appends records to the TraceWriter's per-pCPU buffers, and
// applies what tracing does to them: nothing before tracing starts, records
// dropped inside lost-record windows (then one TRC_LOST_RECORDS record),
// wrap fillers, polling rounds. Tells the caller whether each record made it
// into the file and at which TSC, and counts what was written.

#include "core/synth/tracewriter.h"
#include "core/util/eventcounter.h"

#include <cstdint>
#include <deque>
#include <initializer_list>
#include <optional>
#include <vector>

namespace xenoscope::core {

class Rng;
class TruthAccumulator;

class RecordEmitter {
public:
    struct Written {
        bool written = false;
        uint64_t tsc = 0; // the record's TSC, or for one without, its pCPU's previous one
        uint64_t seq = 0; // position in file order
    };

    RecordEmitter(TraceWriter& writer, TruthAccumulator& truth, uint16_t pcpus, double hz,
                  uint64_t tscBase);

    uint64_t tscAt(uint64_t ns) const;

    // Records at simulated time `ns` are written only from here on.
    void startTracingAt(uint64_t ns) { traceOnNs_ = ns; }
    // A lost-record window of length toNs - fromNs on the first pCPU that
    // writes a record at or after fromNs (so it always drops something): its
    // records from then on are dropped. Add windows in time order.
    void addLostWindow(uint64_t fromNs, uint64_t toNs);
    // Who runs on `pcpu` now (vCPU index, dom, vcpu): named by TRC_LOST_RECORDS.
    void setOwner(uint16_t pcpu, uint32_t vcpuIndex, uint16_t dom, uint16_t vcpu);

    // A record with a TSC at `ns`, or (withTsc false) one without, which
    // shares the fate and time of the previous TSC record on that pCPU.
    Written record(uint16_t pcpu, uint64_t ns, uint32_t event, bool withTsc,
                   std::initializer_list<uint32_t> words);

    // One xentrace polling round; adds a wrap filler to some chunks.
    void flushRound(Rng& rng, uint32_t wrapPerMille);
    // Ends open lost windows, flushes everything; `truncate`: the last chunk
    // declares more bytes than the file holds.
    bool finish(uint64_t endNs, bool truncate);

    uint64_t bytesWritten() const { return writer_.bytesWritten(); }
    bool empty() const { return !haveTsc_; }
    uint64_t firstTsc() const { return firstTsc_; }
    uint64_t lastTsc() const { return lastTscAll_; }
    // The smallest TSC any later record can get (for the disk depth reorder buffer).
    uint64_t safeTsc(uint64_t nowNs) const { return tscAt(nowNs); }

    uint64_t records = 0, tscRecords = 0, noTscRecords = 0, wrapRecords = 0;
    uint64_t lostRecords = 0;
    struct Gap {
        uint16_t pcpu;
        uint64_t fromTsc, toTsc;
        uint32_t records;
    };
    std::vector<Gap> gaps;
    EventCounter events;
    bool truncated = false;

private:
    struct Window {
        uint64_t from, to;
    };
    struct Pcpu {
        uint64_t lastTsc = 0;
        bool haveTsc = false;
        bool lastDropped = true; // fate of the previous TSC record
        std::deque<Window> windows;
        uint32_t dropped = 0; // in the current window
        uint64_t firstDroppedTsc = 0;
        uint32_t owner = 0xffffffff;
        uint32_t ownerWord = 0;
    };
    void write(uint16_t pcpu, uint32_t event, std::optional<uint64_t> tsc,
               std::initializer_list<uint32_t> words);
    void writeLost(uint16_t pcpu, uint64_t tsc);

    TraceWriter& writer_;
    TruthAccumulator& truth_;
    std::vector<Pcpu> pcpus_;
    std::deque<Window> unassigned_;
    uint64_t hzInt_;
    uint64_t tscBase_;
    uint64_t traceOnNs_ = 0;
    bool haveTsc_ = false;
    uint64_t firstTsc_ = 0, lastTscAll_ = 0;
    uint16_t lastFlushedPcpu_ = 0;
};

} // namespace xenoscope::core
