// The reader: record decoding, chunks, the per-pCPU merge, TSC-less records,
// wrap and lost records, owners, and every kind of bad input.

#include "core/synth/tracewriter.h"
#include "tests/support/recordingsink.h"

#include <QTemporaryDir>
#include <QTest>

#include <zstd.h>

using namespace xenoscope;
using core::TraceWriter;
using test::readAll;

namespace {

std::vector<uint8_t> build(const std::function<void(TraceWriter&)>& fill, bool zstd = false) {
    TraceWriter w(TraceWriter::Options{zstd, 3});
    fill(w);
    w.finish();
    return w.bytes();
}

uint32_t packed(uint16_t dom, uint16_t vcpu) {
    return uint32_t{dom} << 16 | vcpu;
}

} // namespace

class TestReader : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    QString put(const QString& name, const QByteArray& bytes) {
        const QString path = dir_.filePath(name);
        if (!test::writeFile(path, bytes))
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }
    QString put(const QString& name, const std::vector<uint8_t>& bytes) {
        return put(name, test::toBytes(bytes));
    }

private slots:
    void decode_data();
    void decode();
    void mergeOrdersByTscAcrossChunks();
    void equalTscKeepsFileOrder();
    void tscLessRecordsTakePreviousTsc();
    void damagedTscIsTimedAsTheRecordBefore_data();
    void damagedTscIsTimedAsTheRecordBefore();
    void spikedChunkStartKeepsTimeOrder_data();
    void spikedChunkStartKeepsTimeOrder();
    void pcpuFactsOfARead_data();
    void pcpuFactsOfARead();
    void wrapRecordsAreCountedNotTimed();
    void lostRecordsBecomeGaps();
    void ownersFollowSwitches();
    void badInput_data();
    void badInput();
    void unopenable_data();
    void unopenable();
    void zstdEqualsPlain();
    void corruptZstdKeepsWhatWasRead();
    void realCapture();
};

void TestReader::decode_data() {
    QTest::addColumn<uint32_t>("event");
    QTest::addColumn<bool>("withTsc");
    QTest::addColumn<QList<uint32_t>>("words");
    QTest::newRow("no payload, tsc") << 0x00081001u << true << QList<uint32_t>{};
    QTest::newRow("one word, tsc") << 0x00021011u << true << QList<uint32_t>{packed(14, 3)};
    QTest::newRow("seven words, tsc")
        << 0x0002220cu << true << QList<uint32_t>{1, 2, 3, 4, 5, 6, 7};
    QTest::newRow("two words, no tsc") << 0x00082004u << false << QList<uint32_t>{0xef, 1};
    QTest::newRow("old 2-word infprev") << 0x0002800eu << true << QList<uint32_t>{5, 1234567};
    QTest::newRow("new 3-word infprev") << 0x0002800eu << true << QList<uint32_t>{5, 2, 1234567};
    QTest::newRow("28-bit id") << 0x0fffffffu << true << QList<uint32_t>{0xdeadbeef};
}

void TestReader::decode() {
    QFETCH(uint32_t, event);
    QFETCH(bool, withTsc);
    QFETCH(QList<uint32_t>, words);
    const std::vector<uint32_t> w(words.begin(), words.end());
    const QString path =
        put(QStringLiteral("decode.xt"), build([&](TraceWriter& t) {
                t.record(3, 0x00081001, 1000, {});
                t.record(3, event,
                         withTsc ? std::optional<uint64_t>(0x1122334455ull) : std::nullopt, w);
            }));
    core::ReadStats stats;
    const auto seen = readAll(path, &stats);
    QCOMPARE(seen.size(), size_t{2});
    const auto& r = seen[1].record;
    QCOMPARE(r.event, event);
    QCOMPARE(r.hasTsc, withTsc);
    QCOMPARE(r.tsc, withTsc ? 0x1122334455ull : 1000ull);
    QCOMPARE(r.pcpu, uint16_t{3});
    QCOMPARE(size_t{r.nwords}, w.size());
    for (size_t i = 0; i < w.size(); ++i)
        QCOMPARE(r.words[i], w[i]);
    // 12-byte chunk header, then a 12-byte VMENTRY record before this one.
    QCOMPARE(r.offset, uint64_t{24});
    QCOMPARE(stats.records, uint64_t{2});
    QCOMPARE(stats.noTscRecords, uint64_t{withTsc ? 0u : 1u});
}

