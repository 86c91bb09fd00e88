#pragma once
// Event counts over time for the charts and for event counts of any window:
// per power-of-two TSC bucket, how many records each pCPU and each event
// class wrote. The bucket starts fine (2^16 cycles) and doubles whenever
// the trace would need more than MaxBuckets, so memory stays bounded
// (MaxBuckets x (pCPUs + classes) x 4 bytes) whatever the trace length.
// Windows are answered from whole buckets plus a pro-rated share of the two
// edge buckets (approximate); TraceIndexImpl::eventCounts(exact) decodes the
// edges through the seek index instead.

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace xenoscope::core {

struct EventCounts {
    uint64_t total = 0;
    std::vector<std::pair<uint16_t, uint64_t>> byPcpu;  // pCPUs with records
    std::vector<std::pair<uint32_t, uint64_t>> byClass; // class = (id >> 16) & 0xfff
    bool exact = false;
};

class EventBuckets {
public:
    static constexpr size_t MaxBuckets = 16384;
    static constexpr uint32_t FirstShift = 16;

    EventBuckets();

    // Fixes the origin (the earliest TSC to come) before records that may
    // arrive out of time order; otherwise the first record's TSC is taken.
    void start(uint64_t origin) {
        origin_ = origin;
        started_ = true;
    }

    [[gnu::always_inline]] void add(uint64_t tsc, uint16_t pcpu, uint32_t event) {
        if (!started_) {
            origin_ = tsc;
            started_ = true;
        }
        const uint64_t b = tsc > origin_ ? (tsc - origin_) >> shift_ : 0;
        if (b >= buckets_)
            grow(b);
        const size_t bucket = static_cast<size_t>(tsc > origin_ ? (tsc - origin_) >> shift_ : 0);
        if (pcpu >= pcpuCols_)
            addPcpuColumns(pcpu);
        byPcpu_[bucket * pcpuCols_ + pcpu]++;
        const uint32_t cls = (event >> 16) & 0xfff;
        uint16_t col = classCol_[cls];
        if (col == NoColumn)
            col = addClass(cls);
        byClass_[col][bucket]++;
    }

    // Approximate counts for [t0, t1]: edge buckets pro-rated by overlap.
    EventCounts count(uint64_t t0, uint64_t t1) const;
    // Counts of the whole buckets inside [t0, t1]; [inner0, inner1) is what
    // they cover (inner0 == inner1 when none).
    EventCounts countWhole(uint64_t t0, uint64_t t1, uint64_t& inner0, uint64_t& inner1) const;

    uint64_t origin() const { return origin_; }
    uint32_t shift() const { return shift_; }
    size_t buckets() const { return buckets_; }
    size_t memoryBytes() const;

    // Raw access for the cache.
    struct Raw {
        uint64_t origin = 0;
        uint32_t shift = FirstShift;
        uint64_t buckets = 0;
        uint32_t pcpuCols = 0;
        bool started = false;
        std::vector<uint32_t> byPcpu;
        std::vector<uint32_t> classes;
        std::vector<std::vector<uint32_t>> byClass;
    };
    Raw raw() const;
    static EventBuckets fromRaw(Raw raw);

private:
    static constexpr uint16_t NoColumn = 0xffff;
    void grow(uint64_t bucket);
    void addPcpuColumns(uint16_t pcpu);
    uint16_t addClass(uint32_t cls);
    EventCounts sum(size_t b0, size_t b1, double w0, double w1) const;

    bool started_ = false;
    uint64_t origin_ = 0;
    uint32_t shift_ = FirstShift;
    size_t buckets_ = 0;
    size_t pcpuCols_ = 0;
    std::vector<uint32_t> byPcpu_; // bucket-major
    std::vector<uint16_t> classCol_;
    std::vector<uint32_t> classes_;              // column -> class
    std::vector<std::vector<uint32_t>> byClass_; // column -> per bucket
};

} // namespace xenoscope::core
