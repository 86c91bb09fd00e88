#include "core/index/indexbuilder.h"

#include "core/analyses/analysispass.h"
#include "core/index/indexcache.h"
#include "core/probes/hvmprobe.h"
#include "core/probes/occupancyprobe.h"
#include "core/probes/runstateprobe.h"
#include "core/reader/lanethread.h"
#include "core/reader/tracereader.h"

#include <algorithm>
#include <chrono>
#include <unordered_map>

namespace xenoscope::core {

namespace {

using Clock = std::chrono::steady_clock;

// The layout scan's share of the progress bar: it only peeks into chunks of
// plain files, but decompresses everything for .zst files.
constexpr double PlainScanShare = 0.05;
constexpr double CompressedScanShare = 0.4;

// Snapshot-only probes: the pass's own probes hand out results only after
// finish(), so when snapshots are wanted a second runstate/occupancy pair
// joins the same dispatcher and LiveTracks follows their topics. Snapshots
// leave out the hypervisor overlay: following HVM spans twice doubled the
// cost of the pass's busiest probe; the overlay comes with the final index.
struct LiveProbes {
    RunstateProbe runstates;
    OccupancyProbe occupancy;
};

// What snapshots are drawn from while the probes still hold their results:
// the stays and holdings published so far. (Lost-gap corrections the
// runstate probe makes retroactively only show in the final index.)
class LiveTracks {
public:
    void onOccupancy(const OccupancyChange& c) {
        if (c.pcpu >= pcpus_.size()) {
            const size_t old = pcpus_.size();
            pcpus_.resize(size_t{c.pcpu} + 1);
            for (size_t i = old; i < pcpus_.size(); ++i)
                pcpus_[i].pcpu = static_cast<uint16_t>(i);
        }
        pcpus_[c.pcpu].spans.push_back({c.tsc, c.next});
    }
    void onTransition(const RunstateTransition& t) {
        VcpuTimeline& v = vcpu(t.vcpu);
        if (v.stays.empty())
            v.stays.push_back({t.fromStart, t.from});
        v.stays.push_back({t.tsc, t.to});
    }

    void fill(AnalysisResults& r) const {
        for (const auto& p : pcpus_)
            if (!p.spans.empty())
                r.occupancy.pcpus.push_back(p);
        r.runstates.vcpus = vcpus_;
    }

private:
    VcpuTimeline& vcpu(VcpuKey key) {
        auto [it, added] = vcpuSlot_.try_emplace(key, vcpus_.size());
        if (added)
            vcpus_.push_back({keyDomain(key), keyVcpu(key), {}});
        return vcpus_[it->second];
    }
    std::vector<PcpuTimeline> pcpus_;
    std::vector<VcpuTimeline> vcpus_;
    std::unordered_map<VcpuKey, size_t> vcpuSlot_;
};

// The one sink of the pass: probes, trace facts, seek points, event buckets.
// Everything but the time-ordered probes is per pCPU or a count, so it runs
// in the per-pCPU lane. With the lanes on a worker (splitOff()), the facts,
// seek points and buckets are kept on the reader's thread, beside the
// independent probes, and only the other probes run on the worker.
class IndexRecorder final : public SplitSink, public ReaderSide {
public:
    IndexRecorder(const ChunkTable& table, ProbeDispatcher& probes, TraceInfoCollector& info)
        : probes_(probes)
        , info_(info) {
        // The earliest TSC a record can have (records before a pCPU's first
        // TSC take it): the buckets' origin, whatever order records come in.
        uint64_t origin = UINT64_MAX;
        for (const auto& p : table.pcpus)
            origin = std::min(origin, p.firstTsc);
        if (origin != UINT64_MAX)
            events.start(origin);
        seek.streamBytes = table.streamBytes;
        seek.chunks.reserve(table.chunks.size());
        for (const auto& c : table.chunks)
            seek.chunks.push_back({c.dataOffset, c.length, c.pcpu});
        for (const auto& p : table.pcpus) {
            SeekIndex::Pcpu sp;
            sp.pcpu = p.pcpu;
            sp.hasSwitch = p.hasSwitch;
            sp.initialOwner = p.initialOwner;
            sp.firstTsc = p.firstTsc;
            sp.chunks = p.chunks;
            seek.pcpus.push_back(std::move(sp));
            if (p.pcpu >= state_.size())
                state_.resize(size_t{p.pcpu} + 1);
            state_[p.pcpu].layout = static_cast<int>(seek.pcpus.size() - 1);
        }
    }

