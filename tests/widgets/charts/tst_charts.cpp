// The charts against `xenoscope-cli export` for the same range and bucket
// (values, not pixels), their CSV exports against the CLI's bytes, the
// histogram click that zooms the timeline, and the main window's wiring:
// a timeline selection reaches every chart after the debounce.

#include "chartfixture.h"
#include "widgets/charts/diskdepthchart.h"
#include "widgets/charts/diskstagemodel.h"
#include "widgets/charts/hypervisorchart.h"
#include "widgets/charts/latencychart.h"
#include "widgets/charts/rangefollower.h"
#include "widgets/charts/utilizationchart.h"
#include "widgets/mainwindow/mainwindow.h"
#include "widgets/tables/eventtablemodel.h"
#include "widgets/tables/eventtableview.h"
#include "widgets/timeline/timelineview.h"

#include <QAbstractItemModelTester>
#include <QAreaSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QDockWidget>
#include <QHorizontalStackedBarSeries>
#include <QLineSeries>
#include <QSignalSpy>
#include <QStackedBarSeries>
#include <QTest>

#include <map>

using namespace xenoscope;
using namespace xenoscope::widgets;

namespace {

struct Csv {
    QStringList header;
    std::vector<QStringList> rows;
    int col(const char* name) const {
        return static_cast<int>(header.indexOf(QLatin1String(name)));
    }
};

// Splits the CLI's CSV; names with commas are quoted (reason names never are in practice).
Csv parseCsv(const QByteArray& bytes) {
    Csv out;
    const QList<QByteArray> lines = bytes.split('\n');
    for (const QByteArray& line : lines) {
        if (line.isEmpty())
            continue;
        const QStringList cells = QString::fromUtf8(line).split(QLatin1Char(','));
        if (out.header.isEmpty())
            out.header = cells;
        else
            out.rows.push_back(cells);
    }
    return out;
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestCharts : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    std::string path_;
    core::TraceIndexPtr index_;
    core::TimeWindow window_; // a window inside the trace, off its edges

    QByteArray exportCli(const char* table, uint64_t bucket) {
        QStringList args{QStringLiteral("export"),  QString::fromStdString(path_),
                         QStringLiteral("--table"), QLatin1String(table),
                         QStringLiteral("--from"),  test::tscArg(window_.t0),
                         QStringLiteral("--to"),    test::tscArg(window_.t1),
                         QStringLiteral("--csv"),   QStringLiteral("-")};
        if (bucket > 0)
            args << QStringLiteral("--bucket") << QString::number(bucket);
        bool ok = false;
        const QByteArray out = test::runCli(args, &ok);
        if (!ok)
            qWarning("xenoscope-cli %s failed", qPrintable(args.join(QLatin1Char(' '))));
        return out;
    }

    template <class Chart> void load(Chart& chart) {
        chart.resize(900, 420);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        chart.setIndex(index_);
        chart.setWindow(window_.t0, window_.t1);
        QTRY_VERIFY_WITH_TIMEOUT(!chart.isBusy(), 30000);
    }

    void screenshot(QWidget& w, const char* name) {
        const QByteArray dir = qgetenv("XENOSCOPE_SCREENSHOT_DIR");
        if (dir.isEmpty())
            return;
        QTest::qWait(100); // the chart scenes lay out and repaint from the event loop
        if (!dir.isEmpty())
            w.grab().save(QString::fromLocal8Bit(dir) + QLatin1Char('/') + QLatin1String(name));
    }

    // The chart's CSV export is the CLI's output, byte for byte.
    void compareExport(const AnalysisChart& chart, const char* table) {
        const QString file = dir_.filePath(QLatin1String(table) + QStringLiteral(".csv"));
        QVERIFY(chart.exportCsv(file));
        const QByteArray mine = readAll(file);
        const QByteArray cli = exportCli(table, chart.bucket());
        QVERIFY(!cli.isEmpty());
        QCOMPARE(mine.size(), cli.size());
        QVERIFY(mine == cli);
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        path_ = test::synthChartTrace(dir_);
        index_ = test::indexOf(path_);
        QVERIFY(index_);
        const core::TimeWindow w = index_->window();
        window_ = {w.t0 + w.length() / 5, w.t0 + w.length() * 4 / 5};
        QVERIFY(index_->results().disk.instrumented());
        QVERIFY(!index_->results().hvm.vcpus.empty());
    }

    void rangeFollowerDebounces() {
        RangeFollower f;
        QSignalSpy spy(&f, &RangeFollower::windowChanged);
        for (quint64 i = 0; i < 20; ++i)
            f.setVisibleRange(1000 + i, 2000 + i);
        QCOMPARE(spy.count(), 0); // nothing until the user pauses
        QTRY_COMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toULongLong(), 1019ULL);
        QCOMPARE(spy.at(0).at(2).toBool(), false);
        f.setSelection(1500, 1600);
        f.setVisibleRange(0, 10); // ignored while a selection exists
        QTRY_COMPARE(spy.count(), 2);
        QCOMPARE(spy.at(1).at(0).toULongLong(), 1500ULL);
        QCOMPARE(spy.at(1).at(2).toBool(), true);
        f.clearSelection();
        QTRY_COMPARE(spy.count(), 3);
        QCOMPARE(spy.at(2).at(1).toULongLong(), 10ULL);
    }

