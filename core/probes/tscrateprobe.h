#pragma once
// Feeds the TSC rate estimator during the pass, so commands that need the
// rate only for display get it without a separate walk.

#include "core/probes/probe.h"
#include "core/reader/tscrateestimator.h"

namespace xenoscope::core {

class TscRateProbe final : public Probe {
public:
    // Slices are measured per pCPU.
    ProbeOrder order() const override { return ProbeOrder::PerPcpu; }
    bool independent() const override { return true; }
    void attach(ProbeDispatcher& dispatcher) override;
    const TscRateEstimator& estimator() const { return estimator_; }

private:
    void onRecord(const Record& r, const Owner& owner);
    TscRateEstimator estimator_;
};

} // namespace xenoscope::core
