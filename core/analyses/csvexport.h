#pragma once
// CsvExport: writes one analysis table as CSV (the tables and columns of
// docs/probes.md and docs/disk.md) for a window cut into buckets. Shared by
// `xenoscope-cli export` and the viewer's chart exports, so that a chart's
// CSV is byte for byte what the CLI writes for the same range and bucket.

#include "core/analyses/analysisresults.h"
#include "core/analyses/utilization.h"

#include <cstdint>
#include <cstdio>
#include <string_view>
#include <vector>

namespace xenoscope::core {

class CsvExport {
public:
    // Every table name `write` knows, in the CLI's order.
    static const std::vector<std::string_view>& tables();

    // `window` is the query window (already clipped to the trace); `bucket`
    // in cycles, 0 for one bucket; seconds columns use `tscHz`.
    CsvExport(const AnalysisResults& results, TimeWindow window, double tscHz, uint64_t bucket,
              std::vector<DomainAffinity> affinity, std::FILE* out);

    // False when `table` is not one of tables().
    bool write(std::string_view table);

    void runstates();
    void intervals();
    void utilization();
    void latency();
    void hypervisor();
    void events();
    void diskStages();
    void diskDepth();
    void diskRequests();

private:
    double seconds(uint64_t cycles) const;
    double timeS(uint64_t tsc) const;

    const AnalysisResults& results_;
    TimeWindow window_;
    double tscHz_;
    uint64_t bucket_;
    std::vector<DomainAffinity> affinity_;
    std::FILE* out_;
};

} // namespace xenoscope::core
