// The facts of the real credit2 capture, as measured by an independent scan
// (shared/traces/README.md): TraceInfo must reproduce every one exactly.

#include "core/analyses/traceinfo.h"
#include "tests/support/recordingsink.h"

#include <QFileInfo>
#include <QTest>

#include <algorithm>
#include <cmath>

using namespace xenoscope;

class TestTraceInfo : public QObject {
    Q_OBJECT
private slots:
    void realCaptureFacts();
    void cpuHzOverride();
    void domainsNamedBySchedulingRecords();
};

void TestTraceInfo::realCaptureFacts() {
    const QString path = test::realCapture();
    if (!QFileInfo::exists(path))
        QSKIP(qPrintable(
            QStringLiteral("the real capture is not there: %1 (shared/ missing)").arg(path)));
    const auto info = core::readTraceInfo(path.toStdString(), 0);
    QVERIFY(info.errors.empty());
    QCOMPARE(info.bytes, 3896732ull);
    QVERIFY(!info.compressed);
    QCOMPARE(info.chunks, 187ull);
    QCOMPARE(info.streamBytes, 3896732ull); // the walk ends exactly at EOF
    QCOMPARE(info.stats.records, 180493ull);
    QCOMPARE(info.stats.tscRecords, 172945ull);
    QCOMPARE(info.stats.noTscRecords, 7548ull);
    QCOMPARE(info.stats.wrapRecords, 27ull);
    QCOMPARE(info.lostRecords, 0ull);
    QCOMPARE(info.firstTsc, 50475882825885ull);
    QCOMPARE(info.lastTsc, 50484269673030ull);
    QCOMPARE(info.spanCycles(), 8386847145ull);

    const std::vector<uint64_t> perPcpu{46882, 6829, 37735, 4640, 23835, 10839, 41044, 8689};
    QCOMPARE(info.pcpus.size(), perPcpu.size());
    for (size_t i = 0; i < perPcpu.size(); ++i) {
        QCOMPARE(info.pcpus[i].pcpu, uint16_t(i));
        QCOMPARE(info.pcpus[i].records, perPcpu[i]);
        QVERIFY(info.pcpus[i].firstTsc >= info.firstTsc);
        QVERIFY(info.pcpus[i].lastTsc <= info.lastTsc);
    }
    // "pCPU 7 starts late; pCPUs 3 and 5 end early."
    QVERIFY(info.pcpus[7].firstTsc > info.pcpus[0].firstTsc + 100'000'000);
    QVERIFY(info.pcpus[3].lastTsc < info.lastTsc - 1'000'000'000);
    QVERIFY(info.pcpus[5].lastTsc < info.lastTsc - 100'000'000);

    QCOMPARE(info.events.size(), size_t{43});
    auto count = [&](uint32_t id) {
        for (const auto& e : info.events)
            if (e.id == id)
                return e.count;
        return uint64_t{0};
    };
    QCOMPARE(count(0x0002800a), 10082ull); // SWITCH
    QCOMPARE(count(0x0002800e), 10082ull); // INFPREV
    QCOMPARE(count(0x0002800f), 10082ull); // INFNEXT
    QCOMPARE(count(0x00081001), 5873ull);  // VMENTRY
    QCOMPARE(count(0x00081102), 5873ull);  // VMX_EXIT64
    QCOMPARE(count(0x00084011), 7594ull);  // HVM_EMUL_LAPIC_PIC_INTR

    // dom0 vCPUs 0-7, d14 vCPUs 0-3, idle one per pCPU; d1 only in credit2 records.
    QCOMPARE(info.domains.size(), size_t{3});
    QCOMPARE(info.domains[0].domain, uint16_t{0});
    QCOMPARE(info.domains[0].vcpus, (std::vector<uint16_t>{0, 1, 2, 3, 4, 5, 6, 7}));
    QCOMPARE(info.domains[1].domain, uint16_t{14});
    QCOMPARE(info.domains[1].vcpus, (std::vector<uint16_t>{0, 1, 2, 3}));
    QCOMPARE(info.domains[2].domain, core::IdleDomain);
    QCOMPARE(info.domains[2].vcpus.size(), size_t{8});

    QVERIFY(info.tscHzEstimate.has_value());
    QVERIFY2(std::fabs(*info.tscHzEstimate / 2.8e9 - 1) < 0.001,
             qPrintable(QString::number(*info.tscHzEstimate)));
    QVERIFY(info.tscHzSamples > 100);
    QCOMPARE(info.tscHzUsed, *info.tscHzEstimate);
}

void TestTraceInfo::cpuHzOverride() {
    const QString path = test::realCapture();
    if (!QFileInfo::exists(path))
        QSKIP("the real capture is not there (shared/ missing)");
    const auto info = core::readTraceInfo(path.toStdString(), 2.4e9);
    QCOMPARE(info.tscHzUsed, 2.4e9);
    QVERIFY(info.tscHzOverridden);
    QVERIFY(info.tscHzEstimate.has_value());
}

// Domains and vCPUs come from the payloads of scheduling records, in every
// layout, each pair once, sorted; a damaged payload naming domain 65535,
// vCPU 65535 is listed like any other.
void TestTraceInfo::domainsNamedBySchedulingRecords() {
    const QString path = test::realCapture();
    if (!QFileInfo::exists(path))
        QSKIP("the real capture is not there (shared/ missing)");
    core::Diagnostic error;
    auto reader = core::TraceReader::open(path.toStdString(), error); // finish() needs one
    QVERIFY(reader);
    auto record = [](uint32_t event, std::initializer_list<uint32_t> words) {
        core::Record r;
        r.event = event;
        r.hasTsc = true;
        r.tsc = 1000;
        r.nwords = static_cast<uint8_t>(words.size());
        std::copy(words.begin(), words.end(), r.words.begin());
        return r;
    };
    const uint32_t runstate = core::ev::RunstateChangeBase | 0x10; // running -> runnable
    core::TraceInfoCollector c;
    c.onRecord(record(runstate, {0x0003'0001}), {});                  // d3v1
    c.onRecord(record(core::ev::SchedSwitch, {5, 2, 0, 7}), {});      // d5v2, d0v7
    c.onRecord(record(core::ev::SchedWake, {3, 0}), {});              // d3v0
    c.onRecord(record(runstate, {0xffff'ffff}), {});                  // d65535v65535
    c.onRecord(record(core::ev::ContinueRunning, {0x0003'0001}), {}); // d3v1 again
    c.onRecord(record(core::ev::HvmVmexit, {0x0009'0009}), {});       // names nobody
    const core::TraceInfo info = c.finish(*reader, {}, 0);
    QCOMPARE(info.domains.size(), size_t{4});
    const std::vector<std::pair<uint16_t, std::vector<uint16_t>>> expected{
        {0, {7}}, {3, {0, 1}}, {5, {2}}, {65535, {65535}}};
    for (size_t i = 0; i < expected.size(); ++i) {
        QCOMPARE(info.domains[i].domain, expected[i].first);
        QCOMPARE(info.domains[i].vcpus, expected[i].second);
    }
}

QTEST_GUILESS_MAIN(TestTraceInfo)
#include "tst_traceinfo.moc"