    void utilizationEqualsCliExport() {
        UtilizationChart chart;
        load(chart);
        const UtilizationSeries& d = chart.data();
        QVERIFY(chart.bucket() > 0);
        QCOMPARE(d.window, window_);
        QVERIFY(d.buckets.size() >= 20); // follows the width: ~1 bucket per 4 px
        QVERIFY(d.buckets.size() <= 2 * 900);

        const Csv csv = parseCsv(exportCli("utilization", chart.bucket()));
        const int t0 = csv.col("bucket_t0"), entity = csv.col("entity"), pcpu = csv.col("pcpu"),
                  dom = csv.col("domain"), vcpu = csv.col("vcpu"), busy = csv.col("busy"),
                  runnable = csv.col("runnable");
        QVERIFY(t0 >= 0 && busy >= 0);
        std::map<std::tuple<quint64, QString, QString>, std::pair<quint64, quint64>> cli;
        for (const auto& r : csv.rows) {
            const QString who = r[entity] == QLatin1String("pcpu")
                                    ? QStringLiteral("p") + r[pcpu]
                                    : r[entity] + r[dom] + QLatin1Char('.') + r[vcpu];
            cli[{r[t0].toULongLong(), r[entity], who}] = {r[busy].toULongLong(),
                                                          r[runnable].toULongLong()};
        }
        size_t checked = 0;
        for (const auto& u : d.buckets) {
            for (const auto& p : u.pcpus) {
                const auto it = cli.find(
                    {u.window.t0, QStringLiteral("pcpu"), QStringLiteral("p%1").arg(p.pcpu)});
                QVERIFY(it != cli.end());
                QCOMPARE(it->second.first, p.busy);
                ++checked;
            }
            for (const auto& dd : u.domains) {
                const auto it = cli.find({u.window.t0, QStringLiteral("domain"),
                                          QStringLiteral("domain%1.").arg(dd.domain)});
                QVERIFY(it != cli.end());
                QCOMPARE(it->second.first, dd.running);
                QCOMPARE(it->second.second, dd.runnable);
                ++checked;
            }
            for (const auto& v : u.vcpus) {
                const auto it = cli.find({u.window.t0, QStringLiteral("vcpu"),
                                          QStringLiteral("vcpu%1.%2").arg(v.domain).arg(v.vcpu)});
                QVERIFY(it != cli.end());
                QCOMPARE(it->second.first, v.running);
                ++checked;
            }
        }
        QCOMPARE(checked, csv.rows.size()); // every CLI row, none more

        // What is drawn: layer i's band height is domain i's host share (%).
        const auto series = chart.chart()->series();
        QCOMPARE(static_cast<size_t>(series.size()), d.buckets.front().domains.size());
        const double pcpus = static_cast<double>(d.pcpuCount);
        for (qsizetype i = 0; i < series.size(); ++i) {
            auto* area = qobject_cast<QAreaSeries*>(series[i]);
            QVERIFY(area);
            const auto up = area->upperSeries()->points();
            const auto low = area->lowerSeries() ? area->lowerSeries()->points() : QList<QPointF>();
            QCOMPARE(static_cast<size_t>(up.size()), 2 * d.buckets.size());
            for (size_t b = 0; b < d.buckets.size(); ++b) {
                const auto& u = d.buckets[b];
                const auto& row = cli.at(
                    {u.window.t0, QStringLiteral("domain"),
                     QStringLiteral("domain%1.").arg(u.domains[static_cast<size_t>(i)].domain)});
                const double expected = static_cast<double>(row.first) /
                                        (static_cast<double>(u.window.length()) * pcpus) * 100;
                const double band = up[static_cast<qsizetype>(2 * b)].y() -
                                    (low.isEmpty() ? 0.0 : low[static_cast<qsizetype>(2 * b)].y());
                QVERIFY2(std::abs(band - expected) < 1e-9,
                         qPrintable(QStringLiteral("%1 vs %2").arg(band).arg(expected)));
            }
        }
        compareExport(chart, "utilization");

        // The other modes draw the same numbers as pCPU and vCPU layers.
        chart.setMode(UtilizationChart::Mode::Pcpus);
        QCOMPARE(static_cast<size_t>(chart.chart()->series().size()),
                 d.buckets.front().pcpus.size());
        chart.setMode(UtilizationChart::Mode::Vcpus);
        QVERIFY(chart.chart()->series().size() > 0);
        chart.setMode(UtilizationChart::Mode::Domains);
        // A legend entry per domain.
        QVERIFY(chart.chart()->legend()->isVisible());
        screenshot(chart, "chart-utilization.png");
    }

