// Event counts of a window after the pass (windowEventStats) against a
// second pass that counts exactly that window, the way `summary --from --to`
// does: by id, class, domain (unknown included) and pCPU, on a generated
// trace with lost-record gaps, plain and .zst, in one slice and in many.

#include "tests/core/index/indexfixture.h"

#include "core/analyses/analysispass.h"
#include "core/index/windoweventstats.h"

#include <QFile>
#include <QTest>

using namespace xenoscope;
using namespace xenoscope::core;

namespace {

EventStats passCounts(const std::string& path, TimeWindow w) {
    Diagnostic error;
    auto reader = TraceReader::open(path, error);
    if (!reader)
        return {};
    AnalysisPass pass(w);
    return pass.run(*reader).events;
}

TraceIndexPtr indexOf(const std::string& path) {
    IndexOptions o;
    o.useCache = false;
    return IndexBuilder(o).build(path).index;
}

} // namespace

class TestWindowEventStats : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::string plain_, zst_;

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        plain_ = test::synthTrace(dir_, QStringLiteral("t.xentrace"), 200'000'000);
        zst_ = test::synthTrace(dir_, QStringLiteral("t.xentrace.zst"), 200'000'000, true);
    }

    void equalsAPassOverTheWindow_data() {
        QTest::addColumn<bool>("zstd");
        QTest::addColumn<double>("from");
        QTest::addColumn<double>("to");
        QTest::addColumn<quint64>("slice");
        QTest::newRow("middle fifth") << false << 0.4 << 0.6 << quint64{EventStatsSliceRecords};
        QTest::newRow("middle fifth, small slices") << false << 0.4 << 0.6 << quint64{997};
        QTest::newRow("head, small slices") << false << 0.0 << 0.3 << quint64{5000};
        QTest::newRow("tail past the end") << false << 0.8 << 1.5 << quint64{3000};
        QTest::newRow("zst, small slices") << true << 0.25 << 0.7 << quint64{4001};
        QTest::newRow("whole trace") << false << 0.0 << 1.0 << quint64{EventStatsSliceRecords};
        QTest::newRow("one cycle") << false << 0.5 << 0.5 << quint64{1};
    }

    void equalsAPassOverTheWindow() {
        QFETCH(bool, zstd);
        QFETCH(double, from);
        QFETCH(double, to);
        QFETCH(quint64, slice);
        const std::string& path = zstd ? zst_ : plain_;
        const TraceIndexPtr index = indexOf(path);
        QVERIFY(index);
        const TimeWindow trace = index->window();
        auto at = [&](double f) {
            return trace.t0 + static_cast<uint64_t>(f * static_cast<double>(trace.length()));
        };
        const TimeWindow w{at(from), to > 1.0 ? UINT64_MAX : at(to)};

        const std::optional<EventStats> got = windowEventStats(*index, w, nullptr, slice);
        QVERIFY(got);
        const EventStats want = passCounts(path, w);
        if (from < to)
            QVERIFY(want.total > 0);
        QCOMPARE(got->window.t0, want.window.t0);
        QCOMPARE(got->window.t1, want.window.t1);
        QCOMPARE(got->total, want.total);
        QCOMPARE(got->byId, want.byId);
        QCOMPARE(got->byClass, want.byClass);
        QCOMPARE(got->byDomain, want.byDomain);
        QCOMPARE(got->unknownDomain, want.unknownDomain);
        QCOMPARE(got->byPcpu, want.byPcpu);
    }

    void cancelledGivesNothing() {
        const TraceIndexPtr index = indexOf(plain_);
        QVERIFY(index);
        CancelToken cancel;
        cancel.cancel();
        const TimeWindow trace = index->window();
        QVERIFY(!windowEventStats(*index, {trace.t0 + 1, trace.t1 - 1}, &cancel));
    }

    void goneFileGivesNothing() {
        const QString copy = dir_.filePath(QStringLiteral("gone.xentrace"));
        QVERIFY(QFile::copy(QString::fromStdString(plain_), copy));
        const TraceIndexPtr index = indexOf(copy.toStdString());
        QVERIFY(index);
        QVERIFY(QFile::remove(copy));
        const TimeWindow trace = index->window();
        QVERIFY(!windowEventStats(*index, {trace.t0 + 1, trace.t1 - 1}));
        // The whole trace needs no file: the pass counted it.
        QVERIFY(windowEventStats(*index, trace));
    }
};

QTEST_GUILESS_MAIN(TestWindowEventStats)
#include "tst_windoweventstats.moc"
