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
#include "core/analyses/csvexport.h"

#include <cstdio>
#include <string>

namespace xenoscope::cli {

namespace {

std::vector<core::DomainAffinity> affinityFrom(const std::optional<core::SlaConfig>& sla) {
    std::vector<core::DomainAffinity> out;
    if (sla)
        for (const auto& d : sla->domains)
            if (!d.pcpus.empty())
                out.push_back({d.domain, d.pcpus});
    return out;
}

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
    std::optional<core::TimeSpec> bucketSpec;
    uint64_t bucketCycles = 0;
    if (parser.isSet(QStringLiteral("bucket"))) {
        const QString text = parser.value(QStringLiteral("bucket"));
        bool plain = false;
        bucketCycles = text.toULongLong(&plain);
        if (!plain) {
            bucketSpec = core::parseTimeSpec(text.toStdString());
            if (!bucketSpec || bucketSpec->absolute)
                return usageError(QStringLiteral("--bucket: expected a duration (10ms) or cycles"));
        }
    }
    auto run = runAnalysis(parser, "export");
    if (!run)
        return ExitUnusable;
    if (bucketSpec)
        bucketCycles = core::TimeBase{0, run->tscHz}.cyclesFromNs(bucketSpec->ns);
    // Every bucket is a query over the whole pass's results: a width the
    // window holds billions of times (one cycle; or a damaged timestamp that
    // stretched the window over years) would run for hours, and no
    // spreadsheet takes the rows. Refused, saying what would fit.
    constexpr uint64_t MaxBuckets = 1'000'000;
    const uint64_t windowCycles = run->window.length();
    if (bucketCycles > 0 && windowCycles / bucketCycles >= MaxBuckets)
        return usageError(
            QStringLiteral("--bucket: %1 cycles cut the window (%2 cycles) into more than %3 "
                           "buckets; use at least %4 cycles, or --from/--to")
                .arg(bucketCycles)
                .arg(windowCycles)
                .arg(MaxBuckets)
                .arg(windowCycles / MaxBuckets + 1));

    const QString outPath = parser.value(QStringLiteral("csv"));
    std::FILE* out = stdout;
    if (outPath != QStringLiteral("-")) {
        out = std::fopen(outPath.toLocal8Bit().constData(), "w");
        if (!out)
            return usageError(QStringLiteral("cannot write %1").arg(outPath));
    }
    // The tables are written by core (the viewer's chart exports use the same code).
    core::CsvExport csv(run->results, run->window, run->tscHz, bucketCycles, affinityFrom(run->sla),
                        out);
    csv.write(table.toStdString());
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
