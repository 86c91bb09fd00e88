// The disk pipeline analysis against the trace generator's exact ground
// truth (core/synth/disktruth.h): each scenario with disk I/O is generated
// in memory, read back through the reader and one AnalysisPass, and every
// per-stage figure must match to the cycle — lost records in the middle of
// requests included.

#include "core/analyses/analysispass.h"
#include "core/analyses/disksummary.h"
#include "core/synth/synthesizer.h"

#include <QTemporaryDir>
#include <QTest>

using namespace xenoscope::core;

class TestDiskVsSynth : public QObject {
    Q_OBJECT
private slots:
    void matchesTruth_data() {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<uint32_t>("lostGaps");
        QTest::addColumn<uint64_t>("seed");
        QTest::addColumn<uint64_t>("durationNs");
        QTest::newRow("disk-heavy")
            << QStringLiteral("disk-heavy") << 0u << uint64_t{7} << uint64_t{200'000'000};
        QTest::newRow("mixed") << QStringLiteral("mixed") << 0u << uint64_t{7}
                               << uint64_t{300'000'000};
        QTest::newRow("disk-heavy, lost records")
            << QStringLiteral("disk-heavy") << 6u << uint64_t{11} << uint64_t{200'000'000};
        QTest::newRow("mixed, lost records")
            << QStringLiteral("mixed") << 16u << uint64_t{3} << uint64_t{300'000'000};
        QTest::newRow("disk-heavy, lost records, seed 5")
            << QStringLiteral("disk-heavy") << 12u << uint64_t{5} << uint64_t{150'000'000};
    }

    void matchesTruth() {
        QFETCH(QString, scenario);
        QFETCH(uint32_t, lostGaps);
        QFETCH(uint64_t, seed);
        QFETCH(uint64_t, durationNs);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::string path = dir.filePath(QStringLiteral("t.xentrace")).toStdString();
        SynthOptions options;
        options.scenario = scenario.toStdString();
        options.durationNs = durationNs;
        options.lostGaps = lostGaps;
        options.seed = seed;
        QVERIFY2(validateSynthOptions(options).empty(), validateSynthOptions(options).c_str());
        TraceWriter writer(path, {});
        QVERIFY(writer.ok());
        const Truth truth = synthesize(options, writer);
        QVERIFY(truth.disk.requests > 0);
        if (lostGaps)
            QVERIFY(truth.lostRecords > 0);

        Diagnostic error;
        auto reader = TraceReader::open(path, error);
        QVERIFY(reader);
        AnalysisPass pass;
        const AnalysisResults r = pass.run(*reader);
        QCOMPARE(r.span.window.t0, truth.t0);
        QCOMPARE(r.span.window.t1, truth.t1);
        const DiskSummary s = summarizeDisk(r.disk, r.span.window);
        QVERIFY(s.instrumented);
        QCOMPARE(r.disk.unattributed.size(), size_t{0});
        QCOMPARE(r.disk.malformed, uint64_t{0});

        QCOMPARE(s.requests, truth.disk.requests);
        QCOMPARE(static_cast<uint64_t>(s.incomplete.size()), truth.disk.incomplete);
        if (lostGaps)
            QVERIFY(s.incompleteByReason[static_cast<size_t>(DiskBreak::LostRecords)] > 0);
        QCOMPARE(truth.disk.stages.size(), DiskStageCount);
        for (size_t k = 0; k < DiskStageCount; ++k) {
            const Truth::Stage& t = truth.disk.stages[k];
            const DiskStageSummary& o = s.stages[k];
            const QByteArray what = QByteArray(t.name.c_str());
            QVERIFY2(o.name == t.name, what.constData());
            QVERIFY2(o.latency.count == t.completed,
                     qPrintable(QStringLiteral("%1 completed %2 vs %3")
                                    .arg(what)
                                    .arg(o.latency.count)
                                    .arg(t.completed)));
            QCOMPARE(o.latency.sum, t.sum);
            QCOMPARE(o.latency.min, t.min);
            QCOMPARE(o.latency.max, t.max);
            QVERIFY2(o.depth.cycles == t.depthCycles,
                     qPrintable(QStringLiteral("%1 depth cycles %2 vs %3")
                                    .arg(what)
                                    .arg(o.depth.cycles)
                                    .arg(t.depthCycles)));
            QCOMPARE(o.avgDepth, t.avgDepth);
            QCOMPARE(uint64_t{o.depth.max}, t.maxDepth);
        }
        QCOMPARE(s.endToEnd.count, truth.disk.endToEnd.completed);
        QCOMPARE(s.endToEnd.sum, truth.disk.endToEnd.sum);
        QCOMPARE(s.endToEnd.min, truth.disk.endToEnd.min);
        QCOMPARE(s.endToEnd.max, truth.disk.endToEnd.max);

        // The per-device breakdown adds up to the totals.
        for (size_t k = 0; k < DiskStageCount; ++k) {
            uint64_t count = 0, sum = 0, cycles = 0;
            for (const auto& d : s.devices) {
                count += d.stages[k].latency.count;
                sum += d.stages[k].latency.sum;
                cycles += d.stages[k].depth.cycles;
            }
            QCOMPARE(count, s.stages[k].latency.count);
            QCOMPARE(sum, s.stages[k].latency.sum);
            QCOMPARE(cycles, s.stages[k].depth.cycles);
        }
        // Grants: every backend request maps and unmaps one grant of its frontend.
        QVERIFY(!r.disk.grants.empty());
    }
};

QTEST_GUILESS_MAIN(TestDiskVsSynth)
#include "tst_diskvssynth.moc"
