// The event table against `xenoscope-cli dump --from --to` for the same
// window (row count and the TSC of every row), its filters and text search
// against the CLI and a plain walk, paging through the LRU cache, and a
// click putting marker A on the timeline.

#include "../charts/chartfixture.h"
#include "widgets/tables/eventfilter.h"
#include "widgets/tables/eventtablemodel.h"
#include "widgets/tables/eventtableview.h"
#include "widgets/timeline/timelineview.h"

#include <QAbstractItemModelTester>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace xenoscope;
using namespace xenoscope::widgets;

namespace {

// The TSC column of `dump` (third field: "NS ns TSC[~] pN dXvY event fields").
std::vector<quint64> dumpTscs(const QByteArray& out) {
    std::vector<quint64> tscs;
    for (const QByteArray& line : out.split('\n')) {
        const QList<QByteArray> f = line.simplified().split(' ');
        if (f.size() < 3)
            continue;
        QByteArray t = f[2];
        if (t.endsWith('~'))
            t.chop(1);
        tscs.push_back(t.toULongLong());
    }
    return tscs;
}

} // namespace

class TestEventTable : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    std::string path_;
    core::TraceIndexPtr index_;
    core::TimeWindow window_;

    std::vector<quint64> cliDump(core::TimeWindow w, const QStringList& extra = {}) {
        QStringList args{QStringLiteral("dump"),   QString::fromStdString(path_),
                         QStringLiteral("--from"), test::tscArg(w.t0),
                         QStringLiteral("--to"),   test::tscArg(w.t1)};
        args << extra;
        bool ok = false;
        const QByteArray out = test::runCli(args, &ok);
        if (!ok)
            qWarning("dump failed");
        return dumpTscs(out);
    }

    static void waitCounted(EventTableModel& m) {
        QTRY_VERIFY_WITH_TIMEOUT(!m.isCounting(), 60000);
    }

    static std::vector<quint64> modelTscs(const EventTableModel& m) {
        std::vector<quint64> out;
        out.reserve(static_cast<size_t>(m.rowCount()));
        for (int r = 0; r < m.rowCount(); ++r)
            out.push_back(
                m.index(r, EventTableModel::Tsc).data(EventTableModel::RawRole).toULongLong());
        return out;
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        path_ = test::synthChartTrace(dir_, "mixed", 150'000'000);
        index_ = test::indexOf(path_);
        QVERIFY(index_);
        const core::TimeWindow w = index_->window();
        window_ = {w.t0 + w.length() / 3, w.t0 + w.length() * 2 / 3};
    }

    void windowEqualsCliDump() {
        EventTableModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setIndex(index_);
        m.setWindow(window_);
        waitCounted(m);
        const auto cli = cliDump(window_);
        QVERIFY(cli.size() > 2 * EventTableModel::PageRows); // several pages
        QCOMPARE(static_cast<size_t>(m.rowCount()), cli.size());
        QVERIFY(modelTscs(m) == cli);
        QVERIFY(m.pagesDecoded() >=
                static_cast<uint64_t>(m.rowCount() / EventTableModel::PageRows));
    }

    void filtersEqualCliDump() {
        EventTableModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setIndex(index_);
        m.setWindow(window_);
        EventFilter f;
        f.pcpu = 2;
        m.setFilter(f);
        waitCounted(m);
        auto cli = cliDump(window_, {QStringLiteral("--pcpu"), QStringLiteral("2")});
        QVERIFY(!cli.empty());
        QCOMPARE(static_cast<size_t>(m.rowCount()), cli.size());
        QVERIFY(modelTscs(m) == cli);

        EventFilter e;
        e.event = core::ev::SchedSwitch;
        m.setFilter(e);
        waitCounted(m);
        cli = cliDump(window_, {QStringLiteral("--event"), QStringLiteral("0x0002800a")});
        QVERIFY(!cli.empty());
        QCOMPARE(static_cast<size_t>(m.rowCount()), cli.size());
        QVERIFY(modelTscs(m) == cli);
        for (int r = 0; r < m.rowCount(); r += 97)
            QCOMPARE(m.index(r, EventTableModel::Event).data(EventTableModel::RawRole).toUInt(),
                     core::ev::SchedSwitch);
    }

    // Domain, class and text: against a plain walk over the same records.
    void searchAndDomainEqualBruteForce() {
        EventFilter f;
        f.domain = 1;
        f.eventClass = 0x0002; // sched
        f.setText(QStringLiteral("D1V"));
        std::vector<quint64> expected;
        index_->forEachRecord(
            window_.t0, window_.t1, [&](const core::Record& r, const core::Owner& o) {
                if (!o.known || o.domain != 1 || ((r.event >> 16) & 0xfff) != 0x0002)
                    return;
                std::string hay = EventFilter::eventName(r.event) + " " + EventFilter::fields(r) +
                                  " " + EventFilter::vcpuText(o);
                if (hay.find("d1v") != std::string::npos)
                    expected.push_back(r.tsc);
            });
        QVERIFY(!expected.empty());
        EventTableModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setIndex(index_);
        m.setWindow(window_);
        m.setFilter(f);
        waitCounted(m);
        QVERIFY(modelTscs(m) == expected);
    }

    // Random access across the whole trace: rows equal the walk's, the cache stays bounded.
    void pagesDecodeOnDemand() {
        // A longer trace: more pages than the cache holds.
        const auto big = test::indexOf(
            test::synthChartTrace(dir_, "mixed", 2'000'000'000, QStringLiteral("big.xentrace")));
        QVERIFY(big);
        std::vector<quint64> all;
        const core::TimeWindow w = big->window();
        big->forEachRecord(
            w.t0, w.t1, [&](const core::Record& r, const core::Owner&) { all.push_back(r.tsc); });
        // No model tester here: it reads every row of every insertion, which
        // is what this test must not do (the other tests run it).
        EventTableModel m;
        m.setIndex(big);
        waitCounted(m);
        QCOMPARE(static_cast<size_t>(m.rowCount()), all.size());
        qInfo("%d rows, %d pages", m.rowCount(), m.rowCount() / EventTableModel::PageRows + 1);
        // More pages than the cache holds: random reads evict and decode again.
        QVERIFY(m.rowCount() >
                static_cast<int>(EventTableModel::CachedPages) * EventTableModel::PageRows);
        QCOMPARE(m.pagesDecoded(), uint64_t{0}); // counting decodes no page
        auto* rng = QRandomGenerator::global();
        for (int i = 0; i < 300; ++i) {
            const int r = static_cast<int>(rng->bounded(m.rowCount()));
            QCOMPARE(m.index(r, EventTableModel::Tsc).data(EventTableModel::RawRole).toULongLong(),
                     all[static_cast<size_t>(r)]);
        }
        // Page edges, where the next page's first rows share a TSC with this one's last.
        for (int p = 1; p * EventTableModel::PageRows < m.rowCount(); ++p)
            for (int r : {p * EventTableModel::PageRows - 1, p * EventTableModel::PageRows})
                QCOMPARE(m.row(r)->record.tsc, all[static_cast<size_t>(r)]);
        // Reading one row twice decodes its page once.
        const uint64_t n = m.pagesDecoded();
        QVERIFY(m.row(5).has_value());
        QVERIFY(m.row(6).has_value());
        QVERIFY(m.pagesDecoded() <= n + 1);
    }

    void clickPutsMarkerOnTimeline() {
        EventTableView v;
        v.resize(1000, 400);
        v.show();
        QVERIFY(QTest::qWaitForWindowExposed(&v));
        v.setIndex(index_);
        v.setWindow(window_.t0, window_.t1);
        waitCounted(*v.model());
        TimelineView timeline;
        timeline.setIndex(index_, true);
        connect(&v, &EventTableView::recordActivated, &timeline,
                [&timeline](quint64 tsc, quint16) { timeline.setMarkerA(tsc); });
        QSignalSpy spy(&v, &EventTableView::recordActivated);
        const QRect cell = v.table()->visualRect(v.model()->index(3, EventTableModel::Event));
        QTest::mouseClick(v.table()->viewport(), Qt::LeftButton, {}, cell.center());
        QCOMPARE(spy.count(), 1);
        const quint64 tsc = v.model()->row(3)->record.tsc;
        QCOMPARE(spy.at(0).at(0).toULongLong(), tsc);
        QCOMPARE(timeline.markerA().value_or(0), tsc);
        const QByteArray dir = qgetenv("XENOSCOPE_SCREENSHOT_DIR");
        if (!dir.isEmpty())
            v.grab().save(QString::fromLocal8Bit(dir) + QStringLiteral("/eventtable.png"));
    }

    // A new window while counting: the old scan's pages never arrive.
    void staleScanDropped() {
        EventTableModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setIndex(index_); // the whole trace: a long scan
        m.setWindow(window_);
        waitCounted(m);
        QCOMPARE(static_cast<size_t>(m.rowCount()), cliDump(window_).size());
    }
};

QTEST_MAIN(TestEventTable)
#include "tst_eventtable.moc"
