#include "core/analyses/csvexport.h"

#include "core/analyses/disksummary.h"
#include "core/analyses/hypervisorsummary.h"
#include "core/analyses/runstatesummary.h"
#include "core/analyses/timebuckets.h"
#include "core/format/eventcatalog.h"

#include <cinttypes>
#include <string>

namespace xenoscope::core {

namespace {

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

} // namespace

const std::vector<std::string_view>& CsvExport::tables() {
    static const std::vector<std::string_view> names{"runstates",   "intervals",  "utilization",
                                                     "latency",     "hypervisor", "events",
                                                     "disk-stages", "disk-depth", "disk-requests"};
    return names;
}

CsvExport::CsvExport(const AnalysisResults& results, TimeWindow window, double tscHz,
                     uint64_t bucket, std::vector<DomainAffinity> affinity, std::FILE* out)
    : results_(results)
    , window_(window)
    , tscHz_(tscHz)
    , bucket_(bucket)
    , affinity_(std::move(affinity))
    , out_(out) {}

bool CsvExport::write(std::string_view table) {
    if (table == "runstates")
        runstates();
    else if (table == "intervals")
        intervals();
    else if (table == "utilization")
        utilization();
    else if (table == "latency")
        latency();
    else if (table == "hypervisor")
        hypervisor();
    else if (table == "events")
        events();
    else if (table == "disk-stages")
        diskStages();
    else if (table == "disk-depth")
        diskDepth();
    else if (table == "disk-requests")
        diskRequests();
    else
        return false;
    return true;
}

double CsvExport::seconds(uint64_t cycles) const {
    return tscHz_ > 0 ? static_cast<double>(cycles) / tscHz_ : 0.0;
}

double CsvExport::timeS(uint64_t tsc) const {
    const uint64_t t0 = results_.span.window.t0;
    return tsc >= t0 ? seconds(tsc - t0) : -seconds(t0 - tsc);
}

void CsvExport::runstates() {
    std::fputs("bucket_t0,bucket_t1,domain,vcpu,state,cycles,seconds,intervals\n", out_);
    for (const auto& b : bucketWindows(window_, bucket_))
        for (const auto& v : summarizeRunstates(results_.runstates, b).vcpus)
            for (size_t s = 0; s < VcpuStateCount; ++s)
                std::fprintf(out_,
                             "%" PRIu64 ",%" PRIu64 ",%u,%u,%s,%" PRIu64 ",%.9f,%" PRIu64 "\n",
                             b.t0, b.t1, v.domain, v.vcpu,
                             std::string(stateName(static_cast<VcpuState>(s))).c_str(), v.cycles[s],
                             seconds(v.cycles[s]), v.intervals[s]);
}

void CsvExport::intervals() {
    const TimeWindow w = window_;
    std::fputs("kind,domain,vcpu,pcpu,state,start_tsc,end_tsc,cycles,time_s\n", out_);
    const auto& rs = results_.runstates;
    for (const auto& v : rs.vcpus)
        for (size_t i = 0; i < v.stays.size(); ++i) {
            const uint64_t end = v.end(i, rs.trace.t1);
            if (!w.counts(v.stays[i].start, end))
                continue;
            const uint64_t s = std::max(v.stays[i].start, w.t0), e = std::min(end, w.t1);
            std::fprintf(out_, "runstate,%u,%u,,%s,%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%.9f\n",
                         v.domain, v.vcpu, std::string(stateName(v.stays[i].state)).c_str(), s, e,
                         e - s, timeS(s));
        }
    const auto& oc = results_.occupancy;
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
                std::fprintf(out_, "occupancy,%u,%u,%u,%s,", keyDomain(who), keyVcpu(who), p.pcpu,
                             isIdle(who) ? "idle" : "busy");
            std::fprintf(out_, "%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%.9f\n", s, e, e - s, timeS(s));
        }
}

