// `xenoscope-cli info FILE [--json] [--cpu-hz HZ]`: the facts of a trace.

#include "app/cli/infocommand.h"

#include "app/cli/clioptions.h"
#include "app/cli/eventnames.h"
#include "core/analyses/traceinfo.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

namespace xenoscope::cli {

namespace {

using core::TraceInfo;

QJsonValue u64(uint64_t v) {
    return QJsonValue(static_cast<qint64>(v));
}

QJsonObject toJson(const TraceInfo& info, const EventNames& names) {
    QJsonObject o;
    o[QStringLiteral("file")] = toQ(info.path);
    o[QStringLiteral("bytes")] = u64(info.bytes);
    o[QStringLiteral("compressed")] = info.compressed;
    o[QStringLiteral("stream_bytes")] = u64(info.streamBytes);
    o[QStringLiteral("chunks")] = u64(info.chunks);
    o[QStringLiteral("records")] = u64(info.stats.records);
    o[QStringLiteral("tsc_records")] = u64(info.stats.tscRecords);
    o[QStringLiteral("no_tsc_records")] = u64(info.stats.noTscRecords);
    o[QStringLiteral("wrap_records")] = u64(info.stats.wrapRecords);
    QJsonArray gaps;
    for (const auto& g : info.stats.lost)
        gaps.append(QJsonObject{{QStringLiteral("pcpu"), g.pcpu},
                                {QStringLiteral("from_tsc"), u64(g.fromTsc)},
                                {QStringLiteral("to_tsc"), u64(g.toTsc)},
                                {QStringLiteral("records"), static_cast<qint64>(g.records)}});
    o[QStringLiteral("lost")] = QJsonObject{{QStringLiteral("records"), u64(info.lostRecords)},
                                            {QStringLiteral("gaps"), gaps}};
    o[QStringLiteral("first_tsc")] = u64(info.firstTsc);
    o[QStringLiteral("last_tsc")] = u64(info.lastTsc);
    o[QStringLiteral("span_cycles")] = u64(info.spanCycles());
    QJsonObject hz;
    hz[QStringLiteral("estimate")] =
        info.tscHzEstimate ? QJsonValue(*info.tscHzEstimate) : QJsonValue();
    hz[QStringLiteral("samples")] = static_cast<qint64>(info.tscHzSamples);
    hz[QStringLiteral("used")] = info.tscHzUsed;
    hz[QStringLiteral("source")] = info.tscHzOverridden ? QStringLiteral("option")
                                   : info.tscHzEstimate ? QStringLiteral("estimate")
                                                        : QStringLiteral("fallback");
    o[QStringLiteral("tsc_hz")] = hz;
    QJsonArray pcpus;
    for (const auto& p : info.pcpus)
        pcpus.append(QJsonObject{{QStringLiteral("pcpu"), p.pcpu},
                                 {QStringLiteral("records"), u64(p.records)},
                                 {QStringLiteral("first_tsc"), u64(p.firstTsc)},
                                 {QStringLiteral("last_tsc"), u64(p.lastTsc)}});
    o[QStringLiteral("pcpus")] = pcpus;
    QJsonArray domains;
    for (const auto& d : info.domains) {
        QJsonArray vcpus;
        for (const auto v : d.vcpus)
            vcpus.append(v);
        domains.append(
            QJsonObject{{QStringLiteral("domain"), d.domain}, {QStringLiteral("vcpus"), vcpus}});
    }
    o[QStringLiteral("domains")] = domains;
    QJsonArray events;
    for (const auto& e : info.events) {
        events.append(
            QJsonObject{{QStringLiteral("id"), EventNames::hex(e.id)},
                        {QStringLiteral("name"),
                         names.name(e.id).empty() ? QJsonValue() : QJsonValue(names.display(e.id))},
                        {QStringLiteral("count"), u64(e.count)}});
    }
    o[QStringLiteral("events")] = events;
    QJsonArray errors;
    for (const auto& d : info.errors)
        errors.append(QJsonObject{{QStringLiteral("offset"), u64(d.offset)},
                                  {QStringLiteral("message"), toQ(d.message)}});
    o[QStringLiteral("errors")] = errors;
    return o;
}

void printText(const TraceInfo& info, const EventNames& names) {
    const double hz = info.tscHzUsed;
    std::printf("File        %s\n", info.path.c_str());
    std::printf("Size        %llu bytes%s\n", static_cast<unsigned long long>(info.bytes),
                info.compressed ? " (zstd)" : "");
    if (info.compressed)
        std::printf("Decompressed %llu bytes\n", static_cast<unsigned long long>(info.streamBytes));
    std::printf("Chunks      %llu\n", static_cast<unsigned long long>(info.chunks));
    std::printf("Records     %llu  (%llu with TSC, %llu without, %llu wrap fillers)\n",
                static_cast<unsigned long long>(info.stats.records),
                static_cast<unsigned long long>(info.stats.tscRecords),
                static_cast<unsigned long long>(info.stats.noTscRecords),
                static_cast<unsigned long long>(info.stats.wrapRecords));
    std::printf("Lost        %llu records in %zu gaps\n",
                static_cast<unsigned long long>(info.lostRecords), info.stats.lost.size());
    for (const auto& g : info.stats.lost)
        std::printf("            pCPU %u: %u lost, TSC %llu .. %llu (%s)\n", g.pcpu, g.records,
                    static_cast<unsigned long long>(g.fromTsc),
                    static_cast<unsigned long long>(g.toTsc),
                    core::formatDuration(static_cast<double>(g.toTsc - g.fromTsc) / hz).c_str());
    std::printf("TSC         %llu .. %llu  span %llu cycles = %s\n",
                static_cast<unsigned long long>(info.firstTsc),
                static_cast<unsigned long long>(info.lastTsc),
                static_cast<unsigned long long>(info.spanCycles()),
                core::formatDuration(static_cast<double>(info.spanCycles()) / hz).c_str());
    if (info.tscHzOverridden)
        std::printf("TSC rate    %.6f GHz (--cpu-hz)", hz / 1e9);
    else if (info.tscHzEstimate)
        std::printf("TSC rate    %.6f GHz (estimated from %zu scheduler slices >= 1 ms)", hz / 1e9,
                    info.tscHzSamples);
    else
        std::printf("TSC rate    %.3f GHz (ASSUMED: the trace has no usable slices; pass --cpu-hz)",
                    hz / 1e9);
    if (info.tscHzOverridden && info.tscHzEstimate)
        std::printf("; the trace suggests %.6f GHz", *info.tscHzEstimate / 1e9);
    std::printf("\n\npCPU     records        first TSC         last TSC\n");
    for (const auto& p : info.pcpus)
        std::printf("%4u %11llu %16llu %16llu\n", p.pcpu,
                    static_cast<unsigned long long>(p.records),
                    static_cast<unsigned long long>(p.firstTsc),
                    static_cast<unsigned long long>(p.lastTsc));
    std::printf("\nDomain   vCPUs\n");
    for (const auto& d : info.domains) {
        std::printf("%6u%s  ", d.domain, d.domain == core::IdleDomain ? " (idle)" : "");
        for (size_t i = 0; i < d.vcpus.size(); ++i)
            std::printf("%s%u", i ? "," : "", d.vcpus[i]);
        std::printf("\n");
    }
    std::printf("\nEvent id    count      name\n");
    for (const auto& e : info.events)
        std::printf("0x%08x %10llu  %s\n", e.id, static_cast<unsigned long long>(e.count),
                    qPrintable(names.display(e.id)));
    if (!info.errors.empty())
        std::printf("\n%zu problem(s) found: see the messages on stderr\n", info.errors.size());
}

} // namespace

int runInfo(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Facts of a xentrace file (plain or .zst)."));
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print JSON (times in TSC cycles).")});
    parser.addOption({QStringLiteral("cpu-hz"),
                      QStringLiteral("TSC rate to use instead of the estimate."),
                      QStringLiteral("HZ")});
    parser.addOption(EventNames::formatsOption());
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The trace."));
    if (!parseArgs(parser, args))
        return ExitUnusable;
    const auto hz = cpuHzOption(parser);
    EventNames names;
    if (!hz || !names.load(parser))
        return ExitUnusable;
    if (parser.positionalArguments().size() != 1)
        return usageError(QStringLiteral("info takes exactly one FILE"));
    const std::string path = parser.positionalArguments().front().toStdString();
    const TraceInfo info = core::readTraceInfo(path, *hz);
    const bool unusable = info.chunks == 0 && !info.errors.empty();
    if (parser.isSet(QStringLiteral("json")))
        std::fputs(QJsonDocument(toJson(info, names)).toJson(QJsonDocument::Indented).constData(),
                   stdout);
    else
        printText(info, names);
    printDiagnostics(path, info.errors);
    if (unusable)
        return ExitUnusable;
    return info.errors.empty() ? ExitOk : ExitPartial;
}

} // namespace xenoscope::cli
