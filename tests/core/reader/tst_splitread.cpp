// TraceReader::readSplit() against read(): every record once in its pCPU's
// order in the per-pCPU lane, exactly the wanted records in read()'s order in
// the time-ordered lane (also for each of readSplitPair()'s two walks), and
// the same statistics and diagnostics; on generated traces (lost records, wrap
// fillers, zstd, truncation), hand-damaged files and the real capture.

#include "core/reader/tracereader.h"
#include "core/reader/walkpair.h"
#include "core/synth/synthesizer.h"
#include "tests/support/recordingsink.h"

#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <map>

using namespace xenoscope;
using test::SeenRecord;

namespace {

// Wants the scheduling class and lost records in time order, like the
// runstate probe; records everything it is given.
class LaneRecorder final : public core::SplitSink {
public:
    std::map<uint16_t, std::vector<SeenRecord>> perPcpu;
    std::vector<SeenRecord> ordered;
    size_t records = 0;
    static bool wanted(uint32_t event) {
        return (event & core::ev::ClassMask) == 0x00020000 || event == core::ev::LostRecords;
    }
    bool onPcpuRecord(const core::Record& r, const core::Owner& o) override {
        perPcpu[r.pcpu].push_back({r, o});
        ++records;
        return wanted(r.event);
    }
    void onOrderedRecord(const core::Record& r, const core::Owner& o) override {
        ordered.push_back({r, o});
    }
};

// Words past nwords are not part of a record (the reader reuses its Record).
bool same(const SeenRecord& a, const SeenRecord& b) {
    return a.record.offset == b.record.offset && a.record.tsc == b.record.tsc &&
           a.record.event == b.record.event && a.record.pcpu == b.record.pcpu &&
           a.record.hasTsc == b.record.hasTsc && a.record.nwords == b.record.nwords &&
           std::equal(a.record.words.begin(), a.record.words.begin() + a.record.nwords,
                      b.record.words.begin()) &&
           a.owner == b.owner;
}

QString describe(const SeenRecord& s) {
    return QStringLiteral("offset %1 tsc %2 event %3 pcpu %4")
        .arg(s.record.offset)
        .arg(s.record.tsc)
        .arg(s.record.event, 0, 16)
        .arg(s.record.pcpu);
}

std::vector<uint8_t> generated(const core::SynthOptions& o, bool zstd) {
    core::TraceWriter::Options wo;
    wo.zstd = zstd;
    core::TraceWriter writer(wo);
    core::synthesize(o, writer);
    writer.finish();
    return writer.bytes();
}

} // namespace

class TestSplitRead : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;

private slots:
    void sameAsMergedRead_data();
    void sameAsMergedRead();
    void realCapture();

private:
    void compare(const QString& path);
};

void TestSplitRead::sameAsMergedRead_data() {
    QTest::addColumn<QByteArray>("bytes");
    auto synth = [](const char* scenario, uint32_t lost, bool zstd, bool truncate = false,
                    uint16_t pcpus = 8) {
        core::SynthOptions o;
        o.scenario = scenario;
        o.durationNs = 60'000'000;
        o.lostGaps = lost;
        o.truncate = truncate;
        o.pcpus = pcpus;
        o.wrapPerMille = 100;
        o.seed = 7;
        return test::toBytes(generated(o, zstd));
    };
    QTest::newRow("mixed") << synth("mixed", 0, false);
    QTest::newRow("mixed, lost records") << synth("mixed", 5, false);
    QTest::newRow("mixed, zstd, lost records") << synth("mixed", 5, true);
    QTest::newRow("disk-heavy, truncated") << synth("disk-heavy", 2, false, true);
    QTest::newRow("latency-spike, 16 pCPUs") << synth("latency-spike", 0, false, false, 16);

    // Hand-damaged: garbage between chunks, a record running past its chunk.
    QByteArray good = synth("mixed", 1, false);
    QByteArray garbage = good.left(4096);
    garbage.append(QByteArray("\x11\x22\x33\x44\x55\x66\x77\x88", 8));
    garbage.append(good.mid(4096));
    QTest::newRow("garbage inside") << garbage;
    QTest::newRow("cut short") << good.left(good.size() * 2 / 3);
}

void TestSplitRead::sameAsMergedRead() {
    QFETCH(QByteArray, bytes);
    const QString path = dir_.filePath(QStringLiteral("split.xt"));
    QVERIFY(test::writeFile(path, bytes));
    compare(path);
}

void TestSplitRead::realCapture() {
    if (!QFile::exists(test::realCapture()))
        QSKIP("the real capture is not in ../shared/traces");
    compare(test::realCapture());
}

