#pragma once
// Appends values to a byte buffer for the index cache: fixed-width
// little-endian integers, LEB128 varints (sorted TSCs go in as deltas, which
// then take one or two bytes), doubles and strings. BinaryReader reads them back.

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace xenoscope::core {

class BinaryWriter {
public:
    void u8(uint8_t v) { out_.push_back(v); }
    void u32(uint32_t v) { raw(&v, 4); }
    void u64(uint64_t v) { raw(&v, 8); }
    void var(uint64_t v) {
        while (v >= 0x80) {
            out_.push_back(static_cast<uint8_t>(v | 0x80));
            v >>= 7;
        }
        out_.push_back(static_cast<uint8_t>(v));
    }
    void f64(double v) { raw(&v, 8); }
    void str(const std::string& s) {
        var(s.size());
        raw(s.data(), s.size());
    }
    void raw(const void* p, size_t n) {
        const auto* b = static_cast<const uint8_t*>(p);
        out_.insert(out_.end(), b, b + n);
    }
    std::vector<uint8_t>& data() { return out_; }

private:
    std::vector<uint8_t> out_;
};

} // namespace xenoscope::core
