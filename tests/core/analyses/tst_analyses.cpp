// Analyses over probe results: nearest-rank percentiles, interval sets,
// window clipping, the SLA file format. Expected values worked out by hand.

#include "core/analyses/intervalset.h"
#include "core/analyses/latencysummary.h"
#include "core/analyses/slaconfig.h"

#include <QTest>

using namespace xenoscope::core;

Q_DECLARE_METATYPE(std::vector<uint64_t>)

class TestAnalyses : public QObject {
    Q_OBJECT
private slots:
    void percentiles_data() {
        QTest::addColumn<std::vector<uint64_t>>("values");
        QTest::addColumn<uint64_t>("p50");
        QTest::addColumn<uint64_t>("p90");
        QTest::addColumn<uint64_t>("p99");
        // rank = ceil(p/100 * n)
        QTest::newRow("1..10") << std::vector<uint64_t>{10, 9, 8, 7, 6, 5, 4, 3, 2, 1}
                               << uint64_t{5} << uint64_t{9} << uint64_t{10};
        QTest::newRow("one") << std::vector<uint64_t>{7} << uint64_t{7} << uint64_t{7}
                             << uint64_t{7};
        QTest::newRow("four") << std::vector<uint64_t>{3, 1, 2, 4} << uint64_t{2} << uint64_t{4}
                              << uint64_t{4};
        std::vector<uint64_t> hundred;
        for (uint64_t i = 1; i <= 100; ++i)
            hundred.push_back(i * 10);
        QTest::newRow("1..100") << hundred << uint64_t{500} << uint64_t{900} << uint64_t{990};
        QTest::newRow("empty") << std::vector<uint64_t>{} << uint64_t{0} << uint64_t{0}
                               << uint64_t{0};
    }
    void percentiles() {
        QFETCH(std::vector<uint64_t>, values);
        QFETCH(uint64_t, p50);
        QFETCH(uint64_t, p90);
        QFETCH(uint64_t, p99);
        const auto s = latencyStats(values);
        QCOMPARE(s.count, values.size());
        QCOMPARE(s.p50, p50);
        QCOMPARE(s.p90, p90);
        QCOMPARE(s.p99, p99);
    }

    void latencySummaryKindsWorstHistogram() {
        LatencySamples in;
        in.samples = {{100, 5, 1, 0, 0, LatencyKind::Wake},
                      {200, 3, 1, 1, 1, LatencyKind::Preempt},
                      {300, 9, 1, 0, 0, LatencyKind::Wake},
                      {400, 1, 1, 0, 0, LatencyKind::Wake}};
        const auto s = summarizeLatency(in, {150, 400}, 2, 0);
        QCOMPARE(s.all.count, 3u); // the sample at 100 is outside
        QCOMPARE(s.all.sum, 13u);
        QCOMPARE(s.wake.count, 2u);
        QCOMPARE(s.preempt.count, 1u);
        QCOMPARE(s.worst.size(), size_t{2});
        QCOMPARE(s.worst[0].cycles, 9u);
        QCOMPARE(s.worst[1].cycles, 3u);
        // log2 buckets: 1 -> [1,2), 3 -> [2,4), 9 -> [8,16); empty ones between kept
        QCOMPARE(s.histogram.size(), size_t{4});
        QCOMPARE(s.histogram.front().from, 1u);
        QCOMPARE(s.histogram.back().to, 16u);
        QCOMPARE(s.histogram.back().count, 1u);
    }

    void intervalSetMergesAndOverlaps() {
        const IntervalSet set({{10, 20}, {15, 30}, {40, 50}, {50, 55}, {60, 60}});
        QCOMPARE(set.intervals().size(), size_t{2}); // [10,30) [40,55)
        QCOMPARE(set.overlap(0, 100), 35u);
        QCOMPARE(set.overlap(25, 45), 10u);
        QCOMPARE(set.overlap(30, 40), 0u);
    }

    void slaConfigParses() {
        std::string error;
        const auto c = SlaConfig::parse(
            "# comment\n0 weight=512 vcpus=8\n\n14 weight=256 cap=150 pcpus=0-2,6 # x\n", error);
        QVERIFY2(c.has_value(), error.c_str());
        QCOMPARE(c->domains.size(), size_t{2});
        QCOMPARE(c->domains[0].weight, 512u);
        QCOMPARE(c->domains[1].capPercent, 150u);
        QCOMPARE(c->domains[1].pcpus, (std::vector<uint16_t>{0, 1, 2, 6}));
    }

    void slaConfigRejects_data() {
        QTest::addColumn<QString>("text");
        QTest::newRow("bad domain") << "x weight=1";
        QTest::newRow("bad key") << "1 colour=blue";
        QTest::newRow("zero weight") << "1 weight=0";
        QTest::newRow("twice") << "1 weight=1\n1 weight=2";
        QTest::newRow("bad range") << "1 pcpus=3-1";
    }
    void slaConfigRejects() {
        QFETCH(QString, text);
        std::string error;
        QVERIFY(!SlaConfig::parse(text.toStdString(), error));
        QVERIFY(error.rfind("line ", 0) == 0);
    }
};

QTEST_GUILESS_MAIN(TestAnalyses)
#include "tst_analyses.moc"
