#include "core/reader/tscrateestimator.h"

#include <algorithm>

namespace xenoscope::core {

void TscRateEstimator::add(const Record& r) {
    if (r.event != ev::SwitchInfPrev && r.event != ev::SchedSwitch)
        return;
    if (r.pcpu >= pcpus_.size())
        pcpus_.resize(size_t{r.pcpu} + 1);
    PcpuState& s = pcpus_[r.pcpu];
    if (r.event == ev::SwitchInfPrev) {
        // New layout: dom, vcpu, runtime ns. The old two-word layout has no
        // vCPU and cannot be matched to a switch-in safely.
        if (r.nwords >= 3 && s.haveIn && s.dom == r.words[0] && s.vcpu == r.words[1] &&
            r.words[2] >= MinSliceNs && r.tsc > s.inTsc)
            ratios_.push_back(static_cast<double>(r.tsc - s.inTsc) /
                              static_cast<double>(r.words[2]));
        s.haveIn = false;
        s.lastInfprevTsc = r.tsc;
        s.haveSchedTsc = true;
        return;
    }
    if (r.nwords < 4)
        return;
    // Both ends of the slice are measured at an INFPREV record: the one of
    // the schedule() call that switched this vCPU in, and its own at switch-out.
    s.haveIn = s.haveSchedTsc;
    s.dom = static_cast<uint16_t>(r.words[2]);
    s.vcpu = static_cast<uint16_t>(r.words[3]);
    s.inTsc = s.lastInfprevTsc;
    s.haveSchedTsc = false;
}

std::optional<double> TscRateEstimator::estimateHz() const {
    if (ratios_.empty())
        return std::nullopt;
    std::vector<double> sorted = ratios_;
    const auto mid = sorted.begin() + static_cast<std::ptrdiff_t>(sorted.size() / 2);
    std::nth_element(sorted.begin(), mid, sorted.end());
    double median = *mid;
    if (sorted.size() % 2 == 0) {
        const double lower = *std::max_element(sorted.begin(), mid);
        median = (median + lower) / 2;
    }
    return median * 1e9;
}

} // namespace xenoscope::core

#include "core/reader/chunkwalker.h"

namespace xenoscope::core {

TscRateEstimator estimateTscRate(const TraceFile& file, const ChunkTable& table) {
    TscRateEstimator estimator;
    Record r;
    walkChunks(file, table, [&](uint16_t pcpu, uint32_t header, const uint8_t* p) {
        const uint32_t event = raw::eventOf(header);
        if ((event != ev::SwitchInfPrev && event != ev::SchedSwitch) || !raw::hasTscOf(header))
            return;
        r.event = event;
        r.pcpu = pcpu;
        r.tsc = raw::load64(p + 4);
        r.nwords = static_cast<uint8_t>(raw::wordsOf(header));
        std::memcpy(r.words.data(), p + 12, size_t{r.nwords} * 4);
        estimator.add(r);
    });
    return estimator;
}

} // namespace xenoscope::core