    void zoomChangesBucketWidth() {
        UtilizationChart chart;
        load(chart);
        const uint64_t wide = chart.bucket();
        chart.setWindow(window_.t0, window_.t0 + window_.length() / 16);
        QTRY_VERIFY(!chart.isBusy());
        QVERIFY(chart.bucket() < wide);
        // Never more than ~2 points per pixel.
        QVERIFY(chart.data().buckets.size() <= 2 * static_cast<size_t>(chart.width()));
    }

    void diskDepthEqualsCliExport() {
        DiskDepthChart chart;
        QAbstractItemModelTester tester(chart.stageModel(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        load(chart);
        const DiskDepthData& d = chart.data();
        QCOMPARE(d.lines.size(), core::DiskStageCount);
        const Csv csv = parseCsv(exportCli("disk-depth", chart.bucket()));
        const int t0 = csv.col("bucket_t0"), stage = csv.col("stage"), dom = csv.col("domain"),
                  mn = csv.col("min"), avg = csv.col("avg"), mx = csv.col("max"),
                  cycles = csv.col("cycles");
        std::map<std::pair<quint64, QString>, QStringList> totals; // all devices
        for (const auto& r : csv.rows)
            if (r[dom].isEmpty())
                totals[{r[t0].toULongLong(), r[stage]}] = r;
        size_t checked = 0;
        for (const auto& line : d.lines) {
            const auto name = core::DiskStageNames[static_cast<size_t>(line.stage)];
            for (const auto& b : line.buckets) {
                const auto it = totals.find(
                    {b.bucket.t0,
                     QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size()))});
                QVERIFY(it != totals.end());
                QCOMPARE(it->second[mn].toUInt(), b.stats.min);
                QCOMPARE(it->second[mx].toUInt(), b.stats.max);
                QCOMPARE(it->second[cycles].toULongLong(), b.stats.cycles);
                QVERIFY(std::abs(it->second[avg].toDouble() - b.stats.average(b.bucket)) < 1e-6);
                ++checked;
            }
        }
        QCOMPARE(checked, totals.size());
        // The drawn steps carry the CSV's averages.
        const auto series = chart.chart()->series();
        QCOMPARE(static_cast<size_t>(series.size()), d.lines.size());
        auto* first = qobject_cast<QLineSeries*>(series.front());
        QVERIFY(first);
        QCOMPARE(first->points().at(0).y(), d.lines.front().buckets.front().stats.average(
                                                d.lines.front().buckets.front().bucket));
        compareExport(chart, "disk-depth");

        // The stage table: completed counts as `export --table disk-stages` (one bucket).
        const Csv stages = parseCsv(exportCli("disk-stages", 0));
        const int sStage = stages.col("stage"), sDom = stages.col("domain"),
                  completed = stages.col("completed"), p99 = stages.col("p99");
        DiskStageModel* m = chart.stageModel();
        QCOMPARE(m->rowCount(), static_cast<int>(core::DiskStageCount) + 1);
        for (const auto& r : stages.rows) {
            if (!r[sDom].isEmpty())
                continue;
            int row = 0;
            while (row < m->rowCount() &&
                   m->index(row, DiskStageModel::Stage).data().toString() != r[sStage] &&
                   !(r[sStage] == QLatin1String("end_to_end") && row == m->rowCount() - 1))
                ++row;
            QVERIFY2(row < m->rowCount(), qPrintable(r[sStage]));
            QCOMPARE(m->index(row, DiskStageModel::Completed).data(Qt::UserRole).toULongLong(),
                     r[completed].toULongLong());
            QCOMPARE(m->index(row, DiskStageModel::P99).data(Qt::UserRole).toULongLong(),
                     r[p99].toULongLong());
        }
        // One device, by stage: its own series.
        chart.setView({DiskDepthData::View::Kind::DeviceByStage, 0, 0});
        QTRY_VERIFY(!chart.isBusy());
        QCOMPARE(chart.data().lines.size(), core::DiskStageCount);
        QVERIFY(!chart.data().lines.front().total);
        chart.setView({});
        QTRY_VERIFY(!chart.isBusy());
        screenshot(chart, "chart-disk.png");
    }

