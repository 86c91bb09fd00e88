#include "core/probes/hypercallcountprobe.h"

#include "core/probes/probedispatcher.h"

namespace xenoscope::core {

void HypercallCountProbe::attach(ProbeDispatcher& dispatcher) {
    // One id; a whole class would be dispatcher.onMatching<...>(ev::ClassMask, 0x00200000, this).
    dispatcher.on<&HypercallCountProbe::onHypercall>(ev::PvHypercallV2, this);
}

void HypercallCountProbe::onHypercall(const Record&, const Owner& owner) {
    // `owner` is who ran on the record's pCPU (the reader tracks it); records
    // written before anyone is known to run there are not attributable.
    if (!owner.known)
        return;
    if (perDomain_.empty())
        perDomain_.assign(0x10000, 0);
    ++perDomain_[owner.domain];
}

void HypercallCountProbe::finish(const TraceSpan&) {
    result_.clear();
    for (size_t d = 0; d < perDomain_.size(); ++d)
        if (perDomain_[d] != 0)
            result_.emplace_back(static_cast<uint16_t>(d), perDomain_[d]);
}

} // namespace xenoscope::core
