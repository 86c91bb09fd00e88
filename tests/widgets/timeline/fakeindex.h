#pragma once
// FakeIndex: a small TraceIndex for the widget tests and the frame benchmark
// while core/index is being written. Built from hand-made intervals, or from
// an analysis pass's results (the same intervals the real index keeps). Its
// drawList folds runs narrower than a pixel the way the contract says, in
// O(width log n), so the benchmark measures the widget, not the fake.

#include "core/analyses/analysispass.h"
#include "core/index/traceindex.h"
#include "core/reader/tracereader.h"

#include <algorithm>
#include <map>
#include <memory>
#include <string>

namespace xenoscope::test {

class FakeIndex final : public core::TraceIndex {
public:
    core::TimeWindow window_;
    double hz_ = 1e9;
    std::vector<uint16_t> pcpus_;
    std::vector<core::VcpuKey> vcpus_;
    std::map<uint64_t, std::vector<core::IndexInterval>> tracks_;
    std::map<uint64_t, std::vector<core::DrawSpan>> overlays_;
    core::AnalysisResults results_;
    core::TraceInfo info_;

    static uint64_t key(core::TrackRef t) {
        return uint64_t{static_cast<uint8_t>(t.kind)} << 32 | t.id;
    }

    void add(core::TrackRef t, uint64_t start, uint64_t end, uint32_t value,
             uint16_t pcpu = core::NoPcpu) {
        tracks_[key(t)].push_back({start, end, value, pcpu});
    }
    void addOverlay(core::TrackRef t, uint64_t start, uint64_t end, uint32_t value) {
        core::DrawSpan s;
        s.start = start;
        s.end = end;
        s.value = value;
        overlays_[key(t)].push_back(s);
    }

    // The intervals of a whole analysis pass: occupancy per pCPU, runstates
    // per vCPU (running ones carry the pCPU), HVM spans as overlays.
    static std::shared_ptr<FakeIndex> fromResults(core::AnalysisResults r, double hz) {
        auto f = std::make_shared<FakeIndex>();
        f->window_ = r.span.window;
        f->hz_ = hz;
        const uint64_t t1 = r.span.window.t1;
        // Per vCPU: where it held a pCPU, to tag its running stays.
        std::map<core::VcpuKey, std::vector<core::IndexInterval>> held;
        for (const auto& p : r.occupancy.pcpus) {
            f->pcpus_.push_back(p.pcpu);
            for (size_t i = 0; i < p.spans.size(); ++i) {
                const uint64_t e = p.end(i, t1);
                f->add({core::TrackRef::Kind::Pcpu, p.pcpu}, p.spans[i].start, e, p.spans[i].who);
                if (p.spans[i].who != core::NoVcpu)
                    held[p.spans[i].who].push_back({p.spans[i].start, e, 0, p.pcpu});
            }
        }
        for (auto& [k, v] : held)
            std::sort(v.begin(), v.end(), [](auto& a, auto& b) { return a.start < b.start; });
        for (const auto& v : r.runstates.vcpus) {
            const core::VcpuKey k = core::vcpuKey(v.domain, v.vcpu);
            f->vcpus_.push_back(k);
            const auto& h = held[k];
            for (size_t i = 0; i < v.stays.size(); ++i) {
                uint16_t pcpu = core::NoPcpu;
                const uint64_t s = v.stays[i].start;
                if (v.stays[i].state == core::VcpuState::Running && !h.empty()) {
                    auto it =
                        std::upper_bound(h.begin(), h.end(), s,
                                         [](uint64_t t, const auto& iv) { return t < iv.start; });
                    if (it != h.begin() && std::prev(it)->end > s)
                        pcpu = std::prev(it)->pcpu;
                    else if (it != h.end())
                        pcpu = it->pcpu;
                }
                f->add({core::TrackRef::Kind::Vcpu, k}, s, v.end(i, t1),
                       static_cast<uint32_t>(v.stays[i].state), pcpu);
            }
        }
        for (const auto& v : r.hvm.vcpus) {
            if (!v.hvm)
                continue;
            for (const auto& s : v.spans)
                f->addOverlay({core::TrackRef::Kind::Vcpu, core::vcpuKey(v.domain, v.vcpu)},
                              s.start, s.end(), s.cause == 0 ? 0xffffffffu : v.causeOf(s).reason);
        }
        f->results_ = std::move(r);
        return f;
    }

    // Reads a trace with every core probe, as `summary` does.
    static std::shared_ptr<FakeIndex> fromFile(const std::string& path,
                                               std::string* error = nullptr) {
        core::Diagnostic d;
        auto reader = core::TraceReader::open(path, d);
        if (!reader) {
            if (error)
                *error = d.message;
            return nullptr;
        }
        core::AnalysisPass pass;
        core::AnalysisResults r = pass.run(*reader);
        const double hz = r.tscHzEstimate.value_or(core::TraceInfo::FallbackHz);
        return fromResults(std::move(r), hz);
    }

