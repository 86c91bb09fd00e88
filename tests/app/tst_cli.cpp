// xenoscope-cli end to end: the info JSON (a public interface), dump's
// filters and time arguments, and the exit status contract.

#include "core/synth/tracewriter.h"
#include "tests/support/recordingsink.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace xenoscope;

namespace {

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run cli(const QStringList& args) {
    QProcess p;
    p.start(QStringLiteral(XENOSCOPE_CLI), args);
    if (!p.waitForFinished(120000))
        qFatal("xenoscope-cli did not finish");
    return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT
private:
    QTemporaryDir dir_;
    QString small_; // ten VMENTRY records on two pCPUs at known TSCs
    QString write(const QString& name, bool zstd,
                  const std::function<void(core::TraceWriter&)>& fill) {
        core::TraceWriter w(core::TraceWriter::Options{zstd, 3});
        fill(w);
        w.finish();
        const QString path = dir_.filePath(name);
        test::writeFile(path, test::toBytes(w.bytes()));
        return path;
    }

private slots:
    void initTestCase();
    void infoJsonOnRealCapture();
    void infoZstdEqualsPlain();
    void exitStatus_data();
    void exitStatus();
    void dumpFilters_data();
    void dumpFilters();
    void dumpFormatsFile();
};

void TestCli::initTestCase() {
    small_ = write(QStringLiteral("small.xt"), false, [](core::TraceWriter& w) {
        for (uint64_t i = 0; i < 5; ++i)
            w.record(0, 0x00081001, 1000 + 100 * i, {}); // 1000 .. 1400
        w.flushChunk(0);
        for (uint64_t i = 0; i < 5; ++i)
            w.record(1, 0x00082004, 1050 + 100 * i, {uint32_t(i)}); // 1050 .. 1450
    });
}

void TestCli::infoJsonOnRealCapture() {
    const QString path = test::realCapture();
    if (!QFileInfo::exists(path))
        QSKIP(qPrintable(
            QStringLiteral("the real capture is not there: %1 (shared/ missing)").arg(path)));
    const Run r = cli({QStringLiteral("info"), QStringLiteral("--json"), path});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject o = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(o[QStringLiteral("bytes")].toInteger(), 3896732);
    QCOMPARE(o[QStringLiteral("compressed")].toBool(), false);
    QCOMPARE(o[QStringLiteral("chunks")].toInteger(), 187);
    QCOMPARE(o[QStringLiteral("records")].toInteger(), 180493);
    QCOMPARE(o[QStringLiteral("tsc_records")].toInteger(), 172945);
    QCOMPARE(o[QStringLiteral("no_tsc_records")].toInteger(), 7548);
    QCOMPARE(o[QStringLiteral("wrap_records")].toInteger(), 27);
    QCOMPARE(o[QStringLiteral("lost")].toObject()[QStringLiteral("records")].toInteger(), 0);
    QVERIFY(o[QStringLiteral("lost")].toObject()[QStringLiteral("gaps")].toArray().isEmpty());
    QCOMPARE(o[QStringLiteral("first_tsc")].toInteger(), 50475882825885);
    QCOMPARE(o[QStringLiteral("last_tsc")].toInteger(), 50484269673030);
    QCOMPARE(o[QStringLiteral("span_cycles")].toInteger(), 8386847145);
    const QJsonObject hz = o[QStringLiteral("tsc_hz")].toObject();
    QVERIFY(std::fabs(hz[QStringLiteral("estimate")].toDouble() / 2.8e9 - 1) < 0.001);
    QVERIFY(hz[QStringLiteral("samples")].toInteger() > 100);
    QCOMPARE(hz[QStringLiteral("used")].toDouble(), hz[QStringLiteral("estimate")].toDouble());
    const QJsonArray pcpus = o[QStringLiteral("pcpus")].toArray();
    QCOMPARE(pcpus.size(), 8);
    const qint64 perPcpu[] = {46882, 6829, 37735, 4640, 23835, 10839, 41044, 8689};
    for (int i = 0; i < 8; ++i) {
        QCOMPARE(pcpus[i].toObject()[QStringLiteral("pcpu")].toInt(), i);
        QCOMPARE(pcpus[i].toObject()[QStringLiteral("records")].toInteger(), perPcpu[i]);
    }
    const QJsonArray domains = o[QStringLiteral("domains")].toArray();
    QCOMPARE(domains.size(), 3);
    QCOMPARE(domains[1].toObject()[QStringLiteral("domain")].toInt(), 14);
    QCOMPARE(domains[1].toObject()[QStringLiteral("vcpus")].toArray().size(), 4);
    const QJsonArray events = o[QStringLiteral("events")].toArray();
    QCOMPARE(events.size(), 43);
    bool sawSwitch = false;
    for (const auto& e : events) {
        const auto eo = e.toObject();
        QCOMPARE(eo[QStringLiteral("id")].toString().size(), 10); // "0x%08x"
        if (eo[QStringLiteral("id")].toString() == QLatin1String("0x0002800a")) {
            sawSwitch = true;
            QCOMPARE(eo[QStringLiteral("count")].toInteger(), 10082);
            QVERIFY(!eo[QStringLiteral("name")].toString().isEmpty());
        }
    }
    QVERIFY(sawSwitch);
    QVERIFY(o[QStringLiteral("errors")].toArray().isEmpty());
}

void TestCli::infoZstdEqualsPlain() {
    auto fill = [](core::TraceWriter& w) {
        for (int round = 0; round < 20; ++round) {
            for (uint16_t p = 0; p < 3; ++p)
                for (uint32_t i = 0; i < 30; ++i)
                    w.record(p, 0x00081001 + i % 2, uint64_t(round) * 10000 + p * 7 + i * 100, {i});
            w.flushRound();
        }
    };
    const Run plain =
        cli({QStringLiteral("info"), QStringLiteral("--json"), write("p.xt", false, fill)});
    const Run packed =
        cli({QStringLiteral("info"), QStringLiteral("--json"), write("p.xt.zst", true, fill)});
    QCOMPARE(plain.exitCode, 0);
    QCOMPARE(packed.exitCode, 0);
    auto a = QJsonDocument::fromJson(plain.out).object();
    auto b = QJsonDocument::fromJson(packed.out).object();
    QCOMPARE(b[QStringLiteral("compressed")].toBool(), true);
    QCOMPARE(a[QStringLiteral("records")].toInteger(), 20 * 3 * 30);
    for (const auto& key :
         {"records", "chunks", "first_tsc", "last_tsc", "pcpus", "events", "stream_bytes"})
        QCOMPARE(b[QLatin1String(key)], a[QLatin1String(key)]);
}

void TestCli::exitStatus_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("stderrHas");
    QTest::newRow("ok") << QStringList{"info", small_} << 0 << QString();
    QTest::newRow("missing file") << QStringList{"info", dir_.filePath("none.xt")} << 2
                                  << "cannot open";
    QTest::newRow("directory") << QStringList{"info", dir_.path()} << 2 << "is a directory";
    QTest::newRow("unknown command") << QStringList{"frobnicate"} << 2 << "unknown command";
    QTest::newRow("bad time") << QStringList{"dump", "--from", "12", small_} << 2 << "--from";
    QTest::newRow("bad cpu-hz") << QStringList{"info", "--cpu-hz", "fast", small_} << 2
                                << "--cpu-hz";
    QFile in(small_);
    in.open(QIODevice::ReadOnly);
    const QByteArray bytes = in.readAll();
    const QString cut = dir_.filePath(QStringLiteral("cut.xt"));
    test::writeFile(cut,
                    bytes.left(bytes.size() - 6)); // inside pCPU 1's chunk, which starts at byte 72
    QTest::newRow("truncated: partial") << QStringList{"info", cut} << 1 << (cut + ": byte 72: ");
    const QString garbage = dir_.filePath(QStringLiteral("garbage.xt"));
    test::writeFile(garbage, QByteArray(64, 'x'));
    QTest::newRow("garbage: unusable")
        << QStringList{"info", garbage} << 2 << (garbage + ": byte 0: ");
    // small_'s window is 1000 .. 1450: 450 buckets of one cycle are fine.
    QTest::newRow("bucket: 450 buckets")
        << QStringList{"export", small_, "--table", "utilization", "--bucket", "1", "--csv", "-"}
        << 0 << QString();
    const QString wide = write(QStringLiteral("wide.xt"), false, [](core::TraceWriter& w) {
        w.record(0, 0x00081001, 1000, {});
        w.record(0, 0x00081001, 1000 + 2'000'000, {}); // a window of 2e6 cycles
    });
    QTest::newRow("bucket: 2e6 buckets refused")
        << QStringList{"export", wide, "--table", "utilization", "--bucket", "1", "--csv", "-"} << 2
        << "use at least 3 cycles";
    QTest::newRow("bucket: 666667 buckets")
        << QStringList{"export", wide, "--table", "runstates", "--bucket", "3", "--csv", "-"} << 0
        << QString();
}

