#pragma once
#include <QStringList>

namespace xenoscope::cli {
// `xenoscope-cli summary FILE [--cpu-hz HZ] [--from T] [--to T] [--sla FILE] [--json]`
int runSummary(const QStringList& args);
} // namespace xenoscope::cli
