#include "app/cli/clioptions.h"

#include "core/analyses/traceinfo.h"

#include "core/reader/tscrateestimator.h"

#include <algorithm>
#include <cstdio>

namespace xenoscope::cli {

QString toQ(const std::string& s) {
    return QString::fromStdString(s);
}

bool parseArgs(QCommandLineParser& parser, const QStringList& args) {
    parser.addHelpOption();
    if (!parser.parse(args)) {
        std::fprintf(stderr, "xenoscope-cli: %s\n", qPrintable(parser.errorText()));
        return false;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        std::exit(ExitOk);
    }
    return true;
}

int usageError(const QString& message) {
    std::fprintf(stderr, "xenoscope-cli: %s\n", qPrintable(message));
    return ExitUnusable;
}

std::optional<double> cpuHzOption(const QCommandLineParser& parser) {
    if (!parser.isSet(QStringLiteral("cpu-hz")))
        return 0.0;
    const QString text = parser.value(QStringLiteral("cpu-hz"));
    const auto hz = core::parseHz(text.toStdString());
    if (!hz) {
        usageError(QStringLiteral("--cpu-hz: cannot read '%1' (examples: 2.8G, 2800M, 2800000000)")
                       .arg(text));
        return std::nullopt;
    }
    return *hz;
}

std::optional<std::optional<core::TimeSpec>> timeOption(const QCommandLineParser& parser,
                                                        const QString& name) {
    if (!parser.isSet(name))
        return std::optional<core::TimeSpec>{};
    const QString text = parser.value(name);
    const auto spec = core::parseTimeSpec(text.toStdString());
    if (!spec) {
        usageError(
            QStringLiteral("--%1: cannot read '%2' (relative to the trace start with a unit: "
                           "250us, 1.5ms, 2s, 900ns; or an absolute TSC: tsc:N)")
                .arg(name, text));
        return std::nullopt;
    }
    return std::optional<core::TimeSpec>{*spec};
}

void printDiagnostics(const std::string& file, const core::Diagnostics& diagnostics) {
    for (const auto& d : diagnostics)
        std::fprintf(stderr, "%s\n", core::describe(file, d).c_str());
}

std::unique_ptr<core::TraceReader> openScannedTrace(const std::string& path) {
    core::Diagnostic openError;
    auto reader = core::TraceReader::open(path, openError);
    if (!reader) {
        printDiagnostics(path, {openError});
        return nullptr;
    }
    reader->scan();
    if (reader->unusable()) {
        printDiagnostics(path, reader->diagnostics());
        return nullptr;
    }
    return reader;
}

core::TimeBase timeBaseBeforePass(const core::TraceReader& reader, double cpuHz) {
    uint64_t t0 = UINT64_MAX;
    for (const auto& p : reader.chunks().pcpus)
        if (p.hasTsc)
            t0 = std::min(t0, p.firstTsc);
    core::TimeBase base;
    base.t0 = t0 == UINT64_MAX ? 0 : t0;
    if (cpuHz > 0) {
        base.hz = cpuHz;
        return base;
    }
    const auto estimate = estimateTscRate(reader.file(), reader.chunks()).estimateHz();
    if (!estimate)
        std::fprintf(stderr,
                     "xenoscope-cli: %s has no scheduler slices to estimate the TSC rate from; "
                     "assuming %.1f GHz (pass --cpu-hz)\n",
                     reader.file().path().c_str(), core::TraceInfo::FallbackHz / 1e9);
    base.hz = estimate.value_or(core::TraceInfo::FallbackHz);
    return base;
}

TscRange resolveRange(const std::optional<core::TimeSpec>& from,
                      const std::optional<core::TimeSpec>& to, const core::TimeBase& base) {
    TscRange r;
    if (from)
        r.from = from->resolve(base);
    if (to)
        r.to = to->resolve(base);
    return r;
}

} // namespace xenoscope::cli
