#pragma once
// The scheduling policy of the simulated host, after Xen's credit scheduler:
// credits refilled every accounting period in proportion to domain weight
// and burnt while running; priorities BOOST (just woke with credit) > UNDER
// > OVER; caps park a domain for the rest of the period; affinity limits
// where a vCPU may run. One global run queue, so vCPUs migrate freely.

#include <cstdint>
#include <vector>

namespace xenoscope::core {

class CreditScheduler {
public:
    static constexpr uint32_t None = 0xffffffff;
    static constexpr uint64_t PeriodNs = 10'000'000;
    // A vCPU queued on one pCPU is visible to another this much later (the
    // IPI and cache-line trip); keeps cross-pCPU records of a vCPU in order.
    static constexpr uint64_t MigrationNs = 1'000;

    struct Domain {
        uint32_t weight = 256;
        uint32_t capPercent = 0;
        uint16_t vcpus = 1;
    };

    CreditScheduler(std::vector<Domain> domains, std::vector<uint32_t> vcpuDomain,
                    std::vector<uint64_t> vcpuAffinity, uint16_t pcpus);

    void enqueue(uint32_t v, uint64_t readyNs, bool woke);
    void dequeue(uint32_t v);
    bool queued(uint32_t v) const { return queued_[v] != 0; }
    uint64_t readyNs(uint32_t v) const { return readyNs_[v]; }
    // Best queued vCPU allowed on `pcpu` at `nowNs`, or None.
    uint32_t pick(uint16_t pcpu, uint64_t nowNs) const;
    // 3 boost, 2 under, 1 over, -1 parked by its cap.
    int priority(uint32_t v) const;
    bool allowed(uint32_t v, uint16_t pcpu) const { return (affinity_[v] >> pcpu) & 1u; }
    bool parked(uint32_t v) const { return parked_[domainOf_[v]] != 0; }
    void clearBoost(uint32_t v) { boost_[v] = 0; }
    // `ns` of running by v. Returns true when that just parked its domain.
    bool burn(uint32_t v, uint64_t ns);
    // Start of an accounting period: refill credits, unpark capped domains.
    void accountingTick();
    const std::vector<uint32_t>& queue() const { return queue_; }

private:
    std::vector<Domain> domains_;
    std::vector<uint32_t> domainOf_;
    std::vector<uint64_t> affinity_;
    uint16_t pcpus_;
    std::vector<int64_t> credit_;
    std::vector<uint8_t> boost_, queued_;
    std::vector<uint64_t> readyNs_, queueSeq_;
    std::vector<uint64_t> used_;
    std::vector<uint8_t> parked_;
    std::vector<uint32_t> queue_;
    uint64_t seq_ = 0;
};

} // namespace xenoscope::core
