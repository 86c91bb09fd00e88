#include "core/analyses/traceinfo.h"

#include <algorithm>

namespace xenoscope::core {

namespace {

// Scheduling records whose payload names a vCPU as (dom << 16 | vcpu) in word 0.
bool namesPackedVcpu(uint32_t id) {
    return ev::isRunstateChange(id) || id == ev::ContinueRunning;
}

// Generic scheduler records with (dom, vcpu) in words 0 and 1 (new layouts).
bool namesDomVcpuPair(uint32_t id, unsigned nwords) {
    switch (id) {
    case ev::SchedSleep:
    case ev::SchedWake:
    case ev::SchedYield:
    case ev::SchedBlock:
        return nwords >= 2;
    case ev::SwitchInfPrev:
        return nwords >= 3;
    case ev::SwitchInfNext:
        return nwords >= 4;
    default:
        return false;
    }
}

} // namespace

void TraceInfoCollector::onRecord(const Record& r, const Owner&) {
    if (r.pcpu >= pcpus_.size()) {
        const size_t old = pcpus_.size();
        pcpus_.resize(size_t{r.pcpu} + 1);
        for (size_t i = old; i < pcpus_.size(); ++i)
            pcpus_[i].pcpu = static_cast<uint16_t>(i);
    }
    auto& p = pcpus_[r.pcpu];
    ++p.records;
    if (r.hasTsc) {
        if (!p.hasTsc)
            p.firstTsc = r.tsc;
        p.lastTsc = std::max(p.lastTsc, r.tsc);
        p.firstTsc = std::min(p.firstTsc, r.tsc);
        p.hasTsc = true;
    }
    events_.add(r.event);
    if (namesPackedVcpu(r.event) && r.nwords >= 1)
        vcpus_.add(static_cast<uint16_t>(r.words[0] >> 16), static_cast<uint16_t>(r.words[0]));
    else if (namesDomVcpuPair(r.event, r.nwords))
        vcpus_.add(static_cast<uint16_t>(r.words[0]), static_cast<uint16_t>(r.words[1]));
    else if (r.event == ev::SchedSwitch && r.nwords >= 4) {
        vcpus_.add(static_cast<uint16_t>(r.words[0]), static_cast<uint16_t>(r.words[1]));
        vcpus_.add(static_cast<uint16_t>(r.words[2]), static_cast<uint16_t>(r.words[3]));
    }
    tsc_.add(r);
}

std::vector<TraceInfo::Domain> TraceInfoCollector::VcpuSet::domains() const {
    std::vector<uint32_t> keys;
    keys_.forEach([&](uint32_t key, uint8_t) { keys.push_back(key); });
    if (last_)
        keys.push_back(UINT32_MAX);
    std::sort(keys.begin(), keys.end());
    std::vector<TraceInfo::Domain> out;
    for (const uint32_t key : keys) {
        const auto domain = static_cast<uint16_t>(key >> 16);
        if (out.empty() || out.back().domain != domain)
            out.push_back({domain, {}});
        out.back().vcpus.push_back(static_cast<uint16_t>(key));
    }
    return out;
}

TraceInfo TraceInfoCollector::finish(const TraceReader& reader, const ReadStats& stats,
                                     double cpuHz) const {
    TraceInfo info;
    info.path = reader.file().path();
    info.bytes = reader.file().fileSize();
    info.compressed = reader.file().compressed();
    info.streamBytes = reader.chunks().streamBytes;
    info.chunks = reader.chunks().chunks.size();
    info.stats = stats;
    for (const auto& gap : stats.lost)
        info.lostRecords += gap.records;
    bool any = false;
    for (const auto& p : pcpus_) {
        if (p.records == 0)
            continue;
        info.pcpus.push_back(p);
        if (p.hasTsc) {
            info.firstTsc = any ? std::min(info.firstTsc, p.firstTsc) : p.firstTsc;
            info.lastTsc = any ? std::max(info.lastTsc, p.lastTsc) : p.lastTsc;
            any = true;
        }
    }
    info.domains = vcpus_.domains();
    for (const auto& [id, count] : events_.nonZero())
        info.events.push_back({id, count});
    info.tscHzEstimate = tsc_.estimateHz();
    info.tscHzSamples = tsc_.samples();
    if (cpuHz > 0) {
        info.tscHzUsed = cpuHz;
        info.tscHzOverridden = true;
    } else {
        info.tscHzUsed = info.tscHzEstimate.value_or(TraceInfo::FallbackHz);
    }
    info.errors = reader.diagnostics();
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
