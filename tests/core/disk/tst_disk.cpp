// The disk pipeline probes on hand-built record sequences. Every expected
// figure is worked out by hand (disk-io-events.md, metrics.md "Disk I/O",
// docs/disk.md) in the comments next to it, not copied from the output.

#include "core/analyses/analysispass.h"
#include "core/analyses/disksummary.h"
#include "core/probes/depthseries.h"
#include "core/probes/diskeventmap.h"

#include <QTest>

using namespace xenoscope::core;

namespace {

constexpr uint32_t Dev = 51712, Dev2 = 51728;

Record make(uint64_t tsc, uint16_t pcpu, uint32_t event, bool hasTsc,
            std::initializer_list<uint32_t> words) {
    Record r;
    r.tsc = tsc;
    r.pcpu = pcpu;
    r.event = event;
    r.hasTsc = hasTsc;
    r.nwords = static_cast<uint8_t>(words.size());
    std::copy(words.begin(), words.end(), r.words.begin());
    return r;
}

uint32_t blk(size_t k) {
    return ev::GuestClass | static_cast<uint32_t>(0x101 + k);
}

bool isFront(size_t k) {
    return k == 0 || k == 1 || k == 6 || k == 7;
}

struct Feed {
    std::vector<std::pair<Record, Owner>> records;

    // Record k of (dom, dev, req) at `tsc`: frontend ones without a TSC on
    // pCPU 1 where a vCPU of `dom` runs, backend ones with a TSC on pCPU 0 (dom0).
    Feed& disk(size_t k, uint64_t tsc, uint16_t dom, uint32_t dev, uint32_t req,
               uint16_t pcpu = 1) {
        if (isFront(k)) {
            Record r = k == 0 ? make(tsc, pcpu, blk(k), false, {dev, req, 4096, 0, 8, 1})
                              : make(tsc, pcpu, blk(k), false, {dev, req, 0});
            if (k != 6)
                r.nwords = k == 0 ? 6 : 2;
            records.push_back({r, Owner{dom, 0, true}});
        } else {
            Record r = k == 4 ? make(tsc, 0, blk(k), true, {dom, dev, req, 0})
                              : make(tsc, 0, blk(k), true, {dom, dev, req});
            records.push_back({r, Owner{0, 0, true}});
        }
        return *this;
    }
    // The eight records of a request at base + 100 k.
    Feed& chain(uint64_t base, uint16_t dom, uint32_t dev, uint32_t req, uint8_t present = 0xff) {
        for (size_t k = 0; k < DiskRecordCount; ++k)
            if ((unsigned{present} >> k) & 1u)
                disk(k, base + 100 * k, dom, dev, req);
        return *this;
    }
    // Any other record: sets the trace window.
    Feed& other(uint64_t tsc) {
        records.push_back({make(tsc, 2, 0x00015000, true, {}), Owner{}});
        return *this;
    }
    Feed& lost(uint64_t from, uint64_t to) {
        records.push_back(
            {make(to, 3, ev::LostRecords, true,
                  {5, 0, static_cast<uint32_t>(from), static_cast<uint32_t>(from >> 32)}),
             Owner{}});
        return *this;
    }
    Feed& raw(const Record& r, Owner o = {}) {
        records.push_back({r, o});
        return *this;
    }
    // The reader's order: by TSC, stable.
    AnalysisResults run(const DiskEventMap& map = DiskEventMap()) {
        std::stable_sort(records.begin(), records.end(),
                         [](const auto& a, const auto& b) { return a.first.tsc < b.first.tsc; });
        AnalysisPass pass({0, UINT64_MAX}, map);
        for (const auto& [r, o] : records)
            pass.dispatcher().onRecord(r, o);
        return pass.finish();
    }
};

DiskSummary whole(const AnalysisResults& r) {
    return summarizeDisk(r.disk, r.span.window);
}

} // namespace

