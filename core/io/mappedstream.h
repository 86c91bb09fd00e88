#pragma once
// ByteStream over memory that is already there (a mapped plain file): take()
// returns views into it, no copies.

#include "core/io/bytestream.h"

namespace xenoscope::core {

class MappedStream final : public ByteStream {
public:
    explicit MappedStream(std::span<const uint8_t> bytes)
        : bytes_(bytes) {}

    std::span<const uint8_t> take(size_t n) override {
        const size_t count = n < bytes_.size() - pos_ ? n : bytes_.size() - pos_;
        const auto view = bytes_.subspan(pos_, count);
        pos_ += count;
        return view;
    }
    uint64_t skip(uint64_t n) override { return take(static_cast<size_t>(n)).size(); }
    uint64_t position() const override { return pos_; }
    uint64_t inputPosition() const override { return pos_; }
    const std::optional<Diagnostic>& error() const override { return error_; }

private:
    std::span<const uint8_t> bytes_;
    size_t pos_ = 0;
    std::optional<Diagnostic> error_;
};

} // namespace xenoscope::core
