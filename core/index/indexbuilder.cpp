#include "core/index/indexbuilder.h"

#include "core/analyses/analysispass.h"
#include "core/index/indexcache.h"
#include "core/probes/hvmprobe.h"
#include "core/probes/occupancyprobe.h"
#include "core/probes/runstateprobe.h"
#include "core/reader/tracereader.h"
#include "core/reader/walkpair.h"

#include <algorithm>
#include <chrono>
#include <optional>
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

// The trace facts the reader and its statistics do not hold, from the
// pass: the records by pCPU and by id (the dispatcher counts them anyway;
// the pCPUs' once the pass is finished, counts()), the vCPUs the
// scheduling records name and the TSC rate (its probe's estimate). Read
// them where the walks stand still (snapshots), or after them.
void completeFacts(TraceInfo& info, const ReadStats& stats, const VcpuNames& names,
                   const ProbeDispatcher& dispatcher, const TscRateEstimator& tsc, double cpuHz) {
    std::vector<uint64_t> records;
    for (const auto& [pcpu, n] : dispatcher.counts().byPcpu) {
        if (pcpu >= records.size())
            records.resize(size_t{pcpu} + 1, 0);
        records[pcpu] = n;
    }
    setPcpus(info, stats.pcpus, records);
    info.domains = names.domains();
    setEvents(info, dispatcher.idCounts(), stats.wrapRecords);
    settleTscHz(info, tsc.estimateHz(), tsc.samples(), cpuHz);
}

// A sink of single records (onRecord(): the index's recording) riding in
// front of a walk's sink: it sees every record of the
// per-pCPU lane (any order will do for it). A template: the walk is
// compiled for the concrete sinks and their per-record calls are inlined
// (splitwalk.h).
template <class Extra, class Inner> class AlongSide final : public SplitSink {
public:
    AlongSide(Extra& extra, Inner& inner)
        : extra_(extra)
        , inner_(inner) {}
    bool onPcpuRecord(const Record& r, const Owner& o) override {
        extra_.onRecord(r, o);
        return inner_.onPcpuRecord(r, o);
    }
    void onOrderedRecord(const Record& r, const Owner& o) override { inner_.onOrderedRecord(r, o); }

private:
    Extra& extra_;
    Inner& inner_;
};

// The index's own share of the pass: seek points and event buckets of every
// record (any order will do for them).
class IndexRecording {
public:
    explicit IndexRecording(const ChunkTable& table) {
        // The earliest TSC a record can have (records before a pCPU's first
        // TSC take it): the buckets' origin, whatever order records come in.
        uint64_t origin = UINT64_MAX;
        for (const auto& p : table.pcpus)
            origin = std::min(origin, p.firstTsc);
        if (origin != UINT64_MAX)
            events.start(origin);
        seek.streamBytes = table.streamBytes;
        for (const auto& p : table.pcpus) {
            SeekIndex::Pcpu sp;
            sp.pcpu = p.pcpu;
            sp.hasSwitch = p.hasSwitch;
            sp.initialOwner = p.initialOwner;
            sp.firstTsc = p.firstTsc;
            seek.pcpus.push_back(std::move(sp));
            if (p.pcpu >= state_.size())
                state_.resize(size_t{p.pcpu} + 1);
            state_[p.pcpu].layout = static_cast<int>(seek.pcpus.size() - 1);
        }
    }

    // Every record of the per-pCPU lane, in front of the probes' sink
    // (AlongSide): the whole dispatcher on one thread, or one of its two
    // walks on two.
    [[gnu::always_inline]] void onRecord(const Record& r, const Owner& o) {
        events.add(r.tsc, r.pcpu, r.event);
        if (r.pcpu < state_.size()) {
            State& s = state_[r.pcpu];
            s.lastTsc = r.tsc;
            if (++s.since >= SeekIndex::Every && s.layout >= 0) {
                seek.pcpus[static_cast<size_t>(s.layout)].points.push_back({r.tsc, r.offset, o});
                s.since = 0;
            }
        }
    }

    // The chunk layout the seek points need, copied from the reader's table
    // once the walks are done: during them the reader's copy serves (on a
    // 700 MB trace the layout is 12 MiB, kept once at the build's peak).
    void addLayout(const ChunkTable& table) {
        seek.chunks.reserve(table.chunks.size());
        for (const auto& c : table.chunks)
            seek.chunks.push_back({c.dataOffset, c.length, c.pcpu});
        for (size_t i = 0; i < table.pcpus.size(); ++i)
            seek.pcpus[i].chunks = table.pcpus[i].chunks;
    }

