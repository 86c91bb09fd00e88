// The selection panel's event counts against `xenoscope-cli summary --from
// --to --json` for the same range (its `events`): by event id (and name), by
// class, by domain (nobody-known included) and by pCPU, on a generated trace
// with lost-record gaps and on the real credit2 capture; the whole trace
// too. The tables sort, export as CSV, and pass the item model tester.

#include "tests/widgets/charts/chartfixture.h"
#include "tests/widgets/tracefixtures.h"
#include "widgets/selection/selectioneventsmodel.h"
#include "widgets/selection/selectionstatsview.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFileInfo>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

#include <cmath>
#include <map>
#include <optional>

using namespace xenoscope;
using widgets::SelectionEventsModel;
using widgets::SelectionStatsView;
using Grouping = SelectionEventsModel::Grouping;

namespace {

constexpr int WaitMs = 120000;

// key -> count of one grouping, as the CLI wrote it.
using Counts = std::map<uint32_t, qint64>;

uint32_t hexKey(const QJsonValue& v) {
    return v.toString().mid(2).toUInt(nullptr, 16);
}

Counts cliCounts(const QJsonObject& events, Grouping g, std::map<uint32_t, QString>* names) {
    Counts out;
    switch (g) {
    case Grouping::Event:
        for (const QJsonValue& v : events[QStringLiteral("by_id")].toArray()) {
            const uint32_t id = hexKey(v[QStringLiteral("id")]);
            out[id] = v[QStringLiteral("count")].toInteger();
            if (names)
                (*names)[id] = v[QStringLiteral("name")].toString(); // null: empty
        }
        break;
    case Grouping::Class:
        for (const QJsonValue& v : events[QStringLiteral("by_class")].toArray()) {
            const uint32_t cls = hexKey(v[QStringLiteral("class")]) >> 16;
            out[cls] = v[QStringLiteral("count")].toInteger();
            if (names)
                (*names)[cls] = v[QStringLiteral("name")].toString();
        }
        break;
    case Grouping::Domain:
        for (const QJsonValue& v : events[QStringLiteral("by_domain")].toArray())
            out[static_cast<uint32_t>(v[QStringLiteral("domain")].toInt())] =
                v[QStringLiteral("count")].toInteger();
        if (const qint64 unknown = events[QStringLiteral("unknown_domain")].toInteger())
            out[SelectionEventsModel::UnknownDomain] = unknown;
        break;
    case Grouping::Pcpu:
        for (const QJsonValue& v : events[QStringLiteral("by_pcpu")].toArray())
            out[static_cast<uint32_t>(v[QStringLiteral("pcpu")].toInt())] =
                v[QStringLiteral("count")].toInteger();
        break;
    }
    return out;
}

// What the panel's table shows for the grouping, read through the sorting
// proxy the user sees.
Counts panelCounts(SelectionStatsView& view, Grouping g, std::map<uint32_t, QString>* names) {
    view.setEventGrouping(g);
    const QAbstractItemModel& m = *view.sortedEvents();
    Counts out;
    for (int row = 0; row < m.rowCount(); ++row) {
        const auto key =
            m.data(m.index(row, SelectionEventsModel::Key), SelectionEventsModel::RawRole).toUInt();
        out[key] = m.data(m.index(row, SelectionEventsModel::Count), SelectionEventsModel::RawRole)
                       .toLongLong();
        if (names)
            (*names)[key] = m.data(m.index(row, SelectionEventsModel::Name)).toString();
    }
    return out;
}

QJsonObject cliEvents(const QString& trace, const std::optional<core::TimeWindow>& w) {
    QStringList args{QStringLiteral("summary"), trace, QStringLiteral("--json")};
    if (w)
        args << QStringLiteral("--from") << test::tscArg(w->t0) << QStringLiteral("--to")
             << test::tscArg(w->t1);
    bool ok = false;
    const QByteArray out = test::runCli(args, &ok);
    return ok ? QJsonDocument::fromJson(out).object()[QStringLiteral("events")].toObject()
              : QJsonObject();
}

} // namespace

