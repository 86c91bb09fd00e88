// `xenoscope-cli export FILE --table runstates|intervals|utilization|latency|hypervisor|events
// [--bucket W] [--from T] [--to T] [--cpu-hz HZ] --csv OUT`: one analysis as CSV (OUT '-' is
// stdout). Columns (cycles are TSC cycles; *_s columns are seconds at the TSC rate; time_s is
// from the trace start):
//   runstates:   bucket_t0,bucket_t1,domain,vcpu,state,cycles,seconds,intervals
//   intervals:   kind,domain,vcpu,pcpu,state,start_tsc,end_tsc,cycles,time_s
//                (kind "runstate": a vCPU's stay, clipped; kind "occupancy": who held a pCPU)
//   utilization: bucket_t0,bucket_t1,entity,pcpu,domain,vcpu,busy,idle,unknown,runnable,
//                could_run,utilization      (entity pcpu | vcpu | domain; busy = running for
//                vCPUs and domains; utilization = busy / (bucket x 1, vCPUs or pCPUs))
//   latency:     tsc,time_s,domain,vcpu,pcpu,kind,cycles,seconds
//   hypervisor:  bucket_t0,bucket_t1,domain,vcpu,vendor,reason,name,count,cycles,seconds
//                (vendor "resume" rows are the resume spans)
//   events:      dimension,key,name,count   (dimension id | class | domain | pcpu; the window
//                is --from/--to, counted during the pass)
//   disk-stages: bucket_t0,bucket_t1,domain,device,stage,completed,sum,min,p50,p90,p99,max,
//                avg_depth,max_depth  (domain/device empty: all; stage end_to_end has no depth)
//   disk-depth:  bucket_t0,bucket_t1,stage,domain,device,min,avg,max,cycles  (stage
//                grants_in_flight: domain is the granting domain)
//   disk-requests: domain,device,request,op,sector,sectors,failed,reason,front_queue,...,
//                front_done,until,end_to_end  (record TSCs, empty when not in the file)

#include "app/cli/exportcommand.h"

#include "app/cli/analysisrun.h"
#include "app/cli/clioptions.h"
#include "core/analyses/disksummary.h"
#include "core/analyses/hypervisorsummary.h"
#include "core/analyses/runstatesummary.h"
#include "core/analyses/utilization.h"
#include "core/format/eventcatalog.h"

#include <cinttypes>
#include <cstdio>
#include <string>

namespace xenoscope::cli {

namespace {

using namespace xenoscope::core;

std::vector<TimeWindow> bucketsOf(TimeWindow w, uint64_t width) {
    std::vector<TimeWindow> out;
    if (width == 0 || w.length() == 0) {
        out.push_back(w);
        return out;
    }
    for (uint64_t t = w.t0; t < w.t1; t = std::min(t + width, w.t1))
        out.push_back({t, std::min(t + width, w.t1)});
    return out;
}

std::string csvName(std::string_view s) {
    std::string out(s);
    if (out.find_first_of(",\"") != std::string::npos) {
        std::string q = "\"";
        for (const char c : out)
            q += c == '"' ? std::string("\"\"") : std::string(1, c);
        return q + "\"";
    }
    return out;
}

class CsvExport {
public:
    CsvExport(const AnalysisRun& run, std::FILE* out, uint64_t bucket)
        : run_(run)
        , out_(out)
        , bucket_(bucket) {}

    void runstates() {
        std::fputs("bucket_t0,bucket_t1,domain,vcpu,state,cycles,seconds,intervals\n", out_);
        for (const auto& b : bucketsOf(run_.window, bucket_))
            for (const auto& v : summarizeRunstates(run_.results.runstates, b).vcpus)
                for (size_t s = 0; s < VcpuStateCount; ++s)
                    std::fprintf(out_,
                                 "%" PRIu64 ",%" PRIu64 ",%u,%u,%s,%" PRIu64 ",%.9f,%" PRIu64 "\n",
                                 b.t0, b.t1, v.domain, v.vcpu,
                                 std::string(stateName(static_cast<VcpuState>(s))).c_str(),
                                 v.cycles[s], seconds(run_, v.cycles[s]), v.intervals[s]);
    }

