#pragma once
#include <QStringList>

namespace xenoscope::cli {
int runBench(const QStringList& args);
} // namespace xenoscope::cli
