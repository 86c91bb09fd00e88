#pragma once
#include <QStringList>

namespace xenoscope::cli {
// `xenoscope-cli export FILE --table T [--bucket W] [--from T] [--to T] --csv OUT`
int runExport(const QStringList& args);
} // namespace xenoscope::cli
