#include "core/index/traceindeximpl.h"

#include "core/util/twothreads.h"

#include <algorithm>
#include <atomic>

namespace xenoscope::core {

TraceIndexImpl::TraceIndexImpl(IndexParts parts)
    : parts_(std::move(parts)) {
    if (!hasRunningPcpus(parts_))
        parts_.runningPcpus = runningPcpus(parts_.results);
    buildTracks();
    seekReady_ = !parts_.deferredSeek;
}

TraceIndexImpl::~TraceIndexImpl() = default;

void TraceIndexImpl::buildTracks() {
    const AnalysisResults& r = parts_.results;

    // pCPUs: every one that wrote a record.
    pcpus_ = r.span.pcpus;
    for (const auto& p : r.occupancy.pcpus)
        if (std::find(pcpus_.begin(), pcpus_.end(), p.pcpu) == pcpus_.end())
            pcpus_.push_back(p.pcpu);
    std::sort(pcpus_.begin(), pcpus_.end());
    pcpuSlot_.assign(pcpus_.empty() ? 0 : size_t{pcpus_.back()} + 1, -1);
    for (size_t i = 0; i < pcpus_.size(); ++i)
        pcpuSlot_[pcpus_[i]] = static_cast<int>(i);

    lostTracks_.resize(pcpus_.size());
    {
        std::vector<std::vector<IntervalTrack::Entry>> entries(pcpus_.size());
        std::vector<std::vector<uint64_t>> ends(pcpus_.size());
        std::vector<LostGap> gaps = r.stats.lost;
        std::sort(gaps.begin(), gaps.end(),
                  [](const LostGap& a, const LostGap& b) { return a.fromTsc < b.fromTsc; });
        for (const auto& g : gaps) {
            if (g.pcpu >= pcpuSlot_.size() || pcpuSlot_[g.pcpu] < 0)
                continue;
            const auto s = static_cast<size_t>(pcpuSlot_[g.pcpu]);
            entries[s].push_back({g.fromTsc, g.records, g.pcpu, 0});
            ends[s].push_back(std::max(g.toTsc, g.fromTsc));
        }
        for (size_t s = 0; s < pcpus_.size(); ++s)
            lostTracks_[s] = IntervalTrack::gapped(std::move(entries[s]), std::move(ends[s]));
    }

    // vCPUs: by domain then vCPU, idle ones last.
    for (const auto& v : r.runstates.vcpus)
        vcpus_.push_back(vcpuKey(v.domain, v.vcpu));
    for (const auto& v : r.hvm.vcpus)
        vcpus_.push_back(vcpuKey(v.domain, v.vcpu));
    std::sort(vcpus_.begin(), vcpus_.end(),
              [](VcpuKey a, VcpuKey b) { return isIdle(a) != isIdle(b) ? isIdle(b) : a < b; });
    vcpus_.erase(std::unique(vcpus_.begin(), vcpus_.end()), vcpus_.end());
    for (size_t i = 0; i < vcpus_.size(); ++i)
        vcpuSlot_.emplace_back(vcpus_[i], static_cast<int>(i));
    std::sort(vcpuSlot_.begin(), vcpuSlot_.end());

    // Every track from its own probe results: on two threads (the tracks
    // share nothing), the hypervisor spans' first, as the largest.
    pcpuTracks_.resize(pcpus_.size());
    vcpuTracks_.resize(vcpus_.size());
    hvmTracks_.resize(vcpus_.size());
    const size_t hvm = r.hvm.vcpus.size();
    const size_t runstates = r.runstates.vcpus.size();
    runOnTwoThreads(hvm + runstates + r.occupancy.pcpus.size(), true, [&](size_t job) {
        if (job < hvm)
            buildHvmTrack(r.hvm.vcpus[job]);
        else if (job < hvm + runstates)
            buildRunstateTrack(job - hvm);
        else
            buildOccupancyTrack(r.occupancy.pcpus[job - hvm - runstates]);
    });
}

void TraceIndexImpl::buildOccupancyTrack(const PcpuTimeline& p) {
    const TimeWindow w = parts_.results.span.window;
    // Unknown until the first switch.
    const bool lead = p.spans.empty() || p.spans.front().start > w.t0;
    pcpuTracks_[static_cast<size_t>(pcpuSlot_[p.pcpu])] =
        IntervalTrack::occupancy(p.spans, lead, w.t0, w.t1);
}

void TraceIndexImpl::buildRunstateTrack(size_t i) {
    const auto& v = parts_.results.runstates.vcpus[i];
    vcpuTracks_[static_cast<size_t>(slot({TrackRef::Kind::Vcpu, vcpuKey(v.domain, v.vcpu)}))] =
        IntervalTrack::runstates(v.stays, parts_.runningPcpus[i], parts_.results.span.window.t1);
}

void TraceIndexImpl::buildHvmTrack(const VcpuHvmSpans& v) {
    auto& track =
        hvmTracks_[static_cast<size_t>(slot({TrackRef::Kind::Vcpu, vcpuKey(v.domain, v.vcpu)}))];
    // Well-formed spans (the usual case) are borrowed; others are copied
    // so that they can be sorted and clipped.
    if (IntervalTrack::borrowable(v.spans)) {
        track = IntervalTrack::hvm(v);
        return;
    }
    std::vector<IntervalTrack::Entry> entries;
    std::vector<uint64_t> ends;
    entries.reserve(v.spans.size());
    ends.reserve(v.spans.size());
    const auto byStart = [](const HvmSpan& a, const HvmSpan& b) { return a.start < b.start; };
    ReallocVector<HvmSpan> sorted;
    if (!std::is_sorted(v.spans.begin(), v.spans.end(), byStart)) {
        sorted = v.spans;
        std::stable_sort(sorted.begin(), sorted.end(), byStart);
    }
    for (const auto& s : sorted.empty() ? v.spans : sorted) {
        const HvmCause& c = v.causeOf(s);
        entries.push_back(
            {s.start, c.kind == HvmSpanKind::Resume ? 0xffffffffu : c.reason, s.pcpu, 0});
        ends.push_back(s.end());
    }
    track = IntervalTrack::gapped(std::move(entries), std::move(ends));
}

const WindowReader& TraceIndexImpl::records() const {
    std::call_once(windowOnce_, [this] {
        const SeekIndex* seek = &parts_.seek;
        if (parts_.deferredSeek) {
            // Failing, records cannot be read again: windows come back empty.
            if (!parts_.deferredSeek(loadedSeek_))
                loadedSeek_ = {};
            seek = &loadedSeek_;
            seekReady_.store(true, std::memory_order_release);
        }
        window_ = std::make_unique<WindowReader>(parts_.info.path, parts_.info.bytes, *seek);
    });
    return *window_;
}

int TraceIndexImpl::slot(TrackRef ref) const {
    if (ref.kind == TrackRef::Kind::Pcpu)
        return ref.id < pcpuSlot_.size() ? pcpuSlot_[ref.id] : -1;
    auto it =
        std::lower_bound(vcpuSlot_.begin(), vcpuSlot_.end(), std::pair<VcpuKey, int>{ref.id, -1});
    return it != vcpuSlot_.end() && it->first == ref.id ? it->second : -1;
}

const IntervalTrack* TraceIndexImpl::track(TrackRef ref) const {
    const int s = slot(ref);
    if (s < 0)
        return nullptr;
    return ref.kind == TrackRef::Kind::Pcpu ? &pcpuTracks_[static_cast<size_t>(s)]
                                            : &vcpuTracks_[static_cast<size_t>(s)];
}

const IntervalTrack* TraceIndexImpl::overlay(TrackRef ref) const {
    const int s = slot(ref);
    if (s < 0)
        return nullptr;
    return ref.kind == TrackRef::Kind::Pcpu ? &lostTracks_[static_cast<size_t>(s)]
                                            : &hvmTracks_[static_cast<size_t>(s)];
}

size_t TraceIndexImpl::intervalCount(TrackRef ref) const {
    const IntervalTrack* t = track(ref);
    return t ? t->size() : 0;
}

void TraceIndexImpl::overlapping(TrackRef ref, uint64_t t0, uint64_t t1,
                                 std::vector<IndexInterval>& out) const {
    if (const IntervalTrack* t = track(ref))
        t->overlapping(t0, t1, out);
}

void TraceIndexImpl::overlayIntervals(TrackRef ref, uint64_t t0, uint64_t t1,
                                      std::vector<IndexInterval>& out) const {
    if (const IntervalTrack* t = overlay(ref))
        t->overlapping(t0, t1, out);
}

std::optional<IndexInterval> TraceIndexImpl::at(TrackRef ref, uint64_t t) const {
    const IntervalTrack* tr = track(ref);
    return tr ? tr->at(t) : std::nullopt;
}

DrawList TraceIndexImpl::drawList(TrackRef ref, uint64_t t0, uint64_t t1, uint32_t widthPx) const {
    DrawList out;
    fillDrawList(ref, t0, t1, widthPx, out);
    return out;
}

void TraceIndexImpl::fillDrawList(TrackRef ref, uint64_t t0, uint64_t t1, uint32_t widthPx,
                                  DrawList& out) const {
    out.spans.clear();
    out.overlays.clear();
    if (const IntervalTrack* t = track(ref))
        t->draw(t0, t1, widthPx, out.spans);
    if (const IntervalTrack* o = overlay(ref))
        o->draw(t0, t1, widthPx, out.overlays);
}

bool TraceIndexImpl::forEachRecord(
    uint64_t t0, uint64_t t1, const std::function<void(const Record&, const Owner&)>& visit) const {
    return records().read(t0, t1, visit);
}

EventCounts TraceIndexImpl::eventCounts(uint64_t t0, uint64_t t1, bool exact) const {
    if (!exact)
        return parts_.events.count(t0, t1);
    // Whole buckets from the counters; the partial ones at each edge decoded.
    uint64_t in0 = 0, in1 = 0;
    EventCounts whole = parts_.events.countWhole(t0, t1, in0, in1);
    std::vector<uint64_t> pc;
    std::vector<std::pair<uint32_t, uint64_t>> cls(whole.byClass);
    for (const auto& [p, n] : whole.byPcpu) {
        if (pc.size() <= p)
            pc.resize(size_t{p} + 1, 0);
        pc[p] += n;
    }
    uint64_t total = whole.total;
    auto decode = [&](uint64_t a, uint64_t b) {
        return records().read(a, b, [&](const Record& r, const Owner&) {
            ++total;
            if (pc.size() <= r.pcpu)
                pc.resize(size_t{r.pcpu} + 1, 0);
            ++pc[r.pcpu];
            const uint32_t c = (r.event >> 16) & 0xfff;
            auto it = std::lower_bound(cls.begin(), cls.end(), std::pair<uint32_t, uint64_t>{c, 0});
            if (it != cls.end() && it->first == c)
                ++it->second;
            else
                cls.insert(it, {c, 1});
        });
    };
    bool ok = true;
    if (in0 == in1) {
        ok = decode(t0, t1);
    } else {
        if (in0 > t0)
            ok = decode(t0, in0 - 1) && ok;
        if (in1 <= t1)
            ok = decode(in1, t1) && ok;
    }
    if (!ok)
        return parts_.events.count(t0, t1);
    EventCounts out;
    out.total = total;
    out.exact = true;
    for (size_t p = 0; p < pc.size(); ++p)
        if (pc[p] > 0)
            out.byPcpu.emplace_back(static_cast<uint16_t>(p), pc[p]);
    out.byClass = std::move(cls);
    return out;
}

void TraceIndexImpl::prepareDrawing() const {
    std::vector<const IntervalTrack*> all;
    for (const auto* tracks : {&pcpuTracks_, &vcpuTracks_, &lostTracks_, &hvmTracks_})
        for (const auto& t : *tracks)
            all.push_back(&t);
    // Biggest first, shared by two threads: the viewer calls this once the
    // build is done, or for a snapshot from the build's first walk, which
    // the second soon waits for; either way the other core is free. Each
    // track's levels are built once, by whichever thread gets there.
    std::sort(all.begin(), all.end(),
              [](const IntervalTrack* a, const IntervalTrack* b) { return a->size() > b->size(); });
    runOnTwoThreads(all.size(), true, [&](size_t i) { all[i]->levels(); });
}

IndexFootprint TraceIndexImpl::footprint() const {
    IndexFootprint f;
    auto addAll = [&](const std::vector<IntervalTrack>& ts, bool main) {
        for (const auto& t : ts) {
            (main ? f.intervals : f.overlays) += t.size();
            f.baseBytes += t.baseBytes();
            f.lodBytes += t.lodBytes();
        }
    };
    addAll(pcpuTracks_, true);
    addAll(vcpuTracks_, true);
    addAll(lostTracks_, false);
    addAll(hvmTracks_, false);
    f.tracks = pcpuTracks_.size() + vcpuTracks_.size();
    if (seekReady_.load(std::memory_order_acquire))
        f.seekBytes = (parts_.deferredSeek ? loadedSeek_ : parts_.seek).memoryBytes();
    f.countersBytes = parts_.events.memoryBytes();
    const AnalysisResults& r = parts_.results;
    for (const auto& v : r.runstates.vcpus)
        f.resultsBytes += v.stays.capacity() * sizeof(RunstateStay);
    for (const auto& p : r.occupancy.pcpus)
        f.resultsBytes += p.spans.capacity() * sizeof(OccupancySpan);
    for (const auto& v : r.hvm.vcpus)
        f.resultsBytes += v.spans.capacity() * sizeof(HvmSpan);
    for (const auto& p : parts_.runningPcpus)
        f.baseBytes += p.capacity() * sizeof(uint16_t);
    f.resultsBytes += r.latency.samples.capacity() * sizeof(LatencySample);
    return f;
}

} // namespace xenoscope::core