    void latencyEqualsCliExport() {
        LatencyChart chart;
        load(chart);
        const LatencyData& d = chart.data();
        QVERIFY(d.samples.size() > 50);
        const Csv csv = parseCsv(exportCli("latency", 0));
        const int tsc = csv.col("tsc"), cycles = csv.col("cycles");
        QCOMPARE(csv.rows.size(), d.samples.size());
        for (size_t i = 0; i < d.samples.size(); ++i) {
            QCOMPARE(csv.rows[i][tsc].toULongLong(), d.samples[i].tsc);
            QCOMPARE(csv.rows[i][cycles].toULongLong(), d.samples[i].cycles);
        }
        // The bars add up to the samples; each bar holds its bucket's samples.
        uint64_t sum = 0;
        for (const auto& h : d.histogram) {
            QCOMPARE(static_cast<uint64_t>(d.inRange(h.from, h.to).size()), h.count);
            sum += h.count;
        }
        QCOMPARE(sum, static_cast<uint64_t>(d.samples.size()));
        QStackedBarSeries* bars = chart.histogramSeries();
        QVERIFY(bars);
        QCOMPARE(bars->count(), 2);
        for (size_t b = 0; b < d.histogram.size(); ++b)
            QCOMPARE(bars->barSets()[0]->at(static_cast<int>(b)) +
                         bars->barSets()[1]->at(static_cast<int>(b)),
                     static_cast<double>(d.histogram[b].count));
        compareExport(chart, "latency");
    }

    // Clicks the bar at its computed position (real Qt Charts hit-testing,
    // offscreen): the timeline then shows exactly those samples' spans.
    void histogramClickZoomsTimeline() {
        LatencyChart chart;
        chart.resize(1000, 420);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        chart.setIndex(index_);
        chart.setWindow(window_.t0, window_.t1);
        QTRY_VERIFY_WITH_TIMEOUT(!chart.isBusy(), 30000);
        QTest::qWait(50); // let the chart lay out its plot area

        TimelineView view;
        view.resize(1000, 400);
        view.setIndex(index_, true);
        connect(&chart, &LatencyChart::zoomRequested, &view, [&view](quint64 t0, quint64 t1) {
            view.setVisibleRange({t0, t1});
        });
        QSignalSpy zoom(&chart, &LatencyChart::zoomRequested);

        const LatencyData& d = chart.data();
        size_t bar = 0;
        for (size_t b = 0; b < d.histogram.size(); ++b)
            if (d.histogram[b].count > d.histogram[bar].count)
                bar = b;
        // The middle of the bar's lower part (wake when it has any, else preempt).
        QStackedBarSeries* bars = chart.histogramSeries();
        const double wake = bars->barSets()[0]->at(static_cast<int>(bar));
        const double y =
            wake > 0 ? wake / 2 : wake + bars->barSets()[1]->at(static_cast<int>(bar)) / 2;
        const QPointF scenePos = chart.chart()->mapToScene(
            chart.chart()->mapToPosition(QPointF(static_cast<double>(bar), y), bars));
        const QPoint at = chart.chartView()->mapFromScene(scenePos);
        QTest::mouseClick(chart.chartView()->viewport(), Qt::LeftButton, {}, at);
        QTRY_COMPARE(zoom.count(), 1);

        const auto selected = d.inRange(d.histogram[bar].from, d.histogram[bar].to);
        QCOMPARE(chart.selectedSamples().size(), selected.size());
        uint64_t t0 = UINT64_MAX, t1 = 0;
        for (size_t i : selected) {
            t0 = std::min(t0, d.samples[i].tsc - d.samples[i].cycles);
            t1 = std::max(t1, d.samples[i].tsc);
        }
        const core::TimeWindow shown = view.visibleRange();
        QVERIFY(shown.t0 <= t0 && shown.t1 >= t1); // every selected span is in view
        QVERIFY(shown.length() <= (t1 - t0) + (t1 - t0) / 5 + 4000); // and little else
        screenshot(chart, "chart-latency.png");

        // A scatter point: one sample, the timeline around it.
        chart.selectSample(0);
        QCOMPARE(zoom.count(), 2);
        QCOMPARE(chart.selectedSamples().size(), size_t{1});
    }

