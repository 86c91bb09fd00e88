// Probe framework and core probes on hand-built record sequences. Every
// expected figure is worked out by hand from shared/spec/metrics.md in the
// comments next to it, not copied from the code's output.

#include "core/analyses/analysispass.h"
#include "core/analyses/hypervisorsummary.h"
#include "core/analyses/runstatesummary.h"
#include "core/analyses/slacheck.h"
#include "core/analyses/tracesummary.h"
#include "core/analyses/utilization.h"
#include "core/probes/hypercallcountprobe.h"
#include "core/probes/probedispatcher.h"
#include "core/probes/schedparamsprobe.h"

#include <QTest>

using namespace xenoscope::core;

namespace {

constexpr uint32_t R = 0, RB = 1, BL = 2; // Xen runstate codes
constexpr uint16_t D = 1;                 // the test domain

uint32_t rsc(uint32_t from, uint32_t to) {
    return ev::RunstateChangeBase | from << 8 | to << 4;
}
uint32_t packed(uint16_t dom, uint16_t vcpu) {
    return uint32_t{dom} << 16 | vcpu;
}

Record rec(uint64_t tsc, uint16_t pcpu, uint32_t event, std::initializer_list<uint32_t> words) {
    Record r;
    r.tsc = tsc;
    r.pcpu = pcpu;
    r.event = event;
    r.hasTsc = true;
    r.nwords = static_cast<uint8_t>(words.size());
    std::copy(words.begin(), words.end(), r.words.begin());
    return r;
}

Owner who(uint16_t dom, uint16_t vcpu) {
    return {dom, vcpu, true};
}

// Feeds (record, owner) pairs and closes the pass.
AnalysisResults feed(const std::vector<std::pair<Record, Owner>>& records) {
    AnalysisPass pass;
    for (const auto& [r, o] : records)
        pass.dispatcher().onRecord(r, o);
    return pass.finish();
}

const VcpuRunstateSummary& vcpuOf(const RunstateSummary& s, uint16_t dom, uint16_t vcpu) {
    const auto* v = s.find(dom, vcpu);
    if (!v)
        qFatal("vCPU d%uv%u missing", dom, vcpu);
    return *v;
}

// A counting probe for the dispatcher tests.
class CountingProbe final : public Probe {
public:
    uint64_t exact = 0, cls = 0, all = 0;
    void attach(ProbeDispatcher& d) override {
        d.on<&CountingProbe::onExact>(ev::SchedSwitch, this);
        d.onMatching<&CountingProbe::onClass>(ev::ClassMask, 0x00080000, this); // HVM
        d.onAll<&CountingProbe::onAny>(this);
    }
    void onExact(const Record&, const Owner&) { ++exact; }
    void onClass(const Record&, const Owner&) { ++cls; }
    void onAny(const Record&, const Owner&) { ++all; }
};

} // namespace

