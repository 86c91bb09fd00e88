// The core analyses against the trace generator's exact ground truth
// (core/synth): for each scenario, a short trace is generated into a
// temporary file, read back through the reader and one analysis pass, and
// every figure the truth carries must match to the cycle.

#include "core/analyses/analysispass.h"
#include "core/analyses/hypervisorsummary.h"
#include "core/analyses/latencysummary.h"
#include "core/analyses/runstatesummary.h"
#include "core/analyses/utilization.h"
#include "core/synth/scenariopresets.h"
#include "core/synth/synthesizer.h"

#include <QTemporaryDir>
#include <QTest>

using namespace xenoscope::core;

class TestAnalysesVsSynth : public QObject {
    Q_OBJECT
private slots:
    void matchesTruth_data() {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<uint32_t>("lostGaps");
        QTest::addColumn<int>("threads");
        // Two threads: the lanes on a worker, independent probes on the reader's thread.
        for (const int threads : {1, 2}) {
            const std::string suffix = threads == 1 ? "" : ", two threads";
            for (const auto& info : ScenarioPresets::all())
                QTest::newRow((std::string(info.name) + suffix).c_str())
                    << QString::fromLatin1(info.name.data(),
                                           static_cast<qsizetype>(info.name.size()))
                    << 0u << threads;
            QTest::newRow(("mixed with lost records" + suffix).c_str())
                << QStringLiteral("mixed") << 3u << threads;
        }
    }

