// EventCounter (and the IdTable under it) against std::map on the id
// streams traces give it: a few ids, ids across all 4096 classes, and a
// damaged file's worth of random ids (the table grows many times).

#include "core/util/eventcounter.h"

#include <QTest>

#include <map>
#include <random>

using namespace xenoscope::core;

class TestEventCounter : public QObject {
    Q_OBJECT
private slots:
    void matchesMap_data();
    void matchesMap();
    void unknownIdCountsZero();
};

void TestEventCounter::matchesMap_data() {
    QTest::addColumn<int>("distinct"); // ids drawn from this many
    QTest::addColumn<bool>("anyClass");
    QTest::newRow("a typical trace's ids") << 40 << false;
    QTest::newRow("every class") << 4096 << true;
    QTest::newRow("random ids (damage)") << 200000 << true;
}

void TestEventCounter::matchesMap() {
    QFETCH(int, distinct);
    QFETCH(bool, anyClass);
    std::mt19937 rng(7);
    std::vector<uint32_t> pool;
    std::uniform_int_distribution<uint32_t> any(0, 0x0fffffff);
    std::uniform_int_distribution<uint32_t> low(0, 0xfff);
    for (int i = 0; i < distinct; ++i)
        pool.push_back(anyClass ? any(rng) : (0x00080000u | low(rng)));
    std::uniform_int_distribution<size_t> pick(0, pool.size() - 1);
    EventCounter counter;
    std::map<uint32_t, uint64_t> truth;
    for (int i = 0; i < 500000; ++i) {
        const uint32_t id = pool[pick(rng)];
        const uint64_t n = i % 7 == 0 ? 3 : 1;
        counter.add(id, n);
        truth[id] += n;
    }
    const auto got = counter.nonZero();
    QCOMPARE(got.size(), truth.size());
    size_t i = 0;
    for (const auto& [id, n] : truth) { // std::map: ascending, like nonZero()
        QCOMPARE(got[i].first, id);
        QCOMPARE(got[i].second, n);
        QCOMPARE(counter.count(id), n);
        ++i;
    }
}

void TestEventCounter::unknownIdCountsZero() {
    EventCounter counter;
    QCOMPARE(counter.count(0x00021001), uint64_t{0});
    counter.add(0x00021001);
    counter.add(0x00021001);
    QCOMPARE(counter.count(0x00021001), uint64_t{2});
    QCOMPARE(counter.count(0x00021002), uint64_t{0});
    QVERIFY(counter.nonZero().size() == 1);
}

QTEST_GUILESS_MAIN(TestEventCounter)
#include "tst_eventcounter.moc"