class TestProbes : public QObject {
    Q_OBJECT
private slots:
    // credit2 CREDIT_BURN { unit, dom; credit, budget, delta }: budget INT_MIN
    // means no cap. RTDS BUDGET_REPLENISH { unit, dom; priority; deadline,
    // budget (64-bit ns) }, BUDGET_BURN { unit, dom; budget (64); delta,
    // priority, extratime }. Records come per pCPU, so out of time order.
    void schedParamsFromTheScheduler() {
        constexpr uint32_t NoCap = 0x80000000; // INT32_MIN
        constexpr uint64_t Ms = 1'000'000;     // ns
        const auto lo = [](uint64_t v) { return static_cast<uint32_t>(v); };
        const auto hi = [](uint64_t v) { return static_cast<uint32_t>(v >> 32); };
        const auto repl = [&](uint64_t tsc, uint16_t pcpu, uint16_t dom, uint16_t vcpu,
                              uint64_t deadline, uint64_t budget) {
            return std::pair{
                rec(tsc, pcpu, SchedParamsProbe::RtdsBudgetReplenish,
                    {packed(dom, vcpu), 0, lo(deadline), hi(deadline), lo(budget), hi(budget)}),
                who(dom, vcpu)};
        };
        const auto burn2 = [&](uint64_t tsc, uint16_t pcpu, uint16_t dom, uint32_t budget) {
            return std::pair{rec(tsc, pcpu, SchedParamsProbe::Credit2CreditBurn,
                                 {packed(dom, 0), 500, budget, 7}),
                             who(dom, 0)};
        };
        const auto r = feed({
            burn2(100, 0, 1, NoCap),
            burn2(110, 1, 1, NoCap),
            burn2(120, 0, 2, 4000),
            burn2(130, 1, 2, NoCap),
            {rec(140, 0, SchedParamsProbe::Credit2CreditBurn, {packed(1, 0), 500}), who(1, 0)},
            // d3v0: deadlines 30, 10, 20 and 50 ms (40 skipped: replenished late).
            repl(200, 1, 3, 0, 30 * Ms, 2 * Ms),
            repl(210, 0, 3, 0, 10 * Ms, 2 * Ms),
            repl(220, 0, 3, 0, 20 * Ms, 2 * Ms),
            repl(230, 1, 3, 0, 50 * Ms, 2 * Ms),
            // d3v1: one replenishment (no period), then a burn with extratime.
            repl(240, 1, 3, 1, 7 * Ms, 3 * Ms),
            {rec(250, 1, SchedParamsProbe::RtdsBudgetBurn,
                 {packed(3, 1), lo(2 * Ms), hi(2 * Ms), 1000, 0, 1}),
             who(3, 1)},
            // d4v0: the budget changes from 1 to 4 ms; the later deadline's wins.
            repl(260, 0, 4, 0, 80 * Ms, 4 * Ms),
            repl(270, 1, 4, 0, 60 * Ms, 1 * Ms),
        });
        const SchedParams& p = r.schedParams;
        QCOMPARE(p.credit2.size(), size_t{2});
        QCOMPARE(p.credit2[0].domain, uint16_t{1});
        QCOMPARE(p.credit2[0].burns, uint64_t{2}); // the short record is not one
        QCOMPARE(p.credit2[0].cappedBurns, uint64_t{0});
        QVERIFY(!p.credit2[0].capped());
        QCOMPARE(p.credit2[1].domain, uint16_t{2});
        QCOMPARE(p.credit2[1].burns, uint64_t{2});
        QCOMPARE(p.credit2[1].cappedBurns, uint64_t{1});
        QVERIFY(p.credit2[1].capped());

        QCOMPARE(p.rtds.size(), size_t{3});
        const RtdsVcpuParams& v0 = p.rtds[0];
        QCOMPARE(v0.domain, uint16_t{3});
        QCOMPARE(v0.vcpu, uint16_t{0});
        QCOMPARE(v0.replenishments, uint64_t{4});
        QCOMPARE(v0.budgetNs, 2 * Ms);
        QCOMPARE(v0.periodNs, 10 * Ms);
        QVERIFY(!v0.budgetChanged);
        QVERIFY(!v0.extratime);
        const RtdsVcpuParams& v1 = p.rtds[1];
        QCOMPARE(v1.vcpu, uint16_t{1});
        QCOMPARE(v1.periodNs, uint64_t{0});
        QCOMPARE(v1.budgetNs, 3 * Ms);
        QCOMPARE(v1.burns, uint64_t{1});
        QVERIFY(v1.extratime);
        const RtdsVcpuParams& d4 = p.rtds[2];
        QCOMPARE(d4.domain, uint16_t{4});
        QCOMPARE(d4.periodNs, 20 * Ms);
        QCOMPARE(d4.budgetNs, 4 * Ms);
        QVERIFY(d4.budgetChanged);

        // The SLA the trace implies: d3 reserves 2/10 of a pCPU (v1 has no
        // period), d4 4/20; both capped there (no extratime among the vCPUs
        // counted). Two pCPUs wrote records: shares of the host are halved.
        const auto traced = slaFromTrace(p);
        QVERIFY(traced);
        QVERIFY(traced->fromTrace);
        QCOMPARE(traced->domains.size(), size_t{2});
        const UtilizationAnalysis ua(r.runstates, r.occupancy);
        QCOMPARE(ua.pcpuCount(), size_t{2});
        const SlaReport sla = checkSla(*traced, ua, r.span.window, 0, &p);
        QVERIFY(sla.fromTrace);
        QCOMPARE(sla.domains.size(), size_t{2});
        QCOMPARE(sla.domains[0].domain, uint16_t{3});
        QCOMPARE(sla.domains[0].reservedPcpus, 0.2);
        QCOMPARE(sla.domains[0].entitlement, 0.1);
        QCOMPARE(sla.domains[0].capShare, 0.1);
        QVERIFY(!sla.domains[0].traceCapped);
        QCOMPARE(sla.domains[1].entitlement, 0.1);

        // A file that caps d1 and not d2 contradicts what credit2 recorded.
        SlaConfig file;
        file.domains.resize(2);
        file.domains[0].domain = 1;
        file.domains[0].capPercent = 50;
        file.domains[1].domain = 2;
        const SlaReport checked = checkSla(file, ua, r.span.window, 0, &p);
        QVERIFY(!checked.fromTrace);
        QCOMPARE(checked.domains[0].traceCapped, std::optional<bool>(false));
        QVERIFY(checked.domains[0].capMismatch);
        QCOMPARE(checked.domains[1].traceCapped, std::optional<bool>(true));
        QVERIFY(checked.domains[1].capMismatch);
    }

    void dispatcherRoutesByIdAndClass() {
        ProbeDispatcher d;
        CountingProbe p;
        d.add(p);
        d.onRecord(rec(10, 0, ev::SchedSwitch, {0, 0, 1, 0}), {});
        d.onRecord(rec(20, 0, ev::HvmVmentry, {}), {});
        d.onRecord(rec(30, 1, ev::HvmVmexit64, {1, 0, 0}), {});
        d.onRecord(rec(40, 1, 0x0010f001, {1}), {});
        d.onRecord(rec(40, 1, ev::WrapBuffer, {}), {}); // filler: nobody sees it
        const TraceSpan& span = d.finish();
        QCOMPARE(p.exact, 1u);
        QCOMPARE(p.cls, 2u);
        QCOMPARE(p.all, 4u);
        QCOMPARE(span.window, (TimeWindow{10, 40}));
        QCOMPARE(span.pcpus, (std::vector<uint16_t>{0, 1}));
    }

