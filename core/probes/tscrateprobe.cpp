#include "core/probes/tscrateprobe.h"

#include "core/probes/probedispatcher.h"

namespace xenoscope::core {

void TscRateProbe::attach(ProbeDispatcher& d) {
    d.on<&TscRateProbe::onRecord>(ev::SwitchInfPrev, this);
    d.on<&TscRateProbe::onRecord>(ev::SchedSwitch, this);
}

void TscRateProbe::onRecord(const Record& r, const Owner&) {
    if (r.hasTsc)
        estimator_.add(r);
}

} // namespace xenoscope::core
