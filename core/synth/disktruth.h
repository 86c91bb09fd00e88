#pragma once
// Ground truth of the block I/O pipeline (disk-io-events.md): per stage the
// completed count and latency, the time-weighted depth and the max depth;
// end-to-end latency of complete chains; incomplete chains. Fed with the
// records of each request that made it into the file.
//
// Definitions (where the spec leaves room):
// - Stage k's latency counts when records k and k+1 of a request are both in
//   the file; end-to-end only for chains with all eight records.
// - A request is in stage k from its record k to its next record in the file
//   (normally k+1), or to T1 when it has none; without record k it is not in
//   stage k. Max depth orders equal TSCs by file order on one pCPU.

#include "core/synth/truth.h"

#include <array>
#include <cstdint>
#include <queue>
#include <unordered_map>
#include <vector>

namespace xenoscope::core {

class DiskTruth {
public:
    static constexpr int Records = 8; // FRONT_QUEUE .. FRONT_DONE
    static constexpr int Stages = 7;

    // Record `k` of request `request` is in the file at `tsc`; `seq` is its
    // position in the file order (increasing).
    void record(uint64_t request, int k, uint64_t tsc, uint64_t seq);
    // The request gets no more records (done, or abandoned).
    void retire(uint64_t request);
    // Applies buffered depth changes older than `safeTsc`: no record still to
    // come can be earlier (bounds memory).
    void advance(uint64_t safeTsc);
    void finish(Truth::Disk& out, uint64_t t0, uint64_t t1);

private:
    struct Request {
        std::array<uint64_t, Records> tsc{};
        std::array<uint64_t, Records> seq{};
        uint8_t present = 0;
    };
    struct Change {
        uint64_t tsc, seq;
        int delta;
        bool operator>(const Change& o) const { return tsc != o.tsc ? tsc > o.tsc : seq > o.seq; }
    };
    struct StageState {
        Truth::Stage stats;
        uint64_t closedCycles = 0;                // depth integral of intervals with an end
        uint64_t openCount = 0, openStartSum = 0; // intervals open at T1
        std::priority_queue<Change, std::vector<Change>, std::greater<>> pending;
        int64_t depth = 0;
    };
    static void addLatency(Truth::Stage& s, uint64_t cycles);
    void apply(StageState& s, uint64_t before);

    std::unordered_map<uint64_t, Request> active_;
    std::array<StageState, Stages> stages_{};
    Truth::Stage endToEnd_;
    uint64_t requests_ = 0, incomplete_ = 0;
};

} // namespace xenoscope::core