    // The whole trace's event statistics come from the dispatcher's own
    // counts, a window's from the probe's: both alike, however the records
    // are fed (one time-ordered stream, the per-pCPU lane, or the two walks
    // of two threads, where each walk sees every record).
    void eventStatistics_data() {
        QTest::addColumn<int>("feeding");
        QTest::newRow("time-ordered stream") << 0;
        QTest::newRow("per-pCPU lane") << 1;
        QTest::newRow("two walks") << 2;
    }
    void eventStatistics() {
        QFETCH(int, feeding);
        const std::vector<std::pair<Record, Owner>> records = {
            {rec(10, 0, ev::SchedSwitch, {0, 0, 1, 0}), who(1, 0)},
            {rec(20, 0, ev::HvmVmexit64, {1, 0, 0}), who(1, 0)},
            {rec(25, 0, ev::WrapBuffer, {}), who(1, 0)}, // filler: not an event
            {rec(30, 0, ev::HvmVmentry, {}), who(1, 0)},
            {rec(40, 2, ev::HvmVmexit64, {1, 0, 0}), who(7, 1)},
            {rec(50, 2, ev::HvmVmentry, {}), who(7, 1)},
            {rec(60, 2, ev::PvHypercallV2, {3}), {}},
            {rec(70, 0, ev::HvmVmexit64, {1, 0, 0}), who(1, 0)},
        };
        AnalysisPass pass({0, UINT64_MAX});
        AnalysisPass window({30, 60}); // the records at 30, 40, 50 and 60
        for (AnalysisPass* p : {&pass, &window}) {
            ProbeDispatcher& d = p->dispatcher();
            if (feeding == 2)
                d.splitWalks();
            for (const auto& [r, o] : records) {
                if (feeding == 0) {
                    d.onRecord(r, o);
                } else if (feeding == 1) {
                    if (d.onPcpuRecord(r, o))
                        d.onOrderedRecord(r, o);
                } else {
                    d.pcpuWalk().onPcpuRecord(r, o);
                    if (d.restWalk().onPcpuRecord(r, o))
                        d.restWalk().onOrderedRecord(r, o);
                }
            }
        }
        using Counts = std::vector<std::pair<uint32_t, uint64_t>>;
        using Places = std::vector<std::pair<uint16_t, uint64_t>>;
        // Seven events (the filler is none): HVM class 0x008 has five
        // (three exits, two entries), scheduling (0x002) one, PV (0x020) one.
        const EventStats all = pass.finish().events;
        QCOMPARE(all.window, (TimeWindow{10, 70}));
        QCOMPARE(all.total, 7u);
        QCOMPARE(all.byId, (Counts{{ev::SchedSwitch, 1},
                                   {ev::HvmVmentry, 2},
                                   {ev::HvmVmexit64, 3},
                                   {ev::PvHypercallV2, 1}}));
        QCOMPARE(all.byClass, (Counts{{0x002, 1}, {0x008, 5}, {0x020, 1}}));
        QCOMPARE(all.byDomain, (Places{{1, 4}, {7, 2}}));
        QCOMPARE(all.unknownDomain, 1u);
        QCOMPARE(all.byPcpu, (Places{{0, 4}, {2, 3}}));

        const EventStats w = window.finish().events;
        QCOMPARE(w.window, (TimeWindow{30, 60}));
        QCOMPARE(w.total, 4u);
        QCOMPARE(w.byId,
                 (Counts{{ev::HvmVmentry, 2}, {ev::HvmVmexit64, 1}, {ev::PvHypercallV2, 1}}));
        QCOMPARE(w.byDomain, (Places{{1, 1}, {7, 2}}));
        QCOMPARE(w.unknownDomain, 1u);
        QCOMPARE(w.byPcpu, (Places{{0, 1}, {2, 3}}));
    }

    void exampleProbeCountsHypercallsPerDomain() {
        ProbeDispatcher d;
        HypercallCountProbe p;
        d.add(p);
        d.onRecord(rec(1, 0, ev::PvHypercallV2, {3}), who(0, 0));
        d.onRecord(rec(2, 0, ev::PvHypercallV2, {3}), who(0, 1));
        d.onRecord(rec(3, 1, ev::PvHypercallV2, {3}), who(5, 0));
        d.onRecord(rec(4, 1, ev::PvHypercallV2, {3}), {}); // nobody known: not attributable
        d.finish();
        QCOMPARE(p.result(), (HypercallCountProbe::Result{{0, 2}, {5, 1}}));
    }

