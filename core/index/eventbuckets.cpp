#include "core/index/eventbuckets.h"

#include <algorithm>

namespace xenoscope::core {

EventBuckets::EventBuckets()
    : classCol_(4096, NoColumn) {}

void EventBuckets::grow(uint64_t bucket) {
    // Coarsen (merge pairs of buckets) until the bucket fits under the cap.
    while (bucket >= MaxBuckets) {
        const size_t half = (buckets_ + 1) / 2;
        for (size_t b = 0; b < half; ++b) {
            for (size_t p = 0; p < pcpuCols_; ++p) {
                const uint32_t second =
                    2 * b + 1 < buckets_ ? byPcpu_[(2 * b + 1) * pcpuCols_ + p] : 0;
                byPcpu_[b * pcpuCols_ + p] = byPcpu_[2 * b * pcpuCols_ + p] + second;
            }
            for (auto& col : byClass_)
                col[b] = col[2 * b] + (2 * b + 1 < buckets_ ? col[2 * b + 1] : 0);
        }
        buckets_ = half;
        byPcpu_.resize(buckets_ * pcpuCols_);
        for (auto& col : byClass_)
            col.resize(buckets_);
        ++shift_;
        bucket >>= 1;
    }
    if (bucket >= buckets_) {
        // Amortized: grow by at least half again.
        const size_t want = std::min<size_t>(
            MaxBuckets, std::max<size_t>(static_cast<size_t>(bucket) + 1, buckets_ + buckets_ / 2));
        buckets_ = want;
        byPcpu_.resize(buckets_ * pcpuCols_, 0);
        for (auto& col : byClass_)
            col.resize(buckets_, 0);
    }
}

void EventBuckets::addPcpuColumns(uint16_t pcpu) {
    const size_t cols = size_t{pcpu} + 1;
    std::vector<uint32_t> next(buckets_ * cols, 0);
    for (size_t b = 0; b < buckets_; ++b)
        for (size_t p = 0; p < pcpuCols_; ++p)
            next[b * cols + p] = byPcpu_[b * pcpuCols_ + p];
    byPcpu_ = std::move(next);
    pcpuCols_ = cols;
}

uint16_t EventBuckets::addClass(uint32_t cls) {
    const auto col = static_cast<uint16_t>(classes_.size());
    classCol_[cls] = col;
    classes_.push_back(cls);
    byClass_.emplace_back(buckets_, 0);
    return col;
}

EventCounts EventBuckets::sum(size_t b0, size_t b1, double w0, double w1) const {
    // Buckets [b0, b1] with weights w0 for b0 and w1 for b1 (1 in between).
    EventCounts out;
    std::vector<double> pc(pcpuCols_, 0.0);
    std::vector<double> cc(classes_.size(), 0.0);
    for (size_t b = b0; b <= b1 && b < buckets_; ++b) {
        const double w = b == b0 ? w0 : b == b1 ? w1 : 1.0;
        if (w <= 0)
            continue;
        for (size_t p = 0; p < pcpuCols_; ++p)
            pc[p] += w * byPcpu_[b * pcpuCols_ + p];
        for (size_t c = 0; c < classes_.size(); ++c)
            cc[c] += w * byClass_[c][b];
    }
    for (size_t p = 0; p < pcpuCols_; ++p) {
        const auto n = static_cast<uint64_t>(pc[p] + 0.5);
        if (n > 0)
            out.byPcpu.emplace_back(static_cast<uint16_t>(p), n);
        out.total += n;
    }
    for (size_t c = 0; c < classes_.size(); ++c) {
        const auto n = static_cast<uint64_t>(cc[c] + 0.5);
        if (n > 0)
            out.byClass.emplace_back(classes_[c], n);
    }
    std::sort(out.byClass.begin(), out.byClass.end());
    return out;
}

EventCounts EventBuckets::count(uint64_t t0, uint64_t t1) const {
    if (!started_ || buckets_ == 0 || t1 < t0)
        return {};
    const uint64_t width = uint64_t{1} << shift_;
    const uint64_t a = std::max(t0, origin_) - origin_;
    const uint64_t b = t1 >= origin_ ? t1 - origin_ : 0;
    if (t1 < origin_)
        return {};
    const size_t b0 = static_cast<size_t>(a >> shift_);
    const size_t b1 = static_cast<size_t>(std::min<uint64_t>(b >> shift_, buckets_ - 1));
    if (b0 >= buckets_)
        return {};
    const auto frac = [&](uint64_t lo, uint64_t hi) {
        return static_cast<double>(hi - lo) / static_cast<double>(width);
    };
    if (b0 == b1) {
        return sum(b0, b1, frac(a, std::min(b + 1, (uint64_t{b0} + 1) << shift_)), 0);
    }
    return sum(b0, b1, frac(a, (uint64_t{b0} + 1) << shift_),
               frac(uint64_t{b1} << shift_, std::min(b + 1, (uint64_t{b1} + 1) << shift_)));
}

EventCounts EventBuckets::countWhole(uint64_t t0, uint64_t t1, uint64_t& inner0,
                                     uint64_t& inner1) const {
    inner0 = inner1 = t0;
    if (!started_ || buckets_ == 0 || t1 < t0 || t1 < origin_)
        return {};
    const uint64_t a = std::max(t0, origin_) - origin_;
    const uint64_t b = t1 - origin_ + 1; // exclusive
    const uint64_t first = (a + (uint64_t{1} << shift_) - 1) >> shift_;
    const uint64_t last = std::min<uint64_t>(b >> shift_, buckets_); // exclusive
    if (first >= last)
        return {};
    inner0 = origin_ + (first << shift_);
    inner1 = origin_ + (last << shift_);
    return sum(static_cast<size_t>(first), static_cast<size_t>(last - 1), 1.0, 1.0);
}

size_t EventBuckets::memoryBytes() const {
    size_t n = byPcpu_.capacity() * 4 + classCol_.capacity() * 2 + classes_.capacity() * 4;
    for (const auto& c : byClass_)
        n += c.capacity() * 4;
    return n;
}

EventBuckets::Raw EventBuckets::raw() const {
    return {origin_,  shift_,  buckets_, static_cast<uint32_t>(pcpuCols_),
            started_, byPcpu_, classes_, byClass_};
}

EventBuckets EventBuckets::fromRaw(Raw raw) {
    EventBuckets e;
    e.origin_ = raw.origin;
    e.shift_ = raw.shift;
    e.buckets_ = static_cast<size_t>(raw.buckets);
    e.pcpuCols_ = raw.pcpuCols;
    e.started_ = raw.started;
    e.byPcpu_ = std::move(raw.byPcpu);
    e.classes_ = std::move(raw.classes);
    e.byClass_ = std::move(raw.byClass);
    for (size_t c = 0; c < e.classes_.size(); ++c)
        e.classCol_[e.classes_[c] & 0xfff] = static_cast<uint16_t>(c);
    return e;
}

} // namespace xenoscope::core
