#include "core/index/indexcacheframereader.h"

#include <unistd.h>

#include <algorithm>

namespace xenoscope::core {

namespace {

constexpr size_t WindowBytes = 256 * 1024;
// The writer's level uses 2 MiB windows; a damaged frame header asking for
// more must not make a thread allocate up to zstd's default limit (128 MiB).
constexpr int MaxWindowLog = 24;

} // namespace

bool readAt(int fd, uint8_t* dst, size_t n, uint64_t offset) {
    while (n > 0) {
        const ssize_t got = ::pread(fd, dst, n, static_cast<off_t>(offset));
        if (got <= 0)
            return false;
        dst += got;
        n -= static_cast<size_t>(got);
        offset += static_cast<uint64_t>(got);
    }
    return true;
}

IndexCacheFrameReader::Context::Context()
    : dctx(ZSTD_createDCtx())
    , in(ZSTD_DStreamInSize())
    , out(WindowBytes) {
    if (dctx)
        ZSTD_DCtx_setParameter(dctx, ZSTD_d_windowLogMax, MaxWindowLog);
}

IndexCacheFrameReader::Context::~Context() {
    ZSTD_freeDCtx(dctx);
}

IndexCacheFrameReader::IndexCacheFrameReader(Context& context, int fd, uint64_t offset,
                                             uint64_t compressedSize, uint64_t rawSize)
    : ctx_(context)
    , fd_(fd)
    , offset_(offset)
    , compressedSize_(compressedSize)
    , rawSize_(rawSize)
    , pos_(context.out.data())
    , end_(context.out.data()) {
    ok_ = ctx_.dctx && !ZSTD_isError(ZSTD_DCtx_reset(ctx_.dctx, ZSTD_reset_session_only));
}

std::string IndexCacheFrameReader::str() {
    const size_t n = count(1);
    std::string s(n, '\0');
    raw(s.data(), n);
    return s;
}

size_t IndexCacheFrameReader::count(size_t minBytes) {
    const uint64_t n = var();
    return fits(n, minBytes) ? static_cast<size_t>(n) : 0;
}

bool IndexCacheFrameReader::fits(uint64_t n, size_t minBytes) {
    if (!ok_ || n > (rawSize_ - consumed()) / std::max<size_t>(minBytes, 1))
        ok_ = false;
    return ok_;
}

void IndexCacheFrameReader::raw(void* dst, size_t n) {
    auto* d = static_cast<uint8_t*>(dst);
    while (n > 0) {
        if (pos_ == end_ && !refill(1))
            return;
        const size_t take = std::min(n, static_cast<size_t>(end_ - pos_));
        std::memcpy(d, pos_, take);
        pos_ += take;
        d += take;
        n -= take;
    }
}

uint64_t IndexCacheFrameReader::varNearEnd() {
    uint64_t v = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
        const uint8_t b = u8();
        if (!ok_)
            return 0;
        v |= uint64_t{b & 0x7fu} << shift;
        if (!(b & 0x80))
            return v;
    }
    ok_ = false;
    return 0;
}

bool IndexCacheFrameReader::refill(size_t need) {
    if (!ok_)
        return false;
    // The unread tail moves to the front, leaving the rest of the window free.
    const size_t left = static_cast<size_t>(end_ - pos_);
    std::memmove(ctx_.out.data(), pos_, left);
    pos_ = ctx_.out.data();
    end_ = pos_ + left;
    while (static_cast<size_t>(end_ - pos_) < need)
        if (frameDone_ || !pump()) {
            ok_ = false;
            return false;
        }
    return true;
}

bool IndexCacheFrameReader::pump() {
    if (in_.pos == in_.size && fed_ < compressedSize_) {
        const size_t n =
            static_cast<size_t>(std::min<uint64_t>(ctx_.in.size(), compressedSize_ - fed_));
        if (!readAt(fd_, ctx_.in.data(), n, offset_ + fed_))
            return false;
        fed_ += n;
        in_ = {ctx_.in.data(), n, 0};
    }
    uint8_t* window = ctx_.out.data();
    ZSTD_outBuffer out{window, ctx_.out.size(), static_cast<size_t>(end_ - window)};
    const size_t outBefore = out.pos, inBefore = in_.pos;
    const size_t status = ZSTD_decompressStream(ctx_.dctx, &out, &in_);
    if (ZSTD_isError(status))
        return false;
    produced_ += out.pos - outBefore;
    end_ = window + out.pos;
    if (produced_ > rawSize_)
        return false;
    if (status == 0) {
        frameDone_ = true;
        return true;
    }
    // No progress with input left is impossible; without input, the frame was cut short.
    return out.pos != outBefore || in_.pos != inBefore;
}

void IndexCacheFrameReader::skipRest() {
    while (ok_ && !frameDone_) {
        pos_ = end_ = ctx_.out.data();
        if (!pump())
            ok_ = false;
    }
    pos_ = end_;
}

bool IndexCacheFrameReader::finish() {
    if (!ok_ || pos_ != end_)
        return false;
    // The frame's checksum (and possibly an empty last block) can follow its
    // last content byte: decompress on, expecting no more content.
    while (!frameDone_) {
        pos_ = end_ = ctx_.out.data();
        if (!pump() || end_ != pos_)
            return false;
    }
    return produced_ == rawSize_ && fed_ == compressedSize_ && in_.pos == in_.size;
}

} // namespace xenoscope::core