void TestCli::exitStatus() {
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, stderrHas);
    const Run r = cli(args);
    QCOMPARE(r.exitCode, exitCode);
    if (!stderrHas.isEmpty())
        QVERIFY2(QString::fromUtf8(r.err).contains(stderrHas), r.err.constData());
}

void TestCli::dumpFilters_data() {
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QList<qulonglong>>("tscs");
    const QList<qulonglong> all{1000, 1050, 1100, 1150, 1200, 1250, 1300, 1350, 1400, 1450};
    QTest::newRow("everything, in time order") << QStringList{} << all;
    QTest::newRow("absolute window") << QStringList{"--from", "tsc:1100", "--to", "tsc:1250"}
                                     << QList<qulonglong>{1100, 1150, 1200, 1250};
    // At 1 GHz a cycle is a nanosecond: 200ns after T0 = 1000 is TSC 1200.
    QTest::newRow("relative window")
        << QStringList{"--cpu-hz", "1G", "--from", "200ns", "--to", "0.3us"}
        << QList<qulonglong>{1200, 1250, 1300};
    QTest::newRow("pcpu") << QStringList{"--pcpu", "1"}
                          << QList<qulonglong>{1050, 1150, 1250, 1350, 1450};
    QTest::newRow("event") << QStringList{"--event", "0x00081001", "--to", "tsc:1200"}
                           << QList<qulonglong>{1000, 1100, 1200};
}

