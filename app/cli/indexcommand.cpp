// `xenoscope-cli index FILE [--no-cache]`: builds the viewer's index (or
// reads its cache) exactly as the viewer does and says what it holds: tracks,
// intervals, bytes in memory and on disk, and how long it took.

#include "app/cli/indexcommand.h"

#include "app/cli/clioptions.h"
#include "core/index/indexbuilder.h"
#include "core/util/memorypolicy.h"

#include <chrono>
#include <cstdio>

namespace xenoscope::cli {

namespace {

double mib(size_t bytes) {
    return static_cast<double>(bytes) / (1024.0 * 1024.0);
}

} // namespace

int runIndex(const QStringList& args) {
    core::returnLargeBlocksPromptly(); // as the viewer, whose index this builds
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Builds the viewer's index of a trace (or reads its valid cache) and writes the cache "
        "next to the trace, or under $XDG_CACHE_HOME/xenoscope."));
    parser.addOption(
        {QStringLiteral("no-cache"), QStringLiteral("Neither read nor write the index cache.")});
    parser.addOption(
        {QStringLiteral("cpu-hz"), QStringLiteral("TSC rate in Hz."), QStringLiteral("HZ")});
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The trace."));
    if (!parseArgs(parser, args))
        return ExitUnusable;
    if (parser.positionalArguments().size() != 1)
        return usageError(QStringLiteral("usage: index FILE [--no-cache]"));
    const auto hz = cpuHzOption(parser);
    if (!hz)
        return ExitUnusable;
    const std::string path = parser.positionalArguments().front().toStdString();

    core::IndexOptions options;
    options.cpuHz = *hz;
    options.useCache = !parser.isSet(QStringLiteral("no-cache"));
    const auto start = std::chrono::steady_clock::now();
    double readySeconds = 0;
    options.ready = [&](const core::TraceIndexPtr&) {
        readySeconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
    const core::IndexOutcome out = core::IndexBuilder(options).open(path);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!out.index) {
        if (out.info)
            printDiagnostics(path, out.info->errors);
        return ExitUnusable;
    }
    const core::IndexFootprint f = out.index->footprint();
    const core::TraceInfo& info = out.index->info();
    std::printf("index: %s (%.1f MB%s, %llu records, %llu chunks)\n", path.c_str(),
                static_cast<double>(info.bytes) / 1e6, info.compressed ? ", zstd" : "",
                static_cast<unsigned long long>(info.stats.records),
                static_cast<unsigned long long>(info.chunks));
    std::printf("  source             %s\n", out.fromCache ? "cache" : "trace (one pass)");
    std::printf("  tracks             %zu (%zu pCPU, %zu vCPU)\n", f.tracks,
                out.index->pcpus().size(), out.index->vcpus().size());
    std::printf("  intervals          %zu (+ %zu overlay: hypervisor spans, lost gaps)\n",
                f.intervals, f.overlays);
    std::printf("  memory             intervals %.1f MiB, levels of detail %.1f MiB, seek index "
                "%.1f MiB, counters %.1f MiB, analysis results %.1f MiB\n",
                mib(f.baseBytes), mib(f.lodBytes), mib(f.seekBytes), mib(f.countersBytes),
                mib(f.resultsBytes));
    if (!out.cachePath.empty())
        std::printf("  cache              %s (%.1f MiB on disk)\n", out.cachePath.c_str(),
                    mib(out.fromCache ? 0 : out.cacheBytes));
    if (!out.cacheProblem.empty())
        std::printf("  cache note         %s\n", out.cacheProblem.c_str());
    std::printf("  time               %.3f s to the index, %.3f s with the cache written\n",
                readySeconds, seconds);
    printDiagnostics(path, info.errors);
    return info.errors.empty() ? ExitOk : ExitPartial;
}

} // namespace xenoscope::cli