void TestReader::mergeOrdersByTscAcrossChunks() {
    // pCPU 1's chunk comes first in the file but holds later records in part:
    // the output must interleave both pCPUs by TSC.
    const QString path = put(QStringLiteral("merge.xt"), build([](TraceWriter& t) {
                                 for (uint64_t ts : {150u, 250u, 350u})
                                     t.record(1, 0x00081001, ts, {});
                                 t.flushChunk(1);
                                 for (uint64_t ts : {100u, 200u, 300u, 400u})
                                     t.record(0, 0x00081001, ts, {});
                                 t.flushChunk(0);
                                 for (uint64_t ts : {450u, 460u})
                                     t.record(1, 0x00081001, ts, {});
                                 t.flushChunk(1);
                                 t.record(0, 0x00081001, 455, {});
                             }));
    const auto seen = readAll(path);
    const std::vector<uint64_t> expected{100, 150, 200, 250, 300, 350, 400, 450, 455, 460};
    const std::vector<uint16_t> pcpus{0, 1, 0, 1, 0, 1, 0, 1, 0, 1};
    QCOMPARE(seen.size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
        QCOMPARE(seen[i].record.tsc, expected[i]);
        QCOMPARE(seen[i].record.pcpu, pcpus[i]);
    }
}

void TestReader::equalTscKeepsFileOrder() {
    const QString path = put(QStringLiteral("ties.xt"), build([](TraceWriter& t) {
                                 t.record(2, 0x00081001, 500, {2});
                                 t.flushChunk(2);
                                 t.record(0, 0x00081001, 500, {0});
                                 t.record(0, 0x00081001, 500, {1});
                                 t.flushChunk(0);
                             }));
    const auto seen = readAll(path);
    QCOMPARE(seen.size(), size_t{3});
    QCOMPARE(seen[0].record.words[0], 2u); // first in the file
    QCOMPARE(seen[1].record.words[0], 0u);
    QCOMPARE(seen[2].record.words[0], 1u);
}

void TestReader::tscLessRecordsTakePreviousTsc() {
    const QString path =
        put(QStringLiteral("notsc.xt"), build([](TraceWriter& t) {
                t.record(0, 0x00082004, std::nullopt, {1}); // before any TSC on pCPU 0
                t.record(0, 0x00081001, 1000, {});
                t.record(0, 0x00082004, std::nullopt, {2});
                t.flushChunk(0);
                t.record(1, 0x00081001, 1500, {});
                t.flushChunk(1);
                t.record(0, 0x00082004, std::nullopt, {3}); // chunk starts without TSC: still 1000
                t.record(0, 0x00081001, 2000, {});
                t.flushChunk(0);
            }));
    core::ReadStats stats;
    const auto seen = readAll(path, &stats);
    QCOMPARE(seen.size(), size_t{6});
    // The record before any TSC takes the pCPU's first TSC (documented choice).
    QCOMPARE(seen[0].record.tsc, 1000ull);
    QCOMPARE(seen[0].record.words[0], 1u);
    QCOMPARE(seen[1].record.tsc, 1000ull);
    QCOMPARE(seen[2].record.tsc, 1000ull);
    QCOMPARE(seen[2].record.words[0], 2u);
    QCOMPARE(seen[3].record.tsc, 1000ull);
    QCOMPARE(seen[3].record.words[0], 3u); // pCPU 0's second chunk sorts before pCPU 1's 1500
    QCOMPARE(seen[4].record.tsc, 1500ull);
    QCOMPARE(seen[5].record.tsc, 2000ull);
    QCOMPARE(stats.noTscRecords, 3ull);
    QCOMPARE(stats.tscRecords, 3ull);
}

