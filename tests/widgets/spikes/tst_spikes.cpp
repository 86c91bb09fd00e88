// The spike list with disk requests: on a generated disk-heavy trace the
// worst disk latency listed is the generator's worst end-to-end latency and
// `summary --json`'s; the filter shows scheduling, disk or both, longest
// first; choosing a disk spike — with "next", "previous" or a click — zooms
// the timeline to a window around the request and shows a vCPU of its domain
// that was running when the request was queued.

#include "core/synth/synthesizer.h"
#include "tests/widgets/charts/chartfixture.h"
#include "widgets/mainwindow/mainwindow.h"
#include "widgets/spikes/spikelistmodel.h"
#include "widgets/spikes/spikelistview.h"
#include "widgets/timeline/timelinepanel.h"
#include "widgets/timeline/timelineview.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QDir>
#include <QDockWidget>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace xenoscope;
using widgets::Spike;
using widgets::SpikeListModel;
using widgets::SpikeListView;
using widgets::TimelinePanel;
using widgets::TimelineView;
using Filter = SpikeListModel::Filter;

namespace {

constexpr int WaitMs = 120000;

bool nonIncreasing(const SpikeListModel& m) {
    for (int row = 1; row < m.rowCount(); ++row)
        if (m.spike(row - 1).cycles < m.spike(row).cycles)
            return false;
    return true;
}

} // namespace

