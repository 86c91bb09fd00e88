#pragma once
// Opens a trace file, plain or zstd-compressed (told apart by the zstd magic
// number, not the name), and hands out streams over its content. Plain files
// are memory-mapped so the reader can visit chunks out of file order without
// copying; compressed ones are streamed through libzstd, never held whole.

#include "core/io/bytestream.h"
#include "core/util/diagnostic.h"

#include <cstdint>
#include <memory>
#include <span>
#include <string>

namespace xenoscope::core {

class TraceFile {
public:
    // nullptr and `error` set when the path is missing, unreadable, a
    // directory, or empty.
    static std::unique_ptr<TraceFile> open(const std::string& path, Diagnostic& error);
    ~TraceFile();
    TraceFile(const TraceFile&) = delete;
    TraceFile& operator=(const TraceFile&) = delete;

    const std::string& path() const { return path_; }
    uint64_t fileSize() const { return fileSize_; }
    bool compressed() const { return compressed_; }

    // The whole content for plain files; empty for compressed ones.
    std::span<const uint8_t> mapped() const { return mapped_; }

    // A new stream from the first byte of the (decompressed) content.
    std::unique_ptr<ByteStream> openStream() const;

    // Tells the kernel it may drop mapped pages in [begin, end): the reader
    // has consumed them. Keeps resident memory small on huge plain files.
    void releaseMapped(uint64_t begin, uint64_t end) const;
    // For a reader going forward: releases [releasedUpTo, upTo) once that
    // has grown by 16 MiB, and moves releasedUpTo. One madvise per step keeps
    // the calls rare and the resident tail small.
    void releaseBehind(uint64_t upTo, uint64_t& releasedUpTo) const;

private:
    TraceFile() = default;
    std::string path_;
    uint64_t fileSize_ = 0;
    bool compressed_ = false;
    int fd_ = -1;
    std::span<const uint8_t> mapped_;
};

} // namespace xenoscope::core