    // d1v0: first record at 100 (runnable->running), blocks at 300, wakes at
    // 700, runs at 750; another pCPU's record at 1000 makes T1 = 1000.
    void runstatesBasic() {
        const auto r = feed({{rec(100, 0, rsc(RB, R), {packed(D, 0)}), {}},
                             {rec(300, 0, rsc(R, BL), {packed(D, 0)}), {}},
                             {rec(700, 1, rsc(BL, RB), {packed(D, 0)}), {}},
                             {rec(750, 0, rsc(RB, R), {packed(D, 0)}), {}},
                             {rec(1000, 1, ev::SchedWake, {9, 9}), {}}});
        QCOMPARE(r.span.window, (TimeWindow{100, 1000}));
        const auto s = summarizeRunstates(r.runstates, r.span.window);
        const auto& v = vcpuOf(s, D, 0);
        QCOMPARE(v.in(VcpuState::Running), 200u + 250u); // [100,300) + [750,1000]
        QCOMPARE(v.stays(VcpuState::Running), 2u);       // the open one included
        QCOMPARE(v.in(VcpuState::Blocked), 400u);
        QCOMPARE(v.in(VcpuState::Runnable), 50u);
        QCOMPARE(v.stays(VcpuState::Runnable), 1u);
        QCOMPARE(s.inconsistencies, 0u);
        // One wake sample of 50 cycles on pCPU 0; none for the first record.
        QCOMPARE(r.latency.samples.size(), size_t{1});
        QCOMPARE(r.latency.samples[0].cycles, 50u);
        QCOMPARE(r.latency.samples[0].kind, LatencyKind::Wake);
        QCOMPARE(r.latency.samples[0].pcpu, uint16_t{0});

        // Window [200, 720]: running 100 (1 stay), blocked 400, runnable 20;
        // the running stay from 750 is outside.
        const auto w = summarizeRunstates(r.runstates, {200, 720});
        const auto& c = vcpuOf(w, D, 0);
        QCOMPARE(c.in(VcpuState::Running), 100u);
        QCOMPARE(c.stays(VcpuState::Running), 1u);
        QCOMPARE(c.in(VcpuState::Blocked), 400u);
        QCOMPARE(c.in(VcpuState::Runnable), 20u);
        QCOMPARE(c.stays(VcpuState::Runnable), 1u);
    }

    // CONTINUE_RUNNING first makes the state known; a second one starts no
    // new stay; running->runnable->running is a preempt sample.
    void continueRunning() {
        const auto r = feed({{rec(100, 0, ev::ContinueRunning, {packed(D, 0)}), {}},
                             {rec(200, 0, ev::ContinueRunning, {packed(D, 0)}), {}},
                             {rec(300, 0, rsc(R, RB), {packed(D, 0)}), {}},
                             {rec(350, 0, rsc(RB, R), {packed(D, 0)}), {}},
                             {rec(400, 1, ev::SchedWake, {9, 9}), {}}});
        const auto s = summarizeRunstates(r.runstates, r.span.window);
        const auto& v = vcpuOf(s, D, 0);
        QCOMPARE(v.in(VcpuState::Running), 200u + 50u);
        QCOMPARE(v.stays(VcpuState::Running), 2u);
        QCOMPARE(v.in(VcpuState::Runnable), 50u);
        QCOMPARE(r.latency.samples.size(), size_t{1});
        QCOMPARE(r.latency.samples[0].kind, LatencyKind::Preempt);
        QCOMPARE(r.latency.samples[0].cycles, 50u);
    }

    // A change whose old state disagrees is applied and counted; the kind of
    // the runnable stay it opens comes from the record (blocked: a wake), not
    // from the tracked running stay the lost records made stale.
    void inconsistentTransition() {
        const auto r = feed({{rec(100, 0, rsc(RB, R), {packed(D, 0)}), {}},
                             {rec(200, 0, rsc(BL, RB), {packed(D, 0)}), {}}, // tracked: running
                             {rec(260, 0, rsc(RB, R), {packed(D, 0)}), {}}});
        const auto s = summarizeRunstates(r.runstates, r.span.window);
        QCOMPARE(s.inconsistencies, 1u);
        const auto& v = vcpuOf(s, D, 0);
        QCOMPARE(v.in(VcpuState::Running), 100u);
        QCOMPARE(v.in(VcpuState::Runnable), 60u);
        QCOMPARE(v.stays(VcpuState::Running), 2u); // [100,200) and the empty one at T1 = 260
        QCOMPARE(r.latency.samples.size(), size_t{1});
        QCOMPARE(r.latency.samples[0].kind, LatencyKind::Wake);
    }

