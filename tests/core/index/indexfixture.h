#pragma once
// Shared by the index tests: a generated trace (the project's own generator,
// with lost-record gaps and HVM guests) written once per test run, and the
// brute-force answers the index is checked against: plain loops over the
// probe results, independent of IntervalTrack.

#include "core/index/indexbuilder.h"
#include "core/synth/synthesizer.h"

#include <QTemporaryDir>

#include <string>
#include <vector>

namespace xenoscope::test {

inline std::string synthTrace(const QTemporaryDir& dir, const QString& name, uint64_t durationNs,
                              bool zstd = false, uint64_t seed = 3) {
    const std::string path = dir.filePath(name).toStdString();
    core::SynthOptions o;
    o.scenario = "mixed";
    o.durationNs = durationNs;
    o.lostGaps = 3;
    o.seed = seed;
    core::TraceWriter::Options wo;
    wo.zstd = zstd;
    core::TraceWriter writer(path, wo);
    core::synthesize(o, writer);
    return path;
}

// The track's intervals as the probes gave them: [start, end, value].
inline std::vector<core::IndexInterval> bruteTrack(const core::AnalysisResults& r,
                                                   core::TrackRef ref) {
    std::vector<core::IndexInterval> out;
    const uint64_t t0 = r.span.window.t0, t1 = r.span.window.t1;
    if (ref.kind == core::TrackRef::Kind::Pcpu) {
        for (const auto& p : r.occupancy.pcpus) {
            if (p.pcpu != ref.id)
                continue;
            if (p.spans.empty() || p.spans.front().start > t0)
                out.push_back({t0, p.spans.empty() ? t1 : p.spans.front().start, core::NoVcpu});
            for (size_t i = 0; i < p.spans.size(); ++i)
                out.push_back({p.spans[i].start, p.end(i, t1), p.spans[i].who});
        }
        return out;
    }
    for (const auto& v : r.runstates.vcpus) {
        if (core::vcpuKey(v.domain, v.vcpu) != ref.id)
            continue;
        for (size_t i = 0; i < v.stays.size(); ++i)
            out.push_back(
                {v.stays[i].start, v.end(i, t1), static_cast<uint32_t>(v.stays[i].state)});
    }
    return out;
}

inline std::vector<core::TrackRef> allTracks(const core::TraceIndex& index) {
    std::vector<core::TrackRef> out;
    for (uint16_t p : index.pcpus())
        out.push_back({core::TrackRef::Kind::Pcpu, p});
    for (core::VcpuKey v : index.vcpus())
        out.push_back({core::TrackRef::Kind::Vcpu, v});
    return out;
}

} // namespace xenoscope::test