void TestCli::dumpFilters() {
    QFETCH(QStringList, options);
    QFETCH(QList<qulonglong>, tscs);
    const Run r = cli(QStringList{QStringLiteral("dump")} + options + QStringList{small_});
    QCOMPARE(r.exitCode, 0);
    const auto lines = QString::fromUtf8(r.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), tscs.size());
    for (int i = 0; i < lines.size(); ++i) {
        // Columns: ns since T0, "ns", TSC, ...
        const auto cols = lines[i].simplified().split(QLatin1Char(' '));
        QCOMPARE(cols.value(2).toULongLong(), tscs[i]);
    }
}

void TestCli::dumpFormatsFile() {
    const QString formats = dir_.filePath(QStringLiteral("formats"));
    test::writeFile(formats, "0x00082004  CPU%(cpu)d  %(tsc)d  my_virq [ vector = %(1)d ]\n");
    const Run r = cli({QStringLiteral("dump"), QStringLiteral("--formats"), formats,
                       QStringLiteral("--pcpu"), QStringLiteral("1"), small_});
    QCOMPARE(r.exitCode, 0);
    const auto lines = QString::fromUtf8(r.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 5);
    QCOMPARE(lines[2], QStringLiteral("CPU1  1250  my_virq [ vector = 2 ]"));
    // info takes its names from the same file.
    const Run info = cli({QStringLiteral("info"), QStringLiteral("--json"),
                          QStringLiteral("--formats"), formats, small_});
    QCOMPARE(info.exitCode, 0);
    const auto events =
        QJsonDocument::fromJson(info.out).object()[QStringLiteral("events")].toArray();
    QCOMPARE(events.size(), 2);
    QCOMPARE(events[1].toObject()[QStringLiteral("id")].toString(), QStringLiteral("0x00082004"));
    QCOMPARE(events[1].toObject()[QStringLiteral("name")].toString(), QStringLiteral("my_virq"));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