    core::TimeWindow window() const override { return window_; }
    double tscHz() const override { return hz_; }
    const std::vector<uint16_t>& pcpus() const override { return pcpus_; }
    const std::vector<core::VcpuKey>& vcpus() const override { return vcpus_; }

    const std::vector<core::IndexInterval>* track(core::TrackRef t) const {
        auto it = tracks_.find(key(t));
        return it == tracks_.end() ? nullptr : &it->second;
    }

    size_t intervalCount(core::TrackRef t) const override {
        const auto* v = track(t);
        return v ? v->size() : 0;
    }

    void overlapping(core::TrackRef t, uint64_t t0, uint64_t t1,
                     std::vector<core::IndexInterval>& out) const override {
        const auto* v = track(t);
        if (!v)
            return;
        for (auto it = first(*v, t0); it != v->end() && it->start <= t1; ++it)
            out.push_back(*it);
    }

    std::optional<core::IndexInterval> at(core::TrackRef t, uint64_t tsc) const override {
        const auto* v = track(t);
        if (!v)
            return std::nullopt;
        auto it = first(*v, tsc);
        if (it != v->end() && it->start <= tsc && tsc < it->end)
            return *it;
        return std::nullopt;
    }

    core::DrawList drawList(core::TrackRef t, uint64_t t0, uint64_t t1,
                            uint32_t widthPx) const override {
        core::DrawList out;
        const double cpp = static_cast<double>(t1 - t0) / std::max<uint32_t>(widthPx, 1);
        const auto px = static_cast<uint64_t>(std::max(1.0, cpp));
        if (const auto* v = track(t))
            fold(*v, t0, t1, px, out.spans);
        auto o = overlays_.find(key(t));
        if (o != overlays_.end()) {
            std::vector<core::IndexInterval> ivs;
            // Overlays are few per pixel after folding; reuse the same walk.
            auto it =
                std::lower_bound(o->second.begin(), o->second.end(), t0,
                                 [](const core::DrawSpan& s, uint64_t x) { return s.end <= x; });
            uint64_t lastEnd = 0;
            for (; it != o->second.end() && it->start < t1; ++it) {
                if (!out.overlays.empty() && it->start < lastEnd + px) {
                    auto& b = out.overlays.back();
                    b.end = std::max(b.end, std::min(it->end, t1));
                    ++b.intervals;
                } else {
                    core::DrawSpan s = *it;
                    s.start = std::max(s.start, t0);
                    s.end = std::min(s.end, t1);
                    out.overlays.push_back(s);
                }
                lastEnd = out.overlays.back().end;
                // Jump: skip everything inside the current pixel.
                if (it->end - it->start < px) {
                    auto next = std::lower_bound(
                        it + 1, o->second.end(), lastEnd + px,
                        [](const core::DrawSpan& s, uint64_t x) { return s.start < x; });
                    out.overlays.back().intervals += static_cast<uint32_t>(next - (it + 1));
                    if (next != it + 1)
                        out.overlays.back().end = std::min(std::prev(next)->end, t1);
                    it = std::prev(next);
                }
            }
        }
        return out;
    }

    const core::AnalysisResults& results() const override { return results_; }
    const core::TraceInfo& info() const override { return info_; }

private:
    static std::vector<core::IndexInterval>::const_iterator
    first(const std::vector<core::IndexInterval>& v, uint64_t t) {
        // Intervals are contiguous and sorted: the first one ending after t.
        return std::upper_bound(v.begin(), v.end(), t,
                                [](uint64_t x, const core::IndexInterval& i) { return x < i.end; });
    }

    static void fold(const std::vector<core::IndexInterval>& v, uint64_t t0, uint64_t t1,
                     uint64_t px, std::vector<core::DrawSpan>& out) {
        auto it = first(v, t0);
        uint64_t cur = t0; // what is drawn already ends here
        while (it != v.end() && it->start < t1) {
            const uint64_t s = std::max(it->start, cur);
            const uint64_t e = std::min(it->end, t1);
            if (e <= s) {
                ++it;
                continue;
            }
            core::DrawSpan span;
            span.start = s;
            span.value = it->value;
            span.pcpu = it->pcpu;
            if (e - s >= px) {
                span.end = e;
                out.push_back(span);
                cur = e;
                ++it;
                continue;
            }
            // Everything starting inside this pixel folds into one span.
            const uint64_t pe = std::min(s + px, t1);
            auto next =
                std::lower_bound(it, v.end(), pe, [](const core::IndexInterval& i, uint64_t x) {
                    return i.start < x;
                });
            const auto count = static_cast<uint32_t>(next - it);
            const auto last = std::prev(next);
            if (count > 1) {
                span.end = std::min(last->end, pe);
                span.intervals = count;
                // The value at the pixel's middle stands for the pixel.
                auto mid = first(v, s + px / 2);
                if (mid != v.end())
                    span.value = mid->value;
                span.share = 0.5f;
                span.pcpu = core::NoPcpu;
            } else {
                span.end = e;
            }
            out.push_back(span);
            cur = span.end;
            // The last one may go on past the pixel: it is drawn from there.
            it = last->end > cur ? last : next;
        }
    }
};

} // namespace xenoscope::test