// pCPU 0 writes the TSCs below, one record each (the word says which), in
// two chunks split after `chunkAfter` records; pCPU 1 one record at 2500.
// A TSC out of line with the records on both sides of it (tscline.h) is
// timed as the record before and reported at its own offset; a step back
// the next record keeps is time going back, reported where it happens.
void TestReader::damagedTscIsTimedAsTheRecordBefore_data() {
    QTest::addColumn<QList<quint64>>("tscs");
    QTest::addColumn<int>("chunkAfter");
    QTest::addColumn<QList<quint64>>("timed");
    QTest::addColumn<int>("outOfLine");
    QTest::addColumn<int>("wentBack");
    const quint64 far = quint64{1} << 62;
    QTest::newRow("spike") << QList<quint64>{1000, 2000, 2000 + far, 3000, 4000} << 5
                           << QList<quint64>{1000, 2000, 2000, 3000, 4000} << 1 << 0;
    QTest::newRow("spike ending a chunk") << QList<quint64>{1000, 2000, 2000 + far, 3000, 4000} << 3
                                          << QList<quint64>{1000, 2000, 2000, 3000, 4000} << 1 << 0;
    // The pCPU's first record: no record before it, so only a spike past the
    // next one is told, and it is timed as the next one.
    QTest::newRow("spike at the pCPU's first record")
        << QList<quint64>{1000 + far, 1000, 2000, 3000} << 4
        << QList<quint64>{1000, 1000, 2000, 3000} << 1 << 0;
    QTest::newRow("first record long before the next, kept")
        << QList<quint64>{1000, 1000 + (quint64{1} << 33), 2000 + (quint64{1} << 33)} << 3
        << QList<quint64>{1000, 1000 + (quint64{1} << 33), 2000 + (quint64{1} << 33)} << 0 << 0;
    QTest::newRow("dip") << QList<quint64>{1000, 2000, 500, 3000} << 4
                         << QList<quint64>{1000, 2000, 2000, 3000} << 1 << 0;
    QTest::newRow("dip at the last record")
        << QList<quint64>{1000, 2000, 500} << 3 << QList<quint64>{1000, 2000, 2000} << 1 << 0;
    QTest::newRow("time going back, kept") << QList<quint64>{1000, 2000, 1500, 1600} << 4
                                           << QList<quint64>{1000, 2000, 1500, 1600} << 0 << 1;
    // 2^31 cycles ahead is within a plain step: taken as it is, and the
    // record after it goes back.
    QTest::newRow("small jump, kept")
        << QList<quint64>{1000, 2000, 2000 + (quint64{1} << 31), 3000, 4000} << 5
        << QList<quint64>{1000, 2000, 2000 + (quint64{1} << 31), 3000, 4000} << 0 << 1;
}

