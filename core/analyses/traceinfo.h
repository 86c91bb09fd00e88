#pragma once
// The facts of a trace (what `xenoscope-cli info` prints and the viewer's
// properties panel shows): size, chunks, record counts, pCPUs and their TSC
// ranges, domains and vCPUs, event counts, lost records, the TSC rate.

#include "core/reader/recordsink.h"
#include "core/reader/tracereader.h"
#include "core/reader/tscrateestimator.h"
#include "core/util/eventcounter.h"
#include "core/util/idtable.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace xenoscope::core {

struct TraceInfo {
    struct Pcpu {
        uint16_t pcpu = 0;
        uint64_t records = 0;
        uint64_t firstTsc = 0;
        uint64_t lastTsc = 0;
        bool hasTsc = false;
    };
    struct Domain {
        uint16_t domain = 0;
        std::vector<uint16_t> vcpus;
    };
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

// Collects TraceInfo during a read; attach it to the pass like any sink.
class TraceInfoCollector final : public RecordSink {
public:
    void onRecord(const Record& r, const Owner& owner) override;
    // Fills in everything; `cpuHz` (> 0) overrides the estimate.
    TraceInfo finish(const TraceReader& reader, const ReadStats& stats, double cpuHz) const;

private:
    // Every (domain, vCPU) a scheduling record names: one lookup in a small
    // open-addressed table per record (a tree per domain cost 1.1-1.5 % of an
    // index build in lookups alone). Keyed domain << 16 | vCPU; the one key
    // the table cannot hold has a flag of its own.
    class VcpuSet {
    public:
        void add(uint16_t domain, uint16_t vcpu) {
            const uint32_t key = uint32_t{domain} << 16 | vcpu;
            if (key == UINT32_MAX)
                last_ = true;
            else if (!keys_.find(key))
                keys_.insert(key, 1);
        }
        // By domain, vCPUs ascending.
        std::vector<TraceInfo::Domain> domains() const;

    private:
        IdTable<uint8_t> keys_;
        bool last_ = false; // domain 65535, vCPU 65535
    };

    std::vector<TraceInfo::Pcpu> pcpus_;
    EventCounter events_;
    VcpuSet vcpus_;
    TscRateEstimator tsc_;
};

// Reads the whole file once and returns its facts (the `info` command).
TraceInfo readTraceInfo(const std::string& path, double cpuHz, const ProgressFn& progress = {},
                        const CancelToken* cancel = nullptr);

} // namespace xenoscope::core
