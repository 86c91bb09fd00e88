// The index cache: a valid cache reopens with identical answers and
// identical parts; stale (mtime or size changed), foreign, corrupt (in any
// frame or the frame table), truncated and other-version caches are
// rejected, never trusted, and rebuilt.

#include "core/index/indexcache.h"
#include "core/index/traceindeximpl.h"
#include "tests/core/index/indexfixture.h"

#include <QFile>
#include <QTest>

#include <cstring>
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
            QVERIFY(p.spans == q.spans);
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

// Every timeline row and derived pCPU the cache stores, compared exactly.
void sameParts(const TraceIndexImpl& a, const TraceIndexImpl& b) {
    const AnalysisResults& x = a.results();
    const AnalysisResults& y = b.results();
    QCOMPARE(x.hvm.vcpus.size(), y.hvm.vcpus.size());
    size_t spans = 0;
    for (size_t v = 0; v < x.hvm.vcpus.size(); ++v) {
        const auto& p = x.hvm.vcpus[v].spans;
        const auto& q = y.hvm.vcpus[v].spans;
        QCOMPARE(p.size(), q.size());
        QCOMPARE(x.hvm.vcpus[v].hvm, y.hvm.vcpus[v].hvm);
        QVERIFY(x.hvm.vcpus[v].causes == y.hvm.vcpus[v].causes);
        for (size_t i = 0; i < p.size(); ++i)
            QVERIFY(p[i].start == q[i].start && p[i].length == q[i].length &&
                    p[i].cause == q[i].cause && p[i].pcpu == q[i].pcpu);
        spans += p.size();
    }
    QVERIFY(spans > 0);
    QCOMPARE(x.runstates.vcpus.size(), y.runstates.vcpus.size());
    for (size_t v = 0; v < x.runstates.vcpus.size(); ++v) {
        const auto& p = x.runstates.vcpus[v].stays;
        const auto& q = y.runstates.vcpus[v].stays;
        QCOMPARE(p.size(), q.size());
        for (size_t i = 0; i < p.size(); ++i)
            QVERIFY(p[i].start == q[i].start && p[i].state == q[i].state);
    }
    QVERIFY(a.parts().runningPcpus == b.parts().runningPcpus);
    QCOMPARE(x.occupancy.pcpus.size(), y.occupancy.pcpus.size());
    for (size_t c = 0; c < x.occupancy.pcpus.size(); ++c) {
        const auto& p = x.occupancy.pcpus[c].spans;
        const auto& q = y.occupancy.pcpus[c].spans;
        QCOMPARE(p.size(), q.size());
        for (size_t i = 0; i < p.size(); ++i)
            QVERIFY(p[i].start == q[i].start && p[i].who == q[i].who);
    }
    QCOMPARE(x.latency.xen.size(), y.latency.xen.size());
    QVERIFY(x.disk.recordCounts == y.disk.recordCounts);
    QVERIFY(x.disk.records > 0);
}

// Where the cache's frames are, from its header and frame table.
struct CacheFrames {
    std::vector<uint64_t> offsets, sizes;
    uint64_t tableOffset = 0;
};
CacheFrames framesOf(const std::vector<char>& b) {
    auto at = [&](size_t o) {
        uint64_t v = 0;
        std::memcpy(&v, b.data() + o, 8);
        return v;
    };
    CacheFrames f;
    const uint64_t n = at(40);
    f.tableOffset = at(48) - n * 16;
    uint64_t offset = 64;
    for (uint64_t i = 0; i < n; ++i) {
        f.offsets.push_back(offset);
        f.sizes.push_back(at(f.tableOffset + i * 16));
        offset += f.sizes.back();
    }
    return f;
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
        sameParts(*built.index, *again.index);
        QCOMPARE(again.index->results().disk.requests.size(),
                 built.index->results().disk.requests.size());
    }

    void seekIndexIsDeferredUntilRecordsAreRead() {
        QTemporaryDir dir;
        const std::string trace = test::synthTrace(dir, QStringLiteral("s.xentrace"), 100'000'000);
        const std::string cacheDir = dir.filePath(QStringLiteral("cache")).toStdString();
        const IndexOutcome built = openWith(trace, cacheDir);
        const size_t seekBytes = built.index->footprint().seekBytes;
        QVERIFY(seekBytes > 0);
        const IndexOutcome again = openWith(trace, cacheDir);
        QVERIFY(again.fromCache);
        QCOMPARE(again.index->footprint().seekBytes, size_t{0});
        const TimeWindow w = again.index->window();
        size_t n = 0;
        QVERIFY(again.index->forEachRecord(w.t0, w.t0 + w.length() / 20,
                                           [&](const Record&, const Owner&) { ++n; }));
        QVERIFY(n > 0);
        // Loaded to its exact size; the build's vectors grew by doubling.
        const size_t loaded = again.index->footprint().seekBytes;
        QVERIFY2(loaded > seekBytes / 2 && loaded <= seekBytes,
                 QByteArray::number(qulonglong(loaded)));

        // Parts with their seek index still deferred save a complete cache.
        const IndexOutcome other = openWith(trace, cacheDir);
        std::string problem;
        QVERIFY(IndexCache(cacheDir, false).save(trace, other.index->parts(), problem) > 0);
        QVERIFY2(problem.empty(), problem.c_str());
        const IndexOutcome third = openWith(trace, cacheDir);
        QVERIFY(third.fromCache);
        sameAnswers(*built.index, *third.index);
    }

    void cacheHasSeveralFrames() {
        QTemporaryDir dir;
        const std::string trace = test::synthTrace(dir, QStringLiteral("f.xentrace"), 200'000'000);
        const IndexOutcome built =
            openWith(trace, dir.filePath(QStringLiteral("cache")).toStdString());
        QFile file(QString::fromStdString(built.cachePath));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray all = file.readAll();
        const CacheFrames f = framesOf(std::vector<char>(all.begin(), all.end()));
        // Meta, at least one frame of pieces, the seek index.
        QVERIFY2(f.sizes.size() >= 3, QByteArray::number(qulonglong(f.sizes.size())));
        QCOMPARE(f.offsets.back() + f.sizes.back(), f.tableOffset);
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
        QTest::newRow("corrupt second frame") << "frame1"
                                              << "corrupt";
        QTest::newRow("corrupt seek frame (deferred)") << "lastframe"
                                                       << "corrupt";
        QTest::newRow("corrupt meta frame") << "frame0"
                                            << "corrupt";
        QTest::newRow("corrupt frame table") << "table"
                                             << "corrupt";
        QTest::newRow("bytes appended") << "extend"
                                        << "corrupt";
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
        } else if (damage.startsWith("frame") || damage == "lastframe") {
            patch(cache, [&](std::vector<char>& b) {
                const CacheFrames f = framesOf(b);
                const size_t i =
                    damage == "lastframe" ? f.sizes.size() - 1 : damage.mid(5).toULongLong();
                QVERIFY(i < f.sizes.size());
                const size_t at = f.offsets[i] + f.sizes[i] / 2;
                b[at] = static_cast<char>(b[at] ^ 0x10);
            });
        } else if (damage == "table") {
            patch(cache, [](std::vector<char>& b) {
                const CacheFrames f = framesOf(b);
                b[f.tableOffset + 16] = static_cast<char>(b[f.tableOffset + 16] ^ 1);
            });
        } else if (damage == "extend") {
            patch(cache, [](std::vector<char>& b) { b.insert(b.end(), 8, '\0'); });
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
