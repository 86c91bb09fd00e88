#pragma once
// The physical disk behind dom0's block backend: a device with a few
// parallel channels and long-tailed service times, so requests queue when
// the guests push hard. Also hands out request ids.

#include <cstdint>
#include <vector>

namespace xenoscope::core {

class Rng;

class DiskModel {
public:
    explicit DiskModel(unsigned channels = 2, uint64_t meanServiceNs = 150'000)
        : free_(channels, 0)
        , meanServiceNs_(meanServiceNs) {}
    // When a request submitted at `nowNs` completes.
    uint64_t submit(uint64_t nowNs, Rng& rng);
    // Ring request ids as blkfront hands them out (low 32 bits wrap).
    uint64_t newRequest() { return next_++; }

private:
    std::vector<uint64_t> free_;
    uint64_t meanServiceNs_;
    uint64_t next_ = 1;
};

} // namespace xenoscope::core
