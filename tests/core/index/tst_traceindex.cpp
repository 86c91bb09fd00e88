// The index against brute force on generated traces: interval queries, at(),
// draw lists at random windows and widths, records of a window decoded again
// (plain and .zst), exact event counts, progressive snapshots, progress and
// cancel.

#include "tests/core/index/indexfixture.h"
#include "tests/support/recordingsink.h"

#include "core/analyses/traceinfo.h"

#include "core/synth/tracewriter.h"

#include <QElapsedTimer>
#include <QTest>

#include <atomic>
#include <map>
#include <random>
#include <thread>

using namespace xenoscope;
using namespace xenoscope::core;

class TestTraceIndex : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    std::string plain_, zst_;
    std::shared_ptr<const TraceIndexImpl> index_;

    static std::shared_ptr<const TraceIndexImpl> build(const std::string& path, int threads) {
        IndexOptions o;
        o.useCache = false;
        o.threads = threads;
        return IndexBuilder(o).build(path).index;
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        plain_ = test::synthTrace(dir_, QStringLiteral("t.xentrace"), 300'000'000);
        zst_ = test::synthTrace(dir_, QStringLiteral("t.xentrace.zst"), 300'000'000, true);
        index_ = build(plain_, 2);
        QVERIFY(index_);
        QVERIFY(index_->complete());
        QVERIFY(index_->pcpus().size() >= 2);
        QVERIFY(index_->vcpus().size() >= 4);
        QVERIFY(!index_->results().stats.lost.empty()); // the generator made lost gaps
    }

    void oneAndTwoThreadsAgree() {
        auto single = build(plain_, 1);
        QVERIFY(single);
        for (const auto& t : test::allTracks(*index_)) {
            QCOMPARE(single->intervalCount(t), index_->intervalCount(t));
            std::vector<IndexInterval> a, b;
            single->overlapping(t, 0, UINT64_MAX, a);
            index_->overlapping(t, 0, UINT64_MAX, b);
            QCOMPARE(a.size(), b.size());
            for (size_t i = 0; i < a.size(); ++i)
                QVERIFY(a[i].start == b[i].start && a[i].value == b[i].value &&
                        a[i].pcpu == b[i].pcpu);
        }
        QCOMPARE(single->info().stats.records, index_->info().stats.records);
    }

    // The builder takes the trace facts from the pass (the dispatcher's
    // counts, the TSC-rate probe, a probe for the vCPUs named) rather than
    // from a collector on every record: they must be what `info` finds by
    // a read of its own.
    void infoIsWhatTheReaderFinds_data() {
        QTest::addColumn<QString>("which");
        QTest::addColumn<int>("threads");
        for (const int threads : {1, 2}) {
            QTest::addRow("generated, %d threads", threads) << QStringLiteral("plain") << threads;
            QTest::addRow("generated .zst, %d threads", threads)
                << QStringLiteral("zst") << threads;
            QTest::addRow("real capture, %d threads", threads) << QStringLiteral("real") << threads;
        }
    }
    void infoIsWhatTheReaderFinds() {
        QFETCH(QString, which);
        QFETCH(int, threads);
        const std::string path = which == QLatin1String("plain") ? plain_
                                 : which == QLatin1String("zst")
                                     ? zst_
                                     : QFile::encodeName(test::realCapture()).toStdString();
        const TraceInfo want = readTraceInfo(path, 0);
        const auto index = build(path, threads);
        QVERIFY(index);
        const TraceInfo& got = index->info();
        QCOMPARE(got.path, want.path);
        QCOMPARE(got.bytes, want.bytes);
        QCOMPARE(got.chunks, want.chunks);
        QCOMPARE(got.streamBytes, want.streamBytes);
        QCOMPARE(got.stats.records, want.stats.records);
        QCOMPARE(got.stats.wrapRecords, want.stats.wrapRecords);
        QCOMPARE(got.lostRecords, want.lostRecords);
        QCOMPARE(got.firstTsc, want.firstTsc);
        QCOMPARE(got.lastTsc, want.lastTsc);
        QCOMPARE(got.pcpus.size(), want.pcpus.size());
        for (size_t i = 0; i < want.pcpus.size(); ++i) {
            QCOMPARE(got.pcpus[i].pcpu, want.pcpus[i].pcpu);
            QCOMPARE(got.pcpus[i].records, want.pcpus[i].records);
            QCOMPARE(got.pcpus[i].hasTsc, want.pcpus[i].hasTsc);
            QCOMPARE(got.pcpus[i].firstTsc, want.pcpus[i].firstTsc);
            QCOMPARE(got.pcpus[i].lastTsc, want.pcpus[i].lastTsc);
        }
        QCOMPARE(got.domains.size(), want.domains.size());
        for (size_t i = 0; i < want.domains.size(); ++i) {
            QCOMPARE(got.domains[i].domain, want.domains[i].domain);
            QVERIFY(got.domains[i].vcpus == want.domains[i].vcpus);
        }
        QCOMPARE(got.events.size(), want.events.size());
        for (size_t i = 0; i < want.events.size(); ++i) {
            QCOMPARE(got.events[i].id, want.events[i].id);
            QCOMPARE(got.events[i].count, want.events[i].count);
        }
        QVERIFY(want.tscHzEstimate.has_value());
        QCOMPARE(got.tscHzEstimate, want.tscHzEstimate);
        QCOMPARE(got.tscHzSamples, want.tscHzSamples);
        QCOMPARE(got.tscHzUsed, want.tscHzUsed);
        // The generated traces have wrap fillers, which a pass does not
        // dispatch but info counts.
        if (which != QLatin1String("real"))
            QVERIFY(want.stats.wrapRecords > 0);
    }

    // prepareDrawing() builds every track's levels on two threads; they must
    // be the ones a track builds for itself on its first coarse draw.
    void preparedLevelsDrawTheSame() {
        auto prepared = build(plain_, 2);
        QVERIFY(prepared);
        QCOMPARE(prepared->footprint().lodBytes, size_t{0}); // nothing drawn yet
        prepared->prepareDrawing();
        const TimeWindow w = index_->window();
        for (const TrackRef& ref : test::allTracks(*index_))
            (void)index_->drawList(ref, w.t0, w.t1 + 1, 1920); // builds index_'s levels
        QVERIFY(prepared->footprint().lodBytes > 0);
        QCOMPARE(prepared->footprint().lodBytes, index_->footprint().lodBytes);
        const uint64_t sixteenth = std::max<uint64_t>(w.length() / 16, 1);
        for (const TrackRef& ref : test::allTracks(*index_))
            for (const uint64_t t0 : {w.t0, w.t0 + w.length() / 3, w.t1 - sixteenth})
                for (const uint64_t len : {w.length() + 1, sixteenth})
                    for (const uint32_t width : {1920u, 333u}) {
                        const DrawList a = prepared->drawList(ref, t0, t0 + len, width);
                        const DrawList b = index_->drawList(ref, t0, t0 + len, width);
                        QVERIFY(a.spans == b.spans);
                        QVERIFY(a.overlays == b.overlays);
                    }
    }

    void queries_data() {
        QTest::addColumn<uint32_t>("seed");
        QTest::addColumn<double>("zoom"); // window length as a fraction of the trace
        for (uint32_t s = 1; s <= 4; ++s)
            for (double z : {1.0, 1.0 / 16, 1.0 / 256, 1.0 / 4096, 1e-6})
                QTest::addRow("seed %u zoom %g", s, z) << s << z;
    }

    void queries() {
        QFETCH(uint32_t, seed);
        QFETCH(double, zoom);
        std::mt19937_64 rng(seed);
        const TimeWindow w = index_->window();
        const auto len =
            std::max<uint64_t>(1, static_cast<uint64_t>(static_cast<double>(w.length()) * zoom));
        size_t folded = 0, dominant = 0;
        for (const TrackRef& ref : test::allTracks(*index_)) {
            const auto brute = test::bruteTrack(index_->results(), ref);
            QCOMPARE(index_->intervalCount(ref), brute.size());
            for (int k = 0; k < 8; ++k) {
                const uint64_t t0 = w.t0 + (len >= w.length() ? 0 : rng() % (w.length() - len + 1));
                const uint64_t t1 = t0 + len;

                // overlapping(): start <= t1 and end > t0, empty ones inside [t0, t1].
                std::vector<IndexInterval> got;
                index_->overlapping(ref, t0, t1, got);
                std::vector<IndexInterval> want;
                for (const auto& iv : brute)
                    if (iv.start <= t1 && (iv.end > t0 || (iv.start == iv.end && iv.start >= t0)))
                        want.push_back(iv);
                QCOMPARE(got.size(), want.size());
                for (size_t i = 0; i < got.size(); ++i) {
                    QCOMPARE(got[i].start, want[i].start);
                    QCOMPARE(got[i].end, want[i].end);
                    QCOMPARE(got[i].value, want[i].value);
                }

                // at(): the non-empty interval holding t.
                const uint64_t t = t0 + rng() % (len + 1);
                std::optional<IndexInterval> bruteAt;
                for (const auto& iv : brute)
                    if (iv.start <= t && t < iv.end)
                        bruteAt = iv;
                const auto a = index_->at(ref, t);
                QCOMPARE(a.has_value(), bruteAt.has_value());
                if (a) {
                    QCOMPARE(a->start, bruteAt->start);
                    QCOMPARE(a->value, bruteAt->value);
                }

                // drawList()
                const uint32_t width = k % 2 ? 1920u : static_cast<uint32_t>(10 + rng() % 500);
                const DrawList d = index_->drawList(ref, t0, t1, width);
                const double px = static_cast<double>(t1 - t0) / width;
                uint64_t bruteCount = 0;
                for (const auto& iv : brute)
                    if (iv.start < t1 && (iv.end > t0 || (iv.start == iv.end && iv.start >= t0)))
                        ++bruteCount;
                uint64_t counted = 0;
                for (size_t i = 0; i < d.spans.size(); ++i) {
                    const DrawSpan& s = d.spans[i];
                    QVERIFY(s.start >= t0 && s.end <= t1 && s.start <= s.end);
                    if (i > 0)
                        QVERIFY2(d.spans[i - 1].end <= s.start, "spans overlap");
                    // Contiguous tracks: no holes between the first and last span.
                    if (i > 0)
                        QCOMPARE(d.spans[i - 1].end, s.start);
                    counted += s.intervals;
                }
                QCOMPARE(counted, bruteCount);
                QVERIFY2(d.spans.size() <= 3 * size_t{width} + 4,
                         qPrintable(
                             QStringLiteral("%1 spans for %2 px").arg(d.spans.size()).arg(width)));
                if (bruteCount > 0) {
                    const uint64_t from = std::max(t0, brute.front().start);
                    const uint64_t to = std::min(t1, brute.back().end);
                    if (from < to) {
                        QVERIFY(!d.spans.empty());
                        QCOMPARE(d.spans.front().start, from);
                        QCOMPARE(d.spans.back().end, to);
                    }
                }
                // Intervals >= 2 px are drawn exactly.
                size_t j = 0;
                for (const auto& iv : brute) {
                    const uint64_t s = std::max(iv.start, t0), e = std::min(iv.end, t1);
                    if (e <= s || static_cast<double>(iv.end - iv.start) < 2 * px)
                        continue;
                    while (j < d.spans.size() && d.spans[j].start < s)
                        ++j;
                    QVERIFY2(j < d.spans.size() && d.spans[j].start == s && d.spans[j].end == e &&
                                 d.spans[j].value == iv.value,
                             "a wide interval is not drawn exactly");
                }
                // A folded span's colour is truthful: its value holds at least
                // `share` of the span's time, and (nearly always: levels fold
                // groups by their own dominant values) the most time of any
                // value. The first and last spans may hold a group cut by the
                // window, whose time is pro-rated.
                for (size_t i = 1; i + 1 < d.spans.size(); ++i) {
                    const DrawSpan& f = d.spans[i];
                    if (f.intervals < 2 || f.end <= f.start)
                        continue;
                    std::map<uint32_t, uint64_t> time;
                    for (const auto& iv : brute)
                        if (iv.start < f.end && iv.end > f.start)
                            time[iv.value] += std::min(iv.end, f.end) - std::max(iv.start, f.start);
                    const uint64_t held = time[f.value];
                    uint64_t most = 0;
                    for (const auto& [value, cycles] : time)
                        most = std::max(most, cycles);
                    ++folded;
                    if (held * 10 >= most * 9) // ties and near-ties count as dominant
                        ++dominant;
                    const auto cycles = static_cast<double>(f.end - f.start);
                    // Shares are stored in 1/65535 steps at every level.
                    QVERIFY2(static_cast<double>(held) >=
                                 static_cast<double>(f.share) * cycles - (1e-3 * cycles + 2),
                             qPrintable(QStringLiteral("span of %1 intervals shows value %2 at "
                                                       "share %3; it holds %4 of %5 cycles")
                                            .arg(f.intervals)
                                            .arg(f.value)
                                            .arg(f.share)
                                            .arg(held)
                                            .arg(cycles)));
                    QVERIFY(f.share > 0.0f);
                }
            }
        }
        if (folded > 0)
            QVERIFY2(dominant * 10 >= folded * 9,
                     qPrintable(QStringLiteral("%1 of %2 folded spans show the value holding "
                                               "the most time")
                                    .arg(dominant)
                                    .arg(folded)));
    }

    void overlaysAreHvmSpansAndLostGaps() {
        size_t hvmSpans = 0, drawn = 0;
        const TimeWindow w = index_->window();
        for (const auto& v : index_->results().hvm.vcpus) {
            const TrackRef ref{TrackRef::Kind::Vcpu, vcpuKey(v.domain, v.vcpu)};
            std::vector<IndexInterval> got;
            index_->overlayIntervals(ref, 0, UINT64_MAX, got);
            QCOMPARE(got.size(), v.spans.size());
            hvmSpans += v.spans.size();
            for (const auto& s : index_->drawList(ref, w.t0, w.t1 + 1, 1920).overlays)
                drawn += s.intervals;
        }
        QVERIFY(hvmSpans > 0);
        QVERIFY(drawn > 0 && drawn <= hvmSpans);
        size_t gaps = 0;
        for (uint16_t p : index_->pcpus()) {
            std::vector<IndexInterval> got;
            index_->overlayIntervals({TrackRef::Kind::Pcpu, p}, 0, UINT64_MAX, got);
            gaps += got.size();
        }
        QCOMPARE(gaps, index_->results().stats.lost.size());
    }

    void runningIntervalsKnowTheirPcpu() {
        size_t running = 0, placed = 0;
        for (VcpuKey v : index_->vcpus()) {
            std::vector<IndexInterval> all;
            index_->overlapping({TrackRef::Kind::Vcpu, v}, 0, UINT64_MAX, all);
            for (const auto& iv : all) {
                if (iv.value != static_cast<uint32_t>(VcpuState::Running) || iv.end == iv.start)
                    continue;
                ++running;
                if (iv.pcpu == NoPcpu)
                    continue;
                ++placed;
                const auto occ =
                    index_->at({TrackRef::Kind::Pcpu, iv.pcpu}, iv.start + (iv.end - iv.start) / 2);
                QVERIFY(occ);
            }
        }
        QVERIFY(running > 0);
        QVERIFY2(placed * 100 >= running * 95, "most running intervals name their pCPU");
    }

    void windowRecords_data() {
        QTest::addColumn<bool>("zstd");
        QTest::newRow("plain") << false;
        QTest::newRow("zstd") << true;
    }

    void windowRecords() {
        QFETCH(bool, zstd);
        const std::string path = zstd ? zst_ : plain_;
        auto index = zstd ? build(zst_, 2) : index_;
        QVERIFY(index);
        const auto all = test::readAll(QString::fromStdString(path));
        QVERIFY(!all.empty());
        std::mt19937_64 rng(11);
        const TimeWindow w = index->window();
        // Forward and backward windows of several sizes (the zstd cursor restarts).
        for (int k = 0; k < 6; ++k) {
            const uint64_t len = w.length() >> (2 * k + 1);
            const uint64_t t0 = w.t0 + rng() % (w.length() - len);
            const uint64_t t1 = t0 + len;
            std::vector<test::SeenRecord> got;
            QVERIFY(index->forEachRecord(t0, t1, [&](const Record& r, const Owner& o) {
                got.push_back({r, o});
            }));
            std::vector<test::SeenRecord> want;
            for (const auto& s : all)
                if (s.record.tsc >= t0 && s.record.tsc <= t1)
                    want.push_back(s);
            QCOMPARE(got.size(), want.size());
            for (size_t i = 0; i < got.size(); ++i) {
                QCOMPARE(got[i].record.offset, want[i].record.offset);
                QCOMPARE(got[i].record.tsc, want[i].record.tsc);
                QCOMPARE(got[i].record.event, want[i].record.event);
                // Only the valid words: the reader leaves stale ones past nwords.
                QCOMPARE(got[i].record.nwords, want[i].record.nwords);
                for (unsigned wi = 0; wi < got[i].record.nwords; ++wi)
                    QCOMPARE(got[i].record.words[wi], want[i].record.words[wi]);
                QVERIFY(got[i].owner == want[i].owner);
            }
            // Exact event counts: counters inside, decoded edges.
            const EventCounts exact = index->eventCounts(t0, t1, true);
            QVERIFY(exact.exact);
            QCOMPARE(exact.total, uint64_t(want.size()));
            const EventCounts approx = index->eventCounts(t0, t1, false);
            QVERIFY(approx.total <= want.size() * 2 + 1000);
        }
    }

    // The event table decodes windows again through the seek index: damaged
    // TSCs (tscline.h) are timed there as the reader's walks time them,
    // a pCPU's first TSC too.
    void windowRecordsOnDamagedTscs() {
        const std::string path = dir_.filePath(QStringLiteral("damaged.xt")).toStdString();
        {
            TraceWriter w(path, TraceWriter::Options{});
            const uint64_t far = uint64_t{1} << 62;
            for (uint32_t i = 0; i < 2000; ++i) {
                for (uint16_t p = 0; p < 2; ++p) {
                    uint64_t tsc = 1'000'000 + 1000 * uint64_t{i} + p;
                    if (p == 0 && (i == 0 || i == 700))
                        tsc += far; // spikes: the pCPU's first record, and one inside
                    if (p == 0 && i == 1300)
                        tsc -= 500'000; // a dip
                    w.record(p, 0x00082004, tsc, {i});
                }
                if (i % 300 == 299)
                    w.flushRound();
            }
            w.finish();
        }
        const auto all = test::readAll(QString::fromStdString(path));
        QCOMPARE(all.size(), size_t{4000});
        // By hand: every record of pCPU 0 at 1'000'000 + 1000 i, the damaged
        // ones at the record before (the first at the one after).
        for (const auto& s : all)
            if (s.record.pcpu == 0) {
                const uint32_t i = s.record.words[0];
                const uint32_t timedAs = i == 0 ? 1 : (i == 700 || i == 1300) ? i - 1 : i;
                QCOMPARE(s.record.tsc, 1'000'000 + 1000 * uint64_t{timedAs});
            }
        auto index = build(path, 2);
        QVERIFY(index);
        QCOMPARE(index->window().t0, uint64_t{1'000'001}); // pCPU 1's first
        QCOMPARE(index->window().t1, uint64_t{1'000'000 + 1000 * 1999 + 1});
        const uint64_t starts[] = {0, 1'000'000 + 650'000, 1'000'000 + 1'250'000};
        for (const uint64_t t0 : starts) {
            std::vector<test::SeenRecord> got;
            QVERIFY(index->forEachRecord(t0, UINT64_MAX, [&](const Record& r, const Owner& o) {
                got.push_back({r, o});
            }));
            std::vector<test::SeenRecord> want;
            for (const auto& s : all)
                if (s.record.tsc >= t0)
                    want.push_back(s);
            QCOMPARE(got.size(), want.size());
            for (size_t i = 0; i < got.size(); ++i) {
                QCOMPARE(got[i].record.offset, want[i].record.offset);
                QCOMPARE(got[i].record.tsc, want[i].record.tsc);
            }
        }
    }

    void snapshotsComeFirst_data() {
        QTest::addColumn<int>("threads");
        QTest::newRow("one thread") << 1;
        QTest::newRow("two threads") << 2;
    }

    void snapshotsComeFirst() {
        QFETCH(int, threads);
        IndexOptions o;
        o.useCache = false;
        o.snapshotMs = 0;
        o.threads = threads;
        std::vector<TraceIndexPtr> snaps;
        o.snapshot = [&](const TraceIndexPtr& s) { snaps.push_back(s); };
        const auto out = IndexBuilder(o).build(plain_);
        QVERIFY(out.index);
        // At 10, 20, 40 and 80 % of the file.
        QCOMPARE(snaps.size(), size_t{4});
        for (size_t i = 0; i < snaps.size(); ++i) {
            const auto& s = snaps[i];
            QVERIFY(!s->complete());
            QVERIFY(s->window().t1 <= out.index->window().t1);
            if (i > 0)
                QVERIFY(s->window().t1 > snaps[i - 1]->window().t1);
            const TimeWindow w = s->window();
            for (const auto& t : test::allTracks(*s))
                (void)s->drawList(t, w.t0, w.t1 + 1, 800);
            // What a snapshot shows of a pCPU is what the final index says,
            // up to its last (still open) holding.
            for (uint16_t p : s->pcpus()) {
                const TrackRef track{TrackRef::Kind::Pcpu, p};
                std::vector<IndexInterval> got, want;
                s->overlapping(track, w.t0, w.t1 + 1, got);
                QVERIFY(got.size() >= 2);
                got.pop_back();
                out.index->overlapping(track, got.front().start, got.back().end - 1, want);
                QCOMPARE(want.size(), got.size());
                for (size_t k = 0; k < got.size(); ++k) {
                    QCOMPARE(got[k].start, want[k].start);
                    QCOMPARE(got[k].end, want[k].end);
                    QCOMPARE(got[k].value, want[k].value);
                }
            }
        }
    }

    void progressIsMonotonicAndComplete_data() {
        QTest::addColumn<int>("threads");
        QTest::newRow("one thread") << 1;
        QTest::newRow("two threads") << 2;
    }

    void progressIsMonotonicAndComplete() {
        QFETCH(int, threads);
        IndexOptions o;
        o.useCache = false;
        o.threads = threads;
        std::vector<std::pair<uint64_t, uint64_t>> seen;
        const auto out =
            IndexBuilder(o).build(plain_, [&](uint64_t d, uint64_t t) { seen.emplace_back(d, t); });
        QVERIFY(out.index);
        QVERIFY(seen.size() >= 2);
        for (size_t i = 1; i < seen.size(); ++i)
            QVERIFY(seen[i].first > seen[i - 1].first);
        QCOMPARE(seen.back().first, seen.back().second);
        QCOMPARE(seen.back().second, out.index->info().bytes);
    }

    void cancelStopsQuickly_data() {
        QTest::addColumn<int>("threads");
        QTest::addColumn<int>("afterMs");
        for (int t : {1, 2})
            for (int ms : {0, 30, 150})
                QTest::addRow("%d thread(s), after %d ms", t, ms) << t << ms;
    }

    void cancelStopsQuickly() {
        QFETCH(int, threads);
        QFETCH(int, afterMs);
        static std::string big;
        if (big.empty())
            big = test::synthTrace(dir_, QStringLiteral("big.xentrace"), 3'000'000'000ull);
        IndexOptions o;
        o.useCache = false;
        o.threads = threads;
        CancelToken token;
        IndexOutcome out;
        std::atomic<bool> done{false};
        std::thread worker([&] {
            out = IndexBuilder(o).build(big, {}, &token);
            done = true;
        });
        QTest::qWait(afterMs);
        QElapsedTimer timer;
        timer.start();
        token.cancel();
        while (!done && timer.elapsed() < 5000)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        const qint64 ms = timer.elapsed();
        worker.join();
        qInfo("stopped %lld ms after cancel", static_cast<long long>(ms));
        QVERIFY2(ms <= 1000, qPrintable(QStringLiteral("took %1 ms to stop").arg(ms)));
        if (out.index == nullptr)
            QVERIFY(out.cancelled);
    }
};

QTEST_GUILESS_MAIN(TestTraceIndex)
#include "tst_traceindex.moc"
