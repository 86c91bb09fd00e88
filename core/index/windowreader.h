#pragma once
// Decodes the records of a time window again, on demand, from the trace file
// and the seek index: the event table shows any window without the index
// keeping 20 million records in memory. Records come in the reader's order
// (TSC, then file offset) with the reader's owners, TSC-less records timed
// as the reader times them.
//
// Plain files are memory-mapped and read in place. For .zst files the bytes
// between the window's first and last seek points are decompressed from the
// start of the stream; a forward cursor is kept, so scrolling forward costs
// only the new bytes, while jumping back restarts from the beginning of the
// stream (zstd frames cannot be entered in the middle). Files written as
// many frames would allow starting at a frame; not done yet.

#include "core/format/record.h"
#include "core/index/seekindex.h"
#include "core/io/bytestream.h"
#include "core/io/tracefile.h"

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace xenoscope::core {

class WindowReader {
public:
    using Visit = std::function<void(const Record&, const Owner&)>;

    WindowReader(std::string path, uint64_t fileSize, const SeekIndex& seek);
    ~WindowReader();
    WindowReader(const WindowReader&) = delete;
    WindowReader& operator=(const WindowReader&) = delete;

    // Every record with t0 <= TSC <= t1, in time order. False (nothing
    // visited) when the file is gone or no longer the indexed one.
    bool read(uint64_t t0, uint64_t t1, const Visit& visit) const;

private:
    struct Decoded {
        Record record;
        Owner owner;
    };
    bool ensureOpen() const;
    // Bytes [lo, hi) of the stream: a view into the mapping, or decompressed.
    std::span<const uint8_t> bytes(uint64_t lo, uint64_t hi) const;
    void walkPcpu(const SeekIndex::Pcpu& p, uint64_t t0, uint64_t t1, uint64_t lo,
                  std::span<const uint8_t> data, std::vector<Decoded>& out) const;

    std::string path_;
    uint64_t fileSize_;
    const SeekIndex& seek_;
    mutable std::mutex mutex_; // one window at a time: the zstd cursor is shared
    mutable std::unique_ptr<TraceFile> file_;
    mutable std::unique_ptr<ByteStream> stream_;
    mutable std::vector<uint8_t> buffer_; // .zst: stream bytes [bufLo_, bufLo_ + size)
    mutable uint64_t bufLo_ = 0;
    mutable bool failed_ = false;
};

} // namespace xenoscope::core