    // Lost records on p0 with gap [300, 500]: d1v0, running on p0 at 300,
    // is unknown from 300 until its next runstate record (600); d1v1 on p1
    // keeps its state; p0's occupancy is unknown over the gap.
    void lostGapMakesRunnerUnknown() {
        const Owner d1v0 = who(D, 0);
        const auto r =
            feed({{rec(100, 0, ev::SchedSwitch, {IdleDomain, 0, D, 0}), who(IdleDomain, 0)},
                  {rec(100, 0, rsc(RB, R), {packed(D, 0)}), d1v0},
                  {rec(100, 1, rsc(RB, BL), {packed(D, 1)}), {}},
                  {rec(500, 0, ev::LostRecords, {7, D, 300, 0}), d1v0},
                  {rec(600, 0, rsc(R, BL), {packed(D, 0)}), d1v0},
                  {rec(800, 1, ev::SchedWake, {9, 9}), {}}});
        const auto s = summarizeRunstates(r.runstates, r.span.window);
        const auto& v = vcpuOf(s, D, 0);
        QCOMPARE(v.in(VcpuState::Running), 200u);
        QCOMPARE(v.in(VcpuState::Unknown), 300u);
        QCOMPARE(v.stays(VcpuState::Unknown), 1u);
        QCOMPARE(v.in(VcpuState::Blocked), 200u);
        QCOMPARE(s.inconsistencies, 0u); // unknown agrees with any old state
        QCOMPARE(vcpuOf(s, D, 1).in(VcpuState::Blocked), 700u);

        const UtilizationAnalysis u(r.runstates, r.occupancy);
        const auto p0 = u.compute(r.span.window).pcpus.at(0);
        // busy [100,300) + after the gap the lost record names d1v0: [500,800]
        QCOMPARE(p0.busy, 200u + 300u);
        QCOMPARE(p0.unknown, 200u);
        QCOMPARE(p0.idle, 0u);
    }

    // d1v0 runs on p0 from 100; gap [300, 500] on p0. Inside it d1v0 blocked
    // (lost) and p1 woke it at 400 (blocked->runnable, in the file) and ran
    // it at 450, all before the LOST_RECORDS record at 500 tells of the gap.
    // The wake is d1v0's next runstate record after 300: its state was
    // unknown then, so no inconsistency; unknown [300,400), runnable
    // [400,450), running [100,300) + [450,800]; one 50-cycle wake sample.
    void recordInGapElsewhereIsConsistent() {
        const Owner d1v0 = who(D, 0), idle1 = who(IdleDomain, 1);
        const auto r =
            feed({{rec(100, 0, ev::SchedSwitch, {IdleDomain, 0, D, 0}), who(IdleDomain, 0)},
                  {rec(100, 0, rsc(RB, R), {packed(D, 0)}), d1v0},
                  {rec(400, 1, rsc(BL, RB), {packed(D, 0)}), idle1},
                  {rec(450, 1, ev::SchedSwitch, {IdleDomain, 1, D, 0}), idle1},
                  {rec(450, 1, rsc(RB, R), {packed(D, 0)}), d1v0},
                  {rec(500, 0, ev::LostRecords, {9, IdleDomain, 300, 0}), d1v0},
                  {rec(800, 1, ev::SchedWake, {9, 9}), d1v0}});
        const auto s = summarizeRunstates(r.runstates, r.span.window);
        QCOMPARE(s.inconsistencies, 0u);
        const auto& v = vcpuOf(s, D, 0);
        QCOMPARE(v.in(VcpuState::Running), 200u + 350u);
        QCOMPARE(v.in(VcpuState::Unknown), 100u);
        QCOMPARE(v.in(VcpuState::Runnable), 50u);
        QCOMPARE(r.latency.samples.size(), size_t{1});
        QCOMPARE(r.latency.samples[0].cycles, 50u);
        QCOMPARE(r.latency.samples[0].kind, LatencyKind::Wake);
    }

    // A gap [300, 500] on p0 before p0's first SCHED_SWITCH (600): who ran
    // at 300 is not in the file (the switch out of it may be lost), so the
    // vCPU the reader names for p0 (d1v0, running since its CONTINUE_RUNNING
    // at 100) keeps its state; p0 is unknown until 600.
    void lostGapBeforeFirstSwitch() {
        const Owner d1v0 = who(D, 0);
        const auto r = feed({{rec(100, 0, ev::ContinueRunning, {packed(D, 0)}), d1v0},
                             {rec(500, 0, ev::LostRecords, {9, D, 300, 0}), d1v0},
                             {rec(600, 0, ev::SchedSwitch, {D, 0, IdleDomain, 0}), d1v0},
                             {rec(600, 0, rsc(R, RB), {packed(D, 0)}), who(IdleDomain, 0)},
                             {rec(800, 1, ev::SchedWake, {9, 9}), {}}});
        const auto s = summarizeRunstates(r.runstates, r.span.window);
        const auto& v = vcpuOf(s, D, 0);
        QCOMPARE(v.in(VcpuState::Running), 500u);
        QCOMPARE(v.in(VcpuState::Unknown), 0u);
        QCOMPARE(v.in(VcpuState::Runnable), 200u);
        const UtilizationAnalysis u(r.runstates, r.occupancy);
        const auto p0 = u.compute(r.span.window).pcpus.at(0);
        QCOMPARE(p0.unknown, 500u);
        QCOMPARE(p0.idle, 200u);
    }