void TestReader::damagedTscIsTimedAsTheRecordBefore() {
    QFETCH(QList<quint64>, tscs);
    QFETCH(int, chunkAfter);
    QFETCH(QList<quint64>, timed);
    QFETCH(int, outOfLine);
    QFETCH(int, wentBack);
    const QString path = put(QStringLiteral("damagedtsc.xt"), build([&](TraceWriter& t) {
                                 for (int i = 0; i < tscs.size(); ++i) {
                                     t.record(0, 0x00082004, tscs[i], {uint32_t(i)});
                                     if (i + 1 == chunkAfter)
                                         t.flushChunk(0);
                                 }
                                 t.flushChunk(0);
                                 t.record(1, 0x00082004, 2500, {99});
                             }));
    core::Diagnostics diags;
    const auto seen = readAll(path, nullptr, &diags);
    QList<quint64> got;
    for (const auto& s : seen)
        if (s.record.pcpu == 0) {
            QCOMPARE(s.record.words[0], uint32_t(got.size())); // in file order
            got.push_back(s.record.tsc);
        }
    QCOMPARE(got, timed);
    int lines = 0, back = 0;
    for (const auto& d : diags) {
        QCOMPARE(d.code, core::DiagCode::TimeWentBack);
        const bool line = d.message.find("out of line") != std::string::npos;
        lines += line ? 1 : 0;
        back += line ? 0 : 1;
    }
    QCOMPARE(lines, outOfLine);
    QCOMPARE(back, wentBack);

    // The split walk times them alike.
    core::Diagnostic error;
    auto reader = core::TraceReader::open(path.toStdString(), error);
    QVERIFY(reader);
    struct PerPcpu final : core::SplitSink {
        QList<quint64> tscs;
        bool onPcpuRecord(const core::Record& r, const core::Owner&) override {
            if (r.pcpu == 0)
                tscs.push_back(r.tsc);
            return false;
        }
        void onOrderedRecord(const core::Record&, const core::Owner&) override {}
    } split;
    reader->readSplit(split);
    QCOMPARE(split.tscs, timed);
}

void TestReader::spikedChunkStartKeepsTimeOrder_data() {
    QTest::addColumn<bool>("zstd");
    QTest::newRow("plain") << false;
    QTest::newRow("zstd") << true;
}

// A chunk whose first TSC is a spike is placed by the time its first record
// is given (the record before it), not by the spike: pCPU 1's records, in
// the file between pCPU 0's chunks, come after pCPU 0's second chunk starts.
void TestReader::spikedChunkStartKeepsTimeOrder() {
    QFETCH(bool, zstd);
    const quint64 far = quint64{1} << 62;
    const QString path =
        put(zstd ? QStringLiteral("spikedstart.xt.zst") : QStringLiteral("spikedstart.xt"),
            build(
                [&](TraceWriter& t) {
                    t.record(0, 0x00082004, 1000, {0});
                    t.record(0, 0x00082004, 2000, {1});
                    t.flushChunk(0);
                    t.record(1, 0x00082004, 2500, {10});
                    t.record(1, 0x00082004, 2600, {11});
                    t.flushChunk(1);
                    t.record(0, 0x00082004, 2100 + far, {2});
                    t.record(0, 0x00082004, 2200, {3});
                    t.record(0, 0x00082004, 3000, {4});
                    t.flushChunk(0);
                },
                zstd));
    // By hand: the spike is timed at 2000 (the record before it), and equal
    // times keep file order.
    const QList<quint64> tscs{1000, 2000, 2000, 2200, 2500, 2600, 3000};
    const QList<uint32_t> tags{0, 1, 2, 3, 10, 11, 4};

    QList<quint64> gotTscs;
    QList<uint32_t> gotTags;
    for (const auto& s : readAll(path)) {
        gotTscs.push_back(s.record.tsc);
        gotTags.push_back(s.record.words[0]);
    }
    QCOMPARE(gotTscs, tscs);
    QCOMPARE(gotTags, tags);

    // The split walks' time-ordered lane, alone and as a pair.
    struct Ordered final : core::SplitSink {
        QList<quint64> tscs;
        QList<uint32_t> tags;
        bool onPcpuRecord(const core::Record&, const core::Owner&) override { return true; }
        void onOrderedRecord(const core::Record& r, const core::Owner&) override {
            tscs.push_back(r.tsc);
            tags.push_back(r.words[0]);
        }
    };
    core::Diagnostic error;
    auto reader = core::TraceReader::open(path.toStdString(), error);
    QVERIFY(reader);
    Ordered alone;
    reader->readSplit(alone);
    QCOMPARE(alone.tscs, tscs);
    QCOMPARE(alone.tags, tags);
    Ordered first, second;
    reader->readSplitPair(first, second);
    QCOMPARE(first.tags, tags);
    QCOMPARE(second.tags, tags);
}

