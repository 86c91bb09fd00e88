#pragma once
// Shared by the chart and event-table tests: a generated trace (the
// project's generator: HVM and PV guests, light disk I/O, lost-record gaps)
// indexed once, and `xenoscope-cli` run on the same file for the answers.

#include "core/index/indexbuilder.h"
#include "core/synth/synthesizer.h"
#include "core/synth/tracewriter.h"

#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>

#include <string>

namespace xenoscope::test {

inline std::string synthChartTrace(const QTemporaryDir& dir, const char* scenario = "mixed",
                                   uint64_t durationNs = 150'000'000,
                                   const QString& name = QStringLiteral("charts.xentrace")) {
    const std::string path = dir.filePath(name).toStdString();
    core::SynthOptions o;
    o.scenario = scenario;
    o.durationNs = durationNs;
    o.lostGaps = 2;
    o.seed = 11;
    core::TraceWriter writer(path, {});
    core::synthesize(o, writer);
    return path;
}

inline core::TraceIndexPtr indexOf(const std::string& path) {
    core::IndexOptions o;
    o.useCache = false;
    return core::IndexBuilder(o).build(path).index;
}

// stdout of `xenoscope-cli ARGS`; empty (and `ok` false) when it failed to run.
inline QByteArray runCli(const QStringList& args, bool* ok = nullptr) {
    QProcess p;
    p.start(QStringLiteral(XENOSCOPE_CLI), args);
    const bool ran = p.waitForFinished(120000) && p.exitStatus() == QProcess::NormalExit &&
                     p.exitCode() <= 1; // 1: partial (lost records reported), still complete output
    if (ok)
        *ok = ran;
    return ran ? p.readAllStandardOutput() : QByteArray();
}

inline QString tscArg(uint64_t tsc) {
    return QStringLiteral("tsc:%1").arg(tsc);
}

} // namespace xenoscope::test
