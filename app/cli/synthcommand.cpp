// `xenoscope-cli synth --out FILE [--truth TRUTH.json] [options]`: a
// generated trace with exact ground truth (core/synth).

#include "app/cli/synthcommand.h"

#include "app/cli/clioptions.h"
#include "core/synth/scenariopresets.h"
#include "core/synth/synthesizer.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include <cstdio>

namespace xenoscope::cli {

namespace {

QJsonValue u64(uint64_t v) {
    return QJsonValue(static_cast<qint64>(v));
}
QString hexId(uint32_t id) {
    return QStringLiteral("0x%1").arg(id, 8, 16, QLatin1Char('0'));
}

QJsonObject stageJson(const core::Truth::Stage& s) {
    return QJsonObject{{QStringLiteral("name"), toQ(s.name)},
                       {QStringLiteral("completed"), u64(s.completed)},
                       {QStringLiteral("sum"), u64(s.sum)},
                       {QStringLiteral("min"), u64(s.min)},
                       {QStringLiteral("max"), u64(s.max)},
                       {QStringLiteral("depth_cycles"), u64(s.depthCycles)},
                       {QStringLiteral("avg_depth"), s.avgDepth},
                       {QStringLiteral("max_depth"), u64(s.maxDepth)}};
}

QJsonObject sampleJson(const core::Truth::LatencySample& s) {
    return QJsonObject{
        {QStringLiteral("tsc"), u64(s.tsc)},
        {QStringLiteral("domain"), s.domain},
        {QStringLiteral("vcpu"), s.vcpu},
        {QStringLiteral("pcpu"), s.pcpu},
        {QStringLiteral("kind"), s.wake ? QStringLiteral("wake") : QStringLiteral("preempt")},
        {QStringLiteral("cycles"), u64(s.cycles)}};
}

std::optional<uint64_t> unsignedOption(const QCommandLineParser& parser, const QString& name,
                                       uint64_t max) {
    bool ok = false;
    const qulonglong v = parser.value(name).toULongLong(&ok);
    if (!ok || v > max) {
        usageError(QStringLiteral("--%1: expected a whole number up to %2, got '%3'")
                       .arg(name)
                       .arg(max)
                       .arg(parser.value(name)));
        return std::nullopt;
    }
    return v;
}

QString description() {
    QString text = QStringLiteral(
        "Writes a generated xentrace file (a simulated Xen host: credit-like scheduler, PV and "
        "HVM\n"
        "guests, HVM exits, PV hypercalls, IRQs, grants, the split block driver with the guest\n"
        "records of disk-io-events.md, lost records, wrap fillers, xentrace's chunk layout) and,\n"
        "with --truth, the exact figures an analysis must find in it (metrics.md), as JSON.\n"
        "Deterministic: the same options and seed give the same bytes.\n\nScenarios:\n");
    for (const auto& s : core::ScenarioPresets::all())
        text +=
            QStringLiteral("  %1  %2\n")
                .arg(QString::fromUtf8(s.name.data(), static_cast<qsizetype>(s.name.size())), -14)
                .arg(QString::fromUtf8(s.description.data(),
                                       static_cast<qsizetype>(s.description.size())));
    text += QStringLiteral(
        "\n--domains: comma-separated KIND[:key=value...], KIND dom0|pv|hvm; keys vcpus, weight,\n"
        "cap (% of one pCPU), pin (e.g. 0-3+6), load (% busy), burst (us), disk (0/1).\n"
        "Example: --domains dom0:vcpus=2,hvm:vcpus=4:pin=0-3:load=80,pv:vcpus=2:cap=50\n");
    return text;
}

} // namespace

QJsonObject truthToJson(const core::Truth& t) {
    QJsonObject o;
    o[QStringLiteral("scenario")] = toQ(t.scenario);
    o[QStringLiteral("seed")] = u64(t.seed);
    o[QStringLiteral("window")] =
        QJsonObject{{QStringLiteral("t0"), u64(t.t0)}, {QStringLiteral("t1"), u64(t.t1)}};
    o[QStringLiteral("tsc_hz")] = t.tscHz;
    QJsonArray vcpus;
    for (const auto& v : t.vcpus) {
        QJsonObject j{{QStringLiteral("domain"), v.domain},
                      {QStringLiteral("vcpu"), v.vcpu},
                      {QStringLiteral("accounted"), v.accounted},
                      {QStringLiteral("first_tsc"), u64(v.firstTsc)},
                      {QStringLiteral("running"), u64(v.running)},
                      {QStringLiteral("runnable"), u64(v.runnable)},
                      {QStringLiteral("blocked"), u64(v.blocked)},
                      {QStringLiteral("offline"), u64(v.offline)},
                      {QStringLiteral("unknown"), u64(v.unknown)}};
        j[QStringLiteral("intervals")] =
            QJsonObject{{QStringLiteral("running"), u64(v.intervals[0])},
                        {QStringLiteral("runnable"), u64(v.intervals[1])},
                        {QStringLiteral("blocked"), u64(v.intervals[2])},
                        {QStringLiteral("offline"), u64(v.intervals[3])}};
        vcpus.append(j);
    }
    o[QStringLiteral("vcpus")] = vcpus;
    QJsonArray pcpus;
    for (const auto& p : t.pcpus)
        pcpus.append(QJsonObject{{QStringLiteral("pcpu"), p.pcpu},
                                 {QStringLiteral("busy"), u64(p.busy)},
                                 {QStringLiteral("idle"), u64(p.idle)},
                                 {QStringLiteral("unknown"), u64(p.unknown)}});
    o[QStringLiteral("pcpus")] = pcpus;
    QJsonArray domains;
    for (const auto& d : t.domains)
        domains.append(
            QJsonObject{{QStringLiteral("domain"), d.domain},
                        {QStringLiteral("running"), u64(d.running)},
                        {QStringLiteral("vcpus"), d.vcpus},
                        {QStringLiteral("hvm"), d.hvm},
                        {QStringLiteral("weight"), static_cast<qint64>(d.weight)},
                        {QStringLiteral("cap_percent"), static_cast<qint64>(d.capPercent)}});
    o[QStringLiteral("domains")] = domains;
    QJsonArray samples;
    for (const auto& s : t.latency.samples)
        samples.append(sampleJson(s));
    o[QStringLiteral("latency")] =
        QJsonObject{{QStringLiteral("count"), u64(t.latency.count)},
                    {QStringLiteral("sum"), u64(t.latency.sum)},
                    {QStringLiteral("min"), u64(t.latency.min)},
                    {QStringLiteral("max"), u64(t.latency.max)},
                    {QStringLiteral("worst"), sampleJson(t.latency.worst)},
                    {QStringLiteral("samples_capped"), t.latency.samplesCapped},
                    {QStringLiteral("samples"), samples}};
    QJsonArray hv;
    for (const auto& h : t.hypervisor) {
        QJsonArray reasons;
        for (const auto& r : h.byReason)
            reasons.append(QJsonObject{{QStringLiteral("reason"), static_cast<qint64>(r.reason)},
                                       {QStringLiteral("cycles"), u64(r.cycles)},
                                       {QStringLiteral("count"), u64(r.count)}});
        hv.append(QJsonObject{{QStringLiteral("domain"), h.domain},
                              {QStringLiteral("vcpu"), h.vcpu},
                              {QStringLiteral("cycles"), u64(h.cycles)},
                              {QStringLiteral("exits"), u64(h.exits)},
                              {QStringLiteral("resume_cycles"), u64(h.resumeCycles)},
                              {QStringLiteral("resumes"), u64(h.resumes)},
                              {QStringLiteral("by_reason"), reasons}});
    }
    o[QStringLiteral("hypervisor")] = hv;
    QJsonArray stages;
    for (const auto& s : t.disk.stages)
        stages.append(stageJson(s));
    o[QStringLiteral("disk")] =
        QJsonObject{{QStringLiteral("stages"), stages},
                    {QStringLiteral("end_to_end"), stageJson(t.disk.endToEnd)},
                    {QStringLiteral("requests"), u64(t.disk.requests)},
                    {QStringLiteral("incomplete"), u64(t.disk.incomplete)}};
    QJsonArray events;
    for (const auto& e : t.events)
        events.append(QJsonObject{{QStringLiteral("id"), hexId(e.id)},
                                  {QStringLiteral("count"), u64(e.count)}});
    o[QStringLiteral("events")] = events;
    QJsonArray gaps;
    for (const auto& g : t.gaps)
        gaps.append(QJsonObject{{QStringLiteral("pcpu"), g.pcpu},
                                {QStringLiteral("from_tsc"), u64(g.fromTsc)},
                                {QStringLiteral("to_tsc"), u64(g.toTsc)},
                                {QStringLiteral("records"), static_cast<qint64>(g.records)}});
    o[QStringLiteral("lost")] = QJsonObject{{QStringLiteral("records"), u64(t.lostRecords)},
                                            {QStringLiteral("gaps"), gaps}};
    o[QStringLiteral("chunks")] = u64(t.chunks);
    o[QStringLiteral("records")] = u64(t.records);
    o[QStringLiteral("tsc_records")] = u64(t.tscRecords);
    o[QStringLiteral("no_tsc_records")] = u64(t.noTscRecords);
    o[QStringLiteral("wrap_records")] = u64(t.wrapRecords);
    o[QStringLiteral("stream_bytes")] = u64(t.streamBytes);
    o[QStringLiteral("inconsistencies")] = u64(t.inconsistencies);
    o[QStringLiteral("truncated")] = t.truncated;
    return o;
}

int runSynth(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(description());
    parser.addOption(
        {QStringLiteral("out"), QStringLiteral("The trace to write."), QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("truth"),
                      QStringLiteral("Also write the ground truth as JSON."),
                      QStringLiteral("TRUTH.json")});
    parser.addOption({QStringLiteral("scenario"),
                      QStringLiteral("Scenario (default mixed), see above."),
                      QStringLiteral("NAME")});
    parser.addOption(
        {QStringLiteral("seed"), QStringLiteral("Random seed (default 1)."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("pcpus"),
                      QStringLiteral("Physical CPUs, 1-64 (default 8; demo 4)."),
                      QStringLiteral("N")});
    parser.addOption({QStringLiteral("domains"),
                      QStringLiteral("Domains instead of the scenario's, see above."),
                      QStringLiteral("SPEC")});
    parser.addOption(
        {QStringLiteral("duration-ms"),
         QStringLiteral("Traced time in ms (default: the scenario's; disk-heavy 60000)."),
         QStringLiteral("N")});
    parser.addOption({QStringLiteral("target-size"),
                      QStringLiteral("Instead of a duration: stop at this many bytes (e.g. 700M)."),
                      QStringLiteral("SIZE")});
    parser.addOption({QStringLiteral("cpu-hz"), QStringLiteral("TSC rate (default 2.8G)."),
                      QStringLiteral("HZ")});
    parser.addOption({QStringLiteral("zstd"), QStringLiteral("Compress the output with zstd.")});
    parser.addOption({QStringLiteral("lost"),
                      QStringLiteral("Create N lost-record gaps (TRC_LOST_RECORDS)."),
                      QStringLiteral("N")});
    parser.addOption(
        {QStringLiteral("disk-rate"),
         QStringLiteral("Block requests per second per guest with a disk; 0: no guest records."),
         QStringLiteral("R")});
    parser.addOption({QStringLiteral("truncate"), QStringLiteral("Cut the final chunk short.")});
    parser.addOption(
        {QStringLiteral("max-samples"),
         QStringLiteral("Latency samples kept in the truth (default 200000; stats stay exact)."),
         QStringLiteral("N")});
    if (!parseArgs(parser, args))
        return ExitUnusable;
    if (!parser.positionalArguments().isEmpty())
        return usageError(QStringLiteral("synth takes no positional arguments (use --out FILE)"));
    if (!parser.isSet(QStringLiteral("out")))
        return usageError(QStringLiteral("synth needs --out FILE"));

    core::SynthOptions o;
    if (parser.isSet(QStringLiteral("scenario")))
        o.scenario = parser.value(QStringLiteral("scenario")).toStdString();
    if (parser.isSet(QStringLiteral("seed"))) {
        const auto v = unsignedOption(parser, QStringLiteral("seed"), ~uint64_t{0});
        if (!v)
            return ExitUnusable;
        o.seed = *v;
    }
    if (parser.isSet(QStringLiteral("pcpus"))) {
        const auto v = unsignedOption(parser, QStringLiteral("pcpus"), 64);
        if (!v || *v == 0)
            return v ? usageError(QStringLiteral("--pcpus: at least 1")) : ExitUnusable;
        o.pcpus = static_cast<uint16_t>(*v);
    }
    if (parser.isSet(QStringLiteral("domains"))) {
        std::string error;
        auto spec =
            core::parseDomainSpec(parser.value(QStringLiteral("domains")).toStdString(), error);
        if (!spec)
            return usageError(QStringLiteral("--domains: %1").arg(toQ(error)));
        o.domains = std::move(*spec);
    }
    if (parser.isSet(QStringLiteral("duration-ms")) && parser.isSet(QStringLiteral("target-size")))
        return usageError(QStringLiteral("give --duration-ms or --target-size, not both"));
    if (parser.isSet(QStringLiteral("duration-ms"))) {
        const auto v = unsignedOption(parser, QStringLiteral("duration-ms"), 24ull * 3600 * 1000);
        if (!v || *v == 0)
            return v ? usageError(QStringLiteral("--duration-ms: at least 1")) : ExitUnusable;
        o.durationNs = *v * 1'000'000;
    }
    if (parser.isSet(QStringLiteral("target-size"))) {
        const auto size =
            core::parseSize(parser.value(QStringLiteral("target-size")).toStdString());
        if (!size || *size == 0)
            return usageError(QStringLiteral("--target-size: cannot read '%1' (e.g. 700M, 2G)")
                                  .arg(parser.value(QStringLiteral("target-size"))));
        o.targetBytes = *size;
    }
    if (parser.isSet(QStringLiteral("cpu-hz"))) {
        const auto hz = cpuHzOption(parser);
        if (!hz)
            return ExitUnusable;
        o.cpuHz = *hz;
    }
    if (parser.isSet(QStringLiteral("lost"))) {
        const auto v = unsignedOption(parser, QStringLiteral("lost"), 10000);
        if (!v)
            return ExitUnusable;
        o.lostGaps = static_cast<uint32_t>(*v);
    }
    if (parser.isSet(QStringLiteral("disk-rate"))) {
        bool ok = false;
        o.diskRate = parser.value(QStringLiteral("disk-rate")).toDouble(&ok);
        if (!ok || o.diskRate < 0 || o.diskRate > 1e6)
            return usageError(
                QStringLiteral("--disk-rate: expected 0..1000000 requests per second"));
    }
    if (parser.isSet(QStringLiteral("max-samples"))) {
        const auto v = unsignedOption(parser, QStringLiteral("max-samples"), 100'000'000);
        if (!v)
            return ExitUnusable;
        o.maxLatencySamples = *v;
    }
    o.truncate = parser.isSet(QStringLiteral("truncate"));
    if (const std::string why = core::validateSynthOptions(o); !why.empty())
        return usageError(toQ(why));

    const std::string out = parser.value(QStringLiteral("out")).toStdString();
    core::TraceWriter::Options wo;
    wo.zstd = parser.isSet(QStringLiteral("zstd"));
    core::TraceWriter writer(out, wo);
    if (!writer.ok())
        return usageError(toQ(writer.error()));
    const core::Truth truth = core::synthesize(o, writer);
    if (!writer.ok())
        return usageError(toQ(writer.error()));
    std::fprintf(stderr,
                 "%s: %llu records (%llu with TSC, %llu without), %llu chunks, %llu bytes%s\n",
                 out.c_str(), static_cast<unsigned long long>(truth.records),
                 static_cast<unsigned long long>(truth.tscRecords),
                 static_cast<unsigned long long>(truth.noTscRecords),
                 static_cast<unsigned long long>(truth.chunks),
                 static_cast<unsigned long long>(truth.streamBytes), wo.zstd ? " before zstd" : "");
    if (parser.isSet(QStringLiteral("truth"))) {
        QFile file(parser.value(QStringLiteral("truth")));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return usageError(QStringLiteral("%1: %2").arg(file.fileName(), file.errorString()));
        const QByteArray json = QJsonDocument(truthToJson(truth)).toJson(QJsonDocument::Indented);
        if (file.write(json) != json.size())
            return usageError(QStringLiteral("%1: %2").arg(file.fileName(), file.errorString()));
    }
    return ExitOk;
}

} // namespace xenoscope::cli
