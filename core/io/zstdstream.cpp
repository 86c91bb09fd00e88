#include "core/io/zstdstream.h"

#include <cerrno>
#include <cstring>
#include <unistd.h>
#include <zstd.h>

namespace xenoscope::core {

namespace {
constexpr size_t InputBlock = size_t{1} << 20;
}

ZstdStream::ZstdStream(int fd, uint64_t fileSize)
    : fd_(fd)
    , fileSize_(fileSize)
    , dctx_(ZSTD_createDCtx())
    , in_(InputBlock) {}

ZstdStream::~ZstdStream() {
    ZSTD_freeDCtx(dctx_);
}

void ZstdStream::fail(std::string message) {
    if (error_)
        return;
    Diagnostic d;
    d.code = DiagCode::CompressedData;
    d.offset = outPos_;
    d.message = std::move(message) + " (compressed byte " + std::to_string(inConsumed_) + ")";
    error_ = std::move(d);
    finished_ = true;
}

bool ZstdStream::refill() {
    if (inBegin_ < inEnd_)
        return true;
    if (fileRead_ >= fileSize_)
        return false;
    const ssize_t got = ::pread(fd_, in_.data(), in_.size(), static_cast<off_t>(fileRead_));
    if (got <= 0) {
        fail(std::string("read error: ") +
             (got < 0 ? std::strerror(errno) : "unexpected end of file"));
        return false;
    }
    fileRead_ += static_cast<uint64_t>(got);
    inBegin_ = 0;
    inEnd_ = static_cast<size_t>(got);
    return true;
}

size_t ZstdStream::readInto(uint8_t* dst, size_t n) {
    size_t produced = 0;
    while (produced < n && !finished_) {
        if (!refill()) {
            // The file ended. A frame still expecting input means a truncated stream.
            if (!error_ && lastHint_ != 0)
                fail("compressed stream ends inside a zstd frame (truncated file)");
            finished_ = true;
            break;
        }
        ZSTD_inBuffer input{in_.data() + inBegin_, inEnd_ - inBegin_, 0};
        ZSTD_outBuffer output{dst + produced, n - produced, 0};
        const size_t hint = ZSTD_decompressStream(dctx_, &output, &input);
        if (ZSTD_isError(hint)) {
            fail(std::string("corrupt zstd data: ") + ZSTD_getErrorName(hint));
            break;
        }
        lastHint_ = hint;
        inBegin_ += input.pos;
        inConsumed_ += input.pos;
        produced += output.pos;
        outPos_ += output.pos;
    }
    return produced;
}

std::span<const uint8_t> ZstdStream::take(size_t n) {
    if (takeBuffer_.size() < n)
        takeBuffer_.resize(n);
    const size_t got = readInto(takeBuffer_.data(), n);
    return {takeBuffer_.data(), got};
}

uint64_t ZstdStream::skip(uint64_t n) {
    uint64_t skipped = 0;
    while (skipped < n) {
        const size_t step = static_cast<size_t>(std::min<uint64_t>(n - skipped, InputBlock));
        const auto got = take(step).size();
        skipped += got;
        if (got < step)
            break;
    }
    return skipped;
}

} // namespace xenoscope::core
