#pragma once
// A problem found in an input file: what kind, where (byte offset), and a
// readable message. Core code never throws across its API; it returns these.

#include <cstdint>
#include <string>
#include <vector>

namespace xenoscope::core {

enum class DiagCode : uint8_t {
    CannotOpen,      // missing, unreadable, a directory, ...
    Empty,           // zero bytes
    BigEndian,       // byte-swapped chunk headers: a trace from a big-endian host
    BadChunkHeader,  // expected TRC_TRACE_CPU_CHANGE, found something else
    ChunkPastEof,    // a chunk declares more bytes than the file holds
    RecordPastChunk, // a record's size runs past the end of its chunk
    TruncatedRecord, // the file ends inside a record or header
    CompressedData,  // corrupt or truncated zstd stream
    TimeWentBack,    // a TSC smaller than the previous one on the same pCPU
    Io,              // read error
    Usage,           // bad option or argument (CLI)
};

struct Diagnostic {
    DiagCode code = DiagCode::Io;
    uint64_t offset = 0; // byte offset in the (decompressed) trace stream
    std::string message;
    bool fatal = false; // nothing at all could be read
};

// "FILE: byte OFFSET: message" — the one format every front end shows.
std::string describe(const std::string& file, const Diagnostic& d);

using Diagnostics = std::vector<Diagnostic>;

} // namespace xenoscope::core
