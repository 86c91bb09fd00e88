// orderSegments: segments put in order of their first elements, stably and
// whole, by rotations in place and (past the move budget) by a copy; both
// against an oracle that sorts (first key, arrival) pairs and concatenates.

#include "core/util/segmentorder.h"

#include <QTest>

#include <random>

using namespace xenoscope::core;

namespace {

struct Item {
    uint64_t key;
    uint32_t segment; // arrival position of its segment
    uint32_t index;   // position inside it
    bool operator==(const Item&) const = default;
};

// Segments of increasing keys, each starting at firsts[s].
struct Built {
    std::vector<Item> items;
    std::vector<uint32_t> begins;
};

Built build(const std::vector<uint64_t>& firsts, std::mt19937& rng) {
    Built b;
    for (uint32_t s = 0; s < firsts.size(); ++s) {
        b.begins.push_back(static_cast<uint32_t>(b.items.size()));
        const auto n = static_cast<uint32_t>(1 + rng() % 6);
        for (uint32_t i = 0; i < n; ++i)
            b.items.push_back({firsts[s] + 3 * i, s, i});
    }
    return b;
}

std::vector<Item> oracle(const Built& b, const std::vector<uint64_t>& firsts) {
    std::vector<std::pair<uint64_t, uint32_t>> order;
    for (uint32_t s = 0; s < firsts.size(); ++s)
        order.push_back({firsts[s], s}); // ties by arrival: stable
    std::sort(order.begin(), order.end());
    std::vector<Item> out;
    for (const auto& [first, s] : order)
        for (const Item& it : b.items)
            if (it.segment == s)
                out.push_back(it);
    return out;
}

} // namespace

class TestSegmentOrder : public QObject {
    Q_OBJECT
private slots:
    void ordered_data();
    void ordered();
};

void TestSegmentOrder::ordered_data() {
    QTest::addColumn<QString>("shape");
    QTest::addColumn<uint>("budget");
    for (const uint budget : {0u, 1u, 4u, 1000u})
        for (const char* shape :
             {"in order", "one late", "a few late", "reversed", "ties", "random"})
            QTest::newRow(qPrintable(QStringLiteral("%1, budget %2").arg(shape).arg(budget)))
                << QString::fromLatin1(shape) << budget;
}

void TestSegmentOrder::ordered() {
    QFETCH(QString, shape);
    QFETCH(uint, budget);
    std::mt19937 rng(7);
    std::vector<uint64_t> firsts;
    const size_t n = 200;
    for (size_t s = 0; s < n; ++s)
        firsts.push_back(100 * s);
    if (shape == QLatin1String("one late"))
        std::rotate(firsts.begin() + 50, firsts.begin() + 51, firsts.begin() + 60);
    else if (shape == QLatin1String("a few late"))
        for (size_t s = 10; s + 3 < n; s += 17)
            std::swap(firsts[s], firsts[s + 3]);
    else if (shape == QLatin1String("reversed"))
        std::reverse(firsts.begin(), firsts.end());
    else if (shape == QLatin1String("ties"))
        for (auto& f : firsts)
            f = 100 * (rng() % 7);
    else if (shape == QLatin1String("random"))
        std::shuffle(firsts.begin(), firsts.end(), rng);
    Built b = build(firsts, rng);
    const std::vector<Item> want = oracle(b, firsts);
    orderSegments(
        b.items, b.begins, [](const Item& it) { return it.key; }, budget);
    QCOMPARE(b.items.size(), want.size());
    QVERIFY(b.items == want);
}

QTEST_APPLESS_MAIN(TestSegmentOrder)
#include "tst_segmentorder.moc"
