#pragma once
// A probe: one analysis' state machine over the record stream. It says what
// it wants in attach() (event ids, classes, or other probes' topics), keeps
// its own state while the records go by, and at finish() closes what is still
// open at T1 and leaves plain result data behind. Probes never see TSC rates:
// everything is in cycles (the rate is known only at the end of a pass).

#include "core/format/record.h"
#include "core/probes/tracespan.h"

namespace xenoscope::core {

class ProbeDispatcher;
struct ChunkTable;

// The order a probe needs its records in. Per pCPU is enough for state kept
// per pCPU and for counts, and is much cheaper: those records skip the merge
// by time (TraceReader::readSplit). Topics publish in their producer's order,
// so a probe subscribing to a per-pCPU probe's topic is per pCPU too, and one
// subscribing to a time-ordered probe's topic is time-ordered too: with two
// threads the two orders run on different walks of the file
// (ProbeDispatcher::splitWalks), and a topic never crosses between them.
enum class ProbeOrder : uint8_t {
    Time,    // all records in time order
    PerPcpu, // each pCPU's records in its order; pCPUs interleave arbitrarily
};

class Probe {
public:
    virtual ~Probe() = default;

    virtual ProbeOrder order() const { return ProbeOrder::Time; }
    // A per-pCPU probe that neither publishes nor subscribes to topics, and
    // whose state nobody reads before finish() (counts, rates): with two
    // threads it runs on the reader's, beside the walk, and the records only
    // it wants never cross to the worker. Meaningless for time-ordered probes.
    virtual bool independent() const { return false; }

    // Subscribe here: dispatcher.on<&MyProbe::onX>(id, this), onClass, onAll,
    // or another probe's topic.
    virtual void attach(ProbeDispatcher& dispatcher) = 0;
    // Layout facts from the reader's first pass (e.g. which pCPUs have
    // SCHED_SWITCH records), before the first record. Optional.
    virtual void begin(const ChunkTable& /*table*/) {}
    // After the last record: close what is open at span.window.t1.
    virtual void finish(const TraceSpan& /*span*/) {}
};

} // namespace xenoscope::core
