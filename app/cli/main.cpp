// xenoscope-cli: analyses of xentrace files for scripts and CI.

#include "app/cli/benchcommand.h"
#include "app/cli/clioptions.h"
#include "app/cli/dumpcommand.h"
#include "app/cli/exportcommand.h"
#include "app/cli/indexcommand.h"
#include "app/cli/infocommand.h"
#include "app/cli/summarycommand.h"
#include "app/cli/synthcommand.h"

#include <QCoreApplication>

#include <cstdio>
#include <cstring>

namespace {

struct Command {
    const char* name;
    int (*run)(const QStringList& args);
    const char* summary;
};

constexpr Command commands[] = {
    {"info", xenoscope::cli::runInfo,
     "facts of a trace: chunks, records, pCPUs, domains, events, TSC rate"},
    {"dump", xenoscope::cli::runDump, "one decoded line per record, in time order"},
    {"summary", xenoscope::cli::runSummary,
     "runstates, utilization, hypervisor time, latency, events over a window"},
    {"export", xenoscope::cli::runExport,
     "one analysis as CSV (runstates, intervals, utilization, latency, hypervisor, events)"},
    {"index", xenoscope::cli::runIndex,
     "build the viewer's index and its cache: 'index FILE [--no-cache]'"},
    {"bench", xenoscope::cli::runBench,
     "benchmarks: 'bench scan FILE' (reader), 'bench index FILE' (index)"},
    {"synth", xenoscope::cli::runSynth,
     "generate a trace with exact ground truth: 'synth --out FILE [--truth T.json]'"},
};

void printUsage(FILE* out) {
    std::fprintf(out, "Usage: xenoscope-cli COMMAND [options] FILE\n\nCommands:\n");
    for (const auto& c : commands)
        std::fprintf(out, "  %-10s %s\n", c.name, c.summary);
    std::fprintf(
        out, "\n'xenoscope-cli COMMAND --help' shows a command's options.\n"
             "Exit status: 0 ok, 1 read with errors (partial), 2 unusable input or usage error.\n");
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("xenoscope-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(XENOSCOPE_VERSION));
    if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0) {
        printUsage(argc < 2 ? stderr : stdout);
        return argc < 2 ? xenoscope::cli::ExitUnusable : xenoscope::cli::ExitOk;
    }
    if (std::strcmp(argv[1], "--version") == 0) {
        std::printf("xenoscope-cli %s\n", XENOSCOPE_VERSION);
        return 0;
    }
    QStringList args = QCoreApplication::arguments();
    args.removeFirst(); // program; the command name stands where parsers expect the program
    for (const auto& c : commands)
        if (args.front() == QLatin1String(c.name))
            return c.run(args);
    std::fprintf(stderr, "xenoscope-cli: unknown command '%s'\n\n", argv[1]);
    printUsage(stderr);
    return xenoscope::cli::ExitUnusable;
}
