// The generator's ground truth checked against itself (no analysis code):
// the accounting identities of metrics.md hold for every scenario, and each
// scenario shows what it promises.

#include "core/format/record.h"
#include "core/synth/scenariopresets.h"
#include "core/synth/synthesizer.h"

#include <QTest>

#include <numeric>

using namespace xenoscope::core;

namespace {

constexpr uint64_t Ms = 1'000'000;

Truth run(SynthOptions o) {
    TraceWriter w(TraceWriter::Options{});
    return synthesize(o, w);
}

SynthOptions small(const QString& scenario, uint64_t ms = 150) {
    SynthOptions o;
    o.scenario = scenario.toStdString();
    o.durationNs = ms * Ms;
    o.warmupNs = 10 * Ms;
    return o;
}

} // namespace

class TestSynthIdentities : public QObject {
    Q_OBJECT
private slots:
    void identities_data();
    void identities();
    void latencySpikeWorstIsInTheSpike();
    void imbalancedLeavesPcpusIdle();
    void slaCapsAndUnderServes();
    void samplesCapKeepsExactStats();
    void parsesDomainSpec();
    void rejectsBadOptions();
};

void TestSynthIdentities::identities_data() {
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<uint32_t>("lost");
    for (const auto& s : ScenarioPresets::all()) {
        const QString name =
            QString::fromLatin1(s.name.data(), static_cast<qsizetype>(s.name.size()));
        QTest::addRow("%s", qPrintable(name)) << name << 0u;
        QTest::addRow("%s-lost", qPrintable(name)) << name << 3u;
    }
}

void TestSynthIdentities::identities() {
    QFETCH(QString, scenario);
    QFETCH(uint32_t, lost);
    SynthOptions o = small(scenario);
    o.lostGaps = lost;
    const Truth t = run(o);
    QVERIFY(t.t1 > t.t0);
    QVERIFY(t.records == t.tscRecords + t.noTscRecords);
    QCOMPARE(t.gaps.empty(), lost == 0);

    // Per vCPU: the states add up to the time since its first record.
    uint64_t running = 0;
    for (const auto& v : t.vcpus) {
        if (!v.accounted) {
            QCOMPARE(v.running + v.runnable + v.blocked + v.offline + v.unknown, uint64_t{0});
            continue;
        }
        QVERIFY(v.firstTsc >= t.t0 && v.firstTsc <= t.t1);
        QCOMPARE(v.running + v.runnable + v.blocked + v.offline + v.unknown, t.t1 - v.firstTsc);
        if (lost == 0)
            QCOMPARE(v.unknown, uint64_t{0});
        if (v.domain != IdleDomain)
            running += v.running;
    }
    // Per pCPU: busy + idle + unknown is the window.
    uint64_t busy = 0;
    for (const auto& p : t.pcpus) {
        QCOMPARE(p.busy + p.idle + p.unknown, t.t1 - t.t0);
        busy += p.busy;
    }
    // Without lost records, what the vCPUs ran is what kept the pCPUs busy.
    if (lost == 0)
        QCOMPARE(running, busy);
    uint64_t domainRunning = 0;
    for (const auto& d : t.domains)
        domainRunning += d.running;
    QCOMPARE(domainRunning, running);

    // Latency: the samples are the stats.
    QVERIFY(t.latency.count > 0);
    QVERIFY(!t.latency.samplesCapped);
    QCOMPARE(uint64_t{t.latency.samples.size()}, t.latency.count);
    uint64_t sum = 0, mn = ~uint64_t{0}, mx = 0;
    for (const auto& s : t.latency.samples) {
        sum += s.cycles;
        mn = std::min(mn, s.cycles);
        mx = std::max(mx, s.cycles);
        QVERIFY(s.domain != IdleDomain);
        QVERIFY(s.tsc >= t.t0 && s.tsc <= t.t1);
    }
    QCOMPARE(sum, t.latency.sum);
    QCOMPARE(mn, t.latency.min);
    QCOMPARE(mx, t.latency.max);
    QCOMPARE(t.latency.worst.cycles, t.latency.max);

    // Hypervisor time: per reason adds up; within running time away from the trace's edges.
    for (const auto& h : t.hypervisor) {
        uint64_t cycles = h.resumeCycles, exits = 0;
        for (const auto& r : h.byReason) {
            cycles += r.cycles;
            exits += r.count;
        }
        QCOMPARE(cycles, h.cycles);
        QCOMPARE(exits, h.exits);
        const auto v = std::find_if(t.vcpus.begin(), t.vcpus.end(), [&](const auto& x) {
            return x.domain == h.domain && x.vcpu == h.vcpu;
        });
        QVERIFY(v != t.vcpus.end());
        if (lost == 0 && v->accounted)
            QVERIFY2(h.cycles <= v->running + (v->firstTsc - t.t0),
                     qPrintable(QString::number(h.cycles)));
    }

    // Disk: stage latencies sit inside end-to-end ones; depth integral of a stage >= its completed
    // latencies.
    QCOMPARE(t.disk.stages.size(), size_t{7});
    if (t.disk.requests) {
        QVERIFY(t.disk.incomplete <= t.disk.requests);
        QCOMPARE(t.disk.endToEnd.completed, t.disk.requests - t.disk.incomplete);
        uint64_t stageSum = 0;
        for (const auto& s : t.disk.stages) {
            QVERIFY(s.depthCycles >= s.sum);
            QVERIFY(s.completed <= t.disk.requests);
            QVERIFY(s.min <= s.max);
            QVERIFY(s.maxDepth >= (s.completed ? 1u : 0u));
            stageSum += s.sum;
        }
        if (lost == 0 && t.disk.incomplete == 0)
            QCOMPARE(stageSum, t.disk.endToEnd.sum);
    }
    uint64_t events = 0;
    for (const auto& e : t.events)
        events += e.count;
    QCOMPARE(events, t.records);
}

