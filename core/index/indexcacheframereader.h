#pragma once
// Reads one zstd frame of an index cache straight from the file, a window
// at a time, with BinaryReader's interface and distrust: every read is
// checked, a failed one returns 0 and makes ok() false for good, and counts
// are checked against the frame's bytes left before anything is allocated.
// Neither the compressed frame nor its content is ever held whole, so a
// reopen's peak is the index itself plus a few hundred KiB per thread.
//
// zstd checks the frame's content checksum when the frame ends: values read
// before finish() succeeded are not yet known to be intact, so a caller
// discards everything it parsed unless finish() returns true.

#include <zstd.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace xenoscope::core {

// `n` bytes of `fd` at `offset` (pread until done), or false.
bool readAt(int fd, uint8_t* dst, size_t n, uint64_t offset);

class IndexCacheFrameReader {
public:
    // One decompression context and its buffers, reused frame after frame by
    // one thread.
    struct Context {
        Context();
        ~Context();
        Context(const Context&) = delete;
        Context& operator=(const Context&) = delete;
        ZSTD_DCtx* dctx = nullptr;
        std::vector<uint8_t> in, out;
    };

    // The frame of `compressedSize` bytes at `offset` in `fd`, whose content
    // is `rawSize` bytes (from the cache's checked frame table).
    IndexCacheFrameReader(Context& context, int fd, uint64_t offset, uint64_t compressedSize,
                          uint64_t rawSize);

    bool ok() const { return ok_; }
    void fail() { ok_ = false; }

    uint8_t u8() {
        if (pos_ == end_ && !refill(1))
            return 0;
        return *pos_++;
    }
    uint64_t var() {
        // Most values are whole in the window: decode them without a check per byte.
        if (end_ - pos_ >= MaxVarBytes) {
            uint64_t v = 0;
            for (unsigned shift = 0; shift < 64; shift += 7) {
                const uint8_t b = *pos_++;
                v |= uint64_t{b & 0x7fu} << shift;
                if (!(b & 0x80))
                    return v;
            }
            ok_ = false;
            return 0;
        }
        return varNearEnd();
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
    std::string str();
    // An element count; each element takes at least minBytes.
    size_t count(size_t minBytes);
    // Whether `n` elements of at least minBytes each fit in what is left
    // (a count known from elsewhere); not ok when they do not.
    bool fits(uint64_t n, size_t minBytes);
    bool atEnd() const { return consumed() == rawSize_; }
    void raw(void* dst, size_t n);

    // Decompresses the rest of the frame without keeping it: zstd still
    // verifies it, so finish() can vouch for a frame parsed only later.
    void skipRest();

    // The frame ended exactly where its content did: all of it read, the
    // frame complete and its checksum verified by zstd.
    bool finish();

private:
    static constexpr ptrdiff_t MaxVarBytes = 10;
    uint64_t varNearEnd();
    // At least `need` bytes in the window, or false (and not ok).
    bool refill(size_t need);
    // One step of decompression into the window's free space; false when the
    // frame is damaged or cut short.
    bool pump();
    uint64_t consumed() const { return produced_ - static_cast<uint64_t>(end_ - pos_); }

    Context& ctx_;
    int fd_;
    uint64_t offset_;
    uint64_t compressedSize_;
    uint64_t rawSize_;
    uint64_t fed_ = 0;      // compressed bytes read from the file
    uint64_t produced_ = 0; // content bytes decompressed
    ZSTD_inBuffer in_{};
    const uint8_t* pos_ = nullptr;
    const uint8_t* end_ = nullptr;
    bool frameDone_ = false;
    bool ok_ = true;
};

} // namespace xenoscope::core