void TestReader::pcpuFactsOfARead_data() {
    // pCPU 0's TSCs (chunks of two); then a TSC-less record and a wrap
    // filler (counted, not timed). pCPU 1 writes one TSC-less record only;
    // pCPU 2 starts with a wrap filler whose TSC is before its records'.
    QTest::addColumn<QList<quint64>>("tscs");
    QTest::addColumn<quint64>("first");
    QTest::addColumn<quint64>("last");
    QTest::newRow("in order") << QList<quint64>{1000, 2000, 3000, 4000} << quint64{1000}
                              << quint64{4000};
    // Kept (not out of line: the records after it agree): the smallest TSC
    // is past the first record, the largest before the end.
    QTest::newRow("time going back below the first")
        << QList<quint64>{1000, 2000, 800, 900} << quint64{800} << quint64{2000};
    QTest::newRow("going back twice")
        << QList<quint64>{5000, 6000, 4000, 4500, 3000, 3100} << quint64{3000} << quint64{6000};
    // Out of line: timed as the record before, so neither end moves.
    QTest::newRow("dip") << QList<quint64>{1000, 2000, 500, 3000} << quint64{1000} << quint64{3000};
}

void TestReader::pcpuFactsOfARead() {
    QFETCH(QList<quint64>, tscs);
    QFETCH(quint64, first);
    QFETCH(quint64, last);
    const QString path = put(QStringLiteral("facts.xt"), build([&](TraceWriter& t) {
                                 t.record(1, 0x00082004, std::nullopt, {7});
                                 t.flushChunk(1);
                                 t.record(2, core::ev::WrapBuffer, 10, {});
                                 t.record(2, 0x00082004, 7000, {1});
                                 t.record(2, 0x00082004, 7100, {2});
                                 t.flushChunk(2);
                                 for (int i = 0; i < tscs.size(); ++i) {
                                     t.record(0, 0x00082004, tscs[i], {uint32_t(i)});
                                     if (i % 2 == 1)
                                         t.flushChunk(0);
                                 }
                                 t.record(0, 0x00082004, std::nullopt, {99});
                                 t.record(0, core::ev::WrapBuffer, 123456, {});
                             }));
    auto check = [&](const core::ReadStats& stats) {
        QCOMPARE(stats.pcpus.size(), size_t{3});
        const core::PcpuReadStats& p0 = stats.pcpus[0];
        QCOMPARE(p0.pcpu, uint16_t{0});
        QCOMPARE(p0.wrapRecords, uint64_t{1});
        QVERIFY(p0.hasTsc);
        QCOMPARE(p0.firstTsc, uint64_t{first});
        QCOMPARE(p0.lastTsc, uint64_t{last});
        const core::PcpuReadStats& p1 = stats.pcpus[1];
        QCOMPARE(p1.pcpu, uint16_t{1});
        QCOMPARE(p1.wrapRecords, uint64_t{0});
        QVERIFY(!p1.hasTsc);
        const core::PcpuReadStats& p2 = stats.pcpus[2];
        QCOMPARE(p2.pcpu, uint16_t{2});
        QCOMPARE(p2.wrapRecords, uint64_t{1});
        QVERIFY(p2.hasTsc);
        QCOMPARE(p2.firstTsc, uint64_t{7000});
        QCOMPARE(p2.lastTsc, uint64_t{7100});
    };
    core::ReadStats merged;
    readAll(path, &merged);
    check(merged);
    // The split walk, alone and as the first of two.
    core::Diagnostic error;
    auto reader = core::TraceReader::open(path.toStdString(), error);
    QVERIFY(reader);
    struct Nothing final : core::SplitSink {
        bool onPcpuRecord(const core::Record&, const core::Owner&) override { return false; }
        void onOrderedRecord(const core::Record&, const core::Owner&) override {}
    } a, b;
    check(reader->readSplit(a));
    check(reader->readSplitPair(a, b));
}

