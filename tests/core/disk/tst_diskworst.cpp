// worstDiskLatencies against the generator's truth: for each stage and end
// to end, ranking every sample gives the truth's count, sum, min and max and
// is ordered longest first; the top N are the N longest of the window's
// samples (diskLatencySamples), with the spans they are said to cover.

#include "core/analyses/analysispass.h"
#include "core/analyses/disksummary.h"
#include "core/synth/synthesizer.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <functional>

using namespace xenoscope::core;

class TestDiskWorst : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    Truth truth_;
    AnalysisResults results_;

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        const std::string path = dir_.filePath(QStringLiteral("disk.xentrace")).toStdString();
        SynthOptions options;
        options.scenario = "disk-heavy";
        options.durationNs = 200'000'000;
        options.lostGaps = 4;
        options.seed = 11;
        TraceWriter writer(path, {});
        QVERIFY(writer.ok());
        truth_ = synthesize(options, writer);
        QVERIFY(truth_.disk.endToEnd.completed > 10);
        Diagnostic error;
        auto reader = TraceReader::open(path, error);
        QVERIFY(reader);
        AnalysisPass pass;
        results_ = pass.run(*reader);
    }

    void everySampleRankedMatchesTruth_data() {
        QTest::addColumn<int>("stage");
        for (size_t k = 0; k <= DiskStageCount; ++k)
            QTest::newRow(k == DiskStageCount ? "end_to_end"
                                              : std::string(DiskStageNames[k]).c_str())
                << static_cast<int>(k);
    }

    void everySampleRankedMatchesTruth() {
        QFETCH(int, stage);
        const auto k = static_cast<size_t>(stage);
        const Truth::Stage& t = k == DiskStageCount ? truth_.disk.endToEnd : truth_.disk.stages[k];
        const DiskLatencyRanking all =
            worstDiskLatencies(results_.disk, results_.span.window, k, SIZE_MAX);
        QCOMPARE(all.samples, t.completed);
        QCOMPARE(static_cast<uint64_t>(all.worst.size()), t.completed);
        QCOMPARE(all.worst.front().cycles, t.max);
        QCOMPARE(all.worst.back().cycles, t.min);
        uint64_t sum = 0;
        for (size_t i = 0; i < all.worst.size(); ++i) {
            const DiskLatencySpike& s = all.worst[i];
            sum += s.cycles;
            if (i > 0)
                QVERIFY(all.worst[i - 1].cycles >= s.cycles);
            // The span is the request's own records, and its length the sample.
            const DiskRequest& q = results_.disk.requests[s.request];
            QCOMPARE(s.stage, static_cast<uint8_t>(k));
            QCOMPARE(s.domain, q.domain);
            QCOMPARE(s.device, q.device);
            QCOMPARE(s.id, q.id);
            QCOMPARE(s.cycles, s.to > s.from ? s.to - s.from : 0);
        }
        QCOMPARE(sum, t.sum);
    }

    void topNOfAWindow() {
        const TimeWindow trace = results_.span.window;
        const TimeWindow w{trace.t0 + trace.length() / 4, trace.t0 + trace.length() / 2};
        const size_t end = DiskStageCount;
        std::vector<uint64_t> expected = diskLatencySamples(results_.disk, w, end);
        std::sort(expected.begin(), expected.end(), std::greater<>());
        QVERIFY(expected.size() > 20);
        const DiskLatencyRanking top = worstDiskLatencies(results_.disk, w, end, 20);
        QCOMPARE(top.samples, static_cast<uint64_t>(expected.size()));
        QCOMPARE(top.worst.size(), size_t{20});
        for (size_t i = 0; i < top.worst.size(); ++i) {
            QCOMPARE(top.worst[i].cycles, expected[i]);
            QVERIFY(w.contains(std::max(top.worst[i].from, top.worst[i].to)));
        }
        QCOMPARE(worstDiskLatencies(results_.disk, w, end, 0).worst.size(), size_t{0});
        QCOMPARE(worstDiskLatencies(results_.disk, w, end, 0).samples, top.samples);
    }
};

QTEST_GUILESS_MAIN(TestDiskWorst)
#include "tst_diskworst.moc"