    void intervals() {
        const TimeWindow w = run_.window;
        std::fputs("kind,domain,vcpu,pcpu,state,start_tsc,end_tsc,cycles,time_s\n", out_);
        const auto& rs = run_.results.runstates;
        for (const auto& v : rs.vcpus)
            for (size_t i = 0; i < v.stays.size(); ++i) {
                const uint64_t end = v.end(i, rs.trace.t1);
                if (!w.counts(v.stays[i].start, end))
                    continue;
                const uint64_t s = std::max(v.stays[i].start, w.t0), e = std::min(end, w.t1);
                std::fprintf(out_, "runstate,%u,%u,,%s,%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%.9f\n",
                             v.domain, v.vcpu, std::string(stateName(v.stays[i].state)).c_str(), s,
                             e, e - s, timeS(s));
            }
        const auto& oc = run_.results.occupancy;
        for (const auto& p : oc.pcpus)
            for (size_t i = 0; i < p.spans.size(); ++i) {
                const uint64_t end = p.end(i, oc.trace.t1);
                if (!w.counts(p.spans[i].start, end))
                    continue;
                const uint64_t s = std::max(p.spans[i].start, w.t0), e = std::min(end, w.t1);
                const VcpuKey who = p.spans[i].who;
                if (who == NoVcpu)
                    std::fprintf(out_, "occupancy,,,%u,unknown,", p.pcpu);
                else
                    std::fprintf(out_, "occupancy,%u,%u,%u,%s,", keyDomain(who), keyVcpu(who),
                                 p.pcpu, isIdle(who) ? "idle" : "busy");
                std::fprintf(out_, "%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%.9f\n", s, e, e - s,
                             timeS(s));
            }
    }

    void utilization() {
        std::fputs("bucket_t0,bucket_t1,entity,pcpu,domain,vcpu,busy,idle,unknown,runnable,could_"
                   "run,utilization\n",
                   out_);
        const UtilizationAnalysis analysis(run_.results.runstates, run_.results.occupancy,
                                           run_.sla ? affinityFrom(*run_.sla)
                                                    : std::vector<DomainAffinity>{});
        for (const auto& b : bucketsOf(run_.window, bucket_)) {
            const Utilization u = analysis.compute(b);
            const double len = static_cast<double>(std::max<uint64_t>(b.length(), 1));
            for (const auto& p : u.pcpus)
                std::fprintf(out_,
                             "%" PRIu64 ",%" PRIu64 ",pcpu,%u,,,%" PRIu64 ",%" PRIu64 ",%" PRIu64
                             ",,,%.6f\n",
                             b.t0, b.t1, p.pcpu, p.busy, p.idle, p.unknown,
                             static_cast<double>(p.busy) / len);
            for (const auto& v : u.vcpus)
                std::fprintf(out_,
                             "%" PRIu64 ",%" PRIu64 ",vcpu,,%u,%u,%" PRIu64 ",,,%" PRIu64
                             ",%" PRIu64 ",%.6f\n",
                             b.t0, b.t1, v.domain, v.vcpu, v.running, v.runnable, v.couldRun,
                             static_cast<double>(v.running) / len);
            for (const auto& d : u.domains)
                std::fprintf(out_,
                             "%" PRIu64 ",%" PRIu64 ",domain,,%u,,%" PRIu64 ",,,%" PRIu64
                             ",%" PRIu64 ",%.6f\n",
                             b.t0, b.t1, d.domain, d.running, d.runnable, d.couldRun, d.share);
        }
    }

    void latency() {
        std::fputs("tsc,time_s,domain,vcpu,pcpu,kind,cycles,seconds\n", out_);
        for (const auto& s : run_.results.latency.samples)
            if (run_.window.contains(s.tsc))
                std::fprintf(out_, "%" PRIu64 ",%.9f,%u,%u,%u,%s,%" PRIu64 ",%.9f\n", s.tsc,
                             timeS(s.tsc), s.domain, s.vcpu, s.pcpu,
                             s.kind == LatencyKind::Wake ? "wake" : "preempt", s.cycles,
                             seconds(run_, s.cycles));
    }

    void hypervisor() {
        std::fputs("bucket_t0,bucket_t1,domain,vcpu,vendor,reason,name,count,cycles,seconds\n",
                   out_);
        for (const auto& b : bucketsOf(run_.window, bucket_)) {
            const auto rs = summarizeRunstates(run_.results.runstates, b);
            for (const auto& h : summarizeHypervisor(run_.results.hvm, rs, b).vcpus) {
                std::fprintf(
                    out_, "%" PRIu64 ",%" PRIu64 ",%u,%u,resume,,,%" PRIu64 ",%" PRIu64 ",%.9f\n",
                    b.t0, b.t1, h.domain, h.vcpu, h.resumes, h.resumeCycles,
                    seconds(run_, h.resumeCycles));
                for (const auto& r : h.byReason)
                    std::fprintf(
                        out_,
                        "%" PRIu64 ",%" PRIu64 ",%u,%u,%s,%u,%s,%" PRIu64 ",%" PRIu64 ",%.9f\n",
                        b.t0, b.t1, h.domain, h.vcpu,
                        r.vendor == HvmSpanKind::SvmExit ? "svm" : "vmx", r.reason,
                        csvName(r.name()).c_str(), r.count, r.cycles, seconds(run_, r.cycles));
            }
        }
    }

