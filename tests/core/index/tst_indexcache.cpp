// The index cache: a valid cache reopens with identical answers; stale
// (mtime or size changed), foreign, corrupt, truncated and other-version
// caches are rejected, never trusted, and rebuilt.

#include "core/index/indexcache.h"
#include "tests/core/index/indexfixture.h"

#include <QFile>
#include <QTest>

#include <filesystem>
#include <functional>

using namespace xenoscope;
using namespace xenoscope::core;

namespace {

IndexOutcome openWith(const std::string& trace, const std::string& cacheDir) {
    IndexOptions o;
    o.cacheDir = cacheDir;
    o.cacheNextToTrace = false;
    return IndexBuilder(o).open(trace);
}

void sameAnswers(const TraceIndex& a, const TraceIndex& b) {
    QCOMPARE(a.window(), b.window());
    QCOMPARE(a.tscHz(), b.tscHz());
    QVERIFY(a.pcpus() == b.pcpus());
    QVERIFY(a.vcpus() == b.vcpus());
    QCOMPARE(a.info().stats.records, b.info().stats.records);
    QCOMPARE(a.info().events.size(), b.info().events.size());
    QCOMPARE(a.results().latency.samples.size(), b.results().latency.samples.size());
    const TimeWindow w = a.window();
    for (const TrackRef& t : test::allTracks(a)) {
        QCOMPARE(a.intervalCount(t), b.intervalCount(t));
        std::vector<IndexInterval> x, y;
        a.overlapping(t, 0, UINT64_MAX, x);
        b.overlapping(t, 0, UINT64_MAX, y);
        for (size_t i = 0; i < x.size(); ++i)
            QVERIFY(x[i].start == y[i].start && x[i].end == y[i].end && x[i].value == y[i].value &&
                    x[i].pcpu == y[i].pcpu);
        for (uint32_t width : {100u, 1920u}) {
            const DrawList p = a.drawList(t, w.t0, w.t1, width),
                           q = b.drawList(t, w.t0, w.t1, width);
            QCOMPARE(p.spans.size(), q.spans.size());
            QCOMPARE(p.overlays.size(), q.overlays.size());
            for (size_t i = 0; i < p.spans.size(); ++i)
                QVERIFY(p.spans[i].start == q.spans[i].start &&
                        p.spans[i].value == q.spans[i].value &&
                        p.spans[i].intervals == q.spans[i].intervals);
        }
    }
    const uint64_t mid = w.t0 + w.length() / 2;
    QCOMPARE(a.eventCounts(mid, mid + w.length() / 10, true).total,
             b.eventCounts(mid, mid + w.length() / 10, true).total);
    size_t na = 0, nb = 0;
    a.forEachRecord(mid, mid + w.length() / 50, [&](const Record&, const Owner&) { ++na; });
    b.forEachRecord(mid, mid + w.length() / 50, [&](const Record&, const Owner&) { ++nb; });
    QCOMPARE(na, nb);
    QVERIFY(na > 0);
}

void patch(const std::string& path, const std::function<void(std::vector<char>&)>& f) {
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", path.c_str());
    const QByteArray all = file.readAll();
    file.close();
    std::vector<char> bytes(all.begin(), all.end());
    f(bytes);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        file.write(bytes.data(), static_cast<qint64>(bytes.size())) !=
            static_cast<qint64>(bytes.size()))
        qFatal("cannot write %s", path.c_str());
}

} // namespace

class TestIndexCache : public QObject {
    Q_OBJECT

private slots:
    void validCacheReopensIdentically() {
        QTemporaryDir dir;
        const std::string trace = test::synthTrace(dir, QStringLiteral("a.xentrace"), 200'000'000);
        const std::string cacheDir = dir.filePath(QStringLiteral("cache")).toStdString();
        const IndexOutcome built = openWith(trace, cacheDir);
        QVERIFY(built.index && !built.fromCache);
        QVERIFY(built.cacheBytes > 0);
        QVERIFY(std::filesystem::exists(built.cachePath));
        const IndexOutcome again = openWith(trace, cacheDir);
        QVERIFY(again.index);
        QVERIFY2(again.fromCache, again.cacheProblem.c_str());
        sameAnswers(*built.index, *again.index);
        QCOMPARE(again.index->results().disk.requests.size(),
                 built.index->results().disk.requests.size());
    }