class TestSelection : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString generated_;

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        QVERIFY2(QFileInfo(QStringLiteral(XENOSCOPE_CLI)).isExecutable(), XENOSCOPE_CLI);
        generated_ = QString::fromStdString(
            test::synthChartTrace(dir_, "mixed", 200'000'000, QStringLiteral("sel.xentrace")));
    }

    void eventCountsEqualSummary_data() {
        QTest::addColumn<bool>("real");
        QTest::addColumn<double>("from");
        QTest::addColumn<double>("to");
        QTest::newRow("generated, whole trace") << false << 0.0 << 1.0;
        QTest::newRow("generated, a third") << false << 0.3 << 0.63;
        QTest::newRow("generated, first ms") << false << 0.0 << 0.005;
        QTest::newRow("credit2 capture, middle") << true << 0.2 << 0.5;
    }

    void eventCountsEqualSummary() {
        QFETCH(bool, real);
        QFETCH(double, from);
        QFETCH(double, to);
        const QString trace = real ? test::realCapture() : generated_;
        if (!QFileInfo::exists(trace))
            QSKIP("shared/traces/credit2-8pcpu.xentrace is not available");
        const core::TraceIndexPtr index = test::indexOf(trace.toStdString());
        QVERIFY(index);

        SelectionStatsView view;
        QAbstractItemModelTester tester(view.eventsModel(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester sortedTester(
            view.sortedEvents(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy ready(&view, &SelectionStatsView::statsReady);
        view.setIndex(index);
        QTRY_VERIFY_WITH_TIMEOUT(ready.size() == 1 && !view.isBusy(), WaitMs);
        std::optional<core::TimeWindow> w;
        if (from > 0 || to < 1) {
            const core::TimeWindow t = index->window();
            auto at = [&](double f) {
                return t.t0 + static_cast<uint64_t>(f * static_cast<double>(t.length()));
            };
            w = core::TimeWindow{at(from), at(to)};
            view.setWindow(w->t0, w->t1);
            QTRY_VERIFY_WITH_TIMEOUT(ready.size() == 2 && !view.isBusy(), WaitMs);
        }
        QVERIFY(!view.eventsModel()->isPartial());

        const QJsonObject cli = cliEvents(trace, w);
        QVERIFY(!cli.isEmpty());
        QCOMPARE(static_cast<qint64>(view.eventsModel()->stats().total),
                 cli[QStringLiteral("total")].toInteger());
        QVERIFY(view.eventsModel()->stats().total > 0);
        for (const Grouping g :
             {Grouping::Event, Grouping::Class, Grouping::Domain, Grouping::Pcpu}) {
            std::map<uint32_t, QString> shownNames, cliNames;
            const Counts shown = panelCounts(view, g, &shownNames);
            const Counts expected = cliCounts(cli, g, &cliNames);
            QVERIFY(!expected.empty());
            QCOMPARE(shown, expected);
            qint64 sum = 0;
            for (const auto& [key, n] : shown)
                sum += n;
            QCOMPARE(sum, cli[QStringLiteral("total")].toInteger());
            // Events and classes carry summary's names (core's EventCatalog).
            if (g == Grouping::Event || g == Grouping::Class)
                QCOMPARE(shownNames, cliNames);
        }
    }

    void tableSortsAndExports() {
        const core::TraceIndexPtr index = test::indexOf(generated_.toStdString());
        QVERIFY(index);
        SelectionStatsView view;
        QSignalSpy ready(&view, &SelectionStatsView::statsReady);
        view.resize(900, 500);
        view.show();
        view.setIndex(index);
        QTRY_VERIFY_WITH_TIMEOUT(ready.size() == 1 && !view.isBusy(), WaitMs);
        view.tabs()->setCurrentIndex(1);
        QCOMPARE(view.tabs()->currentWidget()->isVisible(), true);

        // Most records first until the user sorts otherwise.
        view.setEventGrouping(Grouping::Event);
        const QAbstractItemModel& m = *view.sortedEvents();
        auto raw = [&](int row, int col) {
            return m.data(m.index(row, col), SelectionEventsModel::RawRole);
        };
        QVERIFY(m.rowCount() > 5);
        for (int row = 1; row < m.rowCount(); ++row)
            QVERIFY(raw(row - 1, SelectionEventsModel::Count).toULongLong() >=
                    raw(row, SelectionEventsModel::Count).toULongLong());
        // A click on the Event header sorts by id.
        QHeaderView* header = view.eventsTable()->horizontalHeader();
        const int x = header->sectionViewportPosition(SelectionEventsModel::Key) + 5;
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, header->height() / 2));
        const bool ascending = header->sortIndicatorOrder() == Qt::AscendingOrder;
        QCOMPARE(header->sortIndicatorSection(), int{SelectionEventsModel::Key});
        for (int row = 1; row < m.rowCount(); ++row) {
            const uint a = raw(row - 1, SelectionEventsModel::Key).toUInt();
            const uint b = raw(row, SelectionEventsModel::Key).toUInt();
            QVERIFY(ascending ? a < b : a > b);
        }
        const QString shots = qEnvironmentVariable("XENOSCOPE_SCREENSHOT_DIR");
        if (!shots.isEmpty())
            view.grab().save(
                QDir(shots).filePath(QStringLiteral("xenoscope-selection-events.png")));
        // Shares add up to the whole.
        double share = 0;
        for (int row = 0; row < m.rowCount(); ++row)
            share += raw(row, SelectionEventsModel::Share).toDouble();
        QVERIFY(std::abs(share - 1.0) < 1e-9);

        // CSV: every grouping, one line per row, counts as shown.
        const QString csv = dir_.filePath(QStringLiteral("events.csv"));
        QVERIFY(view.exportEventsCsv(csv));
        const QList<QByteArray> lines = test::readBytes(csv).trimmed().split('\n');
        QCOMPARE(lines.front(), QByteArray("grouping,key,name,count"));
        const core::EventStats& s = view.eventsModel()->stats();
        const size_t rows = s.byId.size() + s.byClass.size() + s.byDomain.size() +
                            (s.unknownDomain ? 1 : 0) + s.byPcpu.size();
        QCOMPARE(static_cast<size_t>(lines.size()), rows + 1);
        uint64_t byEvent = 0;
        for (const QByteArray& line : lines)
            if (line.startsWith("event,"))
                byEvent += line.split(',').back().toULongLong();
        QCOMPARE(byEvent, s.total);
    }
};

QTEST_MAIN(TestSelection)
#include "tst_selection.moc"
