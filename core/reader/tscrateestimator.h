#pragma once
// Estimates the TSC rate from the trace itself: Xen's SWITCH_INFPREV records
// say how many nanoseconds the outgoing vCPU ran; the TSC delta since that
// vCPU was switched in on the same pCPU measures the same slice in cycles.
// The estimate is the median cycles/ns over slices of at least 1 ms (short
// slices are dominated by the few hundred cycles between NOW() and the
// record's TSC).

#include "core/format/record.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace xenoscope::core {

class TscRateEstimator {
public:
    static constexpr uint64_t MinSliceNs = 1'000'000;

    // Feed records of any one pCPU in its own order (merged order is fine).
    void add(const Record& r);

    size_t samples() const { return ratios_.size(); }
    // Cycles per second, or nullopt without usable slices.
    std::optional<double> estimateHz() const;

private:
    struct PcpuState {
        bool haveIn = false;
        uint16_t dom = 0, vcpu = 0; // switched in
        uint64_t inTsc = 0;         // TSC of the INFPREV that opened the slice
        bool haveSchedTsc = false;
        uint64_t lastInfprevTsc = 0; // of the schedule() call now running
    };
    std::vector<PcpuState> pcpus_;
    std::vector<double> ratios_; // cycles per ns
};

} // namespace xenoscope::core

namespace xenoscope::core {
class TraceFile;
struct ChunkTable;
// Runs an estimator over the file chunk by chunk (no merge needed: slices are
// per pCPU). For commands that need the rate before their main pass.
TscRateEstimator estimateTscRate(const TraceFile& file, const ChunkTable& table);
} // namespace xenoscope::core