class TestDisk : public QObject {
    Q_OBJECT
private slots:
    void completeChain() {
        // Records at 1000, 1100, ..., 1700; window [0, 2000].
        const auto r = Feed().other(0).chain(1000, 1, Dev, 7).other(2000).run();
        const DiskSummary s = whole(r);
        QVERIFY(s.instrumented);
        QCOMPARE(s.requests, uint64_t{1});
        QVERIFY(s.incomplete.empty());
        for (size_t k = 0; k < DiskStageCount; ++k) {
            QCOMPARE(s.stages[k].latency.count, uint64_t{1});
            QCOMPARE(s.stages[k].latency.p99, uint64_t{100});
            QCOMPARE(s.stages[k].depth.cycles, uint64_t{100});
            QCOMPARE(s.stages[k].avgDepth, 100.0 / 2000.0);
            QCOMPARE(s.stages[k].depth.max, 1u);
        }
        QCOMPARE(s.endToEnd.count, uint64_t{1});
        QCOMPARE(s.endToEnd.sum, uint64_t{700});
        QCOMPARE(s.devices.size(), size_t{1});
        QCOMPARE(s.devices[0].domain, uint16_t{1});
        QCOMPARE(s.devices[0].device, Dev);
        const DiskRequest& q = r.disk.requests.at(0);
        QCOMPARE(q.op, uint8_t{1});
        QCOMPARE(q.sector, uint64_t{4096});
        QCOMPARE(q.sectors, 8u);
        QCOMPARE(r.disk.tsc(q, 5), uint64_t{1500});
        QCOMPARE(q.until, uint64_t{1700});
    }

    void window() {
        // [1250, 1450]: samples that end inside: request ring (ends 1200)? no;
        // backend queue ends 1300, device 1400 -> 2 samples. Depth: guest
        // queue 0, request ring 0, backend queue [1250,1300) 50, device
        // [1300,1400) 100, backend completion [1400,1450) 50.
        const auto r = Feed().other(0).chain(1000, 1, Dev, 7).other(2000).run();
        const DiskSummary s = summarizeDisk(r.disk, {1250, 1450});
        const uint64_t count[] = {0, 0, 1, 1, 0, 0, 0};
        const uint64_t cycles[] = {0, 0, 50, 100, 50, 0, 0};
        for (size_t k = 0; k < DiskStageCount; ++k) {
            QCOMPARE(s.stages[k].latency.count, count[k]);
            QCOMPARE(s.stages[k].depth.cycles, cycles[k]);
        }
        QCOMPARE(s.endToEnd.count, uint64_t{0});
        QCOMPARE(s.requests, uint64_t{1});
    }

    void brokenChains_data() {
        QTest::addColumn<uint>("present");
        QTest::addColumn<bool>("lostGap");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QList<qulonglong>>("depthCycles");
        QTest::addColumn<QList<qulonglong>>("completed");
        // Record k at 1000 + 100 k, window [0, 5000]; the lost gap (when
        // there) is [1250, 1350] on another pCPU. A complete request of d2
        // at 2000 shows that every kind of record exists in the trace.
        QTest::newRow("complete") << 0xffu << false << QStringLiteral("complete")
                                  << QList<qulonglong>{100, 100, 100, 100, 100, 100, 100}
                                  << QList<qulonglong>{1, 1, 1, 1, 1, 1, 1};
        // No FRONT_DONE: in guest completion from 1600 to T1 = 5000.
        QTest::newRow("no front_done") << 0x7fu << false << QStringLiteral("trace_end")
                                       << QList<qulonglong>{100, 100, 100, 100, 100, 100, 3400}
                                       << QList<qulonglong>{1, 1, 1, 1, 1, 1, 0};
        // No FRONT_QUEUE: never in the guest queue.
        QTest::newRow("no front_queue") << 0xfeu << false << QStringLiteral("trace_start")
                                        << QList<qulonglong>{0, 100, 100, 100, 100, 100, 100}
                                        << QList<qulonglong>{0, 1, 1, 1, 1, 1, 1};
        // No BACK_SUBMIT: in the backend queue from BACK_RING (1200) to the
        // next record, BACK_DONE (1400); never in the device stage.
        QTest::newRow("no back_submit") << 0xf7u << false << QStringLiteral("missing_records")
                                        << QList<qulonglong>{100, 100, 200, 0, 100, 100, 100}
                                        << QList<qulonglong>{1, 1, 0, 0, 1, 1, 1};
        QTest::newRow("no back_submit, lost gap")
            << 0xf7u << true << QStringLiteral("lost_records")
            << QList<qulonglong>{100, 100, 200, 0, 100, 100, 100}
            << QList<qulonglong>{1, 1, 0, 0, 1, 1, 1};
        // Nothing after BACK_SUBMIT (1300): in the device stage until T1.
        QTest::newRow("nothing after back_submit, lost gap")
            << 0x0fu << true << QStringLiteral("lost_records")
            << QList<qulonglong>{100, 100, 100, 3700, 0, 0, 0}
            << QList<qulonglong>{1, 1, 1, 0, 0, 0, 0};
        // Only the backend's records: nothing at either end.
        QTest::newRow("backend only") << 0x3cu << false << QStringLiteral("missing_records")
                                      << QList<qulonglong>{0, 0, 100, 100, 100, 3500, 0}
                                      << QList<qulonglong>{0, 0, 1, 1, 1, 0, 0};
    }

