#pragma once
// What the first pass learns about a trace's layout: where each per-pCPU
// chunk is, which chunks belong to which pCPU (in time order), and what the
// merge needs to order chunks it has not loaded yet.

#include "core/format/rawrecord.h"
#include "core/format/record.h"
#include "core/util/diagnostic.h"

#include <cstdint>
#include <vector>

namespace xenoscope::core {

struct ChunkInfo {
    uint64_t dataOffset = 0;     // first record byte
    uint32_t declaredLength = 0; // as the header says
    uint32_t length = 0;         // bytes actually present (less when the file ends early)
    uint16_t pcpu = 0;
    bool startsWithoutTsc = false; // its first record has no TSC of its own (or is a wrap filler)
    bool hasTsc = false;           // some record in it has a TSC
    uint64_t firstTsc = 0;         // of its first TSC-bearing record

    // Of the TRC_TRACE_CPU_CHANGE record, right before the data (not kept:
    // a 700 MB trace has 600 k chunks, and 32 bytes each instead of 40 save
    // 4.6 MiB while an index is built).
    uint64_t headerOffset() const { return dataOffset - raw::CpuChangeSize; }
};

struct PcpuLayout {
    uint16_t pcpu = 0;
    std::vector<uint32_t> chunks; // indices into ChunkTable::chunks, in file order
    bool hasTsc = false;
    uint64_t firstTsc = 0; // of its first TSC-bearing record
    // Who ran before the first record that says so: the outgoing vCPU of the
    // first SCHED_SWITCH (or, without switches, of the first runstate change
    // out of running) on this pCPU.
    Owner initialOwner;
    bool hasSwitch = false; // at least one SCHED_SWITCH on this pCPU
};

struct ChunkTable {
    std::vector<ChunkInfo> chunks; // in file order
    std::vector<PcpuLayout> pcpus; // sorted by pcpu number
    uint64_t streamBytes = 0;      // decompressed length walked
    Diagnostics diagnostics;       // layout problems, with offsets

    const PcpuLayout* layout(uint16_t pcpu) const;
};

} // namespace xenoscope::core
