#pragma once
// Writes genuine xentrace files: records are appended to per-pCPU buffers
// (as Xen's per-CPU trace rings hold them) and written out as chunks, each
// behind a TRC_TRACE_CPU_CHANGE header, in the polling rounds xentrace uses.
// Output is plain or zstd-compressed, streamed either way.

#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

struct ZSTD_CCtx_s;

namespace xenoscope::core {

class TraceWriter {
public:
    struct Options {
        bool zstd = false;
        int zstdLevel = 3;
    };

    // Opens `path` for writing; check ok() / error().
    TraceWriter(const std::string& path, Options options);
    // Writes into memory instead (tests); see bytes().
    explicit TraceWriter(Options options);
    ~TraceWriter();
    TraceWriter(const TraceWriter&) = delete;
    TraceWriter& operator=(const TraceWriter&) = delete;

    bool ok() const { return error_.empty(); }
    const std::string& error() const { return error_; }

    // Appends one record to pCPU `pcpu`'s pending buffer. No TSC when `tsc`
    // is empty. At most 7 words.
    void record(uint16_t pcpu, uint32_t event, std::optional<uint64_t> tsc,
                std::span<const uint32_t> words);
    void record(uint16_t pcpu, uint32_t event, std::optional<uint64_t> tsc,
                std::initializer_list<uint32_t> words) {
        record(pcpu, event, tsc, std::span<const uint32_t>(words.begin(), words.size()));
    }
    // Appends raw bytes to a pCPU's buffer (for deliberately damaged test files).
    void rawBytes(uint16_t pcpu, std::span<const uint8_t> bytes);

    size_t pendingBytes(uint16_t pcpu) const;
    // Writes the pending records of `pcpu` as one chunk (nothing when empty).
    void flushChunk(uint16_t pcpu);
    // Like flushChunk, but the header declares `missingBytes` more than are
    // written: a final chunk cut short (call finish() next; nothing may follow).
    void flushTruncatedChunk(uint16_t pcpu, uint32_t missingBytes);
    // One xentrace polling round: pCPUs 0..N-1 in turn, skipping empty ones.
    void flushRound();
    // Writes bytes straight to the output, outside any chunk (damaged-file tests).
    void writeRaw(std::span<const uint8_t> bytes);
    // Flushes everything and closes; returns false on a write error.
    bool finish();

    uint64_t bytesWritten() const { return written_; } // before compression
    uint64_t chunksWritten() const { return chunks_; }
    // The output, for in-memory writers (after finish()).
    const std::vector<uint8_t>& bytes() const { return memory_; }

private:
    void put(const void* data, size_t n);
    void drainCompressor(bool end);

    Options options_;
    std::FILE* file_ = nullptr;
    bool toMemory_ = false;
    std::vector<uint8_t> memory_;
    std::vector<std::vector<uint8_t>> pending_;
    ZSTD_CCtx_s* cctx_ = nullptr;
    std::vector<uint8_t> zout_;
    uint64_t written_ = 0;
    uint64_t chunks_ = 0;
    bool finished_ = false;
    std::string error_;
};

} // namespace xenoscope::core
