// Timeline: tracks of the real credit2 capture and of generated traces;
// keyboard and wheel zoom by the expected factors; zoom to selection shows
// exactly the selection; selection statistics equal `summary --from --to`;
// "next spike" lands on the generator's worst latency; a screenshot shows
// each domain's colour where it ran; exports; item models pass the tester.

#include "core/analyses/tracesummary.h"
#include "core/index/indexbuilder.h"
#include "core/synth/synthesizer.h"
#include "tests/widgets/timeline/fakeindex.h"
#include "tests/widgets/tracefixtures.h"
#include "widgets/mainwindow/mainwindow.h"
#include "widgets/selection/selectionstatsmodel.h"
#include "widgets/selection/selectionstatsview.h"
#include "widgets/spikes/spikelistmodel.h"
#include "widgets/spikes/spikelistview.h"
#include "widgets/timeline/textcache.h"
#include "widgets/timeline/timelinepanel.h"
#include "widgets/timeline/timelinerenderer.h"
#include "widgets/timeline/timelineview.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QHelpEvent>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QPicture>
#include <QProcess>
#include <QScreen>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolTip>
#include <QWheelEvent>

#include <cmath>

using namespace xenoscope;
using core::TrackRef;
using widgets::SelectionStatsModel;
using widgets::SelectionStatsView;
using widgets::SpikeListModel;
using widgets::SpikeListView;
using widgets::TimelinePanel;
using widgets::TimelineView;

namespace {

constexpr int WaitMs = 60000;

void saveScreenshot(QWidget& w, const QString& name) {
    const QString out = qEnvironmentVariable("XENOSCOPE_SCREENSHOT_DIR");
    if (!out.isEmpty())
        w.grab().save(QDir(out).filePath(QStringLiteral("xenoscope-%1.png").arg(name)));
}

TrackRef pcpu(uint16_t p) {
    return {TrackRef::Kind::Pcpu, p};
}
TrackRef vcpu(uint16_t d, uint16_t v) {
    return {TrackRef::Kind::Vcpu, core::vcpuKey(d, v)};
}

// The real index of a trace, built without touching any cache.
core::TraceIndexPtr indexOf(const std::string& path) {
    core::IndexOptions options;
    options.useCache = false;
    return core::IndexBuilder(options).build(path).index;
}

// Generates a scenario into `dir` and indexes it; the truth comes back too.
core::TraceIndexPtr generate(const QTemporaryDir& dir, const std::string& scenario,
                             uint64_t durationNs, core::Truth& truth, uint16_t pcpus = 8) {
    core::SynthOptions o;
    o.scenario = scenario;
    o.durationNs = durationNs;
    o.pcpus = pcpus;
    o.seed = 7;
    const std::string path =
        dir.filePath(QString::fromStdString(scenario + ".xentrace")).toStdString();
    core::TraceWriter writer(path, {});
    if (!writer.ok())
        return nullptr;
    truth = core::synthesize(o, writer);
    return indexOf(path);
}

void wheel(QWidget& w, QPoint pos, int delta, Qt::KeyboardModifiers mods) {
    QWheelEvent e(QPointF(pos), QPointF(w.mapToGlobal(pos)), QPoint(), QPoint(0, delta),
                  Qt::NoButton, mods, Qt::NoScrollPhase, false);
    QApplication::sendEvent(&w, &e);
}

// Relative comparison for lengths that went through a double.
bool near(double a, double b, double rel = 1e-6) {
    return std::abs(a - b) <= rel * std::max(std::abs(a), std::abs(b)) + 2;
}

} // namespace

class TestTimeline : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    core::TraceIndexPtr real_;

    core::TraceIndexPtr realIndex() {
        if (!real_ && QFileInfo::exists(test::realCapture()))
            real_ = indexOf(test::realCapture().toStdString());
        return real_;
    }

