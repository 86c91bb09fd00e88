// The generator against the reader: what synthesize() says it wrote is what
// TraceReader + TraceInfoCollector read back (counts, events, chunks, lost
// gaps, window), plain and zstd; determinism; the TSC rate; the CLI.

#include "core/analyses/traceinfo.h"
#include "core/reader/tracereader.h"
#include "core/synth/scenariopresets.h"
#include "core/synth/synthesizer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace xenoscope::core;

namespace {

constexpr uint64_t Ms = 1'000'000;

SynthOptions small(const char* scenario, uint64_t ms = 120) {
    SynthOptions o;
    o.scenario = scenario;
    o.durationNs = ms * Ms;
    o.warmupNs = 10 * Ms;
    return o;
}

struct ReadBack {
    TraceInfo info;
    bool ok = false;
};

ReadBack readBack(const std::string& path) {
    ReadBack rb;
    Diagnostic error;
    auto reader = TraceReader::open(path, error);
    if (!reader)
        return rb;
    TraceInfoCollector collector;
    const ReadStats stats = reader->read(collector);
    rb.info = collector.finish(*reader, stats, 0);
    rb.ok = true;
    return rb;
}

Truth writeFile(const QString& path, const SynthOptions& o, bool zstd) {
    TraceWriter::Options wo;
    wo.zstd = zstd;
    TraceWriter writer(path.toStdString(), wo);
    Truth t = synthesize(o, writer);
    return t;
}

} // namespace

class TestSynth : public QObject {
    Q_OBJECT
private slots:
    void readBackMatchesTruth_data();
    void readBackMatchesTruth();
    void zstdReadsBackIdentically();
    void deterministic();
    void tscRateRecovered_data();
    void tscRateRecovered();
    void diskRateZeroWritesNoGuestRecords();
    void guestRecordsHaveNoTsc();
    void cliWritesTraceAndTruth();
};

void TestSynth::readBackMatchesTruth_data() {
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<uint32_t>("lost");
    QTest::addColumn<bool>("truncate");
    QTest::addColumn<bool>("zstd");
    for (const auto& s : ScenarioPresets::all()) {
        const QString name =
            QString::fromLatin1(s.name.data(), static_cast<qsizetype>(s.name.size()));
        QTest::addRow("%s", qPrintable(name)) << name << 0u << false << false;
    }
    QTest::addRow("mixed-lost") << QStringLiteral("mixed") << 4u << false << false;
    QTest::addRow("mixed-truncated") << QStringLiteral("mixed") << 0u << true << false;
    QTest::addRow("disk-heavy-lost-zstd") << QStringLiteral("disk-heavy") << 3u << false << true;
}

void TestSynth::readBackMatchesTruth() {
    QFETCH(QString, scenario);
    QFETCH(uint32_t, lost);
    QFETCH(bool, truncate);
    QFETCH(bool, zstd);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path =
        dir.filePath(zstd ? QStringLiteral("t.xentrace.zst") : QStringLiteral("t.xentrace"));
    SynthOptions o = small(qPrintable(scenario));
    o.lostGaps = lost;
    o.truncate = truncate;
    const Truth t = writeFile(path, o, zstd);
    const ReadBack rb = readBack(path.toStdString());
    QVERIFY(rb.ok);
    const TraceInfo& info = rb.info;

    QCOMPARE(info.chunks, t.chunks);
    QCOMPARE(info.stats.records, t.records);
    QCOMPARE(info.stats.tscRecords, t.tscRecords);
    QCOMPARE(info.stats.noTscRecords, t.noTscRecords);
    QCOMPARE(info.stats.wrapRecords, t.wrapRecords);
    QCOMPARE(info.firstTsc, t.t0);
    QCOMPARE(info.lastTsc, t.t1);
    QCOMPARE(info.events.size(), t.events.size());
    for (size_t i = 0; i < t.events.size(); ++i) {
        QCOMPARE(info.events[i].id, t.events[i].id);
        QCOMPARE(info.events[i].count, t.events[i].count);
    }
    QCOMPARE(info.lostRecords, t.lostRecords);
    QCOMPARE(info.stats.lost.size(), t.gaps.size());
    if (lost)
        QVERIFY2(!t.gaps.empty(), "the lost windows dropped nothing");
    // The reader lists gaps in time order; the generator per pCPU as written.
    auto gaps = t.gaps;
    std::sort(gaps.begin(), gaps.end(),
              [](const auto& a, const auto& b) { return a.toTsc < b.toTsc; });
    for (size_t i = 0; i < gaps.size(); ++i) {
        QCOMPARE(info.stats.lost[i].pcpu, gaps[i].pcpu);
        QCOMPARE(info.stats.lost[i].fromTsc, gaps[i].fromTsc);
        QCOMPARE(info.stats.lost[i].toTsc, gaps[i].toTsc);
        QCOMPARE(info.stats.lost[i].records, gaps[i].records);
    }
    QCOMPARE(t.truncated, truncate);
    if (truncate)
        QVERIFY(!info.errors.empty()); // the reader says the last chunk is cut short
    else
        QVERIFY2(info.errors.empty(),
                 info.errors.empty() ? "" : info.errors.front().message.c_str());
}

