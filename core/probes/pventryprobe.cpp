#include "core/probes/pventryprobe.h"

#include "core/probes/probedispatcher.h"

#include <algorithm>
#include <numeric>

namespace xenoscope::core {

namespace {
constexpr uint32_t PvClass = 0x00200000;
constexpr uint32_t Flag64 = 0x100;
constexpr uint32_t PvHypercallV1 = 0x00201001;
} // namespace

void PvEntryProbe::attach(ProbeDispatcher& d) {
    d.onMatching<&PvEntryProbe::onPv>(ev::ClassMask, PvClass, this);
}

void PvEntryProbe::onPv(const Record& r, const Owner& owner) {
    if (!owner.known)
        return;
    if (slot_.empty())
        slot_.assign(0x10000, -1);
    int32_t& s = slot_[owner.domain];
    if (s < 0) {
        s = static_cast<int32_t>(domains_.size());
        domains_.emplace_back();
        ids_.push_back(owner.domain);
    }
    Domain& d = domains_[static_cast<size_t>(s)];
    const uint32_t id = r.event & ~Flag64;
    ++d.kinds[((id >> 4) & 0xf00) | (id & 0xff)];
    uint32_t op = UINT32_MAX;
    if (id == ev::PvHypercallV2 && r.nwords >= 1)
        op = r.words[0] & 0xfffff; // bits 20-31 say which arguments follow
    else if (id == PvHypercallV1 && r.nwords >= 2)
        op = r.words[r.nwords - 1]; // rip (1 or 2 words), then eax = op
    if (op == UINT32_MAX)
        return;
    if (op < Hypercalls) {
        ++d.hypercalls[op];
    } else {
        ++d.hypercalls[Hypercalls];
        d.bigOp = op;
    }
}

void PvEntryProbe::finish(const TraceSpan&) {
    std::vector<size_t> order(domains_.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return ids_[a] < ids_[b]; });
    for (const size_t i : order) {
        PvDomainEntries out;
        out.domain = ids_[i];
        for (uint32_t k = 0; k < Kinds; ++k)
            if (domains_[i].kinds[k] != 0)
                out.byKind.emplace_back(PvClass | (k & 0xf00) << 4 | (k & 0xff),
                                        domains_[i].kinds[k]);
        for (uint32_t op = 0; op < Hypercalls; ++op)
            if (domains_[i].hypercalls[op] != 0)
                out.byHypercall.emplace_back(op, domains_[i].hypercalls[op]);
        if (domains_[i].hypercalls[Hypercalls] != 0)
            out.byHypercall.emplace_back(domains_[i].bigOp, domains_[i].hypercalls[Hypercalls]);
        result_.domains.push_back(std::move(out));
    }
}

} // namespace xenoscope::core