void TestSynthIdentities::latencySpikeWorstIsInTheSpike() {
    SynthOptions o = small(QStringLiteral("latency-spike"), 400);
    const Truth t = run(o);
    // The spike: 40-60 % of the traced time, on the first quarter of the pCPUs.
    const double hz = t.tscHz;
    const uint64_t from = t.t0 + static_cast<uint64_t>(0.38 * 400e-3 * hz);
    const uint64_t to = t.t0 + static_cast<uint64_t>(0.62 * 400e-3 * hz);
    // Its runnable span overlaps the spike (it may end just after it).
    const uint64_t start = t.latency.worst.tsc - t.latency.worst.cycles;
    QVERIFY2(t.latency.worst.tsc > from && start < to,
             qPrintable(QString::number(t.latency.worst.tsc)));
    QVERIFY(t.latency.worst.pcpu < 2);
    // Clearly identifiable: far above the typical sample.
    std::vector<uint64_t> c;
    for (const auto& s : t.latency.samples)
        c.push_back(s.cycles);
    std::nth_element(c.begin(), c.begin() + static_cast<std::ptrdiff_t>(c.size() * 99 / 100),
                     c.end());
    const uint64_t p99 = c[c.size() * 99 / 100];
    QVERIFY2(t.latency.max > 2 * p99,
             qPrintable(QStringLiteral("%1 vs p99 %2").arg(t.latency.max).arg(p99)));
}

void TestSynthIdentities::imbalancedLeavesPcpusIdle() {
    const Truth t = run(small(QStringLiteral("imbalanced"), 200));
    // Guests pinned to pCPUs 0-1 of 8: those are busy, the others mostly idle, and vCPUs wait.
    const uint64_t window = t.t1 - t.t0;
    QVERIFY(t.pcpus[0].busy > window * 8 / 10);
    QVERIFY(t.pcpus[7].busy < window / 5);
    uint64_t runnable = 0;
    for (const auto& v : t.vcpus)
        if (v.domain == 1)
            runnable += v.runnable;
    QVERIFY(runnable > window);
}

void TestSynthIdentities::slaCapsAndUnderServes() {
    const Truth t = run(small(QStringLiteral("sla"), 300));
    const uint64_t window = t.t1 - t.t0;
    auto dom = [&](uint16_t id) {
        return *std::find_if(t.domains.begin(), t.domains.end(),
                             [&](const auto& d) { return d.domain == id; });
    };
    QCOMPARE(dom(1).capPercent, 100u);
    // Capped at one pCPU: never much more than the window (one accounting period of slack).
    QVERIFY2(dom(1).running < window + window / 10,
             qPrintable(QString::number(double(dom(1).running) / double(window))));
    // Weight 64 against 256/512 on an oversubscribed host: it waits for
    // about as long as it runs, while its demand is 4 x 90 %.
    uint64_t runnable = 0;
    for (const auto& v : t.vcpus)
        if (v.domain == 2)
            runnable += v.runnable;
    QVERIFY(dom(2).running < window * 36 / 10 * 8 / 10);
    QVERIFY(runnable > window);
    QVERIFY(dom(3).running > dom(2).running);
}

void TestSynthIdentities::samplesCapKeepsExactStats() {
    SynthOptions o = small(QStringLiteral("mixed"), 100);
    const Truth full = run(o);
    o.maxLatencySamples = 10;
    const Truth capped = run(o);
    QVERIFY(capped.latency.samplesCapped);
    QCOMPARE(capped.latency.samples.size(), size_t{10});
    QCOMPARE(capped.latency.count, full.latency.count);
    QCOMPARE(capped.latency.sum, full.latency.sum);
    QCOMPARE(capped.latency.max, full.latency.max);
}

void TestSynthIdentities::parsesDomainSpec() {
    std::string error;
    const auto spec = parseDomainSpec(
        "hvm:vcpus=4:pin=0-3+6:cap=50:load=80,dom0:vcpus=2,pv:weight=128:disk=0", error);
    QVERIFY2(spec, error.c_str());
    QCOMPARE(spec->size(), size_t{3});
    QCOMPARE((*spec)[0].id, uint16_t{0});
    QCOMPARE((*spec)[0].vcpus, uint16_t{2});
    QCOMPARE((*spec)[1].id, uint16_t{1});
    QVERIFY((*spec)[1].hvm);
    QCOMPARE((*spec)[1].affinity, uint64_t{0x4f});
    QCOMPARE((*spec)[1].capPercent, 50u);
    QCOMPARE((*spec)[2].weight, 128u);
    QVERIFY(!(*spec)[2].disk);
    QVERIFY(!parseDomainSpec("kvm", error));
    QVERIFY(!parseDomainSpec("pv:vcpus=0", error));
    QVERIFY(!parseDomainSpec("pv:pin=3-1", error));

    SynthOptions o = small(QStringLiteral("mixed"), 50);
    o.pcpus = 4;
    o.domains = *spec;
    QVERIFY(validateSynthOptions(o).empty());
    const Truth t = run(o);
    QCOMPARE(t.pcpus.size(), size_t{4});
    QCOMPARE(t.domains.size(), size_t{3});
}

void TestSynthIdentities::rejectsBadOptions() {
    SynthOptions o;
    o.scenario = "nope";
    QVERIFY(!validateSynthOptions(o).empty());
    o.scenario = "mixed";
    o.pcpus = 2;
    std::string error;
    o.domains = *parseDomainSpec("pv:pin=5", error);
    QVERIFY(!validateSynthOptions(o).empty());
}

QTEST_GUILESS_MAIN(TestSynthIdentities)
#include "tst_synthidentities.moc"
