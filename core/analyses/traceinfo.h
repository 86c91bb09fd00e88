#pragma once
// The facts of a trace (what `xenoscope-cli info` prints and the viewer's
// properties panel shows): size, chunks, record counts, pCPUs and their TSC
// ranges, domains and vCPUs, event counts, lost records, the TSC rate.

#include "core/probes/vcpunamesprobe.h"
#include "core/reader/recordsink.h"
#include "core/reader/tracereader.h"
#include "core/reader/tscrateestimator.h"
#include "core/util/eventcounter.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace xenoscope::core {

struct TraceInfo {
    struct Pcpu {
        uint16_t pcpu = 0;
        uint64_t records = 0; // wrap fillers included
        uint64_t firstTsc = 0;
        uint64_t lastTsc = 0;
        bool hasTsc = false;
    };
    using Domain = DomainVcpus;
    struct EventCount {
        uint32_t id = 0;
        uint64_t count = 0;
    };

    std::string path;
    uint64_t bytes = 0;
    bool compressed = false;
    uint64_t streamBytes = 0;
    uint64_t chunks = 0;
    ReadStats stats;
    uint64_t lostRecords = 0;
    uint64_t firstTsc = 0;
    uint64_t lastTsc = 0;
    std::optional<double> tscHzEstimate;
    size_t tscHzSamples = 0;
    double tscHzUsed = 0; // estimate, or the override, or the fallback below
    bool tscHzOverridden = false;
    std::vector<Pcpu> pcpus;
    std::vector<Domain> domains;
    std::vector<EventCount> events; // sorted by id
    Diagnostics errors;

    uint64_t spanCycles() const { return lastTsc > firstTsc ? lastTsc - firstTsc : 0; }

    // When nothing in the trace gives the rate and the user gave none:
    // the common 2.4 GHz xenalyze assumes, said out loud where used.
    static constexpr double FallbackHz = 2.4e9;
};

// The facts a read leaves in the reader and its statistics: file, chunks,
// record counts, lost records, diagnostics. The rest comes from what saw
// the records (TraceInfoCollector, or the probes of a pass in the index
// builder): the pCPUs (setPcpus()), domains, events and the TSC rate.
TraceInfo readerFacts(const TraceReader& reader, const ReadStats& stats);
// The pCPUs that wrote records, and the window: the read's facts of each
// (ReadStats::pcpus) with records[p], pCPU p's records other than wrap fillers.
void setPcpus(TraceInfo& info, const std::vector<PcpuReadStats>& pcpus,
              const std::vector<uint64_t>& records);
// The TSC rate: the estimate and its samples, and the rate used: `cpuHz`
// when > 0, else the estimate, else TraceInfo::FallbackHz.
void settleTscHz(TraceInfo& info, std::optional<double> estimate, size_t samples, double cpuHz);
// Event counts by id into info.events (ascending, zeros left out), with
// the wrap fillers a pass does not dispatch (ReadStats::wrapRecords) added.
void setEvents(TraceInfo& info, const std::vector<std::pair<uint32_t, uint64_t>>& byId,
               uint64_t wrapRecords);

// Collects TraceInfo during a read; attach it to the pass like any sink.
class TraceInfoCollector final : public RecordSink {
public:
    void onRecord(const Record& r, const Owner& owner) override;
    // Fills in everything; `cpuHz` (> 0) overrides the estimate.
    TraceInfo finish(const TraceReader& reader, const ReadStats& stats, double cpuHz) const;

private:
    EventCounter events_;
    std::vector<uint64_t> records_; // by pCPU, wrap fillers left out (readerFacts())
    VcpuNames names_;
    TscRateEstimator tsc_;
};

// Reads the whole file once and returns its facts (the `info` command).
TraceInfo readTraceInfo(const std::string& path, double cpuHz, const ProgressFn& progress = {},
                        const CancelToken* cancel = nullptr);

} // namespace xenoscope::core
