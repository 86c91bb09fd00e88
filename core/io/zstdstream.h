#pragma once
// ByteStream that decompresses a zstd file as it goes (one or many frames),
// holding only a small input buffer and the bytes of the current take().

#include "core/io/bytestream.h"

#include <vector>

struct ZSTD_DCtx_s;

namespace xenoscope::core {

class ZstdStream final : public ByteStream {
public:
    // Reads from `fd` (not owned, read with pread so several streams can share it).
    ZstdStream(int fd, uint64_t fileSize);
    ~ZstdStream() override;
    ZstdStream(const ZstdStream&) = delete;
    ZstdStream& operator=(const ZstdStream&) = delete;

    std::span<const uint8_t> take(size_t n) override;
    uint64_t skip(uint64_t n) override;
    uint64_t position() const override { return outPos_; }
    uint64_t inputPosition() const override { return inConsumed_; }
    const std::optional<Diagnostic>& error() const override { return error_; }

    // Decompresses up to n bytes into dst; fewer at the end or on error.
    size_t readInto(uint8_t* dst, size_t n);

private:
    bool refill();
    void fail(std::string message);

    int fd_;
    uint64_t fileSize_;
    uint64_t fileRead_ = 0;   // bytes pread from the file
    uint64_t inConsumed_ = 0; // bytes the decoder has consumed
    uint64_t outPos_ = 0;
    ZSTD_DCtx_s* dctx_ = nullptr;
    std::vector<uint8_t> in_;
    size_t inBegin_ = 0;
    size_t inEnd_ = 0;
    size_t lastHint_ = 0; // decoder's "more input expected" hint; non-zero at EOF = truncated
    bool finished_ = false;
    std::vector<uint8_t> takeBuffer_;
    std::optional<Diagnostic> error_;
};

} // namespace xenoscope::core