    // No hypervisor span extends into a lost gap. p0: 100 switch in d2v0
    // (resume opens), 120 VMENTRY (resume 20), 200 VMEXIT EPT_VIOLATION;
    // gap [300, 500] ends it at 300 (100 cycles). 520 VMENTRY closes nothing;
    // 600 VMEXIT EXTERNAL_INTERRUPT, 650 VMENTRY (50). T1 = 700.
    void lostGapEndsHvmSpan() {
        constexpr uint16_t H = 2;
        const Owner g = who(H, 0);
        const auto r = feed({
            {rec(100, 0, ev::SchedSwitch, {IdleDomain, 0, H, 0}), who(IdleDomain, 0)},
            {rec(100, 0, rsc(RB, R), {packed(H, 0)}), g},
            {rec(120, 0, ev::HvmVmentry, {}), g},
            {rec(200, 0, ev::HvmVmexit64, {48, 0, 0}), g},
            {rec(500, 0, ev::LostRecords, {9, H, 300, 0}), g},
            {rec(520, 0, ev::HvmVmentry, {}), g},
            {rec(600, 0, ev::HvmVmexit64, {1, 0, 0}), g},
            {rec(650, 0, ev::HvmVmentry, {}), g},
            {rec(700, 1, ev::SchedWake, {9, 9}), {}},
        });
        const auto rs = summarizeRunstates(r.runstates, r.span.window);
        const auto hs = summarizeHypervisor(r.hvm, rs, r.span.window);
        QCOMPARE(hs.vcpus.size(), size_t{1});
        const auto& h = hs.vcpus[0];
        QCOMPARE(h.resumes, 1u);
        QCOMPARE(h.resumeCycles, 20u);
        QCOMPARE(h.exits, 2u);
        QCOMPARE(h.exitCycles, 100u + 50u);
        QCOMPARE(h.hypervisor, 170u);
    }

    // A span longer than a 32-bit length is kept in pieces but stays one
    // exit: EPT_VIOLATION from 1000 to 1000 + 2^32 + 5 (lengths worked out
    // by hand), then an exit of exactly 2^32 - 1 cycles, then HLT of 10.
    void longHvmSpansStayOneExit() {
        constexpr uint16_t H = 2;
        const Owner g = who(H, 0);
        const uint64_t big = uint64_t{1} << 32;
        const uint64_t a = 1000 + big + 5;
        const uint64_t b = a + 100 + (big - 1);
        const auto r = feed({
            {rec(100, 0, ev::SchedSwitch, {IdleDomain, 0, H, 0}), who(IdleDomain, 0)},
            {rec(100, 0, rsc(RB, R), {packed(H, 0)}), g},
            {rec(120, 0, ev::HvmVmentry, {}), g},
            {rec(1000, 0, ev::HvmVmexit64, {48, 0, 0}), g},
            {rec(a, 0, ev::HvmVmentry, {}), g},
            {rec(a + 100, 0, ev::HvmVmexit64, {48, 0, 0}), g},
            {rec(b, 0, ev::HvmVmentry, {}), g},
            {rec(b + 50, 0, ev::HvmVmexit64, {12, 0, 0}), g},
            {rec(b + 60, 0, ev::HvmVmentry, {}), g},
            {rec(b + 70, 1, ev::SchedWake, {9, 9}), {}},
        });
        QCOMPARE(r.hvm.vcpus.size(), size_t{1});
        // resume, 2 + 2 pieces, HLT.
        QCOMPARE(r.hvm.vcpus[0].spans.size(), size_t{6});
        const auto rs = summarizeRunstates(r.runstates, r.span.window);
        const auto hs = summarizeHypervisor(r.hvm, rs, r.span.window);
        const auto& h = hs.vcpus[0];
        QCOMPARE(h.exits, 3u);
        QCOMPARE(h.exitCycles, (big + 5) + (big - 1) + 10);
        QCOMPARE(h.byReason.size(), size_t{2});
        QCOMPARE(h.byReason[0].reason, 12u);
        QCOMPARE(h.byReason[0].count, 1u);
        QCOMPARE(h.byReason[1].reason, 48u);
        QCOMPARE(h.byReason[1].count, 2u);
        QCOMPARE(h.byReason[1].cycles, (big + 5) + (big - 1));
        // A window starting inside the first span's second piece: its time
        // from there, no exit opened inside.
        const TimeWindow w{1000 + big + 1, a + 200};
        const auto hw = summarizeHypervisor(r.hvm, summarizeRunstates(r.runstates, w), w);
        QCOMPARE(hw.vcpus[0].exits, 1u);
        QCOMPARE(hw.vcpus[0].exitCycles, 4u + 100u);
        // One holding only the second piece's start: still no exit opened there.
        const TimeWindow w2{1010, a};
        const auto h2 = summarizeHypervisor(r.hvm, summarizeRunstates(r.runstates, w2), w2);
        QCOMPARE(h2.vcpus[0].exits, 0u);
        QCOMPARE(h2.vcpus[0].exitCycles, big - 5);
    }

