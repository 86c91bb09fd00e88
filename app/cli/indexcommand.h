#pragma once
#include <QStringList>

namespace xenoscope::cli {
// `xenoscope-cli index FILE [--no-cache] [--cpu-hz HZ]`
int runIndex(const QStringList& args);
} // namespace xenoscope::cli