void TestReader::wrapRecordsAreCountedNotTimed() {
    const QString path =
        put(QStringLiteral("wrap.xt"), build([](TraceWriter& t) {
                t.record(0, 0x00081001, 1000, {});
                t.record(0, 0x0001f002, 999999, {0, 0, 0, 0, 0, 0, 0}); // filler with a bogus TSC
                t.record(0, 0x0001f002, std::nullopt, {0, 0});
                t.record(0, 0x00081001, 2000, {});
            }));
    core::ReadStats stats;
    const auto seen = readAll(path, &stats);
    QCOMPARE(seen.size(), size_t{4});
    QCOMPARE(stats.wrapRecords, 2ull);
    QCOMPARE(seen[1].record.tsc, 1000ull);
    QVERIFY(!seen[1].record.hasTsc);
    QCOMPARE(seen[3].record.tsc, 2000ull);
}

void TestReader::lostRecordsBecomeGaps() {
    const uint64_t firstLost = 0x100000123ull;
    const QString path =
        put(QStringLiteral("lost.xt"), build([&](TraceWriter& t) {
                t.record(5, 0x00081001, 0x100000000ull, {});
                t.record(5, 0x0001f001, 0x100000900ull,
                         {42, packed(7, 0) >> 16 | 3u << 16, static_cast<uint32_t>(firstLost),
                          static_cast<uint32_t>(firstLost >> 32)});
            }));
    core::ReadStats stats;
    const auto seen = readAll(path, &stats);
    QCOMPARE(stats.lost.size(), size_t{1});
    QCOMPARE(stats.lost[0].pcpu, uint16_t{5});
    QCOMPARE(stats.lost[0].fromTsc, firstLost);
    QCOMPARE(stats.lost[0].toTsc, 0x100000900ull);
    QCOMPARE(stats.lost[0].records, 42u);
    QCOMPARE(seen.size(), size_t{2});
}

void TestReader::ownersFollowSwitches() {
    const QString path = put(
        QStringLiteral("owners.xt"), build([](TraceWriter& t) {
            t.record(0, 0x00081002, 100, {1, 0}); // before the first switch: d3v1 (its outgoing)
            t.record(0, 0x0002800a, 200, {3, 1, 0, 2}); // d3v1 -> d0v2
            t.record(0, 0x00081001, 300, {});           // d0v2
            t.record(1, 0x00081001, 150, {});           // pCPU 1: no scheduling record at all
        }));
    const auto seen = readAll(path);
    QCOMPARE(seen.size(), size_t{4});
    QCOMPARE(seen[0].record.tsc, 100ull);
    QCOMPARE(seen[0].owner, (core::Owner{3, 1, true}));
    QCOMPARE(seen[1].record.pcpu, uint16_t{1});
    QVERIFY(!seen[1].owner.known);
    QCOMPARE(seen[2].owner,
             (core::Owner{3, 1, true})); // the switch record belongs to the outgoing vCPU
    QCOMPARE(seen[3].owner, (core::Owner{0, 2, true}));
}