private slots:
    void realCaptureTracks() {
        auto index = realIndex();
        if (!index)
            QSKIP("shared/traces/credit2-8pcpu.xentrace is not available");
        TimelineView view;
        view.resize(1600, 900);
        view.setIndex(index, true);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        for (uint16_t p = 0; p < 8; ++p)
            QVERIFY2(!view.trackRect(pcpu(p)).isEmpty(),
                     qPrintable(QStringLiteral("pCPU %1").arg(p)));
        QVERIFY(view.trackRect(pcpu(8)).isEmpty());
        QVERIFY(!view.trackRect(vcpu(0, 0)).isEmpty());
        QVERIFY(!view.trackRect(vcpu(14, 0)).isEmpty());
        QVERIFY(!view.trackRect(vcpu(core::IdleDomain, 0)).isEmpty());
        QCOMPARE(view.visibleRange(), index->window());
        // pCPU tracks sit above the vCPU tracks, in order.
        QVERIFY(view.trackRect(pcpu(0)).bottom() < view.trackRect(pcpu(1)).top() + 1);
        QVERIFY(view.trackRect(pcpu(7)).bottom() < view.trackRect(vcpu(0, 0)).top());
        saveScreenshot(view, QStringLiteral("timeline-credit2"));

        // Collapsing dom0's group moves d14 up; the filter hides it entirely.
        const int d14y = view.trackRect(vcpu(14, 0)).top();
        view.setGroupCollapsed(0, true);
        QVERIFY(view.trackRect(vcpu(0, 0)).isEmpty());
        QVERIFY(view.trackRect(vcpu(14, 0)).top() < d14y);
        view.setGroupCollapsed(0, false);
        view.setDomainShown(14, false);
        QVERIFY(view.trackRect(vcpu(14, 2)).isEmpty());
        view.setDomainShown(14, true);
        QCOMPARE(view.trackRect(vcpu(14, 0)).top(), d14y);
    }

    void keyboardZoomAndPan() {
        auto index = realIndex();
        if (!index)
            QSKIP("shared/traces/credit2-8pcpu.xentrace is not available");
        TimelineView view;
        view.resize(1200, 700);
        view.setIndex(index, true);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const core::TimeWindow whole = view.visibleRange();
        const double len = static_cast<double>(whole.length());

        QTest::keyClick(&view, Qt::Key_W);
        QVERIFY(near(static_cast<double>(view.visibleRange().length()),
                     len / TimelineView::KeyZoomFactor));
        QTest::keyClick(&view, Qt::Key_Plus);
        QVERIFY(near(static_cast<double>(view.visibleRange().length()), len / 4));
        const core::TimeWindow quarter = view.visibleRange();
        QTest::keyClick(&view, Qt::Key_D); // pan right by a fifth
        QVERIFY(near(static_cast<double>(view.visibleRange().t0 - quarter.t0),
                     static_cast<double>(quarter.length()) * TimelineView::PanFraction, 1e-3));
        QCOMPARE(view.visibleRange().length(), quarter.length());
        QTest::keyClick(&view, Qt::Key_A);
        QVERIFY(near(static_cast<double>(view.visibleRange().t0), static_cast<double>(quarter.t0),
                     1e-9));
        QTest::keyClick(&view, Qt::Key_S);
        QVERIFY(near(static_cast<double>(view.visibleRange().length()), len / 2));
        QTest::keyClick(&view, Qt::Key_Minus);
        QCOMPARE(view.visibleRange().length(), whole.length()); // clamped to the trace

        // History: back through the zooms, forward again.
        QTest::keyClick(&view, Qt::Key_Left, Qt::AltModifier);
        QVERIFY(near(static_cast<double>(view.visibleRange().length()), len / 2));
        QTest::keyClick(&view, Qt::Key_Backspace);
        QVERIFY(near(static_cast<double>(view.visibleRange().length()), len / 4));
        QTest::keyClick(&view, Qt::Key_Right, Qt::AltModifier);
        QVERIFY(near(static_cast<double>(view.visibleRange().length()), len / 2));
        QTest::keyClick(&view, Qt::Key_0);
        QCOMPARE(view.visibleRange(), whole);
    }

    void wheelZoomKeepsTheCursorTime() {
        auto index = realIndex();
        if (!index)
            QSKIP("shared/traces/credit2-8pcpu.xentrace is not available");
        TimelineView view;
        view.resize(1200, 400); // shorter than the tracks: the wheel can scroll them
        view.setIndex(index, true);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const QRect area = view.trackArea();
        const QPoint at(area.left() + area.width() / 3, area.top() + 40);
        const uint64_t under = view.timeForX(at.x());
        const double len = static_cast<double>(view.visibleRange().length());

        wheel(view, at, 120, Qt::ControlModifier); // one notch in
        QVERIFY(near(static_cast<double>(view.visibleRange().length()),
                     len / TimelineView::WheelZoomPerNotch));
        QVERIFY(near(static_cast<double>(view.timeForX(at.x())), static_cast<double>(under), 1e-6));
        wheel(view, at, 240, Qt::ControlModifier); // two more
        QVERIFY(near(static_cast<double>(view.visibleRange().length()),
                     len / std::pow(TimelineView::WheelZoomPerNotch, 3)));
        // Over the ruler a plain wheel zooms too; over the tracks it scrolls them.
        const QPoint ruler(at.x(), widgets::TimelineRenderer::RulerHeight / 2);
        wheel(view, ruler, -120, Qt::NoModifier);
        QVERIFY(near(static_cast<double>(view.visibleRange().length()),
                     len / std::pow(TimelineView::WheelZoomPerNotch, 2)));
        const core::TimeWindow before = view.visibleRange();
        const int scroll = view.scrollOffset();
        wheel(view, at, -120, Qt::NoModifier);
        QCOMPARE(view.visibleRange(), before);
        QVERIFY(view.scrollOffset() > scroll);
    }

    void zoomToSelectionShowsExactlyIt() {
        auto index = realIndex();
        if (!index)
            QSKIP("shared/traces/credit2-8pcpu.xentrace is not available");
        TimelineView view;
        view.resize(1200, 700);
        view.setIndex(index, true);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy selected(&view, &TimelineView::rangeSelected);
        const QRect area = view.trackArea();
        const QPoint a(area.left() + 200, area.top() + 30);
        const QPoint b(area.left() + 520, area.top() + 60);
        QTest::mousePress(&view, Qt::LeftButton, {}, a);
        QTest::mouseMove(&view, QPoint(a.x() + 50, a.y()));
        QTest::mouseMove(&view, b);
        QTest::mouseRelease(&view, Qt::LeftButton, {}, b);
        QCOMPARE(selected.size(), 1);
        const auto sel = view.selection();
        QVERIFY(sel);
        QCOMPARE(sel->t0, view.timeForX(a.x()));
        QCOMPARE(sel->t1, view.timeForX(b.x()));
        QCOMPARE(selected.at(0).at(0).toULongLong(), sel->t0);

        QTest::keyClick(&view, Qt::Key_Z);
        QCOMPARE(view.visibleRange(), *sel);
        QCOMPARE(view.timeForX(area.left()), sel->t0);
        QCOMPARE(view.timeForX(area.left() + area.width()), sel->t1);

        // Markers at the selection edges show its length.
        QTest::keyClick(&view, Qt::Key_E);
        QCOMPARE(view.markerA(), std::optional<uint64_t>(sel->t0));
        QCOMPARE(view.markerB(), std::optional<uint64_t>(sel->t1));
        // A click (no drag) drops the selection.
        QSignalSpy cleared(&view, &TimelineView::selectionCleared);
        QTest::mouseClick(&view, Qt::LeftButton, {}, QPoint(area.left() + 100, area.top() + 30));
        QCOMPARE(cleared.size(), 1);
        QVERIFY(!view.selection());
    }

    void paintingFollowsVisibleTracks() {
        auto index = realIndex();
        if (!index)
            QSKIP("shared/traces/credit2-8pcpu.xentrace is not available");
        TimelineView view;
        view.resize(1200, 400);
        view.setIndex(index, true);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.grab();
        const uint64_t first = view.drawListRequests();
        const size_t tracks = index->pcpus().size() + index->vcpus().size();
        QVERIFY2(first > 0 && first < tracks, "only the visible tracks are asked for");
        // Hover and selection repaint from the cache; a new range asks again.
        view.setSelection({index->window().t0, index->window().t0 + 1000});
        view.grab();
        QCOMPARE(view.drawListRequests(), first);
        view.zoomIn();
        view.grab();
        QCOMPARE(view.drawListRequests(), 2 * first);
    }

    void findAndFilter() {
        auto index = realIndex();
        if (!index)
            QSKIP("shared/traces/credit2-8pcpu.xentrace is not available");
        TimelinePanel panel;
        panel.resize(1200, 700);
        panel.setIndex(index, true);
        QCOMPARE(panel.findTrack(QStringLiteral("d14v2")), std::optional(vcpu(14, 2)));
        QCOMPARE(panel.findTrack(QStringLiteral("14.3")), std::optional(vcpu(14, 3)));
        QCOMPARE(panel.findTrack(QStringLiteral("pCPU 5")), std::optional(pcpu(5)));
        QCOMPARE(panel.findTrack(QStringLiteral("p7")), std::optional(pcpu(7)));
        QCOMPARE(panel.findTrack(QStringLiteral("dom0")), std::optional(vcpu(0, 0)));
        QCOMPARE(panel.findTrack(QStringLiteral("idle v3")),
                 std::optional(vcpu(core::IdleDomain, 3)));
        QVERIFY(!panel.findTrack(QStringLiteral("d99v0")));
        QVERIFY(!panel.findTrack(QStringLiteral("nonsense")));
        // Finding a filtered-out track shows its domain again and highlights it.
        panel.view()->setDomainShown(14, false);
        QVERIFY(panel.find(QStringLiteral("d14v1")));
        QVERIFY(!panel.view()->trackRect(vcpu(14, 1)).isEmpty());
        QCOMPARE(panel.view()->highlightedTrack(), std::optional(vcpu(14, 1)));
    }

    void selectionStatsEqualSummary() {
        auto index = realIndex();
        if (!index)
            QSKIP("shared/traces/credit2-8pcpu.xentrace is not available");
        SelectionStatsView view;
        QAbstractItemModelTester tester(view.model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy ready(&view, &SelectionStatsView::statsReady);
        view.setIndex(index);
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, WaitMs);
        const core::TimeWindow w{index->window().t0 + index->window().length() / 5,
                                 index->window().t0 + index->window().length() / 2};
        // Two requests in a row: only the newer one may show.
        view.setWindow(index->window().t0, index->window().t0 + 1000);
        view.setWindow(w.t0, w.t1);
        QTRY_VERIFY_WITH_TIMEOUT(ready.size() >= 2 && !view.isBusy(), WaitMs);
        QCOMPARE(ready.last().at(0).toULongLong(), w.t0);
        QCOMPARE(ready.last().at(1).toULongLong(), w.t1);

        core::SummaryOptions options;
        options.window = w;
        const core::TraceSummary expected = core::summarizeTrace(index->results(), options);
        const SelectionStatsModel& m = *view.model();
        int vcpuRows = 0;
        for (int row = 0; row < m.rowCount(); ++row) {
            const auto& r = m.stats().rows[static_cast<size_t>(row)];
            auto raw = [&](int col) {
                return m.data(m.index(row, col), SelectionStatsModel::RawRole).toULongLong();
            };
            if (r.isDomain) {
                const auto it = std::find_if(expected.utilization.domains.begin(),
                                             expected.utilization.domains.end(),
                                             [&](const auto& d) { return d.domain == r.domain; });
                QVERIFY(it != expected.utilization.domains.end());
                QCOMPARE(raw(SelectionStatsModel::Running), it->running);
                QCOMPARE(raw(SelectionStatsModel::Runnable), it->runnable);
                continue;
            }
            ++vcpuRows;
            const auto* v = expected.runstates.find(r.domain, r.vcpu);
            QVERIFY(v);
            QCOMPARE(raw(SelectionStatsModel::Running), v->in(core::VcpuState::Running));
            QCOMPARE(raw(SelectionStatsModel::Runnable), v->in(core::VcpuState::Runnable));
            QCOMPARE(raw(SelectionStatsModel::Blocked), v->in(core::VcpuState::Blocked));
            if (const auto* h = expected.hypervisor.find(r.domain, r.vcpu)) {
                QCOMPARE(raw(SelectionStatsModel::Hypervisor), h->hypervisor);
                QCOMPARE(raw(SelectionStatsModel::Exits), h->exits);
            }
        }
        QVERIFY(vcpuRows > 0);
        QCOMPARE(m.stats().summary.latency.all.count, expected.latency.all.count);
        uint64_t latencies = 0;
        for (const auto& r : m.stats().rows)
            if (!r.isDomain)
                latencies += r.latency.count;
        QCOMPARE(latencies, expected.latency.all.count);

        // The same window through the command line: `summary --from --to --json`.
        const QString cli = QStringLiteral(XENOSCOPE_CLI);
        if (!QFileInfo(cli).isExecutable())
            QSKIP("xenoscope-cli is not built");
        QProcess p;
        p.start(cli, {QStringLiteral("summary"), test::realCapture(), QStringLiteral("--from"),
                      QStringLiteral("tsc:%1").arg(w.t0), QStringLiteral("--to"),
                      QStringLiteral("tsc:%1").arg(w.t1), QStringLiteral("--json")});
        QVERIFY(p.waitForFinished(WaitMs));
        const QJsonObject json = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        QCOMPARE(json[QStringLiteral("window")][QStringLiteral("t0")].toInteger(),
                 static_cast<qint64>(w.t0));
        int matched = 0;
        for (const QJsonValue& v : json[QStringLiteral("vcpus")].toArray()) {
            const QJsonObject o = v.toObject();
            const auto d = static_cast<uint16_t>(o[QStringLiteral("domain")].toInt());
            const auto vc = static_cast<uint16_t>(o[QStringLiteral("vcpu")].toInt());
            for (const auto& r : m.stats().rows)
                if (!r.isDomain && r.domain == d && r.vcpu == vc) {
                    QCOMPARE(static_cast<qint64>(r.cycles[0]),
                             o[QStringLiteral("running")].toInteger());
                    QCOMPARE(static_cast<qint64>(r.cycles[1]),
                             o[QStringLiteral("runnable")].toInteger());
                    QCOMPARE(static_cast<qint64>(r.cycles[2]),
                             o[QStringLiteral("blocked")].toInteger());
                    ++matched;
                }
        }
        QCOMPARE(matched, vcpuRows);
        QCOMPARE(static_cast<qint64>(m.stats().summary.latency.all.count),
                 json[QStringLiteral("latency")][QStringLiteral("count")].toInteger());

        // CSV: a header and one line per row.
        const QString csv = dir_.filePath(QStringLiteral("selection.csv"));
        QVERIFY(view.exportCsv(csv));
        const QList<QByteArray> lines = test::readBytes(csv).trimmed().split('\n');
        QCOMPARE(lines.size(), m.rowCount() + 1);
        QVERIFY(lines.front().startsWith("window_t0,window_t1,entity,domain,vcpu,running_cycles"));
    }

    void nextSpikeLandsOnTheWorstLatency() {
        core::Truth truth;
        auto index = generate(dir_, "latency-spike", 400'000'000, truth);
        QVERIFY(index);
        QVERIFY(truth.latency.count > 0);
        widgets::MainWindow window;
        auto* spikes = window.findChild<SpikeListView*>(QStringLiteral("spikes"));
        auto* panel = window.findChild<TimelinePanel*>(QStringLiteral("timeline"));
        QVERIFY(spikes && panel);
        QAbstractItemModelTester tester(spikes->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy ready(spikes, &SpikeListView::spikesReady);
        window.resize(1500, 900);
        window.show();
        window.showIndex(index, true);
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, WaitMs);
        // The scenario does disk I/O too: its requests rank with the rest.
        spikes->setFilter(SpikeListModel::Filter::Scheduling);
        QVERIFY(spikes->model()->rowCount() > 1);

        spikes->nextAction()->trigger();
        const core::Truth::LatencySample& worst = truth.latency.worst;
        const widgets::Spike& first = spikes->model()->spike(0);
        QCOMPARE(first.to, worst.tsc);
        QCOMPARE(first.cycles, worst.cycles);
        QCOMPARE(first.domain, worst.domain);
        QCOMPARE(first.vcpu, core::vcpuKey(worst.domain, worst.vcpu));
        QCOMPARE(spikes->currentRow(), 0);
        // The timeline shows the latency with context: 3x its length, centred.
        TimelineView* view = panel->view();
        const core::TimeWindow range = view->visibleRange();
        QVERIFY(near(static_cast<double>(range.length()), 3.0 * static_cast<double>(worst.cycles)));
        const double mid = static_cast<double>(worst.tsc) - static_cast<double>(worst.cycles) / 2;
        QVERIFY(near(static_cast<double>(range.t0) + static_cast<double>(range.length()) / 2, mid,
                     1e-9));
        QCOMPARE(view->highlightedTrack(), std::optional(vcpu(worst.domain, worst.vcpu)));
        const QRect track = view->trackRect(vcpu(worst.domain, worst.vcpu));
        QVERIFY(view->trackArea().contains(track.center()));
        // The vCPU is runnable through the spike and running right after it.
        const QImage shot = view->grab().toImage();
        const int y = track.top() + track.height() / 2 - 1;
        const QColor runnable = widgets::TimelinePalette::stateColor(core::VcpuState::Runnable);
        const double spikeMid = view->xForTime(worst.tsc - worst.cycles / 2);
        QCOMPARE(shot.pixelColor(static_cast<int>(spikeMid), y), runnable);
        saveScreenshot(window, QStringLiteral("spike"));

        // Next goes to the second worst; previous comes back.
        spikes->nextAction()->trigger();
        QCOMPARE(spikes->currentRow(), 1);
        QVERIFY(spikes->model()->spike(1).cycles <= worst.cycles);
        spikes->previousAction()->trigger();
        QCOMPARE(spikes->currentRow(), 0);
    }

    void screenshotShowsDomainColours() {
        core::Truth truth;
        auto index = generate(dir_, "mixed", 200'000'000, truth, 4);
        QVERIFY(index);
        TimelineView view;
        view.resize(1600, 900);
        view.setIndex(index, true);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        saveScreenshot(view, QStringLiteral("timeline-mixed"));
        // Where the generator says a vCPU started running on a pCPU, zoomed in
        // so that moment spans many pixels, the pCPU track has its domain's colour.
        int checked = 0;
        for (const auto& s : truth.latency.samples) {
            if (checked == 12)
                break;
            if (s.tsc < truth.t0 + 1'000'000 || (&s - truth.latency.samples.data()) % 97 != 0)
                continue;
            // 2000 cycles (< 1 µs) from the switch on: far shorter than any burst.
            view.setVisibleRange({s.tsc - 1000, s.tsc + 3000}, false);
            const QRect r = view.trackRect(pcpu(s.pcpu));
            QVERIFY(!r.isEmpty());
            view.revealTrack(pcpu(s.pcpu));
            const QImage shot = view.grab().toImage();
            const QRect r2 = view.trackRect(pcpu(s.pcpu));
            const int x = static_cast<int>(view.xForTime(s.tsc + 1500));
            const QColor expected = view.palette().domainColor(s.domain);
            // Sample the top quarter: labels sit in the middle.
            QCOMPARE(shot.pixelColor(x, r2.top() + 4), expected);
            ++checked;
        }
        QVERIFY(checked >= 5);
    }

    void handMadeIntervalsPaintWhereTheyAre() {
        // One pCPU: d1v0 over [1000, 5000), idle, unknown; one vCPU: running then runnable.
        auto f = std::make_shared<test::FakeIndex>();
        f->window_ = {0, 10000};
        f->hz_ = 1e9;
        f->pcpus_ = {0};
        f->vcpus_ = {core::vcpuKey(1, 0), core::vcpuKey(core::IdleDomain, 0)};
        f->add(pcpu(0), 0, 1000, core::NoVcpu);
        f->add(pcpu(0), 1000, 5000, core::vcpuKey(1, 0));
        f->add(pcpu(0), 5000, 10000, core::vcpuKey(core::IdleDomain, 0));
        f->add(vcpu(1, 0), 0, 1000, static_cast<uint32_t>(core::VcpuState::Runnable));
        f->add(vcpu(1, 0), 1000, 5000, static_cast<uint32_t>(core::VcpuState::Running), 0);
        f->add(vcpu(1, 0), 5000, 10000, static_cast<uint32_t>(core::VcpuState::Blocked));
        f->addOverlay(vcpu(1, 0), 2000, 2500, 12);
        TimelineView view;
        view.resize(1000, 400);
        view.setIndex(f, true);
        const QImage shot = view.grab().toImage();
        const QRect p0 = view.trackRect(pcpu(0));
        const QRect v0 = view.trackRect(vcpu(1, 0));
        auto px = [&](uint64_t t, const QRect& r, int dy) {
            return shot.pixelColor(static_cast<int>(view.xForTime(t)), r.top() + dy);
        };
        QCOMPARE(px(3000, p0, 4), view.palette().domainColor(1));
        QCOMPARE(px(7000, p0, 4), widgets::TimelinePalette::idleColor());
        QCOMPARE(px(800, v0, 4), widgets::TimelinePalette::stateColor(core::VcpuState::Runnable));
        QCOMPARE(px(4000, v0, 4), widgets::TimelinePalette::stateColor(core::VcpuState::Running));
        // Hypervisor time shows in the strip under the running span.
        QCOMPARE(px(2200, v0, v0.height() - 3), widgets::TimelinePalette::hypervisorColor());
        QCOMPARE(px(4000, v0, v0.height() - 3) == widgets::TimelinePalette::hypervisorColor(),
                 false);
    }

    // Hovering a hypervisor span names its exit reason in its vendor's
    // numbering: 48 is EPT_VIOLATION on VMX (Intel SDM, appendix C), 0x400
    // is NPF on SVM (AMD APM vol. 2, appendix C).
    void tooltipsNameExitReasonsByVendor() {
        auto f = std::make_shared<test::FakeIndex>();
        f->window_ = {0, 10000};
        f->hz_ = 1e9;
        f->pcpus_ = {0, 1};
        f->vcpus_ = {core::vcpuKey(1, 0), core::vcpuKey(2, 0)};
        f->add(pcpu(0), 0, 10000, core::vcpuKey(1, 0));
        f->add(pcpu(1), 0, 10000, core::vcpuKey(2, 0));
        for (const uint16_t d : {uint16_t{1}, uint16_t{2}}) {
            f->add(vcpu(d, 0), 0, 10000, static_cast<uint32_t>(core::VcpuState::Running),
                   static_cast<uint16_t>(d - 1));
            f->addOverlay(vcpu(d, 0), 2000, 6000, d == 1 ? 48 : 0x400);
            core::VcpuHvmSpans spans;
            spans.domain = d;
            spans.hvm = true;
            const uint16_t cause =
                spans.slotOf({d == 1 ? core::HvmSpanKind::VmxExit : core::HvmSpanKind::SvmExit,
                              d == 1 ? 48u : 0x400u});
            spans.add(2000, 6000, static_cast<uint16_t>(d - 1), cause);
            f->results_.hvm.vcpus.push_back(spans);
        }
        TimelineView view;
        view.resize(1000, 400);
        view.setIndex(f, true);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        auto tipAt = [&](core::TrackRef track) {
            const QRect r = view.trackRect(track);
            const QPoint pos(static_cast<int>(view.xForTime(4000)), r.bottom() - 2);
            QHelpEvent help(QEvent::ToolTip, pos, view.mapToGlobal(pos));
            QApplication::sendEvent(&view, &help);
            return QToolTip::text();
        };
        const QString vmx = tipAt(vcpu(1, 0));
        QVERIFY2(vmx.contains(QStringLiteral("exit reason 48 (EPT_VIOLATION)")), qPrintable(vmx));
        const QString svm = tipAt(vcpu(2, 0));
        QVERIFY2(svm.contains(QStringLiteral("exit reason 1024 (NPF)")), qPrintable(svm));
        QVERIFY2(svm.contains(QStringLiteral("running on pCPU 1")), qPrintable(svm));
    }

    // The raster path composes rows in pixels (runs, bands, the hypervisor
    // strip, hatching, migration notches); the vector path (SVG, here a
    // QPicture played back) draws rectangles and brushes. Where no text is,
    // both must give the same pixels.
    void rasterTracksMatchVectorTracks() {
        auto f = std::make_shared<test::FakeIndex>();
        f->window_ = {0, 10000};
        f->hz_ = 1e9;
        f->pcpus_ = {0, 1};
        f->vcpus_ = {core::vcpuKey(1, 0), core::vcpuKey(1, 1), core::vcpuKey(core::IdleDomain, 0)};
        // Narrow spans only (no labels), unknown time (hatched), a folded run.
        f->add(pcpu(0), 0, 1500, core::NoVcpu);
        for (uint64_t t = 1500; t < 3500; t += 200)
            f->add(pcpu(0), t, t + 200, (t / 200) % 2 ? core::vcpuKey(1, 0) : core::vcpuKey(2, 0));
        for (uint64_t t = 3500; t < 4500; t += 2)
            f->add(pcpu(0), t, t + 2, (t / 2) % 3 ? core::vcpuKey(1, 1) : core::vcpuKey(2, 1));
        f->add(pcpu(0), 4500, 10000, core::vcpuKey(core::IdleDomain, 0));
        f->add(pcpu(1), 0, 10000, core::vcpuKey(core::IdleDomain, 1));
        f->addOverlay(pcpu(1), 6000, 6400, 50); // lost records
        const auto state = [](core::VcpuState s) { return static_cast<uint32_t>(s); };
        f->add(vcpu(1, 0), 0, 1000, state(core::VcpuState::Unknown));
        f->add(vcpu(1, 0), 1000, 2000, state(core::VcpuState::Blocked));
        // Running on alternating pCPUs: a migration notch at each switch.
        for (uint64_t t = 2000; t < 6000; t += 400) {
            f->add(vcpu(1, 0), t, t + 200, state(core::VcpuState::Running),
                   static_cast<uint16_t>((t / 400) % 2));
            f->add(vcpu(1, 0), t + 200, t + 400, state(core::VcpuState::Runnable));
        }
        f->add(vcpu(1, 0), 6000, 10000, state(core::VcpuState::Offline));
        f->addOverlay(vcpu(1, 0), 2050, 2150, 12);
        f->add(vcpu(1, 1), 0, 10000, state(core::VcpuState::Blocked));
        f->add(core::TrackRef{TrackRef::Kind::Vcpu, core::vcpuKey(core::IdleDomain, 0)}, 0, 5000,
               state(core::VcpuState::Running), 0);
        f->add(core::TrackRef{TrackRef::Kind::Vcpu, core::vcpuKey(core::IdleDomain, 0)}, 5000,
               10000, state(core::VcpuState::Runnable));
        TimelineView view;
        view.resize(1000, 400);
        view.setIndex(f, true);

        QImage raster(view.size(), QImage::Format_ARGB32_Premultiplied);
        raster.fill(Qt::black);
        {
            QPainter p(&raster);
            view.render(p, view.size(), true);
        }
        QPicture picture;
        {
            QPainter p(&picture);
            view.render(p, view.size(), true);
        }
        QImage vector(view.size(), QImage::Format_ARGB32_Premultiplied);
        vector.fill(Qt::black);
        {
            QPainter p(&vector);
            p.drawPicture(0, 0, picture);
        }
        int compared = 0, hatch = 0, notch = 0;
        const QRgb notchColour = qRgb(0x30, 0x30, 0x30);
        const QRgb hatchColour = widgets::TimelinePalette::unknownBrush().color().rgb();
        for (const TrackRef t : {pcpu(0), pcpu(1), vcpu(1, 0), vcpu(1, 1)}) {
            const QRect r = view.trackRect(t);
            QVERIFY(!r.isEmpty());
            for (int y = r.top(); y <= r.bottom(); ++y)
                for (int x = r.left(); x <= r.right(); ++x) {
                    const QRgb a = raster.pixel(x, y);
                    if (a != vector.pixel(x, y))
                        QFAIL(qPrintable(QStringLiteral("(%1,%2): raster %3, vector %4")
                                             .arg(x)
                                             .arg(y)
                                             .arg(a, 8, 16)
                                             .arg(vector.pixel(x, y), 8, 16)));
                    ++compared;
                    hatch += a == (hatchColour | 0xff000000u);
                    notch += a == (notchColour | 0xff000000u);
                }
        }
        QVERIFY(compared > 4 * 800 * 18);
        // The checks saw what they are about: hatching and notches were drawn.
        QVERIFY(hatch > 20);
        QVERIFY(notch > 20);
        // Nothing of the frame is left unpainted (no frame-sized fill any more).
        for (int y = 0; y < raster.height(); y += 3)
            for (int x = 0; x < raster.width(); x += 3)
                if (raster.pixel(x, y) == qRgb(0, 0, 0))
                    QFAIL(qPrintable(QStringLiteral("unpainted pixel at (%1,%2)").arg(x).arg(y)));
    }

    // Rows written straight into the frame's pixels (an image, or a widget's
    // backing store with the view at an offset in its window) give the
    // pixels that blitting each row from an image of its own gives.
    void inPlaceRowsMatchBlittedRows() {
        auto f = realIndex();
        if (!f)
            QSKIP("shared/traces/credit2-8pcpu.xentrace is not available");
        TimelineView view;
        view.resize(900, 420);
        view.setIndex(f, true);
        view.setVisibleRange({f->window().t0, f->window().t0 + f->window().length() / 3});
        // Into an image, through a shifted painter.
        auto frame = [&](bool inPlace, int& rows) {
            view.setInPlaceRows(inPlace);
            QImage image(view.width() + 40, view.height() + 30, QImage::Format_RGB32);
            image.fill(Qt::black);
            QPainter p(&image);
            p.translate(23, 11);
            view.render(p, view.size(), true);
            rows = view.rowsInPlace();
            return image;
        };
        int inPlaceRows = 0, blittedRows = 0;
        const QImage inPlace = frame(true, inPlaceRows);
        const QImage blitted = frame(false, blittedRows);
        QCOMPARE(blittedRows, 0);
        QVERIFY(inPlaceRows > 10); // all but the rows cut by the area's edges
        QCOMPARE(inPlace, blitted);
        QCOMPARE(inPlace.pixel(5, 5), qRgb(0, 0, 0)); // nothing outside the shifted frame

        // A widget at an offset in its window, painted by Qt into the backing store.
        QWidget window;
        window.resize(view.width() + 60, view.height() + 50);
        auto* child = new TimelineView(&window);
        child->resize(view.size());
        child->move(37, 19);
        child->setIndex(f, true);
        child->setVisibleRange(view.visibleRange());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const qreal dpr = window.devicePixelRatio(); // of the screen's pixels
        auto shown = [&](bool inPlaceOn, int& rows) {
            child->setInPlaceRows(inPlaceOn);
            child->repaint();
            rows = child->rowsInPlace();
            return window.screen()
                ->grabWindow(window.winId())
                .toImage()
                .copy(QRect(child->pos() * dpr, child->size() * dpr))
                .convertToFormat(QImage::Format_RGB32);
        };
        const QImage onScreen = shown(true, inPlaceRows);
        const QImage onScreenBlitted = shown(false, blittedRows);
        QCOMPARE(blittedRows, 0);
        QCOMPARE(onScreen, onScreenBlitted);
        if (dpr != 1.0) { // high-DPI: a scaled device keeps the blit
            QCOMPARE(inPlaceRows, 0);
            return;
        }
        QVERIFY(inPlaceRows > 10);
        QCOMPARE(onScreen.size(), view.size());
        // And what the window shows is the frame rendered on its own
        // (left of the scroll bar: the window has a real one).
        const QRect drawn(0, 0, view.trackArea().right() + 1, view.height());
        QCOMPARE(onScreen.copy(drawn), blitted.copy(drawn.translated(23, 11)));
    }

    // Labels are laid out once per text and font, and their widths are the font's.
    void textCacheKeepsLabelsPerFont() {
        widgets::TextCache cache;
        QFont font;
        font.setPointSize(9);
        cache.setFont(font);
        int made = 0;
        auto make = [&] {
            ++made;
            return QStringLiteral("d12v3");
        };
        const widgets::TextCache::Label a = cache.get(7, make);
        QCOMPARE(a.width, QFontMetrics(font).horizontalAdvance(QStringLiteral("d12v3")));
        QCOMPARE(a.text.text(), QStringLiteral("d12v3"));
        cache.get(7, make);
        QCOMPARE(made, 1);
        QCOMPARE(cache.get(QStringLiteral("idle")).width,
                 QFontMetrics(font).horizontalAdvance(QStringLiteral("idle")));
        QCOMPARE(cache.size(), size_t{2});
        cache.setFont(font); // the same font keeps them
        QCOMPARE(cache.size(), size_t{2});
        QFont bigger = font;
        bigger.setPointSize(18);
        cache.setFont(bigger);
        QCOMPARE(cache.size(), size_t{0});
        const int wide = cache.get(7, make).width;
        QCOMPARE(made, 2);
        QCOMPARE(wide, QFontMetrics(bigger).horizontalAdvance(QStringLiteral("d12v3")));
        QVERIFY(wide > a.width);
    }

    void exportsImages() {
        auto f = realIndex();
        if (!f)
            QSKIP("shared/traces/credit2-8pcpu.xentrace is not available");
        TimelinePanel panel;
        panel.resize(1280, 720);
        panel.setIndex(f, true);
        const QString png = dir_.filePath(QStringLiteral("timeline.png"));
        const QString svg = dir_.filePath(QStringLiteral("timeline.svg"));
        QVERIFY(panel.exportImage(png));
        QVERIFY(panel.exportImage(svg));
        const QImage image(png);
        QCOMPARE(image.size(), panel.view()->size());
        const QByteArray svgBytes = test::readBytes(svg);
        QVERIFY(svgBytes.contains("<svg"));
        QVERIFY(svgBytes.contains("pCPU 3"));
    }
};

QTEST_MAIN(TestTimeline)
#include "tst_timeline.moc"