    void events() {
        const auto& e = run_.results.events;
        std::fputs("dimension,key,name,count\n", out_);
        for (const auto& [id, n] : e.byId)
            std::fprintf(out_, "id,0x%08x,%s,%" PRIu64 "\n", id,
                         csvName(EventCatalog::builtin().name(id)).c_str(), n);
        for (const auto& [cls, n] : e.byClass)
            std::fprintf(out_, "class,0x%08x,%s,%" PRIu64 "\n", cls << 16,
                         csvName(EventCatalog::className(cls << 16)).c_str(), n);
        for (const auto& [d, n] : e.byDomain)
            std::fprintf(out_, "domain,%u,%s,%" PRIu64 "\n", d, d == IdleDomain ? "idle" : "", n);
        if (e.unknownDomain)
            std::fprintf(out_, "domain,,unknown,%" PRIu64 "\n", e.unknownDomain);
        for (const auto& [p, n] : e.byPcpu)
            std::fprintf(out_, "pcpu,%u,,%" PRIu64 "\n", p, n);
    }

    void diskStages() {
        std::fputs("bucket_t0,bucket_t1,domain,device,stage,completed,sum,min,p50,p90,p99,max,"
                   "avg_depth,max_depth\n",
                   out_);
        const auto row = [&](const TimeWindow& b, const std::string& who, std::string_view stage,
                             const LatencyStats& l, const DiskStageSummary* st) {
            std::fprintf(out_,
                         "%" PRIu64 ",%" PRIu64 ",%s,%s,%" PRIu64 ",%" PRIu64 ",%" PRIu64
                         ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",",
                         b.t0, b.t1, who.c_str(), std::string(stage).c_str(), l.count, l.sum, l.min,
                         l.p50, l.p90, l.p99, l.max);
            if (st)
                std::fprintf(out_, "%.6f,%u\n", st->avgDepth, st->depth.max);
            else
                std::fputs(",\n", out_);
        };
        for (const auto& s : summarizeDiskBuckets(run_.results.disk, run_.window, bucket_)) {
            for (const auto& st : s.stages)
                row(s.window, ",", st.name, st.latency, &st);
            row(s.window, ",", "end_to_end", s.endToEnd, nullptr);
            for (const auto& d : s.devices) {
                const std::string who = std::to_string(d.domain) + "," + std::to_string(d.device);
                for (const auto& st : d.stages)
                    row(s.window, who, st.name, st.latency, &st);
                row(s.window, who, "end_to_end", d.endToEnd, nullptr);
            }
        }
    }

    void diskDepth() {
        std::fputs("bucket_t0,bucket_t1,stage,domain,device,min,avg,max,cycles\n", out_);
        const auto& disk = run_.results.disk;
        const auto rows = [&](const DepthSeries& series, std::string_view stage,
                              const std::string& who) {
            for (const auto& b : series.buckets(run_.window, bucket_))
                std::fprintf(out_, "%" PRIu64 ",%" PRIu64 ",%s,%s,%u,%.6f,%u,%" PRIu64 "\n",
                             b.bucket.t0, b.bucket.t1, std::string(stage).c_str(), who.c_str(),
                             b.stats.min, b.stats.average(b.bucket), b.stats.max, b.stats.cycles);
        };
        if (disk.instrumented())
            for (size_t k = 0; k < DiskStageCount; ++k)
                rows(totalDepth(disk, k), DiskStageNames[k], ",");
        for (const auto& s : disk.series)
            for (size_t k = 0; k < DiskStageCount; ++k)
                rows(s.stages[k], DiskStageNames[k],
                     std::to_string(s.domain) + "," + std::to_string(s.device));
        for (const auto& g : disk.grants)
            rows(g.inFlight, "grants_in_flight", std::to_string(g.domain) + ",");
    }

    void diskRequests() {
        std::fputs("domain,device,request,op,sector,sectors,failed,reason", out_);
        for (const auto name : DiskRecordNames)
            std::fprintf(out_, ",%s", std::string(name).c_str());
        std::fputs(",until,end_to_end\n", out_);
        const auto& disk = run_.results.disk;
        for (const auto& q : disk.requests) {
            if (!run_.window.counts(q.base, q.until))
                continue;
            std::fprintf(out_, "%u,%u,%u,", q.domain, q.device, q.id);
            if (q.op != 0xff)
                std::fprintf(out_, "%u", q.op);
            if (q.has(0))
                std::fprintf(out_, ",%" PRIu64 ",%u", q.sector, q.sectors);
            else
                std::fputs(",,", out_);
            std::fprintf(out_, ",%u,%s", q.failed,
                         std::string(DiskBreakNames[static_cast<size_t>(q.broken)]).c_str());
            for (size_t k = 0; k < DiskRecordCount; ++k)
                if (q.has(k))
                    std::fprintf(out_, ",%" PRIu64, disk.tsc(q, k));
                else
                    std::fputs(",", out_);
            std::fprintf(out_, ",%" PRIu64 ",", q.until);
            if (q.complete() && disk.tsc(q, 7) >= disk.tsc(q, 0))
                std::fprintf(out_, "%" PRIu64, disk.tsc(q, 7) - disk.tsc(q, 0));
            std::fputs("\n", out_);
        }
    }

private:
    static std::vector<DomainAffinity> affinityFrom(const SlaConfig& sla) {
        std::vector<DomainAffinity> out;
        for (const auto& d : sla.domains)
            if (!d.pcpus.empty())
                out.push_back({d.domain, d.pcpus});
        return out;
    }
    double timeS(uint64_t tsc) const {
        const uint64_t t0 = run_.results.span.window.t0;
        return tsc >= t0 ? seconds(run_, tsc - t0) : -seconds(run_, t0 - tsc);
    }