void TestReader::badInput_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("code");
    QTest::addColumn<qulonglong>("offset");
    QTest::addColumn<int>("recordsKept");
    QTest::addColumn<bool>("fatal");

    const auto good = test::toBytes(build([](TraceWriter& t) {
        t.record(0, 0x00081001, 100, {});
        t.record(0, 0x00081001, 200, {7});
        t.flushChunk(0);
        t.record(1, 0x00081001, 150, {});
        t.flushChunk(1);
    })); // chunk 0: 12 + 12 + 16 = 40 bytes; chunk 1 at 40: 12 + 12 = 24 bytes

    QTest::newRow("empty file") << QByteArray() << int(core::DiagCode::Empty) << 0ull << 0 << true;
    QTest::newRow("truncated chunk")
        << good.left(40 + 12 + 6) << int(core::DiagCode::ChunkPastEof) << 40ull << 2 << false;
    QTest::newRow("truncated header")
        << good.left(40 + 7) << int(core::DiagCode::TruncatedRecord) << 40ull << 2 << false;
    QByteArray garbage =
        good.left(40) + QByteArray("\x11\x22\x33\x44\x55\x66\x77\x88", 8) + good.mid(40);
    QTest::newRow("garbage between chunks")
        << garbage << int(core::DiagCode::BadChunkHeader) << 40ull << 3 << false;
    QByteArray garbageHead = QByteArray(16, '\xab');
    QTest::newRow("garbage only") << garbageHead << int(core::DiagCode::BadChunkHeader) << 0ull << 0
                                  << true;
    QByteArray bigEndian = good;
    for (qsizetype i = 0; i + 4 <= bigEndian.size(); i += 4)
        std::reverse(bigEndian.begin() + i, bigEndian.begin() + i + 4);
    QTest::newRow("big-endian") << bigEndian << int(core::DiagCode::BigEndian) << 0ull << 0 << true;
    QByteArray overrun = good;
    // Chunk 0's second record claims 7 words: it runs past its 40-byte chunk.
    const uint32_t bad = 0x80081001u | 7u << 28;
    std::memcpy(overrun.data() + 24, &bad, 4);
    QTest::newRow("record past chunk end")
        << overrun << int(core::DiagCode::RecordPastChunk) << 24ull << 2 << false;
}

void TestReader::badInput() {
    QFETCH(QByteArray, bytes);
    QFETCH(int, code);
    QFETCH(qulonglong, offset);
    QFETCH(int, recordsKept);
    QFETCH(bool, fatal);
    const QString path = put(QStringLiteral("bad.xt"), bytes);
    core::Diagnostics diags;
    const auto seen = readAll(path, nullptr, &diags);
    QVERIFY2(!diags.empty(), "a damaged file must report a problem");
    const auto it = std::find_if(diags.begin(), diags.end(),
                                 [&](const core::Diagnostic& d) { return int(d.code) == code; });
    QVERIFY2(it != diags.end(),
             qPrintable(QStringLiteral("expected code %1, first was: %2")
                            .arg(code)
                            .arg(QString::fromStdString(diags.front().message))));
    QCOMPARE(qulonglong(it->offset), offset);
    QCOMPARE(it->fatal, fatal);
    QCOMPARE(int(seen.size()), recordsKept);
    // The message names the file and the offset when described.
    const auto text = core::describe(path.toStdString(), *it);
    QVERIFY(text.find(path.toStdString()) != std::string::npos);
    QVERIFY(text.find("byte " + std::to_string(offset)) != std::string::npos);
}

void TestReader::unopenable_data() {
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("message");
    QTest::newRow("directory") << dir_.path() << QStringLiteral("is a directory");
    QTest::newRow("missing") << dir_.filePath(QStringLiteral("nope.xt"))
                             << QStringLiteral("cannot open");
    QTest::newRow("device") << QStringLiteral("/dev/null") << QStringLiteral("not a regular file");
}

void TestReader::unopenable() {
    // (Unreadable permissions cannot be tested as root, which CI is; the
    // same open() error path reports them, with strerror's text.)
    QFETCH(QString, path);
    QFETCH(QString, message);
    bool opened = true;
    core::Diagnostics diags;
    const auto seen = readAll(path, nullptr, &diags, &opened);
    QVERIFY(!opened);
    QVERIFY(seen.empty());
    QCOMPARE(diags.size(), size_t{1});
    QVERIFY(diags[0].fatal);
    QCOMPARE(diags[0].code, core::DiagCode::CannotOpen);
    QVERIFY2(QString::fromStdString(diags[0].message).contains(message), diags[0].message.c_str());
}

