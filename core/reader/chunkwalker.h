#pragma once
// Walks every record chunk by chunk in file order, without merging pCPUs or
// decoding payloads: the cheapest complete pass over a trace. Used for the
// "bare walk" benchmark baseline and for per-pCPU passes (each pCPU's records
// still arrive in its own order).

#include "core/format/rawrecord.h"
#include "core/io/tracefile.h"
#include "core/reader/chunktable.h"

namespace xenoscope::core {

// f(pcpu, header word, pointer to the record's first byte) for each record.
template <class F> void walkChunks(const TraceFile& file, const ChunkTable& table, F&& f) {
    std::unique_ptr<ByteStream> stream = file.compressed() ? file.openStream() : nullptr;
    for (const ChunkInfo& c : table.chunks) {
        std::span<const uint8_t> data;
        if (stream) {
            stream->skip(c.dataOffset - stream->position());
            data = stream->take(c.length);
        } else {
            data = file.mapped().subspan(c.dataOffset, c.length);
        }
        size_t pos = 0;
        while (pos + 4 <= data.size()) {
            const uint32_t header = raw::load32(data.data() + pos);
            const size_t size = raw::sizeOf(header);
            if (pos + size > data.size())
                break;
            f(c.pcpu, header, data.data() + pos);
            pos += size;
        }
    }
}

} // namespace xenoscope::core
