#include "core/synth/tracewriter.h"

#include "core/format/rawrecord.h"

#include <cerrno>
#include <cstring>
#include <zstd.h>

namespace xenoscope::core {

TraceWriter::TraceWriter(const std::string& path, Options options)
    : options_(options) {
    file_ = std::fopen(path.c_str(), "wb");
    if (!file_)
        error_ = path + ": cannot write: " + std::strerror(errno);
    if (options_.zstd) {
        cctx_ = ZSTD_createCCtx();
        ZSTD_CCtx_setParameter(cctx_, ZSTD_c_compressionLevel, options_.zstdLevel);
        ZSTD_CCtx_setParameter(cctx_, ZSTD_c_checksumFlag, 1);
        zout_.resize(ZSTD_CStreamOutSize());
    }
}

TraceWriter::TraceWriter(Options options)
    : options_(options)
    , toMemory_(true) {
    if (options_.zstd) {
        cctx_ = ZSTD_createCCtx();
        ZSTD_CCtx_setParameter(cctx_, ZSTD_c_compressionLevel, options_.zstdLevel);
        zout_.resize(ZSTD_CStreamOutSize());
    }
}

TraceWriter::~TraceWriter() {
    if (!finished_)
        finish();
    ZSTD_freeCCtx(cctx_);
}

void TraceWriter::record(uint16_t pcpu, uint32_t event, std::optional<uint64_t> tsc,
                         std::span<const uint32_t> words) {
    if (pending_.size() <= pcpu)
        pending_.resize(size_t{pcpu} + 1);
    const size_t n = words.size() > 7 ? 7 : words.size();
    uint32_t header =
        (event & 0x0fffffff) | static_cast<uint32_t>(n) << 28 | (tsc ? 0x80000000u : 0u);
    auto& buf = pending_[pcpu];
    const size_t at = buf.size();
    buf.resize(at + 4 + (tsc ? 8 : 0) + 4 * n);
    uint8_t* p = buf.data() + at;
    std::memcpy(p, &header, 4);
    p += 4;
    if (tsc) {
        const uint32_t lo = static_cast<uint32_t>(*tsc), hi = static_cast<uint32_t>(*tsc >> 32);
        std::memcpy(p, &lo, 4);
        std::memcpy(p + 4, &hi, 4);
        p += 8;
    }
    if (n)
        std::memcpy(p, words.data(), 4 * n);
}

void TraceWriter::rawBytes(uint16_t pcpu, std::span<const uint8_t> bytes) {
    if (pending_.size() <= pcpu)
        pending_.resize(size_t{pcpu} + 1);
    pending_[pcpu].insert(pending_[pcpu].end(), bytes.begin(), bytes.end());
}

size_t TraceWriter::pendingBytes(uint16_t pcpu) const {
    return pcpu < pending_.size() ? pending_[pcpu].size() : 0;
}

void TraceWriter::flushChunk(uint16_t pcpu) {
    if (pcpu >= pending_.size() || pending_[pcpu].empty())
        return;
    auto& buf = pending_[pcpu];
    const uint32_t header[3] = {raw::CpuChangeHeader, pcpu, static_cast<uint32_t>(buf.size())};
    put(header, sizeof header);
    put(buf.data(), buf.size());
    buf.clear();
    ++chunks_;
}

void TraceWriter::flushTruncatedChunk(uint16_t pcpu, uint32_t missingBytes) {
    if (pcpu >= pending_.size() || pending_[pcpu].empty())
        return;
    auto& buf = pending_[pcpu];
    const uint32_t header[3] = {raw::CpuChangeHeader, pcpu,
                                static_cast<uint32_t>(buf.size()) + missingBytes};
    put(header, sizeof header);
    put(buf.data(), buf.size());
    buf.clear();
    ++chunks_;
}

void TraceWriter::flushRound() {
    for (size_t p = 0; p < pending_.size(); ++p)
        flushChunk(static_cast<uint16_t>(p));
}

void TraceWriter::writeRaw(std::span<const uint8_t> bytes) {
    put(bytes.data(), bytes.size());
}

void TraceWriter::put(const void* data, size_t n) {
    if (!ok() || n == 0)
        return;
    written_ += n;
    if (cctx_) {
        ZSTD_inBuffer in{data, n, 0};
        while (in.pos < in.size) {
            ZSTD_outBuffer out{zout_.data(), zout_.size(), 0};
            const size_t rc = ZSTD_compressStream2(cctx_, &out, &in, ZSTD_e_continue);
            if (ZSTD_isError(rc)) {
                error_ = std::string("zstd: ") + ZSTD_getErrorName(rc);
                return;
            }
            if (toMemory_)
                memory_.insert(memory_.end(), zout_.data(), zout_.data() + out.pos);
            else if (out.pos && std::fwrite(zout_.data(), 1, out.pos, file_) != out.pos)
                error_ = std::string("write error: ") + std::strerror(errno);
        }
        return;
    }
    if (toMemory_) {
        const auto* b = static_cast<const uint8_t*>(data);
        memory_.insert(memory_.end(), b, b + n);
    } else if (std::fwrite(data, 1, n, file_) != n) {
        error_ = std::string("write error: ") + std::strerror(errno);
    }
}

void TraceWriter::drainCompressor(bool end) {
    if (!cctx_ || !ok())
        return;
    ZSTD_inBuffer in{nullptr, 0, 0};
    for (;;) {
        ZSTD_outBuffer out{zout_.data(), zout_.size(), 0};
        const size_t rc = ZSTD_compressStream2(cctx_, &out, &in, end ? ZSTD_e_end : ZSTD_e_flush);
        if (ZSTD_isError(rc)) {
            error_ = std::string("zstd: ") + ZSTD_getErrorName(rc);
            return;
        }
        if (toMemory_)
            memory_.insert(memory_.end(), zout_.data(), zout_.data() + out.pos);
        else if (out.pos && std::fwrite(zout_.data(), 1, out.pos, file_) != out.pos)
            error_ = std::string("write error: ") + std::strerror(errno);
        if (rc == 0)
            return;
    }
}

bool TraceWriter::finish() {
    if (finished_)
        return ok();
    flushRound();
    drainCompressor(true);
    if (file_) {
        if (std::fclose(file_) != 0 && ok())
            error_ = std::string("write error: ") + std::strerror(errno);
        file_ = nullptr;
    }
    finished_ = true;
    return ok();
}

} // namespace xenoscope::core