    void cacheNextToTraceFirst() {
        QTemporaryDir dir;
        const std::string trace = test::synthTrace(dir, QStringLiteral("n.xentrace"), 50'000'000);
        IndexOptions o;
        o.cacheDir = dir.filePath(QStringLiteral("xdg")).toStdString();
        const IndexOutcome built = IndexBuilder(o).open(trace);
        QCOMPARE(built.cachePath, trace + ".xenoscope-index");
        QVERIFY(IndexBuilder(o).open(trace).fromCache);
    }

    void badCacheIsRebuilt_data() {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("expect"); // in cacheProblem
        QTest::newRow("stale mtime") << "touch"
                                     << "stale";
        QTest::newRow("stale size") << "append"
                                    << "stale";
        QTest::newRow("corrupt payload byte") << "flip"
                                              << "corrupt";
        QTest::newRow("corrupt header key") << "flipkey"
                                            << "stale";
        QTest::newRow("truncated") << "truncate"
                                   << "truncated";
        QTest::newRow("other version") << "version"
                                       << "version";
        QTest::newRow("foreign") << "foreign"
                                 << "stale";
        QTest::newRow("not a cache") << "garbage"
                                     << "not an index cache";
        QTest::newRow("empty") << "empty"
                               << "not an index cache";
    }

    void badCacheIsRebuilt() {
        QFETCH(QString, damage);
        QFETCH(QString, expect);
        QTemporaryDir dir;
        const std::string trace = test::synthTrace(dir, QStringLiteral("b.xentrace"), 100'000'000);
        const std::string cacheDir = dir.filePath(QStringLiteral("cache")).toStdString();
        const IndexOutcome built = openWith(trace, cacheDir);
        QVERIFY(built.index && built.cacheBytes > 0);
        const std::string cache = built.cachePath;

        if (damage == "touch") {
            std::filesystem::last_write_time(trace, std::filesystem::last_write_time(trace) +
                                                        std::chrono::seconds(5));
        } else if (damage == "append") {
            patch(trace, [](std::vector<char>& b) { b.insert(b.end(), 16, '\0'); });
        } else if (damage == "flip") {
            patch(cache, [](std::vector<char>& b) {
                b[b.size() / 2] = static_cast<char>(b[b.size() / 2] ^ 0x10);
            });
        } else if (damage == "flipkey") {
            patch(cache, [](std::vector<char>& b) { b[33] = static_cast<char>(b[33] ^ 1); });
        } else if (damage == "truncate") {
            patch(cache, [](std::vector<char>& b) { b.resize(b.size() - 100); });
        } else if (damage == "version") {
            patch(cache, [](std::vector<char>& b) { b[8] = static_cast<char>(b[8] + 1); });
        } else if (damage == "foreign") {
            // A valid cache of another trace under this trace's cache name.
            const std::string other =
                test::synthTrace(dir, QStringLiteral("c.xentrace"), 100'000'000, false, 9);
            const IndexOutcome o = openWith(other, cacheDir);
            std::filesystem::copy_file(o.cachePath, cache,
                                       std::filesystem::copy_options::overwrite_existing);
        } else if (damage == "garbage") {
            patch(cache, [](std::vector<char>& b) { std::fill(b.begin(), b.begin() + 8, 'x'); });
        } else if (damage == "empty") {
            patch(cache, [](std::vector<char>& b) { b.clear(); });
        }

        const IndexOutcome reopened = openWith(trace, cacheDir);
        QVERIFY(reopened.index);
        QVERIFY2(!reopened.fromCache, "a damaged cache must not be used");
        QVERIFY2(QString::fromStdString(reopened.cacheProblem).contains(expect),
                 reopened.cacheProblem.c_str());
        // Rebuilt and rewritten: the next open uses it.
        const IndexOutcome third = openWith(trace, cacheDir);
        QVERIFY2(third.fromCache, third.cacheProblem.c_str());
        sameAnswers(*reopened.index, *third.index);
    }
};

QTEST_GUILESS_MAIN(TestIndexCache)
#include "tst_indexcache.moc"
