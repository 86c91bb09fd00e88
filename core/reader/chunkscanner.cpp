#include "core/reader/chunkscanner.h"

#include "core/reader/tscline.h"

#include "core/format/rawrecord.h"

#include <algorithm>
#include <map>
#include <string>

namespace xenoscope::core {

namespace {

constexpr uint32_t MaxPcpu = 0xffff;
constexpr uint32_t MaxPlausibleResyncPcpu = 4096;
constexpr uint32_t MaxPlausibleChunk = 512u << 20;
constexpr uint64_t ProgressEvery = 1u << 20;

std::string hex32(uint32_t v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%08x", v);
    return buf;
}

Diagnostic diag(DiagCode code, uint64_t offset, std::string message) {
    Diagnostic d;
    d.code = code;
    d.offset = offset;
    d.message = std::move(message);
    return d;
}

// What the scanner still wants to learn about one pCPU.
struct PcpuState {
    PcpuLayout layout;
    bool ownerResolved = false;
    // Fallback for traces without SCHED_SWITCH: first runstate change out of running.
    bool haveFallback = false;
    Owner fallbackOwner;
};

// Peeks into one chunk's records: its first TSC, and for pCPUs whose first
// switch is still unknown, walks on until it is found.
void inspectChunk(std::span<const uint8_t> data, ChunkInfo& chunk, PcpuState& state) {
    size_t pos = 0;
    bool first = true;
    while (pos + 4 <= data.size()) {
        const uint32_t header = raw::load32(data.data() + pos);
        const size_t size = raw::sizeOf(header);
        if (pos + size > data.size())
            return; // the merge reports the overrun with its offset
        const uint32_t event = raw::eventOf(header);
        if (first) {
            // A wrap filler's TSC says nothing: it takes the inherited one too.
            chunk.startsWithoutTsc = !raw::hasTscOf(header) || event == ev::WrapBuffer;
            first = false;
        }
        if (raw::hasTscOf(header) && event != ev::WrapBuffer && !chunk.hasTsc) {
            chunk.hasTsc = true;
            chunk.firstTsc = raw::load64(data.data() + pos + 4);
            if (!state.layout.hasTsc) {
                // The pCPU's first: a spike is told by the records after it
                // in this chunk (tscline.h); the walks then time it alike.
                bool reachedEnd = false;
                chunk.firstTsc = firstOwnTsc(chunk.firstTsc, tscAfter(data, pos, reachedEnd));
                state.layout.hasTsc = true;
                state.layout.firstTsc = chunk.firstTsc;
            }
        }
        if (!state.ownerResolved) {
            const uint8_t* payload = data.data() + pos + raw::payloadOf(header);
            const unsigned nwords = raw::wordsOf(header);
            if (event == ev::SchedSwitch && nwords >= 4) {
                state.layout.initialOwner = {static_cast<uint16_t>(raw::load32(payload)),
                                             static_cast<uint16_t>(raw::load32(payload + 4)), true};
                state.layout.hasSwitch = true;
                state.ownerResolved = true;
            } else if (!state.haveFallback && ev::isRunstateChange(event) && nwords >= 1) {
                const uint32_t who = raw::load32(payload);
                state.haveFallback = true;
                if (ev::runstateOld(event) == 0) // running -> something: it was running here
                    state.fallbackOwner = {static_cast<uint16_t>(who >> 16),
                                           static_cast<uint16_t>(who & 0xffff), true};
            }
        }
        if (chunk.hasTsc && state.ownerResolved)
            return;
        pos += size;
    }
}

} // namespace

const PcpuLayout* ChunkTable::layout(uint16_t pcpu) const {
    const auto it = std::lower_bound(pcpus.begin(), pcpus.end(), pcpu,
                                     [](const PcpuLayout& l, uint16_t p) { return l.pcpu < p; });
    return it != pcpus.end() && it->pcpu == pcpu ? &*it : nullptr;
}

bool ChunkScanner::scan(ChunkTable& table, const ProgressFn& progress, const CancelToken* cancel) {
    table = {};
    auto stream = file_.openStream();
    std::map<uint16_t, PcpuState> states;
    uint64_t nextProgress = ProgressEvery;
    bool resyncing = false;
    uint64_t resyncFrom = 0;
    uint64_t releasedUpTo = 0;

    auto finishResync = [&](uint64_t at) {
        if (resyncing)
            table.diagnostics.push_back(diag(
                DiagCode::BadChunkHeader, resyncFrom,
                "skipped " + std::to_string(at - resyncFrom) +
                    " unreadable bytes up to the next chunk header at byte " + std::to_string(at)));
        resyncing = false;
    };

    // Takes the chunk's bytes, peeks into them, records it. False when the file ended inside it.
    auto addChunk = [&](uint64_t headerOffset, uint32_t pcpu, uint32_t length) {
        ChunkInfo chunk;
        chunk.dataOffset = headerOffset + raw::CpuChangeSize;
        chunk.declaredLength = length;
        chunk.pcpu = static_cast<uint16_t>(pcpu);
        const auto data = stream->take(length);
        chunk.length = static_cast<uint32_t>(data.size() / 4 * 4);
        auto& state = states[chunk.pcpu];
        state.layout.pcpu = chunk.pcpu;
        inspectChunk(data.first(chunk.length), chunk, state);
        state.layout.chunks.push_back(static_cast<uint32_t>(table.chunks.size()));
        table.chunks.push_back(chunk);
        if (data.size() == length)
            return true;
        if (!stream->error())
            table.diagnostics.push_back(diag(DiagCode::ChunkPastEof, headerOffset,
                                             "chunk of pCPU " + std::to_string(pcpu) +
                                                 " declares " + std::to_string(length) +
                                                 " bytes but the file ends after " +
                                                 std::to_string(data.size()) + " (truncated)"));
        return false;
    };

    for (;;) {
        if (cancel && cancel->isCancelled())
            return false;
        if (progress && stream->inputPosition() >= nextProgress) {
            progress(stream->inputPosition(), file_.fileSize());
            nextProgress = stream->inputPosition() + ProgressEvery;
        }
        const uint64_t headerOffset = stream->position();
        // Peeking into every chunk maps the whole file; the read that
        // follows maps it again chunk by chunk, so give it back as we go.
        file_.releaseBehind(headerOffset, releasedUpTo);
        const auto head = stream->take(raw::CpuChangeSize);
        if (head.empty())
            break;
        if (head.size() < raw::CpuChangeSize) {
            // A partial header, or (when resyncing) garbage that never becomes one.
            if (resyncing) {
                finishResync(headerOffset + head.size());
            } else {
                table.diagnostics.push_back(diag(DiagCode::TruncatedRecord, headerOffset,
                                                 "file ends inside a chunk header (" +
                                                     std::to_string(head.size()) +
                                                     " of 12 bytes)"));
            }
            break;
        }
        const uint32_t word0 = raw::load32(head.data());
        const uint32_t pcpu = raw::load32(head.data() + 4);
        const uint32_t length = raw::load32(head.data() + 8);
        const bool plausible =
            word0 == raw::CpuChangeHeader && pcpu <= MaxPcpu && length % 4 == 0 &&
            (!resyncing || (pcpu < MaxPlausibleResyncPcpu && length <= MaxPlausibleChunk));
        if (!plausible) {
            if (!resyncing) {
                if (table.chunks.empty() && headerOffset == 0 &&
                    word0 == raw::CpuChangeHeaderSwapped) {
                    auto d = diag(
                        DiagCode::BigEndian, 0,
                        "byte-swapped chunk header 0x03f00120: a trace written by a big-endian "
                        "host; only little-endian (x86, Arm) traces are supported");
                    d.fatal = true;
                    table.diagnostics.push_back(std::move(d));
                    return true;
                }
                std::string what =
                    word0 == raw::CpuChangeHeader
                        ? "implausible chunk header (pCPU " + std::to_string(pcpu) + ", length " +
                              std::to_string(length) + ")"
                        : "expected a chunk header (TRC_TRACE_CPU_CHANGE, 0x2001f003), found " +
                              hex32(word0);
                table.diagnostics.push_back(
                    diag(DiagCode::BadChunkHeader, headerOffset, std::move(what)));
                resyncing = true;
                resyncFrom = headerOffset;
            }
            // Slide by one word: headers are 4-byte aligned. The 8 bytes after
            // the word are examined again on the next round.
            const uint64_t target = headerOffset + 4;
            if (file_.compressed()) {
                // Streams cannot rewind: re-examine what we hold by hand.
                uint32_t window[3] = {pcpu, length, 0};
                uint64_t at = target;
                bool found = false;
                for (;;) {
                    const auto next = stream->take(4);
                    if (next.size() < 4)
                        break;
                    window[2] = raw::load32(next.data());
                    if (window[0] == raw::CpuChangeHeader && window[1] < MaxPlausibleResyncPcpu &&
                        window[2] % 4 == 0 && window[2] <= MaxPlausibleChunk) {
                        found = true;
                        break;
                    }
                    window[0] = window[1];
                    window[1] = window[2];
                    at += 4;
                }
                if (!found) {
                    finishResync(stream->position());
                    break;
                }
                finishResync(at);
                if (!addChunk(at, window[1], window[2]))
                    break;
                continue;
            }
            // Plain file: rewind by repositioning a fresh view.
            auto fresh = file_.openStream();
            fresh->skip(target);
            stream = std::move(fresh);
            continue;
        }
        finishResync(headerOffset);
        if (!addChunk(headerOffset, pcpu, length))
            break;
    }
    if (stream->error())
        table.diagnostics.push_back(*stream->error());
    table.streamBytes = stream->position();
    if (table.chunks.empty() && table.diagnostics.empty()) {
        auto d = diag(DiagCode::BadChunkHeader, 0, "no trace chunks found");
        d.fatal = true;
        table.diagnostics.push_back(std::move(d));
    } else if (table.chunks.empty()) {
        table.diagnostics.front().fatal = true;
    }
    for (auto& [pcpu, state] : states) {
        if (!state.ownerResolved && state.haveFallback)
            state.layout.initialOwner = state.fallbackOwner;
        table.pcpus.push_back(std::move(state.layout));
    }
    if (progress)
        progress(stream->inputPosition(), file_.fileSize());
    return true;
}

} // namespace xenoscope::core
