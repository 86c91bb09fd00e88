#pragma once
// A forward-only view of a trace's bytes, decompressed if need be. Readers
// take spans of it; a span stays valid until the next call.

#include "core/util/diagnostic.h"

#include <cstdint>
#include <optional>
#include <span>

namespace xenoscope::core {

class ByteStream {
public:
    virtual ~ByteStream() = default;

    // The next n bytes, fewer only at the end of the data or on an error (see error()).
    virtual std::span<const uint8_t> take(size_t n) = 0;
    // Skips n bytes; returns how many were skipped.
    virtual uint64_t skip(uint64_t n) = 0;
    // Offset in the (decompressed) stream of the next byte take() returns.
    virtual uint64_t position() const = 0;
    // Bytes of the file itself consumed so far: the measure of progress.
    virtual uint64_t inputPosition() const = 0;
    // Set once the stream stops early because of bad data or a read error.
    virtual const std::optional<Diagnostic>& error() const = 0;
};

} // namespace xenoscope::core