class TestSpikes : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString path_;
    core::Truth truth_;
    core::TraceIndexPtr index_;

    // The timeline shows the spike's span whole, with context on both sides,
    // and a vCPU of its domain that was running when the request was queued.
    static void checkZoomedTo(const TimelineView& view, const core::TraceIndex& index,
                              const Spike& s) {
        const core::TimeWindow range = view.visibleRange();
        QVERIFY(range.t0 < s.from && s.to < range.t1);
        const double ratio =
            static_cast<double>(range.length()) / static_cast<double>(s.to - s.from);
        QVERIFY2(std::abs(ratio - 3.0) < 1e-3, qPrintable(QString::number(ratio)));
        QVERIFY(s.vcpu != core::NoVcpu);
        QCOMPARE(core::keyDomain(s.vcpu), s.domain);
        const auto held = index.at({core::TrackRef::Kind::Vcpu, s.vcpu}, s.from);
        QVERIFY(held);
        QCOMPARE(held->value, static_cast<uint32_t>(core::VcpuState::Running));
        QCOMPARE(view.highlightedTrack(),
                 std::optional(core::TrackRef{core::TrackRef::Kind::Vcpu, s.vcpu}));
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        path_ = dir_.filePath(QStringLiteral("disk.xentrace"));
        core::SynthOptions o;
        o.scenario = "disk-heavy";
        o.durationNs = 250'000'000;
        o.lostGaps = 2;
        o.seed = 5;
        core::TraceWriter writer(path_.toStdString(), {});
        QVERIFY(writer.ok());
        truth_ = core::synthesize(o, writer);
        QVERIFY(truth_.disk.endToEnd.completed > 0);
        QVERIFY(truth_.latency.count > 0);
        index_ = test::indexOf(path_.toStdString());
        QVERIFY(index_);
    }

    void worstDiskLatencyIsTheTruths() {
        SpikeListView view;
        QAbstractItemModelTester tester(view.model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy ready(&view, &SpikeListView::spikesReady);
        view.setIndex(index_);
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, WaitMs);
        const SpikeListModel& m = *view.model();

        // Both kinds, longest first: the first is the longer of the two worst.
        QCOMPARE(m.filter(), Filter::All);
        QVERIFY(nonIncreasing(m));
        QCOMPARE(m.spike(0).cycles, std::max(truth_.disk.endToEnd.max, truth_.latency.max));
        const auto expectedDisk = static_cast<int>(
            std::min<uint64_t>(truth_.disk.endToEnd.completed, SpikeListView::WorstCount));
        const auto expectedScheduling =
            static_cast<int>(std::min<uint64_t>(truth_.latency.count, SpikeListView::WorstCount));
        QCOMPARE(m.rowCount(), expectedDisk + expectedScheduling);

        view.setFilter(Filter::Disk);
        QCOMPARE(m.rowCount(), expectedDisk);
        QVERIFY(nonIncreasing(m));
        for (int row = 0; row < m.rowCount(); ++row)
            QVERIFY(m.spike(row).isDisk());
        const Spike& worst = m.spike(0);
        QCOMPARE(worst.cycles, truth_.disk.endToEnd.max);
        QCOMPARE(worst.stage, static_cast<uint8_t>(core::DiskStageCount));
        QCOMPARE(worst.to - worst.from, worst.cycles);
        QCOMPARE(m.data(m.index(0, SpikeListModel::Kind)).toString(),
                 QStringLiteral("disk end-to-end"));
        QCOMPARE(m.data(m.index(0, SpikeListModel::Latency), SpikeListModel::RawRole).toULongLong(),
                 truth_.disk.endToEnd.max);
        QCOMPARE(m.data(m.index(0, SpikeListModel::Device), SpikeListModel::RawRole).toUInt(),
                 worst.device);
        QCOMPARE(m.data(m.index(0, SpikeListModel::Request), SpikeListModel::RawRole).toUInt(),
                 worst.request);
        // The stages of the request add up to its end-to-end latency.
        uint64_t stages = 0;
        for (uint64_t c : worst.stages)
            stages += c;
        QCOMPARE(stages, worst.cycles);

        // The command line's worst end-to-end latency for the same file.
        bool ok = false;
        const QJsonObject json =
            QJsonDocument::fromJson(
                test::runCli({QStringLiteral("summary"), path_, QStringLiteral("--json")}, &ok))
                .object();
        QVERIFY(ok);
        const QJsonObject e2e =
            json[QStringLiteral("disk")][QStringLiteral("end_to_end")].toObject();
        QCOMPARE(e2e[QStringLiteral("max")].toInteger(), static_cast<qint64>(worst.cycles));
        QCOMPARE(e2e[QStringLiteral("count")].toInteger(),
                 static_cast<qint64>(truth_.disk.endToEnd.completed));

        view.setFilter(Filter::Scheduling);
        QCOMPARE(m.rowCount(), expectedScheduling);
        QVERIFY(nonIncreasing(m));
        QCOMPARE(m.spike(0).cycles, truth_.latency.max);
        QVERIFY(!m.spike(0).isDisk());
    }

    void choosingADiskSpikeZoomsTheTimeline() {
        widgets::MainWindow window;
        auto* spikes = window.findChild<SpikeListView*>(QStringLiteral("spikes"));
        auto* panel = window.findChild<TimelinePanel*>(QStringLiteral("timeline"));
        QVERIFY(spikes && panel);
        QSignalSpy ready(spikes, &SpikeListView::spikesReady);
        window.resize(1500, 900);
        window.show();
        window.showIndex(index_, true);
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, WaitMs);
        spikes->setFilter(Filter::Disk);
        const SpikeListModel& m = *spikes->model();
        QVERIFY(m.rowCount() > 3);
        TimelineView* view = panel->view();

        spikes->nextAction()->trigger();
        QCOMPARE(spikes->currentRow(), 0);
        QCOMPARE(m.spike(0).cycles, truth_.disk.endToEnd.max);
        checkZoomedTo(*view, *index_, m.spike(0));

        spikes->nextAction()->trigger();
        QCOMPARE(spikes->currentRow(), 1);
        checkZoomedTo(*view, *index_, m.spike(1));
        spikes->previousAction()->trigger();
        QCOMPARE(spikes->currentRow(), 0);
        checkZoomedTo(*view, *index_, m.spike(0));

        // A click on a row does the same.
        QTableView* table = spikes->table();
        spikesDockShown(window);
        const QRect cell = table->visualRect(m.index(2, SpikeListModel::Latency));
        QVERIFY(cell.isValid());
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
        QCOMPARE(spikes->currentRow(), 2);
        checkZoomedTo(*view, *index_, m.spike(2));
        const QString shots = qEnvironmentVariable("XENOSCOPE_SCREENSHOT_DIR");
        if (!shots.isEmpty())
            window.grab().save(QDir(shots).filePath(QStringLiteral("xenoscope-disk-spike.png")));
    }

private:
    static void spikesDockShown(widgets::MainWindow& window) {
        // The dock is tabbed behind the properties: bring it up to click in it.
        auto* spikes = window.findChild<SpikeListView*>(QStringLiteral("spikes"));
        spikes->table()->scrollToTop();
        if (auto* dock = qobject_cast<QDockWidget*>(spikes->parentWidget())) {
            dock->show();
            dock->raise();
        }
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_VERIFY(spikes->table()->isVisible());
    }
};

QTEST_MAIN(TestSpikes)
#include "tst_spikes.moc"