    void brokenChains() {
        QFETCH(uint, present);
        QFETCH(bool, lostGap);
        QFETCH(QString, reason);
        QFETCH(QList<qulonglong>, depthCycles);
        QFETCH(QList<qulonglong>, completed);
        Feed f;
        f.other(0).chain(1000, 1, Dev, 9, static_cast<uint8_t>(present)).other(5000);
        f.chain(2000, 2, Dev, 9);
        if (lostGap)
            f.lost(1250, 1350);
        const auto r = f.run();
        const DiskSummary s = whole(r);
        QCOMPARE(s.requests, uint64_t{2});
        QCOMPARE(s.incomplete.size(), size_t{present == 0xff ? 0u : 1u});
        QCOMPARE(QString::fromLatin1(
                     DiskBreakNames[static_cast<size_t>(r.disk.requests.at(0).broken)].data()),
                 reason);
        const DiskDeviceSummary& d1 = s.devices.at(0);
        QCOMPARE(d1.domain, uint16_t{1});
        for (size_t k = 0; k < DiskStageCount; ++k) {
            QCOMPARE(d1.stages[k].depth.cycles, depthCycles[static_cast<qsizetype>(k)]);
            QCOMPARE(d1.stages[k].latency.count, completed[static_cast<qsizetype>(k)]);
            // Totals: plus d2's 100 cycles and one sample per stage.
            QCOMPARE(s.stages[k].depth.cycles, depthCycles[static_cast<qsizetype>(k)] + 100);
        }
        QCOMPARE(d1.endToEnd.count, uint64_t{present == 0xff ? 1u : 0u});
    }

    void idReused() {
        // A: FRONT_QUEUE..BACK_SUBMIT at 1000..1300, then the id starts again
        // at 2000 (a new FRONT_QUEUE) with a full chain 2000..2700. A leaves
        // the device stage when the reuse shows: [1300, 2000) = 700, plus
        // B's 100 -> 800; never two in the device stage: max 1.
        const auto r =
            Feed().other(0).chain(1000, 1, Dev, 5, 0x0f).chain(2000, 1, Dev, 5).other(3000).run();
        const DiskSummary s = whole(r);
        QCOMPARE(s.requests, uint64_t{2});
        QCOMPARE(s.incomplete.size(), size_t{1});
        QCOMPARE(s.incomplete[0].reason, DiskBreak::IdReused);
        QCOMPARE(s.incomplete[0].until, uint64_t{2000});
        QCOMPARE(s.stages[3].depth.cycles, uint64_t{800});
        QCOMPARE(s.stages[3].depth.max, 1u);
        QCOMPARE(s.stages[3].latency.count, uint64_t{1}); // only B's
        QCOMPARE(s.endToEnd.count, uint64_t{1});

        // The same backend record twice: the second starts a new request.
        // First: 0..2 at 1000..1200 (in the backend queue until 1500, when
        // the duplicate BACK_RING shows); second: BACK_RING at 1500 only,
        // in the backend queue until T1 = 3000.
        const auto d =
            Feed().other(0).chain(1000, 1, Dev, 6, 0x07).disk(2, 1500, 1, Dev, 6).other(3000).run();
        const DiskSummary ds = whole(d);
        QCOMPARE(ds.requests, uint64_t{2});
        QCOMPARE(ds.incompleteByReason[static_cast<size_t>(DiskBreak::IdReused)], uint64_t{1});
        QCOMPARE(ds.incompleteByReason[static_cast<size_t>(DiskBreak::MissingRecords)],
                 uint64_t{1});
        QCOMPARE(ds.stages[2].depth.cycles, uint64_t{300 + 1500});
    }

