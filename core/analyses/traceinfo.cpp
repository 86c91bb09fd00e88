#include "core/analyses/traceinfo.h"

#include <algorithm>

namespace xenoscope::core {

TraceInfo readerFacts(const TraceReader& reader, const ReadStats& stats) {
    TraceInfo info;
    info.path = reader.file().path();
    info.bytes = reader.file().fileSize();
    info.compressed = reader.file().compressed();
    info.streamBytes = reader.chunks().streamBytes;
    info.chunks = reader.chunks().chunks.size();
    info.stats = stats;
    info.stats.pcpus.clear(); // kept once, in info.pcpus
    for (const auto& gap : stats.lost)
        info.lostRecords += gap.records;
    info.errors = reader.diagnostics();
    return info;
}

void setPcpus(TraceInfo& info, const std::vector<PcpuReadStats>& pcpus,
              const std::vector<uint64_t>& records) {
    info.pcpus.clear();
    for (const PcpuReadStats& p : pcpus) {
        const uint64_t n = p.wrapRecords + (p.pcpu < records.size() ? records[p.pcpu] : 0);
        if (n > 0)
            info.pcpus.push_back({p.pcpu, n, p.firstTsc, p.lastTsc, p.hasTsc});
    }
    bool any = false;
    for (const auto& p : info.pcpus) {
        if (p.hasTsc) {
            info.firstTsc = any ? std::min(info.firstTsc, p.firstTsc) : p.firstTsc;
            info.lastTsc = any ? std::max(info.lastTsc, p.lastTsc) : p.lastTsc;
            any = true;
        }
    }
}

void settleTscHz(TraceInfo& info, std::optional<double> estimate, size_t samples, double cpuHz) {
    info.tscHzEstimate = estimate;
    info.tscHzSamples = samples;
    info.tscHzOverridden = cpuHz > 0;
    info.tscHzUsed = cpuHz > 0 ? cpuHz : estimate.value_or(TraceInfo::FallbackHz);
}

void setEvents(TraceInfo& info, const std::vector<std::pair<uint32_t, uint64_t>>& byId,
               uint64_t wrapRecords) {
    EventCounter counts;
    for (const auto& [id, count] : byId)
        counts.add(id, count);
    counts.add(ev::WrapBuffer, wrapRecords);
    info.events.clear();
    for (const auto& [id, count] : counts.nonZero())
        info.events.push_back({id, count});
}

void TraceInfoCollector::onRecord(const Record& r, const Owner&) {
    if (r.event != ev::WrapBuffer) {
        if (r.pcpu >= records_.size())
            records_.resize(size_t{r.pcpu} + 1, 0);
        ++records_[r.pcpu];
    }
    events_.add(r.event);
    names_.add(r);
    tsc_.add(r);
}

TraceInfo TraceInfoCollector::finish(const TraceReader& reader, const ReadStats& stats,
                                     double cpuHz) const {
    TraceInfo info = readerFacts(reader, stats);
    setPcpus(info, stats.pcpus, records_);
    info.domains = names_.domains();
    setEvents(info, events_.nonZero(), 0); // the wrap fillers are among them
    settleTscHz(info, tsc_.estimateHz(), tsc_.samples(), cpuHz);
    return info;
}

TraceInfo readTraceInfo(const std::string& path, double cpuHz, const ProgressFn& progress,
                        const CancelToken* cancel) {
    Diagnostic openError;
    auto reader = TraceReader::open(path, openError);
    if (!reader) {
        TraceInfo info;
        info.path = path;
        info.errors.push_back(openError);
        return info;
    }
    // Counts and per-pCPU facts: no merge by time needed.
    struct PcpuOnly final : SplitSink {
        TraceInfoCollector collector;
        bool onPcpuRecord(const Record& r, const Owner& o) override {
            collector.onRecord(r, o);
            return false;
        }
        void onOrderedRecord(const Record&, const Owner&) override {}
    } sink;
    const ReadStats stats = reader->readSplit(sink, progress, cancel);
    return sink.collector.finish(*reader, stats, cpuHz);
}

} // namespace xenoscope::core