    void hypervisorEqualsCliExport() {
        HypervisorChart chart;
        load(chart);
        const auto& vcpus = chart.data().summary.vcpus;
        QVERIFY(!vcpus.empty());
        const Csv csv = parseCsv(exportCli("hypervisor", 0));
        const int dom = csv.col("domain"), vcpu = csv.col("vcpu"), vendor = csv.col("vendor"),
                  reason = csv.col("reason"), count = csv.col("count"), cycles = csv.col("cycles");
        size_t rows = 0;
        for (const auto& v : vcpus) {
            rows += 1 + v.byReason.size();
            for (const auto& r : csv.rows) {
                if (r[dom].toUInt() != v.domain || r[vcpu].toUInt() != v.vcpu)
                    continue;
                if (r[vendor] == QLatin1String("resume")) {
                    QCOMPARE(r[count].toULongLong(), v.resumes);
                    QCOMPARE(r[cycles].toULongLong(), v.resumeCycles);
                    continue;
                }
                const auto it =
                    std::find_if(v.byReason.begin(), v.byReason.end(),
                                 [&](const auto& e) { return e.reason == r[reason].toUInt(); });
                QVERIFY(it != v.byReason.end());
                QCOMPARE(r[count].toULongLong(), it->count);
                QCOMPARE(r[cycles].toULongLong(), it->cycles);
            }
        }
        QCOMPARE(rows, csv.rows.size());
        // Each vCPU's bar adds up to its hypervisor time.
        const double hz = index_->tscHz();
        double scale = 0; // unit of the axis in seconds, recovered from the largest bar
        auto* series = chart.series();
        QVERIFY(series);
        const int n = series->barSets().front()->count();
        QCOMPARE(static_cast<size_t>(n), vcpus.size());
        for (int c = 0; c < n; ++c) {
            double total = 0;
            for (QBarSet* s : series->barSets())
                total += s->at(c);
            const auto& v = vcpus[vcpus.size() - 1 - static_cast<size_t>(c)];
            const double seconds = static_cast<double>(v.exitCycles + v.resumeCycles) / hz;
            if (scale == 0 && total > 0)
                scale = seconds / total;
            if (scale > 0)
                QVERIFY(std::abs(total * scale - seconds) <= 1e-9 + seconds * 1e-9);
        }
        compareExport(chart, "hypervisor");
        screenshot(chart, "chart-hypervisor.png");
    }

    // The main window: docks with names (saveState), and a timeline
    // selection reaches every chart and the event table after the debounce.
    void mainWindowFollowsTimeline() {
        MainWindow w;
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.showIndex(index_, true);
        for (const char* name :
             {"utilizationDock", "latencyDock", "diskDock", "hypervisorDock", "eventTableDock"})
            QVERIFY2(w.findChild<QDockWidget*>(QLatin1String(name)), name);
        auto* view = w.findChild<TimelineView*>();
        auto* util = w.findChild<UtilizationChart*>(QStringLiteral("utilizationChart"));
        auto* lat = w.findChild<LatencyChart*>(QStringLiteral("latencyChart"));
        auto* table = w.findChild<EventTableView*>(QStringLiteral("eventTableView"));
        QVERIFY(view && util && lat && table);
        QTRY_VERIFY_WITH_TIMEOUT(!util->isBusy() && !lat->isBusy(), 30000);
        QCOMPARE(util->window(), view->visibleRange());

        view->setSelection(window_);
        QTRY_COMPARE(util->window(), window_);
        QCOMPARE(lat->window(), window_);
        QTRY_COMPARE(table->model()->window(), window_);
        QTRY_VERIFY_WITH_TIMEOUT(!util->isBusy() && !lat->isBusy(), 30000);

        // A histogram bar zooms the timeline (through MainWindow's connection).
        lat->selectBar(0);
        QVERIFY(view->visibleRange().length() < window_.length());
        view->clearSelection();
        QTRY_COMPARE(util->window(), view->visibleRange());
        QTRY_VERIFY_WITH_TIMEOUT(!util->isBusy() && !lat->isBusy() && !table->model()->isCounting(),
                                 30000);
        screenshot(w, "mainwindow-charts.png");
    }
};

QTEST_MAIN(TestCharts)
#include "tst_charts.moc"