    void reorderedTscLess() {
        // FRONT_RESP carries its pCPU's previous TSC, 1500, earlier than
        // BACK_RESP (1550): it arrives first. Still one complete chain:
        // backend completion 1400 -> 1550 = 150; response ring 1550 -> 1500
        // is a zero-length stay (latency 0); guest completion 1500 -> 1700.
        Feed f;
        f.other(0);
        f.disk(0, 1000, 1, Dev, 3).disk(1, 1100, 1, Dev, 3).disk(2, 1200, 1, Dev, 3);
        f.disk(3, 1300, 1, Dev, 3).disk(4, 1400, 1, Dev, 3).disk(6, 1500, 1, Dev, 3);
        f.disk(5, 1550, 1, Dev, 3).disk(7, 1700, 1, Dev, 3).other(2000);
        const DiskSummary s = whole(f.run());
        QCOMPARE(s.requests, uint64_t{1});
        QVERIFY(s.incomplete.empty());
        QCOMPARE(s.stages[4].latency.sum, uint64_t{150});
        QCOMPARE(s.stages[5].latency.count, uint64_t{1});
        QCOMPARE(s.stages[5].latency.sum, uint64_t{0});
        QCOMPARE(s.stages[5].depth.cycles, uint64_t{0});
        QCOMPARE(s.stages[5].depth.max, 1u); // it was there, for no time
        QCOMPARE(s.stages[6].latency.sum, uint64_t{200});
        QCOMPARE(s.stages[6].depth.cycles, uint64_t{200});
        QCOMPARE(s.endToEnd.sum, uint64_t{700});

        // FRONT_RING (on pCPU 2, previous TSC 990) before FRONT_QUEUE (1000):
        // the same request, guest queue latency 0.
        Feed g;
        g.other(0).disk(1, 990, 1, Dev, 4, 2).disk(0, 1000, 1, Dev, 4);
        for (size_t k = 2; k < DiskRecordCount; ++k)
            g.disk(k, 1000 + 100 * k, 1, Dev, 4);
        g.other(2000);
        const DiskSummary gs = whole(g.run());
        QCOMPARE(gs.requests, uint64_t{1});
        QVERIFY(gs.incomplete.empty());
        QCOMPARE(gs.stages[0].latency.sum, uint64_t{0});
        // Request ring: BACK_RING 1200 - FRONT_RING 990.
        QCOMPARE(gs.stages[1].latency.sum, uint64_t{210});
    }

    void severalDomainsAndDevices() {
        // Three requests with the same id 1 at once: d1/Dev at 1000,
        // d2/Dev at 1050 (frontend on pCPU 4 where d2 runs), d1/Dev2 at
        // 1020. Each is its own complete chain.
        Feed f;
        f.other(0);
        for (size_t k = 0; k < DiskRecordCount; ++k) {
            f.disk(k, 1000 + 100 * k, 1, Dev, 1, 1);
            f.disk(k, 1050 + 100 * k, 2, Dev, 1, 4);
            f.disk(k, 1020 + 100 * k, 1, Dev2, 1, 1);
        }
        f.other(3000);
        const auto r = f.run();
        const DiskSummary s = whole(r);
        QCOMPARE(s.requests, uint64_t{3});
        QVERIFY(s.incomplete.empty());
        QCOMPARE(s.devices.size(), size_t{3});
        QCOMPARE(s.devices[0].domain, uint16_t{1});
        QCOMPARE(s.devices[0].device, Dev);
        QCOMPARE(s.devices[1].device, Dev2);
        QCOMPARE(s.devices[2].domain, uint16_t{2});
        for (const auto& d : s.devices) {
            QCOMPARE(d.requests, uint64_t{1});
            QCOMPARE(d.endToEnd.sum, uint64_t{700});
            QCOMPARE(d.stages[3].depth.max, 1u);
        }
        // All three overlap in every stage: [1050, 1100) holds all three.
        QCOMPARE(s.stages[0].depth.max, 3u);
        QCOMPARE(s.stages[0].depth.cycles, uint64_t{300});
        QCOMPARE(s.endToEnd.count, uint64_t{3});
    }

    void sameTscOrder() {
        // A leaves the device stage (BACK_DONE at 1400) in the same TSC as B
        // enters it (BACK_SUBMIT at 1400), B's record first: for that
        // instant both are there (max 2), for no time (cycles 100 + 100).
        Feed f;
        f.other(0).chain(1000, 1, Dev, 1, 0x0f); // A: 0..3, BACK_SUBMIT at 1300
        f.disk(3, 1400, 1, Dev, 2);              // B enters
        f.disk(4, 1400, 1, Dev, 1);              // A leaves
        f.disk(4, 1500, 1, Dev, 2).other(2000);
        const DiskSummary s = whole(f.run());
        QCOMPARE(s.stages[3].depth.max, 2u);
        QCOMPARE(s.stages[3].depth.cycles, uint64_t{200});
    }