void TestSplitRead::compare(const QString& path) {
    core::ReadStats mergedStats;
    core::Diagnostics mergedDiags;
    const auto merged = test::readAll(path, &mergedStats, &mergedDiags);
    QVERIFY(!merged.empty());

    // The per-pCPU lane: read()'s records of each pCPU, in the same order.
    std::map<uint16_t, std::vector<SeenRecord>> expectedPerPcpu;
    std::vector<SeenRecord> expectedOrdered;
    for (const auto& s : merged) {
        expectedPerPcpu[s.record.pcpu].push_back(s);
        if (LaneRecorder::wanted(s.record.event))
            expectedOrdered.push_back(s);
    }
    QVERIFY(!expectedOrdered.empty());
    // Where a pCPU's TSC goes back (damage), "time order" has no single
    // answer: then each pCPU's records keep their order, and the
    // time-ordered lane holds the same records.
    const bool timeWentBack =
        std::any_of(mergedDiags.begin(), mergedDiags.end(), [](const core::Diagnostic& d) {
            return d.code == core::DiagCode::TimeWentBack;
        });
    auto byPcpu = [](std::vector<SeenRecord> v) {
        std::stable_sort(v.begin(), v.end(), [](const SeenRecord& a, const SeenRecord& b) {
            return a.record.pcpu < b.record.pcpu;
        });
        return v;
    };
    if (timeWentBack)
        expectedOrdered = byPcpu(expectedOrdered);

    auto checkLanes = [&](LaneRecorder& lanes) {
        QCOMPARE(lanes.perPcpu.size(), expectedPerPcpu.size());
        for (const auto& [pcpu, want] : expectedPerPcpu) {
            const auto& got = lanes.perPcpu[pcpu];
            QCOMPARE(got.size(), want.size());
            for (size_t i = 0; i < want.size(); ++i)
                QVERIFY2(same(got[i], want[i]), qPrintable(QStringLiteral("pCPU %1 #%2: %3 vs %4")
                                                               .arg(pcpu)
                                                               .arg(i)
                                                               .arg(describe(got[i]))
                                                               .arg(describe(want[i]))));
        }
        // The time-ordered lane: exactly the wanted records, in read()'s order.
        QCOMPARE(lanes.ordered.size(), expectedOrdered.size());
        if (timeWentBack)
            lanes.ordered = byPcpu(lanes.ordered);
        for (size_t i = 0; i < expectedOrdered.size(); ++i)
            QVERIFY2(same(lanes.ordered[i], expectedOrdered[i]),
                     qPrintable(QStringLiteral("#%1: %2 vs %3")
                                    .arg(i)
                                    .arg(describe(lanes.ordered[i]))
                                    .arg(describe(expectedOrdered[i]))));
    };

    for (const bool pair : {false, true}) {
        core::Diagnostic error;
        auto reader = core::TraceReader::open(path.toStdString(), error);
        QVERIFY(reader);
        LaneRecorder lanes;
        core::ReadStats stats;
        if (pair) {
            // Two walks at once: each sink gets everything. While the first
            // walk holds the second, the second's sink does not move.
            LaneRecorder second;
            core::WalkPair walks(reader->file());
            bool heldStill = true;
            stats = reader->readSplitPair(
                lanes, second,
                [&](uint64_t, uint64_t) {
                    core::WalkPair::Hold hold(walks);
                    const size_t before = second.records;
                    QThread::msleep(2);
                    heldStill = heldStill && second.records == before;
                },
                nullptr, &walks);
            QVERIFY(heldStill);
            checkLanes(second);
            if (QTest::currentTestFailed())
                return;
        } else {
            stats = reader->readSplit(lanes);
        }
        checkLanes(lanes);
        if (QTest::currentTestFailed())
            return;

        QCOMPARE(stats.records, mergedStats.records);
        QCOMPARE(stats.tscRecords, mergedStats.tscRecords);
        QCOMPARE(stats.noTscRecords, mergedStats.noTscRecords);
        QCOMPARE(stats.wrapRecords, mergedStats.wrapRecords);
        QCOMPARE(stats.bytes, mergedStats.bytes);
        QCOMPARE(stats.lost.size(), mergedStats.lost.size());
        for (size_t i = 0; i < stats.lost.size(); ++i) {
            QCOMPARE(stats.lost[i].pcpu, mergedStats.lost[i].pcpu);
            QCOMPARE(stats.lost[i].fromTsc, mergedStats.lost[i].fromTsc);
            QCOMPARE(stats.lost[i].toTsc, mergedStats.lost[i].toTsc);
            QCOMPARE(stats.lost[i].records, mergedStats.lost[i].records);
        }
        const auto diags = reader->diagnostics();
        QCOMPARE(diags.size(), mergedDiags.size());
        for (size_t i = 0; i < diags.size(); ++i) {
            QCOMPARE(diags[i].code, mergedDiags[i].code);
            QCOMPARE(diags[i].offset, mergedDiags[i].offset);
        }
    }
}

QTEST_GUILESS_MAIN(TestSplitRead)
#include "tst_splitread.moc"
