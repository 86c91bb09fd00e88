#include "core/synth/scenariopresets.h"

#include <algorithm>

namespace xenoscope::core {

namespace {

uint16_t atLeast1(int v) {
    return static_cast<uint16_t>(std::max(1, v));
}

uint64_t range(int lo, int hi) {
    uint64_t m = 0;
    for (int p = lo; p <= hi && p < 64; ++p)
        m |= uint64_t{1} << p;
    return m;
}

DomainSpec dom0(int pcpus) {
    DomainSpec d;
    d.id = 0;
    d.vcpus = atLeast1(std::min(pcpus, 4));
    d.weight = 512;
    d.loadPercent = 10;
    d.meanBurstNs = 200'000;
    d.disk = false;
    return d;
}

DomainSpec guest(uint16_t id, bool hvm, int vcpus, uint32_t load, uint64_t burstNs, bool disk) {
    DomainSpec d;
    d.id = id;
    d.hvm = hvm;
    d.vcpus = atLeast1(vcpus);
    d.loadPercent = load;
    d.meanBurstNs = burstNs;
    d.disk = disk;
    return d;
}

// A domain that is quiet except in [from, to): CPU-bound vCPUs pinned to `pins`.
DomainSpec spike(uint16_t id, int vcpus, uint64_t pins, uint64_t from, uint64_t to) {
    DomainSpec d = guest(id, false, vcpus, 100, 20'000'000, false);
    d.affinity = pins;
    d.busyFromNs = from;
    d.busyToNs = to;
    d.idleLoadPercent = 1;
    return d;
}

constexpr uint64_t Ms = 1'000'000;

void mixed(SynthOptions& o, int P) {
    o.domains = {dom0(P), guest(1, true, P / 2, 70, 3 * Ms, true),
                 guest(2, true, P / 4, 80, 5 * Ms, false), guest(3, false, P / 4, 40, 1 * Ms, true),
                 guest(4, true, P / 4, 60, 2 * Ms, true)};
    o.domains[4].affinity = range(P / 2, P - 1);
}

// Spike window: 40-60 % of the run (or 300-500 ms when the length is a byte target).
void spikeWindow(const SynthOptions& o, uint64_t& from, uint64_t& to) {
    const uint64_t length = o.durationNs ? o.durationNs : 800 * Ms;
    from = o.warmupNs + length * 2 / 5;
    to = o.warmupNs + length * 3 / 5;
}

void latencySpike(SynthOptions& o, int P) {
    uint64_t from = 0, to = 0;
    spikeWindow(o, from, to);
    const int spikePcpus = std::max(1, P / 4);
    o.domains = {dom0(P), guest(1, true, P / 2, 40, 2 * Ms, true),
                 guest(2, false, P / 4, 30, 1 * Ms, true),
                 spike(3, 4 * spikePcpus, range(0, spikePcpus - 1), from, to)};
}

void diskHeavy(SynthOptions& o, int P) {
    o.domains = {dom0(P), guest(1, false, P / 4, 30, 300'000, true),
                 guest(2, true, P / 4, 30, 500'000, true),
                 guest(3, true, P / 4, 20, 400'000, true)};
    o.domains[0].loadPercent = 15;
}

void imbalanced(SynthOptions& o, int P) {
    const uint64_t low = range(0, std::max(1, P / 4) - 1);
    o.domains = {dom0(P), guest(1, true, P / 2, 70, 3 * Ms, true),
                 guest(2, false, P / 4, 60, 2 * Ms, false), guest(3, true, 2, 50, 2 * Ms, false)};
    o.domains[0].vcpus = 2;
    for (size_t i = 1; i < o.domains.size(); ++i)
        o.domains[i].affinity = low;
}

void sla(SynthOptions& o, int P) {
    o.domains = {dom0(P), guest(1, true, 4, 90, 4 * Ms, false), // capped at one pCPU
                 guest(2, false, 4, 90, 4 * Ms, true),          // weight 64: under-served
                 guest(3, true, P, 90, 4 * Ms, false)};
    o.domains[1].capPercent = 100;
    o.domains[2].weight = 64;
    o.domains[3].weight = 512;
}

void demo(SynthOptions& o, int P) {
    uint64_t from = 0, to = 0;
    spikeWindow(o, from, to);
    const int spikePcpus = std::max(1, P / 4);
    o.domains = {dom0(P), guest(1, true, std::max(2, P / 2), 35, 1 * Ms, true),
                 guest(2, false, std::max(1, P / 4), 25, 500'000, true),
                 spike(3, 4 * spikePcpus, range(0, spikePcpus - 1), from, to)};
}

struct Preset {
    ScenarioPresets::Info info;
    void (*fill)(SynthOptions&, int);
    uint64_t durationNs;
    double diskRate;
    uint64_t sliceNs;
    uint16_t pcpus; // 0: keep the option's
};

const std::vector<Preset>& presets() {
    static const std::vector<Preset> all = {
        {{"mixed", "dom0 + 3 HVM and 1 PV guests, oversubscribed, some pinning, light disk I/O"},
         mixed,
         1000 * Ms,
         300,
         5 * Ms,
         0},
        {{"latency-spike",
          "quiet host; a burst of CPU-bound vCPUs pinned to a quarter of the pCPUs "
          "in 40-60 % of the run makes the worst scheduling latencies"},
         latencySpike,
         1000 * Ms,
         200,
         5 * Ms,
         0},
        {{"disk-heavy", "a disk-intensive minute: three guests keep dom0's block backend busy"},
         diskHeavy,
         60'000 * Ms,
         3000,
         5 * Ms,
         0},
        {{"imbalanced", "every guest pinned to a quarter of the pCPUs: those queue, the rest idle"},
         imbalanced,
         1000 * Ms,
         300,
         5 * Ms,
         0},
        {{"sla",
          "d1 capped at one pCPU, d2 with a low weight on an oversubscribed host (under-served)"},
         sla,
         1000 * Ms,
         300,
         5 * Ms,
         0},
        {{"demo", "the bundled demo: latency-spike and disk-heavy on 4 pCPUs, 400 ms"},
         demo,
         400 * Ms,
         1500,
         5 * Ms,
         4},
    };
    return all;
}

} // namespace

const std::vector<ScenarioPresets::Info>& ScenarioPresets::all() {
    static const std::vector<Info> infos = [] {
        std::vector<Info> v;
        for (const auto& p : presets())
            v.push_back(p.info);
        return v;
    }();
    return infos;
}

bool ScenarioPresets::exists(std::string_view name) {
    return std::any_of(presets().begin(), presets().end(),
                       [&](const Preset& p) { return p.info.name == name; });
}

bool ScenarioPresets::apply(SynthOptions& o) {
    const auto it = std::find_if(presets().begin(), presets().end(),
                                 [&](const Preset& p) { return p.info.name == o.scenario; });
    if (it == presets().end())
        return false;
    if (it->pcpus && o.pcpus == SynthOptions{}.pcpus)
        o.pcpus = it->pcpus;
    if (o.durationNs == 0 && o.targetBytes == 0)
        o.durationNs = it->durationNs;
    if (o.diskRate < 0)
        o.diskRate = it->diskRate;
    if (o.sliceNs == 0)
        o.sliceNs = it->sliceNs;
    if (o.warmupNs == 0)
        o.warmupNs = 20 * Ms;
    if (o.domains.empty())
        it->fill(o, o.pcpus);
    return true;
}

} // namespace xenoscope::core