    void splitOff() override {
        apart_ = true;
        probes_.splitOff();
    }
    Wants onReaderThread(const Record& r, const Owner& o) override {
        keep(r, o);
        return probes_.onReaderThread(r, o);
    }
    bool onPcpuRecord(const Record& r, const Owner& o) override {
        if (!apart_)
            keep(r, o);
        return probes_.onPcpuRecord(r, o);
    }
    void onOrderedRecord(const Record& r, const Owner& o) override {
        probes_.onOrderedRecord(r, o);
    }

    uint64_t first() const { return first_; }
    uint64_t last() const { return last_; }

    SeekIndex seek;
    EventBuckets events;

private:
    struct State {
        int layout = -1;
        size_t pos = 0;
        uint64_t chunkEnd = 0;
        uint32_t since = 0;
    };

    // Trace facts, event buckets and seek points of every record.
    void keep(const Record& r, const Owner& o) {
        info_.onRecord(r, o);
        events.add(r.tsc, r.pcpu, r.event);
        first_ = std::min(first_, r.tsc);
        last_ = std::max(last_, r.tsc);
        if (r.pcpu < state_.size()) {
            State& s = state_[r.pcpu];
            if (r.offset >= s.chunkEnd || ++s.since >= SeekIndex::Every)
                point(s, r, o);
        }
    }

    void point(State& s, const Record& r, const Owner& o) {
        if (s.layout < 0)
            return;
        SeekIndex::Pcpu& p = seek.pcpus[static_cast<size_t>(s.layout)];
        if (r.offset >= s.chunkEnd) {
            while (s.pos < p.chunks.size()) {
                const auto& c = seek.chunks[p.chunks[s.pos]];
                if (c.dataOffset + c.length > r.offset)
                    break;
                ++s.pos;
            }
            s.chunkEnd = s.pos < p.chunks.size() ? seek.chunks[p.chunks[s.pos]].dataOffset +
                                                       seek.chunks[p.chunks[s.pos]].length
                                                 : UINT64_MAX;
        }
        p.points.push_back({r.tsc, r.offset, o});
        s.since = 0;
    }