    void absentKind() {
        // No trace record is a BACK_SUBMIT (kernel without that event), and a
        // lost gap lies where it would be: the kind's absence wins.
        Feed f;
        f.other(0).chain(1000, 1, Dev, 1, 0xf7).chain(2000, 1, Dev, 2, 0xf7).lost(1250, 1350);
        const DiskSummary s = whole(f.other(3000).run());
        QCOMPARE(s.incompleteByReason[static_cast<size_t>(DiskBreak::MissingRecords)], uint64_t{2});
        QCOMPARE(s.stages[2].latency.count, uint64_t{0});
        QCOMPARE(s.stages[2].depth.cycles, uint64_t{400}); // 1200..1400 and 2200..2400
    }

    void unattributed() {
        // A frontend record on a pCPU nobody is known to run on.
        Feed f;
        f.other(0).raw(make(100, 5, blk(1), false, {Dev, 9}), Owner{}).other(200);
        const auto r = f.run();
        QCOMPARE(r.disk.unattributed.size(), size_t{1});
        QCOMPARE(r.disk.unattributed[0].record, uint8_t{1});
        QVERIFY(r.disk.requests.empty());
        QCOMPARE(whole(r).unattributed, uint64_t{1});
        // Too few words to name a request.
        Feed m;
        m.raw(make(100, 0, blk(2), true, {1, Dev}), Owner{0, 0, true}).other(200);
        QCOMPARE(m.run().disk.malformed, uint64_t{1});
    }