void TestSynth::zstdReadsBackIdentically() {
    QTemporaryDir dir;
    SynthOptions o = small("mixed");
    o.lostGaps = 2;
    const Truth plain = writeFile(dir.filePath(QStringLiteral("a.xentrace")), o, false);
    const Truth packed = writeFile(dir.filePath(QStringLiteral("a.xentrace.zst")), o, true);
    QCOMPARE(plain.records, packed.records);
    const ReadBack a = readBack(dir.filePath(QStringLiteral("a.xentrace")).toStdString());
    const ReadBack b = readBack(dir.filePath(QStringLiteral("a.xentrace.zst")).toStdString());
    QVERIFY(a.ok && b.ok);
    QVERIFY(b.info.compressed);
    QVERIFY(b.info.bytes < a.info.bytes);
    QCOMPARE(b.info.streamBytes, a.info.bytes);
    QCOMPARE(b.info.chunks, a.info.chunks);
    QCOMPARE(b.info.stats.records, a.info.stats.records);
    QCOMPARE(b.info.stats.noTscRecords, a.info.stats.noTscRecords);
    QCOMPARE(b.info.firstTsc, a.info.firstTsc);
    QCOMPARE(b.info.lastTsc, a.info.lastTsc);
    QCOMPARE(b.info.stats.lost.size(), a.info.stats.lost.size());
    QCOMPARE(b.info.events.size(), a.info.events.size());
    for (size_t i = 0; i < a.info.events.size(); ++i)
        QCOMPARE(b.info.events[i].count, a.info.events[i].count);
}