void CsvExport::utilization() {
    std::fputs("bucket_t0,bucket_t1,entity,pcpu,domain,vcpu,busy,idle,unknown,runnable,could_"
               "run,utilization\n",
               out_);
    const UtilizationAnalysis analysis(results_.runstates, results_.occupancy, affinity_);
    for (const auto& b : bucketWindows(window_, bucket_)) {
        const Utilization u = analysis.compute(b);
        const double len = static_cast<double>(std::max<uint64_t>(b.length(), 1));
        for (const auto& p : u.pcpus)
            std::fprintf(
                out_,
                "%" PRIu64 ",%" PRIu64 ",pcpu,%u,,,%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",,,%.6f\n",
                b.t0, b.t1, p.pcpu, p.busy, p.idle, p.unknown, static_cast<double>(p.busy) / len);
        for (const auto& v : u.vcpus)
            std::fprintf(out_,
                         "%" PRIu64 ",%" PRIu64 ",vcpu,,%u,%u,%" PRIu64 ",,,%" PRIu64 ",%" PRIu64
                         ",%.6f\n",
                         b.t0, b.t1, v.domain, v.vcpu, v.running, v.runnable, v.couldRun,
                         static_cast<double>(v.running) / len);
        for (const auto& d : u.domains)
            std::fprintf(out_,
                         "%" PRIu64 ",%" PRIu64 ",domain,,%u,,%" PRIu64 ",,,%" PRIu64 ",%" PRIu64
                         ",%.6f\n",
                         b.t0, b.t1, d.domain, d.running, d.runnable, d.couldRun, d.share);
    }
}

void CsvExport::latency() {
    std::fputs("tsc,time_s,domain,vcpu,pcpu,kind,cycles,seconds\n", out_);
    for (const auto& s : results_.latency.samples)
        if (window_.contains(s.tsc))
            std::fprintf(out_, "%" PRIu64 ",%.9f,%u,%u,%u,%s,%" PRIu64 ",%.9f\n", s.tsc,
                         timeS(s.tsc), s.domain, s.vcpu, s.pcpu,
                         s.kind == LatencyKind::Wake ? "wake" : "preempt", s.cycles,
                         seconds(s.cycles));
}

void CsvExport::hypervisor() {
    std::fputs("bucket_t0,bucket_t1,domain,vcpu,vendor,reason,name,count,cycles,seconds\n", out_);
    for (const auto& b : bucketWindows(window_, bucket_)) {
        const auto rs = summarizeRunstates(results_.runstates, b);
        for (const auto& h : summarizeHypervisor(results_.hvm, rs, b).vcpus) {
            std::fprintf(
                out_, "%" PRIu64 ",%" PRIu64 ",%u,%u,resume,,,%" PRIu64 ",%" PRIu64 ",%.9f\n", b.t0,
                b.t1, h.domain, h.vcpu, h.resumes, h.resumeCycles, seconds(h.resumeCycles));
            for (const auto& r : h.byReason)
                std::fprintf(
                    out_, "%" PRIu64 ",%" PRIu64 ",%u,%u,%s,%u,%s,%" PRIu64 ",%" PRIu64 ",%.9f\n",
                    b.t0, b.t1, h.domain, h.vcpu, r.vendor == HvmSpanKind::SvmExit ? "svm" : "vmx",
                    r.reason, csvName(r.name()).c_str(), r.count, r.cycles, seconds(r.cycles));
        }
    }
}

void CsvExport::events() {
    const auto& e = results_.events;
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

void CsvExport::diskStages() {
    std::fputs("bucket_t0,bucket_t1,domain,device,stage,completed,sum,min,p50,p90,p99,max,"
               "avg_depth,max_depth\n",
               out_);
    const auto row = [&](const TimeWindow& b, const std::string& who, std::string_view stage,
                         const LatencyStats& l, const DiskStageSummary* st) {
        std::fprintf(out_,
                     "%" PRIu64 ",%" PRIu64 ",%s,%s,%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64
                     ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",",
                     b.t0, b.t1, who.c_str(), std::string(stage).c_str(), l.count, l.sum, l.min,
                     l.p50, l.p90, l.p99, l.max);
        if (st)
            std::fprintf(out_, "%.6f,%u\n", st->avgDepth, st->depth.max);
        else
            std::fputs(",\n", out_);
    };
    for (const auto& s : summarizeDiskBuckets(results_.disk, window_, bucket_)) {
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

void CsvExport::diskDepth() {
    std::fputs("bucket_t0,bucket_t1,stage,domain,device,min,avg,max,cycles\n", out_);
    const auto& disk = results_.disk;
    const auto rows = [&](const DepthSeries& series, std::string_view stage,
                          const std::string& who) {
        for (const auto& b : series.buckets(window_, bucket_))
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

void CsvExport::diskRequests() {
    std::fputs("domain,device,request,op,sector,sectors,failed,reason", out_);
    for (const auto name : DiskRecordNames)
        std::fprintf(out_, ",%s", std::string(name).c_str());
    std::fputs(",until,end_to_end\n", out_);
    const auto& disk = results_.disk;
    for (const auto& q : disk.requests) {
        if (!window_.counts(q.base, q.until))
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

} // namespace xenoscope::core
