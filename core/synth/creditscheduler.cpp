#include "core/synth/creditscheduler.h"

#include <algorithm>

namespace xenoscope::core {

CreditScheduler::CreditScheduler(std::vector<Domain> domains, std::vector<uint32_t> vcpuDomain,
                                 std::vector<uint64_t> vcpuAffinity, uint16_t pcpus)
    : domains_(std::move(domains))
    , domainOf_(std::move(vcpuDomain))
    , affinity_(std::move(vcpuAffinity))
    , pcpus_(pcpus)
    , credit_(domainOf_.size(), 0)
    , boost_(domainOf_.size(), 0)
    , queued_(domainOf_.size(), 0)
    , readyNs_(domainOf_.size(), 0)
    , queueSeq_(domainOf_.size(), 0)
    , used_(domains_.size(), 0)
    , parked_(domains_.size(), 0) {
    accountingTick();
}

void CreditScheduler::enqueue(uint32_t v, uint64_t readyNs, bool woke) {
    if (queued_[v])
        return;
    queued_[v] = 1;
    readyNs_[v] = readyNs;
    queueSeq_[v] = seq_++;
    boost_[v] = woke && credit_[v] >= 0 ? 1 : 0;
    queue_.push_back(v);
}

void CreditScheduler::dequeue(uint32_t v) {
    if (!queued_[v])
        return;
    queued_[v] = 0;
    queue_.erase(std::find(queue_.begin(), queue_.end(), v));
}

int CreditScheduler::priority(uint32_t v) const {
    if (parked(v))
        return -1;
    if (boost_[v])
        return 3;
    return credit_[v] >= 0 ? 2 : 1;
}

uint32_t CreditScheduler::pick(uint16_t pcpu, uint64_t nowNs) const {
    uint32_t best = None;
    int bestPrio = 0;
    for (const uint32_t v : queue_) {
        if (!allowed(v, pcpu) || readyNs_[v] + MigrationNs > nowNs)
            continue;
        const int prio = priority(v);
        if (prio < 0)
            continue;
        // Within a class the one with more credit first (credit2's rule:
        // it makes weights bite when every vCPU is OVER), then FIFO.
        const bool better =
            best == None || prio > bestPrio ||
            (prio == bestPrio && (credit_[v] > credit_[best] ||
                                  (credit_[v] == credit_[best] && queueSeq_[v] < queueSeq_[best])));
        if (better) {
            best = v;
            bestPrio = prio;
        }
    }
    return best;
}

bool CreditScheduler::burn(uint32_t v, uint64_t ns) {
    credit_[v] -= static_cast<int64_t>(ns);
    const uint32_t d = domainOf_[v];
    used_[d] += ns;
    const uint32_t cap = domains_[d].capPercent;
    if (cap && !parked_[d] && used_[d] >= PeriodNs * cap / 100) {
        parked_[d] = 1;
        return true;
    }
    return false;
}

void CreditScheduler::accountingTick() {
    uint64_t totalWeight = 0;
    for (const auto& d : domains_)
        totalWeight += d.weight;
    const auto limit = static_cast<int64_t>(3 * PeriodNs);
    for (size_t v = 0; v < credit_.size(); ++v) {
        const Domain& d = domains_[domainOf_[v]];
        const uint64_t share =
            PeriodNs * pcpus_ * d.weight / std::max<uint64_t>(totalWeight, 1) / d.vcpus;
        credit_[v] = std::clamp(credit_[v] + static_cast<int64_t>(share), -limit, limit);
    }
    std::fill(used_.begin(), used_.end(), 0);
    std::fill(parked_.begin(), parked_.end(), 0);
}

} // namespace xenoscope::core
