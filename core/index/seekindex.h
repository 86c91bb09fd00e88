#pragma once
// Where to start decoding for any time: per pCPU, a seek point at its first
// record and then every SeekIndex::Every of its records, with the TSC, the
// stream offset and who was running there. With the chunk layout this is
// all the event table needs to decode a window of records again without
// keeping them in memory. (A point per chunk cost 14.6 MB on a 700 MB
// trace; every 512 records it is 2 MB, for at most 512 records per pCPU
// decoded before a window's start.)

#include "core/format/record.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace xenoscope::core {

struct SeekPoint {
    uint64_t tsc = 0;    // of the record there (own or inherited)
    uint64_t offset = 0; // of its header, in the (decompressed) stream
    Owner owner;         // CpuContext's owner before the record
};

struct SeekIndex {
    static constexpr uint32_t Every = 512;

    struct Chunk {
        uint64_t dataOffset = 0;
        uint32_t length = 0;
        uint16_t pcpu = 0;
    };
    struct Pcpu {
        uint16_t pcpu = 0;
        bool hasSwitch = false;
        Owner initialOwner;
        uint64_t firstTsc = 0;
        std::vector<uint32_t> chunks;  // indices into SeekIndex::chunks, in file order
        std::vector<SeekPoint> points; // in stream order (and so by TSC)
    };

    std::vector<Chunk> chunks; // in file order
    std::vector<Pcpu> pcpus;   // by pCPU number
    uint64_t streamBytes = 0;

    size_t memoryBytes() const {
        size_t n = chunks.capacity() * sizeof(Chunk) + pcpus.capacity() * sizeof(Pcpu);
        for (const auto& p : pcpus)
            n += p.chunks.capacity() * sizeof(uint32_t) + p.points.capacity() * sizeof(SeekPoint);
        return n;
    }
};

} // namespace xenoscope::core