    void matchesTruth() {
        QFETCH(QString, scenario);
        QFETCH(uint32_t, lostGaps);
        QFETCH(int, threads);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::string path = dir.filePath(QStringLiteral("t.xentrace")).toStdString();
        SynthOptions options;
        options.scenario = scenario.toStdString();
        options.durationNs = 200'000'000; // 200 ms
        options.lostGaps = lostGaps;
        options.seed = 7;
        QVERIFY2(validateSynthOptions(options).empty(), validateSynthOptions(options).c_str());
        TraceWriter writer(path, {});
        QVERIFY(writer.ok());
        const Truth truth = synthesize(options, writer);

        Diagnostic error;
        auto reader = TraceReader::open(path, error);
        QVERIFY(reader);
        AnalysisPass pass;
        pass.setThreads(threads);
        const AnalysisResults r = pass.run(*reader);
        QCOMPARE(r.span.window.t0, truth.t0);
        QCOMPARE(r.span.window.t1, truth.t1);
        QCOMPARE(r.span.records, truth.records - truth.wrapRecords);

        // Every id the generator wrote, counted once (wrap fillers are not events).
        std::vector<std::pair<uint32_t, uint64_t>> ids;
        for (const auto& e : truth.events)
            if (e.id != ev::WrapBuffer)
                ids.emplace_back(e.id, e.count);
        QCOMPARE(r.events.byId.size(), ids.size());
        for (size_t i = 0; i < ids.size(); ++i) {
            QCOMPARE(r.events.byId[i].first, ids[i].first);
            QCOMPARE(r.events.byId[i].second, ids[i].second);
        }

        const RunstateSummary rs = summarizeRunstates(r.runstates, r.span.window);
        for (const auto& tv : truth.vcpus) {
            if (!tv.accounted)
                continue;
            const auto* v = rs.find(tv.domain, tv.vcpu);
            const QByteArray who = QStringLiteral("d%1v%2").arg(tv.domain).arg(tv.vcpu).toLatin1();
            QVERIFY2(v, who.constData());
            QCOMPARE(v->in(VcpuState::Running), tv.running);
            QCOMPARE(v->in(VcpuState::Runnable), tv.runnable);
            QCOMPARE(v->in(VcpuState::Blocked), tv.blocked);
            QCOMPARE(v->in(VcpuState::Offline), tv.offline);
            QCOMPARE(v->in(VcpuState::Unknown), tv.unknown);
            for (size_t s = 0; s < 4; ++s)
                QCOMPARE(v->intervals[s], tv.intervals[s]);
        }

        const UtilizationAnalysis ua(r.runstates, r.occupancy);
        const Utilization u = ua.compute(r.span.window);
        for (const auto& tp : truth.pcpus) {
            const auto it =
                std::find_if(u.pcpus.begin(), u.pcpus.end(),
                             [&](const PcpuUtilization& p) { return p.pcpu == tp.pcpu; });
            // A pCPU that wrote no record at all is not in the file: the
            // truth lists it as all unknown, we cannot list it.
            if (it == u.pcpus.end() && tp.busy == 0 && tp.idle == 0)
                continue;
            QVERIFY(it != u.pcpus.end());
            QCOMPARE(it->busy, tp.busy);
            QCOMPARE(it->idle, tp.idle);
            QCOMPARE(it->unknown, tp.unknown);
        }
        for (const auto& td : truth.domains) {
            const auto it =
                std::find_if(u.domains.begin(), u.domains.end(),
                             [&](const DomainUtilization& d) { return d.domain == td.domain; });
            if (td.running == 0 && it == u.domains.end())
                continue;
            QVERIFY(it != u.domains.end());
            QCOMPARE(it->running, td.running);
        }

        const LatencySummary ls = summarizeLatency(r.latency, r.span.window, 1, 0);
        // On a count mismatch, name the first sample that differs.
        if (ls.all.count != truth.latency.count && !truth.latency.samplesCapped) {
            const auto& ours = r.latency.samples;
            const auto& theirs = truth.latency.samples;
            for (size_t i = 0; i < std::max(ours.size(), theirs.size()); ++i) {
                const bool same = i < ours.size() && i < theirs.size() &&
                                  ours[i].tsc == theirs[i].tsc &&
                                  ours[i].cycles == theirs[i].cycles;
                if (same)
                    continue;
                if (i < ours.size())
                    qWarning("ours #%zu: d%uv%u tsc %llu cycles %llu pcpu %u", i, ours[i].domain,
                             ours[i].vcpu, static_cast<unsigned long long>(ours[i].tsc),
                             static_cast<unsigned long long>(ours[i].cycles), ours[i].pcpu);
                if (i < theirs.size())
                    qWarning("truth #%zu: d%uv%u tsc %llu cycles %llu pcpu %u", i, theirs[i].domain,
                             theirs[i].vcpu, static_cast<unsigned long long>(theirs[i].tsc),
                             static_cast<unsigned long long>(theirs[i].cycles), theirs[i].pcpu);
                break;
            }
        }
        QCOMPARE(ls.all.count, truth.latency.count);
        QCOMPARE(ls.all.sum, truth.latency.sum);
        QCOMPARE(ls.all.min, truth.latency.min);
        QCOMPARE(ls.all.max, truth.latency.max);

        const HypervisorSummary hs = summarizeHypervisor(r.hvm, rs, r.span.window);
        for (const auto& th : truth.hypervisor) {
            const auto* h = hs.find(th.domain, th.vcpu);
            const QByteArray who = QStringLiteral("d%1v%2").arg(th.domain).arg(th.vcpu).toLatin1();
            QVERIFY2(h, who.constData());
            QCOMPARE(h->hypervisor, th.cycles);
            QCOMPARE(h->exits, th.exits);
            QCOMPARE(h->resumeCycles, th.resumeCycles);
            QCOMPARE(h->resumes, th.resumes);
            QCOMPARE(h->byReason.size(), th.byReason.size());
            for (size_t i = 0; i < th.byReason.size(); ++i) {
                QCOMPARE(h->byReason[i].reason, th.byReason[i].reason);
                QCOMPARE(h->byReason[i].count, th.byReason[i].count);
                QCOMPARE(h->byReason[i].cycles, th.byReason[i].cycles);
            }
        }
        QCOMPARE(rs.inconsistencies, truth.inconsistencies);
    }
};

QTEST_GUILESS_MAIN(TestAnalysesVsSynth)
#include "tst_analysesvssynth.moc"
