#pragma once
// Reads what BinaryWriter wrote, never trusting it: every read is bounds
// checked, a failed read returns 0 and makes ok() false for good, and counts
// are checked against the bytes left before anything is allocated for them.

#include <cstdint>
#include <cstring>
#include <span>
#include <string>

namespace xenoscope::core {

class BinaryReader {
public:
    explicit BinaryReader(std::span<const uint8_t> data)
        : data_(data) {}

    bool ok() const { return ok_; }
    bool atEnd() const { return pos_ == data_.size(); }
    void fail() { ok_ = false; }

    uint8_t u8() {
        uint8_t v = 0;
        raw(&v, 1);
        return v;
    }
    uint32_t u32() {
        uint32_t v = 0;
        raw(&v, 4);
        return v;
    }
    uint64_t u64() {
        uint64_t v = 0;
        raw(&v, 8);
        return v;
    }
    uint64_t var() {
        uint64_t v = 0;
        for (unsigned shift = 0; shift < 64; shift += 7) {
            if (!ok_ || pos_ >= data_.size()) {
                ok_ = false;
                return 0;
            }
            const uint8_t b = data_[pos_++];
            v |= uint64_t{b & 0x7fu} << shift;
            if (!(b & 0x80))
                return v;
        }
        ok_ = false;
        return 0;
    }
    uint32_t var32() {
        const uint64_t v = var();
        if (v > UINT32_MAX)
            ok_ = false;
        return static_cast<uint32_t>(v);
    }
    uint16_t var16() {
        const uint64_t v = var();
        if (v > UINT16_MAX)
            ok_ = false;
        return static_cast<uint16_t>(v);
    }
    double f64() {
        double v = 0;
        raw(&v, 8);
        return v;
    }
    std::string str() {
        const size_t n = count(1);
        std::string s(n, '\0');
        raw(s.data(), n);
        return s;
    }
    // A element count; each element takes at least minBytes.
    size_t count(size_t minBytes) {
        const uint64_t n = var();
        if (!ok_ || n > (data_.size() - pos_) / (minBytes ? minBytes : 1)) {
            ok_ = false;
            return 0;
        }
        return static_cast<size_t>(n);
    }
    void raw(void* dst, size_t n) {
        if (!ok_ || n > data_.size() - pos_) {
            ok_ = false;
            return;
        }
        std::memcpy(dst, data_.data() + pos_, n);
        pos_ += n;
    }

private:
    std::span<const uint8_t> data_;
    size_t pos_ = 0;
    bool ok_ = true;
};

} // namespace xenoscope::core