    // A vCPU's table of causes is bounded: past it, causes share their
    // vendor's catch-all (reason UINT32_MAX) instead of growing the table.
    // A VMENTRY whose TSC was damaged into the far future (bit 62 set)
    // closes the exit opened at 200: 2^62 cycles would take 2^30 pieces
    // (16 GiB). The first span closed may take 1 + 2^20 pieces (the bound,
    // with nothing used yet): 2^20 of 2^32 - 1 cycles and an empty last one.
    // The next long span finds the budget spent: one empty piece.
    void damagedTimestampCannotExhaustMemory() {
        constexpr uint16_t H = 2;
        const Owner g = who(H, 0);
        const uint64_t far = uint64_t{1} << 62;
        const auto r = feed({
            {rec(100, 0, ev::SchedSwitch, {IdleDomain, 0, H, 0}), who(IdleDomain, 0)},
            {rec(100, 0, rsc(RB, R), {packed(H, 0)}), g},
            {rec(120, 0, ev::HvmVmentry, {}), g},
            {rec(200, 0, ev::HvmVmexit64, {48, 0, 0}), g},
            {rec(far, 0, ev::HvmVmentry, {}), g},
            {rec(far + 10, 0, ev::HvmVmexit64, {1, 0, 0}), g},
            {rec(2 * far, 0, ev::HvmVmentry, {}), g},
        });
        QCOMPARE(r.hvm.vcpus.size(), size_t{1});
        const auto& spans = r.hvm.vcpus[0].spans;
        const uint64_t piece = (uint64_t{1} << 32) - 1;
        const uint64_t pieces = uint64_t{1} << 20;
        // resume [100, 120), the cut exit, the second exit's empty piece.
        QCOMPARE(spans.size(), size_t{1 + (pieces + 1) + 1});
        QCOMPARE(spans[0].length, 20u);
        QCOMPARE(spans[1].start, 200u);
        QCOMPARE(spans[pieces].length, uint32_t{HvmSpan::Continues});
        QCOMPARE(spans[pieces + 1].start, 200 + pieces * piece);
        QCOMPARE(spans[pieces + 1].length, 0u);
        QCOMPARE(spans[pieces + 2].start, far + 10);
        QCOMPARE(spans[pieces + 2].length, 0u);
        QCOMPARE(r.hvm.cutSpans, 2u);
        QCOMPARE(r.hvm.cutCycles, (far - 200 - pieces * piece) + (far - 10));
    }

    void causeTableIsBounded() {
        VcpuHvmSpans v;
        for (uint32_t reason = 0; reason < 70000; ++reason)
            (void)v.slotOf({HvmSpanKind::SvmExit, reason});
        QCOMPARE(v.causes.size(), VcpuHvmSpans::MaxCauses - 1);
        QCOMPARE(v.slotOf({HvmSpanKind::SvmExit, 5}), uint16_t{6});
        const uint16_t svm = v.slotOf({HvmSpanKind::SvmExit, 69999});
        QCOMPARE(v.causes[svm].reason, UINT32_MAX);
        const uint16_t vmx = v.slotOf({HvmSpanKind::VmxExit, 7});
        QCOMPARE(v.causes[vmx].kind, HvmSpanKind::VmxExit);
        QCOMPARE(v.causes[vmx].reason, UINT32_MAX);
        QCOMPARE(v.causes.size(), VcpuHvmSpans::MaxCauses);
        QVERIFY(svm != vmx);
    }

