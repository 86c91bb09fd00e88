#pragma once
#include <QStringList>

namespace xenoscope::cli {
int runInfo(const QStringList& args);
} // namespace xenoscope::cli
