#include "core/synth/synthesizer.h"

#include "core/synth/disktruth.h"
#include "core/synth/hostsimulator.h"
#include "core/synth/recordemitter.h"
#include "core/synth/rng.h"
#include "core/synth/scenariopresets.h"
#include "core/synth/truthaccumulator.h"

namespace xenoscope::core {

std::string validateSynthOptions(const SynthOptions& options) {
    if (!ScenarioPresets::exists(options.scenario))
        return "unknown scenario '" + options.scenario + "'";
    if (options.pcpus < 1 || options.pcpus > 64)
        return "pCPUs must be 1..64";
    if (options.cpuHz < 1e8 || options.cpuHz > 1e10)
        return "the TSC rate must be between 100 MHz and 10 GHz";
    const uint64_t all = options.pcpus >= 64 ? ~uint64_t{0} : (uint64_t{1} << options.pcpus) - 1;
    size_t vcpus = 0;
    for (const auto& d : options.domains) {
        if (d.affinity && !(d.affinity & all))
            return "domain " + std::to_string(d.id) + " is pinned to pCPUs the host does not have";
        vcpus += d.vcpus;
    }
    if (!options.domains.empty() && options.domains.front().id != 0)
        return "dom0 must come first";
    if (vcpus > 4096)
        return "too many vCPUs";
    return {};
}

Truth synthesize(const SynthOptions& given, TraceWriter& writer) {
    SynthOptions o = given;
    ScenarioPresets::apply(o);
    if (o.tscBase == 0)
        o.tscBase = 40'000'000'000'000ull + (o.seed % 1000) * 1'000'000'000ull; // hours of uptime

    Rng rng(o.seed);
    TruthAccumulator acc(HostSimulator::vcpuList(o), o.pcpus, o.maxLatencySamples);
    RecordEmitter emitter(writer, acc, o.pcpus, o.cpuHz, o.tscBase);
    DiskTruth disk;
    HostSimulator sim(o, emitter, acc, disk, rng);
    const uint64_t end = sim.run();
    emitter.finish(end, o.truncate);

    Truth t;
    t.scenario = o.scenario;
    t.seed = o.seed;
    t.tscHz = o.cpuHz;
    t.t0 = emitter.firstTsc();
    t.t1 = emitter.lastTsc();
    acc.finish(t, t.t0, t.t1);
    disk.finish(t.disk, t.t0, t.t1);
    for (auto& d : t.domains)
        for (const auto& spec : o.domains)
            if (spec.id == d.domain) {
                d.weight = spec.weight;
                d.capPercent = spec.capPercent;
            }
    for (const auto& [id, count] : emitter.events.nonZero())
        t.events.push_back({id, count});
    t.lostRecords = emitter.lostRecords;
    for (const auto& g : emitter.gaps)
        t.gaps.push_back({g.pcpu, g.fromTsc, g.toTsc, g.records});
    t.chunks = writer.chunksWritten();
    t.records = emitter.records;
    t.tscRecords = emitter.tscRecords;
    t.noTscRecords = emitter.noTscRecords;
    t.wrapRecords = emitter.wrapRecords;
    t.streamBytes = writer.bytesWritten();
    t.truncated = emitter.truncated;
    return t;
}

} // namespace xenoscope::core
