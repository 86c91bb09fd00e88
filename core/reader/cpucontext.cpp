#include "core/reader/cpucontext.h"

namespace xenoscope::core {

void CpuContext::reset(const ChunkTable& table) {
    const size_t n = table.pcpus.empty() ? 0 : size_t{table.pcpus.back().pcpu} + 1;
    owners_.assign(n, Owner{});
    useSwitches_.assign(n, 0);
    for (const auto& p : table.pcpus) {
        owners_[p.pcpu] = p.initialOwner;
        useSwitches_[p.pcpu] = p.hasSwitch ? 1 : 0;
    }
}

void CpuContext::applyScheduling(const Record& r) {
    Owner& o = owners_[r.pcpu];
    if (r.event == ev::SchedSwitch && r.nwords >= 4) {
        o = {static_cast<uint16_t>(r.words[2]), static_cast<uint16_t>(r.words[3]), true};
    } else if (ev::isRunstateChange(r.event) && r.nwords >= 1 && !useSwitches_[r.pcpu]) {
        const Owner who{static_cast<uint16_t>(r.words[0] >> 16),
                        static_cast<uint16_t>(r.words[0] & 0xffff), true};
        if (ev::runstateNew(r.event) == 0)
            o = who;
        else if (ev::runstateOld(r.event) == 0 && o == who)
            o = Owner{};
    } else if (r.event == ev::LostRecords && r.nwords >= 2) {
        // The lost-records record names who was running when it was written.
        o = {static_cast<uint16_t>(r.words[1] & 0xffff), static_cast<uint16_t>(r.words[1] >> 16),
             true};
    }
}

} // namespace xenoscope::core
