#pragma once
// Option handling every xenoscope-cli command shares: the parser set-up,
// --cpu-hz, the time arguments, exit codes and error printing.

#include "core/reader/tracereader.h"
#include "core/util/diagnostic.h"
#include "core/util/timebase.h"

#include <QCommandLineParser>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <string>

namespace xenoscope::cli {

enum ExitCode { ExitOk = 0, ExitPartial = 1, ExitUnusable = 2 };

// Parses `args` (the command's own arguments, command name first) with
// `parser`; on failure prints the reason and returns false.
bool parseArgs(QCommandLineParser& parser, const QStringList& args);

// Prints "xenoscope-cli: message" to stderr; returns ExitUnusable.
int usageError(const QString& message);

// --cpu-hz: 0 when absent; nullopt (after printing why) when malformed.
std::optional<double> cpuHzOption(const QCommandLineParser& parser);

// --from / --to as TimeSpecs; nullopt after printing why when malformed.
std::optional<std::optional<core::TimeSpec>> timeOption(const QCommandLineParser& parser,
                                                        const QString& name);

void printDiagnostics(const std::string& file, const core::Diagnostics& diagnostics);

QString toQ(const std::string& s);

// Opens and scans a trace; prints the problems and returns nullptr when it
// cannot be read at all.
std::unique_ptr<core::TraceReader> openScannedTrace(const std::string& path);

// Times typed on the command line need T0 and the TSC rate before the pass:
// T0 from the layout scan, the rate from --cpu-hz (`cpuHz` > 0) or a
// per-pCPU estimation walk (2.4 GHz, xenalyze's assumption, when nothing
// in the trace gives it).
core::TimeBase timeBaseBeforePass(const core::TraceReader& reader, double cpuHz);

// [from, to] in TSC; unset ends stay open (0, UINT64_MAX).
struct TscRange {
    uint64_t from = 0;
    uint64_t to = UINT64_MAX;
};
TscRange resolveRange(const std::optional<core::TimeSpec>& from,
                      const std::optional<core::TimeSpec>& to, const core::TimeBase& base);

} // namespace xenoscope::cli
