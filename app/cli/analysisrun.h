#pragma once
// What `summary` and `export` share: the options naming a trace, a window
// and a TSC rate, and the one analysis pass over the trace with every core
// probe attached.

#include "core/analyses/analysisresults.h"
#include "core/analyses/slaconfig.h"
#include "core/util/timebase.h"

#include <QCommandLineParser>

#include <optional>
#include <string>

namespace xenoscope::cli {

struct AnalysisRun {
    std::string path;
    core::AnalysisResults results;
    core::TimeWindow window; // the query window, clipped to the trace
    double tscHz = 0;        // --cpu-hz, else the estimate, else 2.4 GHz
    QString tscHzSource;     // "option", "estimate", "fallback"
    std::optional<core::SlaConfig> sla;
    core::Diagnostics problems;
};

// Adds --cpu-hz, --from, --to, --disk-events and the FILE argument.
void addAnalysisOptions(QCommandLineParser& parser);
// Adds --sla FILE.
void addSlaOption(QCommandLineParser& parser);

// Reads the options, runs the pass; nullopt (after printing why) on usage
// errors or an unusable file.
std::optional<AnalysisRun> runAnalysis(const QCommandLineParser& parser, const char* command);

// Cycles to seconds at the run's rate.
inline double seconds(const AnalysisRun& run, uint64_t cycles) {
    return run.tscHz > 0 ? static_cast<double>(cycles) / run.tscHz : 0.0;
}

} // namespace xenoscope::cli