    // HVM spans on p0 (owner d2v0 once switched in):
    //   100 switch idle->d2v0 (resume opens)  130 VMENTRY (resume 30)
    //   200 VMEXIT HLT (12)                   260 switch d2v0->idle (exit 60: ends at the switch)
    //   270 d2v0 running->blocked             350 blocked->runnable, switch in, runnable->running
    //   360 VMENTRY (resume 10)  400 VMEXIT EXTERNAL_INTERRUPT (1)  420 VMENTRY (exit 20)
    //   500 VMEXIT EXTERNAL_INTERRUPT, still open at T1 = 600 (exit 100)
    void hvmSpans() {
        constexpr uint16_t H = 2;
        const Owner idle = who(IdleDomain, 0), g = who(H, 0);
        const auto r = feed({
            {rec(100, 0, ev::SchedSwitch, {IdleDomain, 0, H, 0}), idle},
            {rec(100, 0, rsc(RB, R), {packed(H, 0)}), g},
            {rec(130, 0, ev::HvmVmentry, {}), g},
            {rec(200, 0, ev::HvmVmexit64, {12, 0, 0}), g},
            {rec(260, 0, ev::SchedSwitch, {H, 0, IdleDomain, 0}), g},
            {rec(270, 0, rsc(R, BL), {packed(H, 0)}), idle},
            {rec(350, 0, rsc(BL, RB), {packed(H, 0)}), idle},
            {rec(350, 0, ev::SchedSwitch, {IdleDomain, 0, H, 0}), idle},
            {rec(350, 0, rsc(RB, R), {packed(H, 0)}), g},
            {rec(360, 0, ev::HvmVmentry, {}), g},
            {rec(400, 0, ev::HvmVmexit64, {1, 0, 0}), g},
            {rec(420, 0, ev::HvmVmentry, {}), g},
            {rec(500, 0, ev::HvmVmexit64, {1, 0, 0}), g},
            {rec(600, 1, ev::SchedWake, {9, 9}), {}},
        });
        const auto rs = summarizeRunstates(r.runstates, r.span.window);
        const auto hs = summarizeHypervisor(r.hvm, rs, r.span.window);
        QCOMPARE(hs.vcpus.size(), size_t{1});
        const auto& h = hs.vcpus[0];
        QCOMPARE(h.running, 170u + 250u);
        QCOMPARE(h.resumes, 2u);
        QCOMPARE(h.resumeCycles, 40u);
        QCOMPARE(h.exits, 3u);
        QCOMPARE(h.exitCycles, 60u + 20u + 100u);
        QCOMPARE(h.hypervisor, 220u);
        QCOMPARE(h.guest, 200u);
        QCOMPARE(h.byReason.size(), size_t{2});
        QCOMPARE(h.byReason[0].reason, 1u);
        QCOMPARE(h.byReason[0].count, 2u);
        QCOMPARE(h.byReason[0].cycles, 120u);
        QCOMPARE(h.byReason[1].reason, 12u);
        QCOMPARE(h.byReason[1].cycles, 60u);
        QCOMPARE(std::string(h.byReason[1].name()), std::string("HLT"));

        // Window [150, 450]: resume [100,130) is outside; [350,360) 10;
        // HLT [200,260) 60; EXT_INT [400,420) 20; [500,600] outside.
        const TimeWindow w{150, 450};
        const auto hw = summarizeHypervisor(r.hvm, summarizeRunstates(r.runstates, w), w);
        QCOMPARE(hw.vcpus[0].resumes, 1u);
        QCOMPARE(hw.vcpus[0].hypervisor, 90u);
        QCOMPARE(hw.vcpus[0].exits, 2u);

        // p0 occupancy: busy [100,260) + [350,600], idle [260,350); T0 = 100.
        const UtilizationAnalysis u(r.runstates, r.occupancy);
        const auto all = u.compute(r.span.window);
        QCOMPARE(all.pcpus.at(0).busy, 160u + 250u);
        QCOMPARE(all.pcpus.at(0).idle, 90u);
        QCOMPARE(all.pcpus.at(0).unknown, 0u);
        QCOMPARE(all.pcpus.at(1).unknown, 500u); // no switch on p1
        // Latency: 350 -> 350 is a zero-cycle wake sample.
        QCOMPARE(r.latency.samples.size(), size_t{1});
        QCOMPARE(r.latency.samples[0].cycles, 0u);
        QCOMPARE(r.latency.samples[0].kind, LatencyKind::Wake);
    }

    // Without SCHED_SWITCH on a pCPU, runstate changes into/out of running
    // written there move its occupancy.
    void occupancyFromRunstatesWithoutSwitches() {
        ChunkTable table;
        PcpuLayout layout;
        layout.pcpu = 0;
        layout.hasSwitch = false;
        table.pcpus.push_back(layout);
        AnalysisPass pass;
        pass.dispatcher().begin(table);
        pass.dispatcher().onRecord(rec(100, 0, rsc(RB, R), {packed(D, 0)}), {});
        pass.dispatcher().onRecord(rec(300, 0, rsc(R, BL), {packed(D, 0)}), {});
        pass.dispatcher().onRecord(rec(300, 0, rsc(RB, R), {packed(IdleDomain, 0)}), {});
        pass.dispatcher().onRecord(rec(400, 0, ev::SchedWake, {9, 9}), {});
        const auto r = pass.finish();
        const UtilizationAnalysis u(r.runstates, r.occupancy);
        const auto p0 = u.compute(r.span.window).pcpus.at(0);
        QCOMPARE(p0.busy, 200u);
        QCOMPARE(p0.idle, 100u);
        QCOMPARE(p0.unknown, 0u);
    }

    // SWITCH_INFNEXT (4 words) of the schedule() call that picks a vCPU is
    // paired with its sample.
    void infnextPairing() {
        const auto r = feed({{rec(100, 0, rsc(RB, R), {packed(D, 0)}), {}},
                             {rec(200, 0, rsc(R, RB), {packed(D, 0)}), {}},
                             {rec(290, 0, ev::SwitchInfPrev, {IdleDomain, 0, 5}), {}},
                             {rec(295, 0, ev::SwitchInfNext, {D, 0, 33, 1000}), {}},
                             {rec(300, 0, rsc(RB, R), {packed(D, 0)}), {}}});
        QCOMPARE(r.latency.xen.size(), size_t{1});
        QCOMPARE(r.latency.xen[0].xenNs, 33u);
        QCOMPARE(r.latency.samples[r.latency.xen[0].sample].cycles, 100u);
    }
};

QTEST_GUILESS_MAIN(TestProbes)
#include "tst_probes.moc"