void TestSynth::deterministic() {
    auto bytes = [](uint64_t seed) {
        TraceWriter w(TraceWriter::Options{});
        SynthOptions o = small("demo", 60);
        o.seed = seed;
        o.lostGaps = 1;
        synthesize(o, w);
        return w.bytes();
    };
    const auto a = bytes(7), b = bytes(7), c = bytes(8);
    QVERIFY(a.size() > 100'000);
    QVERIFY(a == b);
    QVERIFY(a != c);
}

void TestSynth::tscRateRecovered_data() {
    QTest::addColumn<double>("hz");
    QTest::addRow("2.8G") << 2.8e9;
    QTest::addRow("3.1G") << 3.1e9;
    QTest::addRow("1.9G") << 1.9e9;
}

void TestSynth::tscRateRecovered() {
    QFETCH(double, hz);
    QTemporaryDir dir;
    SynthOptions o = small("mixed", 300);
    o.cpuHz = hz;
    const QString path = dir.filePath(QStringLiteral("t.xentrace"));
    writeFile(path, o, false);
    const ReadBack rb = readBack(path.toStdString());
    QVERIFY(rb.info.tscHzEstimate.has_value());
    QVERIFY(rb.info.tscHzSamples >= 50);
    const double error = std::abs(*rb.info.tscHzEstimate - hz) / hz;
    QVERIFY2(error < 0.001, qPrintable(QString::number(*rb.info.tscHzEstimate)));
}

void TestSynth::diskRateZeroWritesNoGuestRecords() {
    for (const char* s : {"mixed", "disk-heavy", "demo"}) {
        TraceWriter w(TraceWriter::Options{});
        SynthOptions o = small(s);
        o.diskRate = 0;
        const Truth t = synthesize(o, w);
        for (const auto& e : t.events)
            QVERIFY2((e.id & 0x0ffff000u) != 0x0800f000u, s);
        QCOMPARE(t.disk.requests, uint64_t{0});
    }
    // And with disk I/O on, all eight kinds are there.
    TraceWriter w(TraceWriter::Options{});
    const Truth t = synthesize(small("disk-heavy"), w);
    int kinds = 0;
    for (const auto& e : t.events)
        kinds += e.id >= 0x0800f101 && e.id <= 0x0800f108;
    QCOMPARE(kinds, 8);
    QVERIFY(t.disk.requests > 100);
}

// Frontend records carry no TSC (HVMOP_xentrace); backend records do.
void TestSynth::guestRecordsHaveNoTsc() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("t.xentrace"));
    writeFile(path, small("disk-heavy", 60), false);
    Diagnostic error;
    auto reader = TraceReader::open(path.toStdString(), error);
    QVERIFY(reader);
    struct Sink : RecordSink {
        int frontWithTsc = 0, backWithoutTsc = 0, front = 0, back = 0, misattributed = 0;
        void onRecord(const Record& r, const Owner& owner) override {
            const uint32_t sub = r.event & 0xfff;
            if ((r.event & 0x0ffff000u) != ev::GuestClass)
                return;
            const bool isFront = sub == 0x101 || sub == 0x102 || sub == 0x107 || sub == 0x108;
            if (isFront) {
                ++front;
                frontWithTsc += r.hasTsc;
                // Written while a guest vCPU runs there, never dom0 or idle.
                misattributed += owner.known && (owner.domain == 0 || owner.domain == IdleDomain);
            } else {
                ++back;
                backWithoutTsc += !r.hasTsc;
                misattributed += owner.known && owner.domain != 0;
            }
        }
    } sink;
    reader->read(sink);
    QVERIFY(sink.front > 100);
    QVERIFY(sink.back > 100);
    QCOMPARE(sink.frontWithTsc, 0);
    QCOMPARE(sink.backWithoutTsc, 0);
    QCOMPARE(sink.misattributed, 0);
}

void TestSynth::cliWritesTraceAndTruth() {
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("c.xentrace.zst"));
    const QString truth = dir.filePath(QStringLiteral("c.json"));
    QProcess p;
    p.start(QStringLiteral(XENOSCOPE_CLI),
            {QStringLiteral("synth"), QStringLiteral("--scenario"), QStringLiteral("sla"),
             QStringLiteral("--out"), out, QStringLiteral("--truth"), truth,
             QStringLiteral("--duration-ms"), QStringLiteral("80"), QStringLiteral("--zstd"),
             QStringLiteral("--lost"), QStringLiteral("2"), QStringLiteral("--seed"),
             QStringLiteral("3")});
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 0);
    QFile f(truth);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonObject j = QJsonDocument::fromJson(f.readAll()).object();
    for (const char* key :
         {"window", "tsc_hz", "vcpus", "pcpus", "domains", "latency", "hypervisor", "disk",
          "events", "lost", "chunks", "records", "tsc_records", "no_tsc_records", "wrap_records"})
        QVERIFY2(j.contains(QLatin1String(key)), key);
    const ReadBack rb = readBack(out.toStdString());
    QCOMPARE(static_cast<qint64>(rb.info.stats.records), j[QStringLiteral("records")].toInteger());
    QCOMPARE(static_cast<qint64>(rb.info.firstTsc),
             j[QStringLiteral("window")][QStringLiteral("t0")].toInteger());
    QCOMPARE(static_cast<qint64>(rb.info.lastTsc),
             j[QStringLiteral("window")][QStringLiteral("t1")].toInteger());
    QCOMPARE(
        j[QStringLiteral("vcpus")].toArray().first()[QStringLiteral("intervals")].toObject().size(),
        4);
    // Usage errors exit 2.
    QProcess bad;
    bad.start(QStringLiteral(XENOSCOPE_CLI),
              {QStringLiteral("synth"), QStringLiteral("--scenario"), QStringLiteral("nope"),
               QStringLiteral("--out"), out});
    QVERIFY(bad.waitForFinished(60000));
    QCOMPARE(bad.exitCode(), 2);
}

QTEST_GUILESS_MAIN(TestSynth)
#include "tst_synth.moc"
