#include "app/cli/analysisrun.h"

#include "core/analyses/traceinfo.h"

#include "app/cli/clioptions.h"
#include "core/analyses/analysispass.h"
#include "core/analyses/tracesummary.h"

#include <cstdio>

namespace xenoscope::cli {

void addAnalysisOptions(QCommandLineParser& parser) {
    parser.addOption(
        {QStringLiteral("cpu-hz"),
         QStringLiteral("TSC rate (e.g. 2.8G) instead of the estimate from the trace."),
         QStringLiteral("HZ")});
    parser.addOption(
        {QStringLiteral("from"),
         QStringLiteral("Window start: from the trace start (250us, 1.5ms, 2s, 900ns) or tsc:N."),
         QStringLiteral("T")});
    parser.addOption(
        {QStringLiteral("to"), QStringLiteral("Window end (same forms)."), QStringLiteral("T")});
    parser.addOption(
        {QStringLiteral("disk-events"),
         QStringLiteral(
             "Event ids of the disk pipeline's records: lines 'front_queue = 0x0800f101' "
             "(see docs/disk.md)."),
         QStringLiteral("FILE")});
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QStringLiteral("The trace (plain or .zst)."));
}

void addSlaOption(QCommandLineParser& parser) {
    parser.addOption(
        {QStringLiteral("sla"),
         QStringLiteral("Domain configuration to check against: lines '<domain> weight=W [cap=PCT] "
                        "[vcpus=N] [pcpus=0-3,6]' ('#' comments)."),
         QStringLiteral("FILE")});
}

std::optional<AnalysisRun> runAnalysis(const QCommandLineParser& parser, const char* command) {
    const auto hz = cpuHzOption(parser);
    const auto from = timeOption(parser, QStringLiteral("from"));
    const auto to = timeOption(parser, QStringLiteral("to"));
    if (!hz || !from || !to)
        return std::nullopt;
    if (parser.positionalArguments().size() != 1) {
        usageError(QStringLiteral("%1 takes exactly one FILE").arg(QLatin1String(command)));
        return std::nullopt;
    }
    AnalysisRun run;
    if (parser.optionNames().contains(QStringLiteral("sla")) &&
        parser.isSet(QStringLiteral("sla"))) {
        std::string error;
        run.sla = core::SlaConfig::load(parser.value(QStringLiteral("sla")).toStdString(), error);
        if (!run.sla) {
            usageError(QStringLiteral("--sla: %1").arg(toQ(error)));
            return std::nullopt;
        }
    }
    core::DiskEventMap diskEvents;
    if (parser.isSet(QStringLiteral("disk-events"))) {
        const QString file = parser.value(QStringLiteral("disk-events"));
        std::vector<core::DiskEventMap::Problem> problems;
        const auto map = core::DiskEventMap::load(file.toStdString(), problems);
        if (!map) {
            for (const auto& p : problems)
                usageError(QStringLiteral("--disk-events %1:%2: %3")
                               .arg(file)
                               .arg(p.line)
                               .arg(toQ(p.message)));
            return std::nullopt;
        }
        diskEvents = *map;
    }
    run.path = parser.positionalArguments().front().toStdString();
    auto reader = openScannedTrace(run.path);
    if (!reader)
        return std::nullopt;

    // A relative window needs T0 and the rate before the pass; an absolute
    // one (tsc:N) or none needs neither, and the pass itself estimates the rate.
    const bool relative = (*from && !(*from)->absolute) || (*to && !(*to)->absolute);
    core::TimeBase base;
    if (relative)
        base = timeBaseBeforePass(*reader, *hz);
    const TscRange range = resolveRange(*from, *to, base);
    const core::TimeWindow requested{range.from, range.to};

    core::AnalysisPass pass(requested, diskEvents);
    run.results = pass.run(*reader);
    run.problems = reader->diagnostics();
    run.window = core::summaryWindow(run.results, requested);
    if (*hz > 0) {
        run.tscHz = *hz;
        run.tscHzSource = QStringLiteral("option");
    } else if (run.results.tscHzEstimate) {
        run.tscHz = *run.results.tscHzEstimate;
        run.tscHzSource = QStringLiteral("estimate");
    } else {
        run.tscHz = core::TraceInfo::FallbackHz;
        run.tscHzSource = QStringLiteral("fallback");
    }
    return run;
}

} // namespace xenoscope::cli