    const AnalysisRun& run_;
    std::FILE* out_;
    uint64_t bucket_;
};

} // namespace

int runExport(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("One analysis as CSV. Tables: runstates, intervals, utilization, latency, "
                       "hypervisor, events, disk-stages, disk-depth, disk-requests "
                       "(columns: see docs/probes.md)."));
    addAnalysisOptions(parser);
    addSlaOption(parser);
    parser.addOption(
        {QStringLiteral("table"), QStringLiteral("Which table."), QStringLiteral("NAME")});
    parser.addOption(
        {QStringLiteral("bucket"),
         QStringLiteral(
             "Split runstates/utilization/hypervisor/disk-stages/disk-depth into buckets of this "
             "width (e.g. 10ms, "
             "or cycles as a plain number)."),
         QStringLiteral("W")});
    parser.addOption({QStringLiteral("csv"), QStringLiteral("Output file ('-': stdout)."),
                      QStringLiteral("OUT")});
    if (!parseArgs(parser, args))
        return ExitUnusable;
    const QString table = parser.value(QStringLiteral("table"));
    static const QStringList tables{QStringLiteral("runstates"),    QStringLiteral("intervals"),
                                    QStringLiteral("utilization"),  QStringLiteral("latency"),
                                    QStringLiteral("hypervisor"),   QStringLiteral("events"),
                                    QStringLiteral("disk-stages"),  QStringLiteral("disk-depth"),
                                    QStringLiteral("disk-requests")};
    if (!tables.contains(table))
        return usageError(
            QStringLiteral("--table: one of %1").arg(tables.join(QStringLiteral(", "))));
    if (!parser.isSet(QStringLiteral("csv")))
        return usageError(QStringLiteral("--csv OUT is required ('-' for stdout)"));
    std::optional<TimeSpec> bucketSpec;
    uint64_t bucketCycles = 0;
    if (parser.isSet(QStringLiteral("bucket"))) {
        const QString text = parser.value(QStringLiteral("bucket"));
        bool plain = false;
        bucketCycles = text.toULongLong(&plain);
        if (!plain) {
            bucketSpec = parseTimeSpec(text.toStdString());
            if (!bucketSpec || bucketSpec->absolute)
                return usageError(QStringLiteral("--bucket: expected a duration (10ms) or cycles"));
        }
    }
    auto run = runAnalysis(parser, "export");
    if (!run)
        return ExitUnusable;
    if (bucketSpec)
        bucketCycles = TimeBase{0, run->tscHz}.cyclesFromNs(bucketSpec->ns);

    const QString outPath = parser.value(QStringLiteral("csv"));
    std::FILE* out = stdout;
    if (outPath != QStringLiteral("-")) {
        out = std::fopen(outPath.toLocal8Bit().constData(), "w");
        if (!out)
            return usageError(QStringLiteral("cannot write %1").arg(outPath));
    }
    CsvExport csv(*run, out, bucketCycles);
    if (table == QStringLiteral("runstates"))
        csv.runstates();
    else if (table == QStringLiteral("intervals"))
        csv.intervals();
    else if (table == QStringLiteral("utilization"))
        csv.utilization();
    else if (table == QStringLiteral("latency"))
        csv.latency();
    else if (table == QStringLiteral("hypervisor"))
        csv.hypervisor();
    else if (table == QStringLiteral("disk-stages"))
        csv.diskStages();
    else if (table == QStringLiteral("disk-depth"))
        csv.diskDepth();
    else if (table == QStringLiteral("disk-requests"))
        csv.diskRequests();
    else
        csv.events();
    const bool writeOk = std::ferror(out) == 0;
    if (out != stdout)
        std::fclose(out);
    else
        std::fflush(stdout);
    if (!writeOk)
        return usageError(QStringLiteral("write error on %1").arg(outPath));
    printDiagnostics(run->path, run->problems);
    return run->problems.empty() ? ExitOk : ExitPartial;
}

} // namespace xenoscope::cli