    // What the records so far span, for snapshots: from the earliest TSC a
    // record can have to the latest a pCPU is at (per pCPU a plain store,
    // rather than a running maximum that makes each record wait on the one
    // before).
    TimeWindow soFar() const {
        uint64_t last = events.origin();
        for (const State& s : state_)
            last = std::max(last, s.lastTsc);
        return {events.origin(), last};
    }

    SeekIndex seek;
    EventBuckets events;

private:
    struct State {
        int layout = -1;
        uint32_t since = SeekIndex::Every - 1; // the pCPU's first record gets a point
        uint64_t lastTsc = 0;
    };

    std::vector<State> state_;
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
    // The walks below are the builder's own; the pass's threads only put
    // the hypervisor spans in order at the end, two vCPUs at a time (in
    // place: no more memory than one at a time).
    pass.setThreads(options_.threads);
    LiveTracks live;
    std::unique_ptr<LiveProbes> liveProbes;
    if (options_.snapshot) {
        liveProbes = std::make_unique<LiveProbes>();
        liveProbes->occupancy.changes().subscribe<&LiveTracks::onOccupancy>(&live);
        liveProbes->runstates.transitions().subscribe<&LiveTracks::onTransition>(&live);
        pass.dispatcher().add(liveProbes->runstates);
        pass.dispatcher().add(liveProbes->occupancy);
    }
    VcpuNamesProbe names;
    pass.dispatcher().add(names);
    pass.dispatcher().begin(reader->chunks());
    // Two threads: two walks of the file (TraceReader::readSplitPair), the
    // recorder in front of the walk with the probes that need each other.
    const bool twoWalks = options_.threads > 1;
    if (twoWalks)
        pass.dispatcher().splitWalks();
    IndexRecording recording(reader->chunks());
    WalkPair walks(reader->file());

    // Snapshots: at most every snapshotMs, at 10 %, 20 %, 40 % and 80 % of
    // the file. Each copies what is indexed so far, so doubling keeps their
    // total cost under about twice one copy of the whole. They are made on
    // the first walk's thread, with the second walk held still.
    auto lastSnapshot = Clock::now();
    double snapshotAt = 0.1;
    auto maybeSnapshot = [&](double readFraction) {
        if (!options_.snapshot || readFraction < snapshotAt ||
            Clock::now() - lastSnapshot < std::chrono::milliseconds(options_.snapshotMs))
            return;
        snapshotAt = readFraction * 2;
        std::optional<WalkPair::Hold> held;
        if (twoWalks)
            held.emplace(walks);
        IndexParts parts;
        parts.info = readerFacts(*reader, {});
        completeFacts(parts.info, {}, names.names(), pass.dispatcher(), pass.tscEstimator(),
                      options_.cpuHz);
        parts.results.span.window = recording.soFar();
        parts.results.span.empty = false;
        for (const auto& p : reader->chunks().pcpus)
            parts.results.span.pcpus.push_back(p.pcpu);
        live.fill(parts.results);
        parts.events = recording.events;
        parts.complete = false;
        held.reset();
        options_.snapshot(std::make_shared<const TraceIndexImpl>(std::move(parts)));
        lastSnapshot = Clock::now();
    };

    const ProgressFn readProgress = [&](uint64_t d, uint64_t t) {
        report(scanShare + (1.0 - scanShare) * fraction(d, t) * 0.98);
        maybeSnapshot(fraction(d, t));
    };
    ReadStats stats;
    if (twoWalks) {
        AlongSide recorder(recording, pass.dispatcher().pcpuWalk());
        stats = reader->readSplitPair(recorder, pass.dispatcher().restWalk(), readProgress, cancel,
                                      &walks);
    } else {
        AlongSide recorder(recording, pass.dispatcher());
        stats = reader->readSplit(recorder, readProgress, cancel);
    }
    if (stats.cancelled || (cancel && cancel->isCancelled())) {
        out.cancelled = true;
        return out;
    }

    IndexParts parts;
    // The trace facts and the seek layout first: then the reader (the chunk
    // table of a 700 MB trace alone is 19 MB) is given back before the
    // probes finish and their results are put in order.
    parts.info = readerFacts(*reader, stats);
    recording.addLayout(reader->chunks());
    reader.reset();
    parts.results = pass.finish(stats);
    completeFacts(parts.info, stats, names.names(), pass.dispatcher(), pass.tscEstimator(),
                  options_.cpuHz);
    parts.seek = std::move(recording.seek);
    parts.events = std::move(recording.events);
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
