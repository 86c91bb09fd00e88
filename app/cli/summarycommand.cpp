// `xenoscope-cli summary FILE [--cpu-hz HZ] [--from T] [--to T] [--sla FILE]
// [--sla-bucket T] [--worst N] [--disk-events FILE] [--json]`: every core analysis over a window,
// from one pass over the trace. JSON figures are TSC cycles (integers);
// the text form shows seconds and percentages.

#include "app/cli/summarycommand.h"

#include "app/cli/analysisrun.h"
#include "app/cli/clioptions.h"
#include "core/analyses/tracesummary.h"
#include "core/format/eventcatalog.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

namespace xenoscope::cli {

namespace {

using namespace xenoscope::core;

QJsonValue u64(uint64_t v) {
    return QJsonValue(static_cast<qint64>(v));
}
QString qs(std::string_view s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}
QString hexId(uint32_t id) {
    return QStringLiteral("0x%1").arg(id, 8, 16, QLatin1Char('0'));
}
QJsonValue nameOrNull(std::string_view s) {
    return s.empty() ? QJsonValue() : QJsonValue(qs(s));
}

constexpr VcpuState States[] = {VcpuState::Running, VcpuState::Runnable, VcpuState::Blocked,
                                VcpuState::Offline, VcpuState::Unknown};

QJsonObject statsJson(const LatencyStats& s) {
    return {{QStringLiteral("count"), u64(s.count)}, {QStringLiteral("sum"), u64(s.sum)},
            {QStringLiteral("min"), u64(s.min)},     {QStringLiteral("p50"), u64(s.p50)},
            {QStringLiteral("p90"), u64(s.p90)},     {QStringLiteral("p99"), u64(s.p99)},
            {QStringLiteral("max"), u64(s.max)}};
}

QJsonObject agreementJson(const XenAgreement& a) {
    return {{QStringLiteral("matched"), u64(a.matched)},
            {QStringLiteral("median_abs_diff"), u64(a.medianAbsDiff)},
            {QStringLiteral("max_abs_diff"), u64(a.maxAbsDiff)}};
}

QJsonObject hypervisorJson(const VcpuHypervisorSummary& h) {
    QJsonArray reasons;
    for (const auto& r : h.byReason)
        reasons.append(QJsonObject{{QStringLiteral("vendor"), r.vendor == HvmSpanKind::SvmExit
                                                                  ? QStringLiteral("svm")
                                                                  : QStringLiteral("vmx")},
                                   {QStringLiteral("reason"), static_cast<qint64>(r.reason)},
                                   {QStringLiteral("name"), nameOrNull(r.name())},
                                   {QStringLiteral("count"), u64(r.count)},
                                   {QStringLiteral("cycles"), u64(r.cycles)}});
    return {{QStringLiteral("cycles"), u64(h.hypervisor)},
            {QStringLiteral("guest"), u64(h.guest)},
            {QStringLiteral("exits"), u64(h.exits)},
            {QStringLiteral("exit_cycles"), u64(h.exitCycles)},
            {QStringLiteral("resumes"), u64(h.resumes)},
            {QStringLiteral("resume_cycles"), u64(h.resumeCycles)},
            {QStringLiteral("by_reason"), reasons}};
}

QJsonObject diskStageJson(const DiskStageSummary& st) {
    return {{QStringLiteral("name"), qs(st.name)},
            {QStringLiteral("completed"), u64(st.latency.count)},
            {QStringLiteral("latency"), statsJson(st.latency)},
            {QStringLiteral("avg_depth"), st.avgDepth},
            {QStringLiteral("max_depth"), static_cast<qint64>(st.depth.max)},
            {QStringLiteral("depth_cycles"), u64(st.depth.cycles)}};
}

QJsonArray diskStagesJson(const std::array<DiskStageSummary, DiskStageCount>& stages) {
    QJsonArray out;
    for (const auto& st : stages)
        out.append(diskStageJson(st));
    return out;
}

// The `disk` section (docs/disk.md): cycles, depths as request counts.
QJsonObject diskJson(const DiskSummary& d) {
    QJsonObject o;
    o[QStringLiteral("source")] = d.instrumented      ? QStringLiteral("instrumented")
                                  : !d.grants.empty() ? QStringLiteral("grants")
                                                      : QStringLiteral("none");
    o[QStringLiteral("requests")] = u64(d.requests);
    o[QStringLiteral("stages")] = diskStagesJson(d.stages);
    o[QStringLiteral("end_to_end")] = statsJson(d.endToEnd);
    QJsonObject byReason;
    for (size_t i = 1; i < DiskBreakNames.size(); ++i)
        byReason[qs(DiskBreakNames[i])] = u64(d.incompleteByReason[i]);
    QJsonArray list;
    for (const auto& x : d.incomplete) {
        QJsonArray missing;
        for (size_t k = 0; k < DiskRecordCount; ++k)
            if (!((x.present >> k) & 1u))
                missing.append(qs(DiskRecordNames[k]));
        list.append(QJsonObject{
            {QStringLiteral("domain"), x.domain},
            {QStringLiteral("device"), static_cast<qint64>(x.device)},
            {QStringLiteral("request"), static_cast<qint64>(x.id)},
            {QStringLiteral("reason"), qs(DiskBreakNames[static_cast<size_t>(x.reason)])},
            {QStringLiteral("missing"), missing},
            {QStringLiteral("first_tsc"), u64(x.first)},
            {QStringLiteral("until_tsc"), u64(x.until)}});
    }
    o[QStringLiteral("incomplete")] =
        QJsonObject{{QStringLiteral("count"), static_cast<qint64>(d.incomplete.size())},
                    {QStringLiteral("by_reason"), byReason},
                    {QStringLiteral("list"), list}};
    QJsonArray devices;
    for (const auto& dev : d.devices)
        devices.append(QJsonObject{{QStringLiteral("domain"), dev.domain},
                                   {QStringLiteral("device"), static_cast<qint64>(dev.device)},
                                   {QStringLiteral("requests"), u64(dev.requests)},
                                   {QStringLiteral("incomplete"), u64(dev.incomplete)},
                                   {QStringLiteral("stages"), diskStagesJson(dev.stages)},
                                   {QStringLiteral("end_to_end"), statsJson(dev.endToEnd)}});
    o[QStringLiteral("devices")] = devices;
    QJsonArray grants;
    for (const auto& g : d.grants)
        grants.append(
            QJsonObject{{QStringLiteral("domain"), g.domain},
                        {QStringLiteral("maps"), u64(g.maps)},
                        {QStringLiteral("unmaps"), u64(g.unmaps)},
                        {QStringLiteral("unmatched_unmaps"), u64(g.unmatchedUnmaps)},
                        {QStringLiteral("avg_in_flight"), g.avgInFlight},
                        {QStringLiteral("max_in_flight"), static_cast<qint64>(g.inFlight.max)},
                        {QStringLiteral("in_flight_cycles"), u64(g.inFlight.cycles)}});
    o[QStringLiteral("grants")] = grants;
    o[QStringLiteral("unattributed")] = u64(d.unattributed);
    o[QStringLiteral("malformed")] = u64(d.malformed);
    return o;
}

QJsonObject toJson(const AnalysisRun& run, const TraceSummary& s) {
    const AnalysisResults& r = run.results;
    QJsonObject o;
    o[QStringLiteral("file")] = toQ(run.path);
    o[QStringLiteral("trace")] = QJsonObject{{QStringLiteral("t0"), u64(r.span.window.t0)},
                                             {QStringLiteral("t1"), u64(r.span.window.t1)}};
    o[QStringLiteral("window")] = QJsonObject{{QStringLiteral("t0"), u64(s.window.t0)},
                                              {QStringLiteral("t1"), u64(s.window.t1)}};
    o[QStringLiteral("tsc_hz")] = run.tscHz;
    o[QStringLiteral("tsc_hz_source")] = run.tscHzSource;

    QJsonArray vcpus;
    for (const auto& v : s.runstates.vcpus) {
        QJsonObject j{{QStringLiteral("domain"), v.domain}, {QStringLiteral("vcpu"), v.vcpu}};
        QJsonObject intervals;
        for (const auto st : States) {
            j[qs(stateName(st))] = u64(v.in(st));
            intervals[qs(stateName(st))] = u64(v.stays(st));
        }
        j[QStringLiteral("intervals")] = intervals;
        const auto* h = s.hypervisor.find(v.domain, v.vcpu);
        j[QStringLiteral("hypervisor")] = h ? QJsonValue(hypervisorJson(*h)) : QJsonValue();
        vcpus.append(j);
    }
    o[QStringLiteral("vcpus")] = vcpus;

    QJsonArray domains;
    for (const auto& d : s.utilization.domains)
        domains.append(QJsonObject{{QStringLiteral("domain"), d.domain},
                                   {QStringLiteral("vcpus"), static_cast<qint64>(d.vcpus)},
                                   {QStringLiteral("running"), u64(d.running)},
                                   {QStringLiteral("runnable"), u64(d.runnable)},
                                   {QStringLiteral("could_run"), u64(d.couldRun)},
                                   {QStringLiteral("share"), d.share},
                                   {QStringLiteral("host_share"), d.hostShare}});
    o[QStringLiteral("domains")] = domains;

    QJsonArray pcpus;
    for (const auto& p : s.utilization.pcpus)
        pcpus.append(QJsonObject{{QStringLiteral("pcpu"), p.pcpu},
                                 {QStringLiteral("busy"), u64(p.busy)},
                                 {QStringLiteral("idle"), u64(p.idle)},
                                 {QStringLiteral("unknown"), u64(p.unknown)}});
    o[QStringLiteral("pcpus")] = pcpus;
    const Imbalance& im = s.utilization.imbalance;
    o[QStringLiteral("imbalance")] =
        QJsonObject{{QStringLiteral("could_run"), u64(im.couldRun)},
                    {QStringLiteral("busy_max"), u64(im.busyMax)},
                    {QStringLiteral("busy_min"), u64(im.busyMin)},
                    {QStringLiteral("busy_spread"), u64(im.busySpread)},
                    {QStringLiteral("busy_cv"), im.busyCv}};

    QJsonObject lat = statsJson(s.latency.all);
    lat[QStringLiteral("wake")] = statsJson(s.latency.wake);
    lat[QStringLiteral("preempt")] = statsJson(s.latency.preempt);
    QJsonArray worst;
    for (const auto& w : s.latency.worst)
        worst.append(QJsonObject{{QStringLiteral("tsc"), u64(w.tsc)},
                                 {QStringLiteral("cycles"), u64(w.cycles)},
                                 {QStringLiteral("domain"), w.domain},
                                 {QStringLiteral("vcpu"), w.vcpu},
                                 {QStringLiteral("pcpu"), w.pcpu},
                                 {QStringLiteral("kind"), w.kind == LatencyKind::Wake
                                                              ? QStringLiteral("wake")
                                                              : QStringLiteral("preempt")}});
    lat[QStringLiteral("worst")] = worst;
    QJsonArray hist;
    for (const auto& b : s.latency.histogram)
        hist.append(QJsonObject{{QStringLiteral("from"), u64(b.from)},
                                {QStringLiteral("to"), u64(b.to)},
                                {QStringLiteral("count"), u64(b.count)}});
    lat[QStringLiteral("histogram")] = hist;
    QJsonObject xen = agreementJson(s.latency.xen);
    xen[QStringLiteral("wake")] = agreementJson(s.latency.xenWake);
    xen[QStringLiteral("preempt")] = agreementJson(s.latency.xenPreempt);
    lat[QStringLiteral("xen_infnext")] = xen;
    o[QStringLiteral("latency")] = lat;
    o[QStringLiteral("disk")] = diskJson(s.disk);

    const EventStats& ev = r.events;
    QJsonObject events{{QStringLiteral("total"), u64(ev.total)},
                       {QStringLiteral("unknown_domain"), u64(ev.unknownDomain)}};
    QJsonArray byId, byClass, byDomain, byPcpu;
    for (const auto& [id, n] : ev.byId)
        byId.append(
            QJsonObject{{QStringLiteral("id"), hexId(id)},
                        {QStringLiteral("name"), nameOrNull(EventCatalog::builtin().name(id))},
                        {QStringLiteral("count"), u64(n)}});
    for (const auto& [cls, n] : ev.byClass)
        byClass.append(QJsonObject{{QStringLiteral("class"), hexId(cls << 16)},
                                   {QStringLiteral("name"), qs(EventCatalog::className(cls << 16))},
                                   {QStringLiteral("count"), u64(n)}});
    for (const auto& [d, n] : ev.byDomain)
        byDomain.append(
            QJsonObject{{QStringLiteral("domain"), d}, {QStringLiteral("count"), u64(n)}});
    for (const auto& [p, n] : ev.byPcpu)
        byPcpu.append(QJsonObject{{QStringLiteral("pcpu"), p}, {QStringLiteral("count"), u64(n)}});
    events[QStringLiteral("by_id")] = byId;
    events[QStringLiteral("by_class")] = byClass;
    events[QStringLiteral("by_domain")] = byDomain;
    events[QStringLiteral("by_pcpu")] = byPcpu;
    o[QStringLiteral("events")] = events;

    QJsonArray pv;
    for (const auto& d : r.pv.domains) {
        QJsonArray kinds, calls;
        for (const auto& [id, n] : d.byKind)
            kinds.append(
                QJsonObject{{QStringLiteral("id"), hexId(id)},
                            {QStringLiteral("name"), nameOrNull(EventCatalog::builtin().name(id))},
                            {QStringLiteral("count"), u64(n)}});
        for (const auto& [op, n] : d.byHypercall)
            calls.append(
                QJsonObject{{QStringLiteral("op"), static_cast<qint64>(op)},
                            {QStringLiteral("name"), nameOrNull(EventCatalog::hypercallName(op))},
                            {QStringLiteral("count"), u64(n)}});
        pv.append(QJsonObject{{QStringLiteral("domain"), d.domain},
                              {QStringLiteral("by_kind"), kinds},
                              {QStringLiteral("by_hypercall"), calls}});
    }
    o[QStringLiteral("pv")] = pv;
    o[QStringLiteral("inconsistencies")] = u64(s.runstates.inconsistencies);
    o[QStringLiteral("hypervisor_cut")] =
        QJsonObject{{QStringLiteral("spans"), u64(r.hvm.cutSpans)},
                    {QStringLiteral("cycles"), u64(r.hvm.cutCycles)}};
    uint64_t lost = 0;
    for (const auto& g : r.stats.lost)
        lost += g.records;
    o[QStringLiteral("lost")] =
        QJsonObject{{QStringLiteral("records"), u64(lost)},
                    {QStringLiteral("gaps"), static_cast<qint64>(r.stats.lost.size())}};

    if (s.sla) {
        QJsonArray doms;
        for (const auto& d : s.sla->domains) {
            QJsonArray viol;
            for (const auto& v : d.violations)
                viol.append(QJsonObject{
                    {QStringLiteral("t0"), u64(v.bucket.t0)},
                    {QStringLiteral("t1"), u64(v.bucket.t1)},
                    {QStringLiteral("running"), u64(v.running)},
                    {QStringLiteral("runnable"), u64(v.runnable)},
                    {QStringLiteral("host_share"), v.hostShare},
                    {QStringLiteral("kind"), v.overCap ? QStringLiteral("over_cap")
                                                       : QStringLiteral("under_entitlement")}});
            doms.append(QJsonObject{{QStringLiteral("domain"), d.domain},
                                    {QStringLiteral("entitlement"), d.entitlement},
                                    {QStringLiteral("cap_share"), d.capShare},
                                    {QStringLiteral("reserved_pcpus"), d.reservedPcpus},
                                    {QStringLiteral("trace_capped"),
                                     d.traceCapped ? QJsonValue(*d.traceCapped) : QJsonValue()},
                                    {QStringLiteral("cap_mismatch"), d.capMismatch},
                                    {QStringLiteral("host_share"), d.hostShare},
                                    {QStringLiteral("buckets"), u64(d.buckets)},
                                    {QStringLiteral("under_buckets"), u64(d.underBuckets)},
                                    {QStringLiteral("over_cap_buckets"), u64(d.overCapBuckets)},
                                    {QStringLiteral("violations"), viol}});
        }
        o[QStringLiteral("sla")] =
            QJsonObject{{QStringLiteral("source"),
                         s.sla->fromTrace ? QStringLiteral("trace") : QStringLiteral("file")},
                        {QStringLiteral("bucket"), u64(s.sla->bucket)},
                        {QStringLiteral("domains"), doms}};
    }

    const SchedParams& sp = r.schedParams;
    QJsonArray credit2, rtds;
    for (const auto& c : sp.credit2)
        credit2.append(QJsonObject{{QStringLiteral("domain"), c.domain},
                                   {QStringLiteral("burns"), u64(c.burns)},
                                   {QStringLiteral("capped_burns"), u64(c.cappedBurns)},
                                   {QStringLiteral("capped"), c.capped()}});
    for (const auto& v : sp.rtds)
        rtds.append(QJsonObject{{QStringLiteral("domain"), v.domain},
                                {QStringLiteral("vcpu"), v.vcpu},
                                {QStringLiteral("budget_ns"), u64(v.budgetNs)},
                                {QStringLiteral("period_ns"), u64(v.periodNs)},
                                {QStringLiteral("replenishments"), u64(v.replenishments)},
                                {QStringLiteral("budget_changed"), v.budgetChanged},
                                {QStringLiteral("extratime"), v.extratime}});
    o[QStringLiteral("sched_params")] =
        QJsonObject{{QStringLiteral("credit2"), credit2}, {QStringLiteral("rtds"), rtds}};
    return o;
}

double pct(uint64_t part, uint64_t whole) {
    return whole ? 100.0 * static_cast<double>(part) / static_cast<double>(whole) : 0.0;
}

void printDisk(const AnalysisRun& run, const DiskSummary& d) {
    const auto us = [&](uint64_t c) { return seconds(run, c) * 1e6; };
    const auto line = [&](std::string_view what, const LatencyStats& l,
                          const DiskStageSummary* st) {
        std::printf("%-20s %8llu %10.2f %10.2f %10.2f %10.2f %10.2f %10.2f",
                    std::string(what).c_str(), static_cast<unsigned long long>(l.count), us(l.min),
                    us(l.p50), us(l.p90), us(l.p99), us(l.max),
                    l.count ? us(l.sum) / static_cast<double>(l.count) : 0.0);
        if (st)
            std::printf(" %9.3f %6u", st->avgDepth, st->depth.max);
        std::printf("\n");
    };
    const auto header = [] {
        std::printf("%-20s %8s %10s %10s %10s %10s %10s %10s %9s %6s\n", "stage", "done", "min",
                    "p50", "p90", "p99", "max", "mean", "avg depth", "max");
    };
    if (!d.instrumented) {
        std::printf("\nDisk I/O: no instrumented blkfront/blkback records%s\n",
                    d.grants.empty() ? " and no grant map/unmap records" : "; grants below");
    } else {
        std::printf("\nDisk I/O (latency in microseconds, depth in requests): %llu requests, %zu "
                    "incomplete\n",
                    static_cast<unsigned long long>(d.requests), d.incomplete.size());
        header();
        for (const auto& st : d.stages)
            line(st.name, st.latency, &st);
        line("end_to_end", d.endToEnd, nullptr);
        if (!d.incomplete.empty()) {
            std::printf("incomplete chains:");
            for (size_t i = 1; i < DiskBreakNames.size(); ++i)
                if (d.incompleteByReason[i])
                    std::printf(" %s %llu", std::string(DiskBreakNames[i]).c_str(),
                                static_cast<unsigned long long>(d.incompleteByReason[i]));
            std::printf("\n");
            for (size_t i = 0; i < std::min<size_t>(d.incomplete.size(), 10); ++i) {
                const auto& x = d.incomplete[i];
                std::printf("  d%u dev %u req %u at %.6f s: %s, missing", x.domain, x.device, x.id,
                            seconds(run, x.first - run.results.span.window.t0),
                            std::string(DiskBreakNames[static_cast<size_t>(x.reason)]).c_str());
                for (size_t k = 0; k < DiskRecordCount; ++k)
                    if (!((x.present >> k) & 1u))
                        std::printf(" %s", std::string(DiskRecordNames[k]).c_str());
                std::printf("\n");
            }
            if (d.incomplete.size() > 10)
                std::printf("  ... %zu more (--json lists all)\n", d.incomplete.size() - 10);
        }
        for (const auto& dev : d.devices) {
            std::printf("domain %u, device %u: %llu requests, %llu incomplete\n", dev.domain,
                        dev.device, static_cast<unsigned long long>(dev.requests),
                        static_cast<unsigned long long>(dev.incomplete));
            for (const auto& st : dev.stages)
                line(std::string("  ") + std::string(st.name), st.latency, &st);
            line("  end_to_end", dev.endToEnd, nullptr);
        }
        if (d.unattributed || d.malformed)
            std::printf("frontend records without a known domain: %llu; malformed: %llu\n",
                        static_cast<unsigned long long>(d.unattributed),
                        static_cast<unsigned long long>(d.malformed));
    }
    if (!d.grants.empty()) {
        std::printf("Grants mapped per granting domain (stock-Xen view of backend I/O)\n%-8s %10s "
                    "%10s %10s %12s %8s\n",
                    "domain", "maps", "unmaps", "unmatched", "avg mapped", "max");
        for (const auto& g : d.grants)
            std::printf(
                "%-8u %10llu %10llu %10llu %12.3f %8u\n", g.domain,
                static_cast<unsigned long long>(g.maps), static_cast<unsigned long long>(g.unmaps),
                static_cast<unsigned long long>(g.unmatchedUnmaps), g.avgInFlight, g.inFlight.max);
    }
}

void printText(const AnalysisRun& run, const TraceSummary& s) {
    const uint64_t len = s.window.length();
    const auto sec = [&](uint64_t c) { return seconds(run, c); };
    std::printf("File      %s\n", run.path.c_str());
    std::printf("Window    TSC %llu .. %llu  (%.6f s; trace starts at %llu)\n",
                static_cast<unsigned long long>(s.window.t0),
                static_cast<unsigned long long>(s.window.t1), sec(len),
                static_cast<unsigned long long>(run.results.span.window.t0));
    std::printf("TSC rate  %.6f GHz (%s)\n", run.tscHz / 1e9, qPrintable(run.tscHzSource));
    std::printf("Runstate inconsistencies: %llu\n",
                static_cast<unsigned long long>(s.runstates.inconsistencies));
    if (run.results.hvm.cutSpans > 0)
        std::printf("Hypervisor spans cut short: %llu (%llu cycles; damaged timestamps)\n",
                    static_cast<unsigned long long>(run.results.hvm.cutSpans),
                    static_cast<unsigned long long>(run.results.hvm.cutCycles));
    std::printf("\n");

    std::printf("vCPU runstates (seconds, %% of window, stays)\n");
    std::printf("%-10s %24s %24s %24s %22s %22s\n", "vcpu", "running", "runnable", "blocked",
                "offline", "unknown");
    for (const auto& v : s.runstates.vcpus) {
        char who[24];
        std::snprintf(who, sizeof who, "d%uv%u", v.domain, v.vcpu);
        std::printf("%-10s", who);
        for (const auto st : States)
            std::printf(" %9.6f %5.1f%% %6llu", sec(v.in(st)), pct(v.in(st), len),
                        static_cast<unsigned long long>(v.stays(st)));
        std::printf("\n");
    }

    std::printf("\npCPU utilization\n%-6s %12s %7s %12s %7s %12s %7s\n", "pcpu", "busy s", "busy",
                "idle s", "idle", "unknown s", "unk");
    for (const auto& p : s.utilization.pcpus)
        std::printf("%-6u %12.6f %6.1f%% %12.6f %6.1f%% %12.6f %6.1f%%\n", p.pcpu, sec(p.busy),
                    pct(p.busy, len), sec(p.idle), pct(p.idle, len), sec(p.unknown),
                    pct(p.unknown, len));
    const Imbalance& im = s.utilization.imbalance;
    std::printf(
        "busy spread across pCPUs: %.6f s (max %.6f, min %.6f), coefficient of variation %.3f\n",
        sec(im.busySpread), sec(im.busyMax), sec(im.busyMin), im.busyCv);
    std::printf("runnable while an allowed pCPU was idle: %.6f s\n", sec(im.couldRun));

    std::printf("\nDomains\n%-8s %6s %12s %8s %11s %12s %12s\n", "domain", "vcpus", "running s",
                "share", "host share", "runnable s", "could run s");
    for (const auto& d : s.utilization.domains)
        std::printf("%-8u %6u %12.6f %7.2f%% %10.2f%% %12.6f %12.6f\n", d.domain, d.vcpus,
                    sec(d.running), 100 * d.share, 100 * d.hostShare, sec(d.runnable),
                    sec(d.couldRun));

    if (!s.hypervisor.vcpus.empty()) {
        std::printf("\nTime in the hypervisor (HVM vCPUs)\n%-10s %12s %12s %7s %8s %12s %8s\n",
                    "vcpu", "running s", "hyp s", "hyp", "exits", "resume s", "resumes");
        for (const auto& h : s.hypervisor.vcpus) {
            char who[24];
            std::snprintf(who, sizeof who, "d%uv%u", h.domain, h.vcpu);
            std::printf("%-10s %12.6f %12.6f %6.1f%% %8llu %12.6f %8llu\n", who, sec(h.running),
                        sec(h.hypervisor), pct(h.hypervisor, h.running),
                        static_cast<unsigned long long>(h.exits), sec(h.resumeCycles),
                        static_cast<unsigned long long>(h.resumes));
            for (const auto& r : h.byReason) {
                const auto name = r.name();
                std::printf("    %-28s %8llu %12.6f s  avg %10.0f cycles\n",
                            name.empty() ? qPrintable(QStringLiteral("reason %1").arg(r.reason))
                                         : std::string(name).c_str(),
                            static_cast<unsigned long long>(r.count), sec(r.cycles),
                            r.count ? static_cast<double>(r.cycles) / static_cast<double>(r.count)
                                    : 0.0);
            }
        }
    }

    const auto latLine = [&](const char* what, const LatencyStats& l) {
        std::printf("%-8s %8llu %11.3f %11.3f %11.3f %11.3f %11.3f %11.3f\n", what,
                    static_cast<unsigned long long>(l.count), sec(l.min) * 1e6, sec(l.p50) * 1e6,
                    sec(l.p90) * 1e6, sec(l.p99) * 1e6, sec(l.max) * 1e6,
                    l.count ? sec(l.sum) * 1e6 / static_cast<double>(l.count) : 0.0);
    };
    std::printf("\nScheduling latency (runnable -> running, microseconds)\n%-8s %8s %11s %11s %11s "
                "%11s %11s %11s\n",
                "kind", "count", "min", "p50", "p90", "p99", "max", "mean");
    latLine("all", s.latency.all);
    latLine("wake", s.latency.wake);
    latLine("preempt", s.latency.preempt);
    if (!s.latency.worst.empty()) {
        std::printf("worst:\n");
        for (const auto& w : s.latency.worst)
            std::printf("  %10.3f us  d%uv%u on pCPU %u, %s, at %.6f s\n", sec(w.cycles) * 1e6,
                        w.domain, w.vcpu, w.pcpu, w.kind == LatencyKind::Wake ? "wake" : "preempt",
                        sec(w.tsc - run.results.span.window.t0));
    }
    const auto agree = [&](const char* what, const XenAgreement& a) {
        std::printf("  %-8s %8llu matched, |difference| median %.3f us, max %.3f us\n", what,
                    static_cast<unsigned long long>(a.matched), sec(a.medianAbsDiff) * 1e6,
                    sec(a.maxAbsDiff) * 1e6);
    };
    std::printf("against Xen's SWITCH_INFNEXT runnable times:\n");
    agree("all", s.latency.xen);
    agree("wake", s.latency.xenWake);
    agree("preempt", s.latency.xenPreempt);

    printDisk(run, s.disk);

    std::printf("\nEvents in the window: %llu\n",
                static_cast<unsigned long long>(run.results.events.total));
    for (const auto& [cls, n] : run.results.events.byClass)
        std::printf("  %-8s %10llu\n", std::string(EventCatalog::className(cls << 16)).c_str(),
                    static_cast<unsigned long long>(n));

    const SchedParams& sp = run.results.schedParams;
    if (!sp.empty()) {
        std::printf("\nScheduler parameters recorded in the trace\n");
        for (const auto& c : sp.credit2)
            std::printf("  credit2 d%-5u %s (%llu of %llu credit burns with a budget)\n", c.domain,
                        c.capped() ? "capped  " : "uncapped",
                        static_cast<unsigned long long>(c.cappedBurns),
                        static_cast<unsigned long long>(c.burns));
        for (const auto& v : sp.rtds) {
            const QByteArray period =
                v.periodNs
                    ? QByteArray::number(static_cast<double>(v.periodNs) / 1e9, 'f', 6) + " s"
                    : QByteArray("unknown (one replenishment)");
            std::printf("  rtds    d%uv%-4u budget %.6f s / period %s%s%s\n", v.domain, v.vcpu,
                        static_cast<double>(v.budgetNs) / 1e9, period.constData(),
                        v.extratime ? ", extratime" : "",
                        v.budgetChanged ? ", budget changed during the trace" : "");
        }
    }

    if (s.sla) {
        std::printf("\nSLA from %s (buckets of %.6f s)\n%-8s %12s %11s %11s %9s %10s %10s  %s\n",
                    s.sla->fromTrace ? "the trace's RTDS reservations" : "the configuration",
                    sec(s.sla->bucket), "domain", "entitlement", "cap share", "host share",
                    "buckets", "under", "over cap", "cap in the trace");
        for (const auto& d : s.sla->domains)
            std::printf("%-8u %11.2f%% %10.2f%% %10.2f%% %9llu %10llu %10llu  %s\n", d.domain,
                        100 * d.entitlement, 100 * d.capShare, 100 * d.hostShare,
                        static_cast<unsigned long long>(d.buckets),
                        static_cast<unsigned long long>(d.underBuckets),
                        static_cast<unsigned long long>(d.overCapBuckets),
                        !d.traceCapped   ? "-"
                        : d.capMismatch  ? (*d.traceCapped ? "capped (the file says no cap)"
                                                           : "none (the file sets a cap)")
                        : *d.traceCapped ? "capped"
                                         : "none");
    }
}

} // namespace

int runSummary(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Runstates, utilization, time in the hypervisor, scheduling latency, disk "
                       "I/O and event counts over "
                       "a window, from one pass. --json figures are TSC cycles."));
    addAnalysisOptions(parser);
    addSlaOption(parser);
    parser.addOption(
        {QStringLiteral("sla-bucket"),
         QStringLiteral(
             "Width of the SLA check's buckets (e.g. 100ms; default: the whole window)."),
         QStringLiteral("T")});
    parser.addOption({QStringLiteral("worst"),
                      QStringLiteral("How many of the longest latencies to list (10)."),
                      QStringLiteral("N")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("JSON instead of text.")});
    if (!parseArgs(parser, args))
        return ExitUnusable;
    size_t worst = 10;
    if (parser.isSet(QStringLiteral("worst"))) {
        bool ok = false;
        worst = parser.value(QStringLiteral("worst")).toULong(&ok);
        if (!ok)
            return usageError(QStringLiteral("--worst: expected a count"));
    }
    std::optional<TimeSpec> bucketSpec;
    if (parser.isSet(QStringLiteral("sla-bucket"))) {
        bucketSpec = parseTimeSpec(parser.value(QStringLiteral("sla-bucket")).toStdString());
        if (!bucketSpec || bucketSpec->absolute)
            return usageError(
                QStringLiteral("--sla-bucket: expected a duration with a unit (e.g. 100ms)"));
    }
    auto run = runAnalysis(parser, "summary");
    if (!run)
        return ExitUnusable;

    SummaryOptions options;
    options.window = run->window;
    options.worstN = worst;
    options.tscHz = run->tscHz;
    options.sla = run->sla ? &*run->sla : nullptr;
    if (bucketSpec)
        options.slaBucket = TimeBase{0, run->tscHz}.cyclesFromNs(bucketSpec->ns);
    const TraceSummary summary = summarizeTrace(run->results, options);

    if (parser.isSet(QStringLiteral("json")))
        std::fputs(QJsonDocument(toJson(*run, summary)).toJson(QJsonDocument::Indented).constData(),
                   stdout);
    else
        printText(*run, summary);
    std::fflush(stdout);
    printDiagnostics(run->path, run->problems);
    return run->problems.empty() ? ExitOk : ExitPartial;
}

} // namespace xenoscope::cli
