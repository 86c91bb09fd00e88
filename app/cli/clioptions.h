#pragma once
// Option handling every xenoscope-cli command shares: the parser set-up,
// --cpu-hz, the time arguments, exit codes and error printing.

#include "core/util/diagnostic.h"
#include "core/util/timebase.h"

#include <QCommandLineParser>
#include <QString>
#include <QStringList>

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

} // namespace xenoscope::cli