    ProbeDispatcher& probes_;
    TraceInfoCollector& info_;
    std::vector<State> state_;
    bool apart_ = false; // splitOff()
    uint64_t first_ = UINT64_MAX;
    uint64_t last_ = 0;
};

double fraction(uint64_t done, uint64_t total) {
    return total == 0 ? 1.0 : std::min(1.0, static_cast<double>(done) / static_cast<double>(total));
}

} // namespace

IndexBuilder::IndexBuilder(IndexOptions options)
    : options_(std::move(options)) {}

IndexOutcome IndexBuilder::build(const std::string& path, const ProgressFn& progress,
                                 const CancelToken* cancel) const {
    IndexOutcome out;
    Diagnostic openError;
    auto reader = TraceReader::open(path, openError);
    if (!reader) {
        auto info = std::make_shared<TraceInfo>();
        info->path = path;
        info->errors.push_back(openError);
        out.info = info;
        return out;
    }
    const uint64_t total = reader->file().fileSize();
    const double scanShare = reader->file().compressed() ? CompressedScanShare : PlainScanShare;
    uint64_t sent = 0;
    // Monotonic by construction: never report less than what was reported.
    auto report = [&](double overall) {
        const auto done =
            std::min(total, static_cast<uint64_t>(overall * static_cast<double>(total)));
        if (done > sent) {
            sent = done;
            if (progress)
                progress(done, total);
        }
    };
    if (!reader->scan([&](uint64_t d, uint64_t t) { report(scanShare * fraction(d, t)); },
                      cancel)) {
        out.cancelled = true;
        return out;
    }
    if (options_.scanned)
        options_.scanned();
    if (reader->unusable()) {
        TraceInfoCollector collector;
        out.info = std::make_shared<TraceInfo>(collector.finish(*reader, {}, options_.cpuHz));
        return out;
    }

    AnalysisPass pass;
    LiveTracks live;
    std::unique_ptr<LiveProbes> liveProbes;
    if (options_.snapshot) {
        liveProbes = std::make_unique<LiveProbes>();
        liveProbes->occupancy.changes().subscribe<&LiveTracks::onOccupancy>(&live);
        liveProbes->runstates.transitions().subscribe<&LiveTracks::onTransition>(&live);
        pass.dispatcher().add(liveProbes->runstates);
        pass.dispatcher().add(liveProbes->occupancy);
    }
    pass.dispatcher().begin(reader->chunks());
    TraceInfoCollector collector;
    IndexRecorder recorder(reader->chunks(), pass.dispatcher(), collector);

    // With two threads the probes that need each other run beside the
    // reader; a snapshot first waits for them to catch up (sync) so all
    // state is read on this thread.
    std::unique_ptr<LaneThread> lanes;
    if (options_.threads > 1)
        lanes = std::make_unique<LaneThread>(recorder, recorder);

    // Snapshots: at most every snapshotMs, at 10 %, 20 %, 40 % and 80 % of
    // the file. Each copies what is indexed so far, so doubling keeps their
    // total cost under about twice one copy of the whole.
    auto lastSnapshot = Clock::now();
    double snapshotAt = 0.1;
    auto maybeSnapshot = [&](double readFraction) {
        if (!options_.snapshot || readFraction < snapshotAt ||
            Clock::now() - lastSnapshot < std::chrono::milliseconds(options_.snapshotMs))
            return;
        snapshotAt = readFraction * 2;
        if (lanes)
            lanes->sync();
        IndexParts parts;
        parts.info = collector.finish(*reader, {}, options_.cpuHz);
        parts.results.span.window = {std::min(recorder.first(), recorder.last()), recorder.last()};
        parts.results.span.empty = false;
        for (const auto& p : reader->chunks().pcpus)
            parts.results.span.pcpus.push_back(p.pcpu);
        live.fill(parts.results);
        parts.events = recorder.events;
        parts.complete = false;
        options_.snapshot(std::make_shared<const TraceIndexImpl>(std::move(parts)));
        lastSnapshot = Clock::now();
    };

    SplitSink& sink = lanes ? static_cast<SplitSink&>(*lanes) : recorder;
    const ReadStats stats = reader->readSplit(
        sink,
        [&](uint64_t d, uint64_t t) {
            report(scanShare + (1.0 - scanShare) * fraction(d, t) * 0.98);
            maybeSnapshot(fraction(d, t));
        },
        cancel);
    if (lanes)
        lanes->finish();
    if (stats.cancelled || (cancel && cancel->isCancelled())) {
        out.cancelled = true;
        return out;
    }

    IndexParts parts;
    // The trace facts first: then the reader (the chunk table of a 700 MB
    // trace alone is 23 MiB) is given back before the probes' results are
    // put in order, the build's peak.
    parts.info = collector.finish(*reader, stats, options_.cpuHz);
    reader.reset();
    parts.results = pass.finish(stats);
    parts.seek = std::move(recorder.seek);
    parts.events = std::move(recorder.events);
    parts.complete = true;
    if (cancel && cancel->isCancelled()) {
        out.cancelled = true;
        return out;
    }
    out.info = std::make_shared<const TraceInfo>(parts.info);
    out.index = std::make_shared<const TraceIndexImpl>(std::move(parts));
    report(1.0);
    return out;
}

IndexOutcome IndexBuilder::open(const std::string& path, const ProgressFn& progress,
                                const CancelToken* cancel) const {
    IndexCache cache(options_.cacheDir, options_.cacheNextToTrace);
    std::string problem;
    if (options_.useCache) {
        if (auto parts = cache.load(path, options_.cpuHz, problem)) {
            IndexOutcome out;
            out.fromCache = true;
            out.cachePath = cache.lastPath();
            out.info = std::make_shared<const TraceInfo>(parts->info);
            out.index = std::make_shared<const TraceIndexImpl>(std::move(*parts));
            if (progress)
                progress(out.info->bytes, out.info->bytes);
            if (options_.ready)
                options_.ready(out.index);
            return out;
        }
    }
    IndexOutcome out = build(path, progress, cancel);
    out.cacheProblem = problem;
    if (!out.index)
        return out;
    if (options_.ready)
        options_.ready(out.index);
    if (options_.useCache && !(cancel && cancel->isCancelled())) {
        std::string writeProblem;
        out.cacheBytes = cache.save(path, out.index->parts(), writeProblem);
        if (out.cacheBytes > 0)
            out.cachePath = cache.lastPath();
        else if (!writeProblem.empty())
            out.cacheProblem = writeProblem;
    }
    return out;
}

} // namespace xenoscope::core
