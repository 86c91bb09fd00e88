// ReallocVector against std::vector: the same random operations on both,
// with sizes that cross bigblocks::LargeBytes both ways (malloc'd block ->
// own mapping -> malloc'd again), must leave the same elements.

#include "core/util/reallocvector.h"

#include <QTest>

#include <cstdint>
#include <random>
#include <vector>

#include <unistd.h>

using namespace xenoscope::core;

namespace {

struct Row {
    uint64_t start = 0;
    uint32_t length = 0;
    uint16_t a = 0;
    uint16_t b = 0;
    bool operator==(const Row&) const = default;
};

// Rows that fill a large block: well past LargeBytes.
constexpr size_t LargeRows = 3 * bigblocks::LargeBytes / sizeof(Row);

Row rowFor(uint64_t i) {
    return {i * 7 + 1, static_cast<uint32_t>(i ^ 0x5a5a), static_cast<uint16_t>(i), 3};
}

bool same(const ReallocVector<Row>& got, const std::vector<Row>& want) {
    if (got.size() != want.size() || got.empty() != want.empty())
        return false;
    for (size_t i = 0; i < want.size(); ++i)
        if (!(got[i] == want[i]))
            return false;
    return true;
}

} // namespace

class TestReallocVector : public QObject {
    Q_OBJECT

private slots:
    void growsPastTheLargeBlockSizeKeepingItsRows() {
        ReallocVector<Row> v;
        std::vector<Row> want;
        for (uint64_t i = 0; i < LargeRows; ++i) {
            v.push_back(rowFor(i));
            want.push_back(rowFor(i));
        }
        QVERIFY(same(v, want));
        QVERIFY(v.capacity() >= v.size());
        QCOMPARE(v.front(), want.front());
        QCOMPARE(v.back(), want.back());
        QCOMPARE(static_cast<size_t>(v.end() - v.begin()), want.size());
#if defined(__linux__)
        // A large block is a mapping of its own (what makes its growth free
        // of copies): it starts on a page.
        const auto page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
        QCOMPARE(reinterpret_cast<uintptr_t>(v.data()) % page, uintptr_t{0});
#endif
    }

    void randomOperationsMatchStdVector_data() {
        QTest::addColumn<unsigned>("seed");
        for (unsigned seed = 1; seed <= 6; ++seed)
            QTest::addRow("seed %u", seed) << seed;
    }
    void randomOperationsMatchStdVector() {
        QFETCH(unsigned, seed);
        std::mt19937_64 rng(seed);
        ReallocVector<Row> v;
        std::vector<Row> want;
        uint64_t next = 0;
        for (int step = 0; step < 60; ++step) {
            switch (rng() % 7) {
            case 0: // a burst of appends, sometimes across the large size
            case 1: {
                const size_t n = rng() % 2 ? rng() % 1000 : rng() % LargeRows;
                for (size_t i = 0; i < n; ++i) {
                    v.push_back(rowFor(next));
                    want.push_back(rowFor(next++));
                }
                break;
            }
            case 2: { // insert anywhere: a new row, or one of its own (by reference)
                const size_t at = want.empty() ? 0 : rng() % (want.size() + 1);
                const Row* inserted = nullptr;
                if (want.empty() || rng() % 2) {
                    inserted = v.insert(v.begin() + at, rowFor(next));
                    want.insert(want.begin() + static_cast<std::ptrdiff_t>(at), rowFor(next++));
                } else {
                    const size_t k = rng() % want.size();
                    const Row r = want[k];
                    inserted = v.insert(v.begin() + at, v[k]);
                    want.insert(want.begin() + static_cast<std::ptrdiff_t>(at), r);
                }
                QCOMPARE(static_cast<size_t>(inserted - v.begin()), at);
                break;
            }
            case 3: { // resize both ways; new rows are value-initialized
                const size_t n = rng() % 2 ? rng() % 50 : rng() % (2 * LargeRows);
                v.resize(n);
                want.resize(n);
                break;
            }
            case 4:
                v.shrink_to_fit();
                // To the row, or (an own mapping) to the page.
                QVERIFY(v.capacity() >= v.size());
                QVERIFY((v.capacity() - v.size()) * sizeof(Row) <
                        static_cast<size_t>(sysconf(_SC_PAGESIZE)));
                break;
            case 5: { // copies and moves
                ReallocVector<Row> copy = v;
                QVERIFY(copy == v);
                ReallocVector<Row> moved = std::move(copy);
                QVERIFY(copy.empty());
                v = moved;
                QVERIFY(v == moved);
                v = std::move(moved);
                break;
            }
            default:
                if (rng() % 4 == 0) {
                    v.clear();
                    want.clear();
                }
                break;
            }
            QVERIFY2(same(v, want), qPrintable(QStringLiteral("after step %1").arg(step)));
        }
    }

    void initializerListAndEquality() {
        const ReallocVector<int> a{1, 2, 3};
        ReallocVector<int> b;
        QVERIFY(!(a == b));
        b.push_back(1);
        b.push_back(2);
        QVERIFY(!(a == b));
        b.push_back(3);
        QVERIFY(a == b);
        b.insert(b.begin(), 0);
        QCOMPARE(b[0], 0);
        QCOMPARE(b[3], 3);
    }
};

QTEST_APPLESS_MAIN(TestReallocVector)
#include "tst_reallocvector.moc"