void TestReader::zstdEqualsPlain() {
    auto fill = [](TraceWriter& t) {
        uint64_t ts = 1000;
        for (int round = 0; round < 50; ++round) {
            for (uint16_t p = 0; p < 4; ++p) {
                for (int i = 0; i < 20; ++i) {
                    ts += 7;
                    t.record(p, 0x00081001 + uint32_t(i % 3), ts + p,
                             {uint32_t(i), uint32_t(round)});
                    if (i % 5 == 0)
                        t.record(p, 0x00082004, std::nullopt, {uint32_t(i)});
                }
            }
            t.flushRound();
        }
    };
    const QString plain = put(QStringLiteral("same.xt"), build(fill));
    const QString packed = put(QStringLiteral("same.xt.zst"), build(fill, true));
    QVERIFY(QFileInfo(packed).size() < QFileInfo(plain).size());
    core::ReadStats a, b;
    const auto ra = readAll(plain, &a);
    const auto rb = readAll(packed, &b);
    QCOMPARE(ra.size(), size_t{50 * 4 * 24});
    QCOMPARE(rb.size(), ra.size());
    for (size_t i = 0; i < ra.size(); ++i) {
        QCOMPARE(rb[i].record.tsc, ra[i].record.tsc);
        QCOMPARE(rb[i].record.offset, ra[i].record.offset);
        QCOMPARE(rb[i].record.event, ra[i].record.event);
        QCOMPARE(rb[i].record.words, ra[i].record.words);
    }
    QCOMPARE(b.noTscRecords, a.noTscRecords);
    // A file named .zst is not trusted by name: a plain file called .zst reads as plain.
    const QString misnamed = put(QStringLiteral("plain-named.zst"), build(fill));
    QCOMPARE(readAll(misnamed).size(), ra.size());
}

void TestReader::corruptZstdKeepsWhatWasRead() {
    auto fill = [](TraceWriter& t) {
        uint64_t ts = 1;
        for (int round = 0; round < 400; ++round) {
            for (int i = 0; i < 100; ++i)
                t.record(0, 0x00081001, ts += 13, {uint32_t(i) * 2654435761u, uint32_t(round)});
            t.flushRound();
        }
    };
    QByteArray packed = test::toBytes(build(fill, true));
    const auto total = readAll(put(QStringLiteral("ok.zst"), packed)).size();
    QCOMPARE(total, size_t{40000});
    QByteArray damaged = packed;
    for (qsizetype i = damaged.size() / 2; i < damaged.size() / 2 + 64; ++i)
        damaged[i] = char(damaged[i] ^ 0x5a);
    core::Diagnostics diags;
    const auto seen = readAll(put(QStringLiteral("damaged.zst"), damaged), nullptr, &diags);
    QVERIFY(!diags.empty());
    QVERIFY(std::any_of(diags.begin(), diags.end(), [](const core::Diagnostic& d) {
        return d.code == core::DiagCode::CompressedData;
    }));
    QVERIFY2(seen.size() > 0 && seen.size() < total, qPrintable(QString::number(seen.size())));
    // Truncated compressed file: also an error, also partial.
    diags.clear();
    const auto cut = readAll(put(QStringLiteral("cut.zst"), packed.left(packed.size() * 2 / 3)),
                             nullptr, &diags);
    QVERIFY(!diags.empty());
    QVERIFY(cut.size() > 0 && cut.size() < total);
}

void TestReader::realCapture() {
    const QString path = test::realCapture();
    if (!QFileInfo::exists(path))
        QSKIP(qPrintable(
            QStringLiteral("the real capture is not there: %1 (shared/ missing)").arg(path)));
    core::ReadStats stats;
    core::Diagnostics diags;
    const auto seen = readAll(path, &stats, &diags);
    QVERIFY(diags.empty());
    QCOMPARE(stats.records, 180493ull);
    QCOMPARE(stats.tscRecords, 172945ull);
    QCOMPARE(stats.noTscRecords, 7548ull);
    QCOMPARE(stats.wrapRecords, 27ull);
    QVERIFY(stats.lost.empty());
    // Time order holds across the merged stream.
    for (size_t i = 1; i < seen.size(); ++i)
        QVERIFY(seen[i - 1].record.tsc <= seen[i].record.tsc);
}

QTEST_GUILESS_MAIN(TestReader)
#include "tst_reader.moc"