    void mappingFile_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << QString() << true << 0 << QString();
        QTest::newRow("all keys")
            << QStringLiteral("# my kernel\nfront_queue = 0x0800f201\nfront_ring=0x0800f202\n"
                              "back_ring = 0x0800f203  # backend\nback_submit = 134279684\n"
                              "back_done = 0x0800f205\nback_resp = 0x0800f206\n"
                              "front_resp = 0x0800f207\nfront_done = 0x0800f208\n"
                              "grant_map = 0x0010f011\ngrant_unmap = 0x0010f012\n")
            << true << 0 << QString();
        QTest::newRow("unknown key") << QStringLiteral("front_queue = 0x0800f201\nfront_qeue = 1\n")
                                     << false << 2 << QStringLiteral("unknown key 'front_qeue'");
        QTest::newRow("bad id") << QStringLiteral("\n\nback_ring = 0x0800zz03\n") << false << 3
                                << QStringLiteral("bad event id '0x0800zz03'");
        QTest::newRow("id too wide") << QStringLiteral("back_ring = 0x1800f103\n") << false << 1
                                     << QStringLiteral("bad event id");
        QTest::newRow("no equals") << QStringLiteral("front_queue 0x0800f101\n") << false << 1
                                   << QStringLiteral("expected 'key = id'");
        QTest::newRow("same id twice")
            << QStringLiteral("front_queue = 0x0800f102\n") << false << 1
            << QStringLiteral("front_queue and front_ring both use 0x800f102");
        QTest::newRow("key twice") << QStringLiteral("front_done = 1\nfront_done = 2\n") << false
                                   << 2 << QStringLiteral("already set on line 1");
    }

    void mappingFile() {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        QFETCH(int, line);
        QFETCH(QString, message);
        std::vector<DiskEventMap::Problem> problems;
        const auto map = DiskEventMap::parse(text.toStdString(), problems);
        QCOMPARE(map.has_value(), ok);
        if (ok) {
            QVERIFY(problems.empty());
            return;
        }
        QVERIFY(!problems.empty());
        QCOMPARE(problems[0].line, static_cast<size_t>(line));
        QVERIFY2(QString::fromStdString(problems[0].message).contains(message),
                 problems[0].message.c_str());
    }

    void mappedIds() {
        // Stage records at 0x0800f201.. instead: the spec's ids are then
        // ignored, the mapped ones form the chain.
        std::vector<DiskEventMap::Problem> problems;
        std::string text;
        for (size_t k = 0; k < DiskRecordCount; ++k)
            text += std::string(DiskRecordNames[k]) + " = " + std::to_string(0x0800f201 + k) + "\n";
        const auto map = DiskEventMap::parse(text, problems);
        QVERIFY(map);
        QCOMPARE(map->records[3], 0x0800f204u);
        Feed f;
        f.other(0).chain(1000, 1, Dev, 1).other(3000);
        for (auto& [r, o] : f.records)
            if ((r.event & 0x0ffff000) == ev::GuestClass)
                r.event += 0x100;
        f.chain(1500, 2, Dev, 1); // spec ids: not disk records any more
        const DiskSummary s = whole(f.run(*map));
        QCOMPARE(s.requests, uint64_t{1});
        QCOMPARE(s.devices.at(0).domain, uint16_t{1});
        QCOMPARE(s.endToEnd.sum, uint64_t{700});
    }

    void grantFallback() {
        // d1: map 100, map 200, unmap 400, unmap 700, unmap 800 (none left:
        // unmatched). In flight 1 on [100,200), 2 on [200,400), 1 on
        // [400,700): 100 + 400 + 300 = 800 cycles over [0, 1000] -> 0.8, max 2.
        // d2: map 500, never unmapped: 1 on [500, 1000] -> 500 cycles.
        Feed f;
        f.other(0);
        for (const uint64_t t : {100u, 200u})
            f.raw(make(t, 0, ev::GrantMap, true, {1}));
        for (const uint64_t t : {400u, 700u, 800u})
            f.raw(make(t, 0, ev::GrantUnmap, true, {1}));
        f.raw(make(500, 1, ev::GrantMap, true, {2}));
        f.other(1000);
        const auto r = f.run();
        const DiskSummary s = whole(r);
        QVERIFY(!s.instrumented);
        QCOMPARE(s.grants.size(), size_t{2});
        QCOMPARE(s.grants[0].domain, uint16_t{1});
        QCOMPARE(s.grants[0].maps, uint64_t{2});
        QCOMPARE(s.grants[0].unmaps, uint64_t{2});
        QCOMPARE(s.grants[0].unmatchedUnmaps, uint64_t{1});
        QCOMPARE(s.grants[0].inFlight.cycles, uint64_t{800});
        QCOMPARE(s.grants[0].avgInFlight, 0.8);
        QCOMPARE(s.grants[0].inFlight.max, 2u);
        QCOMPARE(s.grants[1].inFlight.cycles, uint64_t{500});
        QCOMPARE(s.grants[1].inFlight.max, 1u);
        // Over [300, 600]: d1 at 2 until 400, then 1: 200 + 200 = 400; one unmap.
        const DiskSummary w = summarizeDisk(r.disk, {300, 600});
        QCOMPARE(w.grants[0].inFlight.cycles, uint64_t{400});
        QCOMPARE(w.grants[0].maps, uint64_t{0});
        QCOMPARE(w.grants[0].unmaps, uint64_t{1});
        QCOMPARE(w.grants[0].inFlight.min, 1u);
    }

    void depthBuckets() {
        // 0 until 10, 2 on [10, 30), 1 on [30, 50), 0 after; buckets of 20
        // over [0, 60]: [0,20): 0..2, 20 cycles; [20,40): 1..2, 20 + 10 = 30;
        // [40,60]: 0..1, 10.
        DepthSeries d;
        d.points = {{10, 1, 1}, {10, 2, 2}, {30, 1, 3}, {50, 0, 4}};
        const auto b = d.buckets({0, 60}, 20);
        QCOMPARE(b.size(), size_t{3});
        QCOMPARE(b[0].stats.cycles, uint64_t{20});
        QCOMPARE(b[0].stats.min, 0u);
        QCOMPARE(b[0].stats.max, 2u);
        QCOMPARE(b[1].stats.cycles, uint64_t{30});
        QCOMPARE(b[1].stats.min, 1u);
        QCOMPARE(b[1].stats.max, 2u);
        QCOMPARE(b[2].stats.cycles, uint64_t{10});
        QCOMPARE(b[2].stats.min, 0u);
        QCOMPARE(b[2].stats.max, 1u);
        QCOMPARE(b[1].stats.average(b[1].bucket), 1.5);
        QCOMPARE(d.depthBefore(10), 0u);
        QCOMPARE(d.depthBefore(11), 2u);
        // Plus a series at 1 on [10, 40) whose change at 10 ranks first
        // (order 0): 1, 2, 3 at TSC 10 (max 3); cycles 60 (d) + 30 (e).
        DepthSeries e;
        e.points = {{10, 1, 0}, {40, 0, 5}};
        const DepthSeries s = DepthSeries::sum({&d, &e});
        QCOMPARE(s.over({0, 60}).max, 3u);
        QCOMPARE(s.over({0, 60}).cycles, uint64_t{60 + 30});
    }
};

QTEST_GUILESS_MAIN(TestDisk)
#include "tst_disk.moc"
