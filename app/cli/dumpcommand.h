#pragma once
#include <QStringList>

namespace xenoscope::cli {
int runDump(const QStringList& args);
} // namespace xenoscope::cli
