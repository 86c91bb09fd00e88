#pragma once
// The index cache: a trace's IndexParts saved so that reopening it skips the
// pass. Written next to the trace (`<trace>.xenoscope-index`) or, when that
// directory is not writable, under $XDG_CACHE_HOME/xenoscope (default
// ~/.cache/xenoscope). Written atomically (temp file + rename).
//
// File: a 64-byte header (magic, format version, the trace's size, mtime and
// a hash of its first and last 64 KiB, the frame count, the file's size and a
// checksum of the frame table), then independent zstd frames, then the frame
// table. Frame 0 holds the small parts and the shape of the big timelines;
// the others hold whole timelines and sections, which a reopen decodes on two
// threads straight into their final vectors, streaming from the file; the
// last holds the seek index, only verified at the reopen and parsed on the
// first record read. Every frame carries zstd's checksum of its content. A cache is used only when
// every one of those matches and each frame decodes, verifies and parses
// completely and consistently; anything else (stale, foreign, truncated,
// corrupt, another version) is ignored and the index rebuilt.
// Levels of detail are not stored: they are a pure function of the intervals,
// built lazily per track on its first draw (IntervalTrack), so neither the
// file nor the reopen pays for them.

#include "core/index/indexparts.h"

#include <optional>
#include <string>

namespace xenoscope::core {

class IndexCache {
public:
    static constexpr uint32_t FormatVersion = 4; // 4: hypervisor spans cut short

    // `dir`: where caches go when not next to the trace (empty: XDG);
    // `nextToTrace`: try `<trace>.xenoscope-index` first.
    explicit IndexCache(std::string dir = {}, bool nextToTrace = true);

    // The parts of a valid cache for `tracePath`, or nullopt with `problem`
    // saying why not ("" when there is no cache at all). `cpuHz` > 0
    // overrides the saved TSC rate, as a fresh build would.
    std::optional<IndexParts> load(const std::string& tracePath, double cpuHz,
                                   std::string& problem) const;
    // Bytes written (0 and `problem` set on failure).
    uint64_t save(const std::string& tracePath, const IndexParts& parts,
                  std::string& problem) const;

    // Where a cache for the trace is looked for, in order.
    std::vector<std::string> candidates(const std::string& tracePath) const;
    // The file the last load() or save() used.
    const std::string& lastPath() const { return lastPath_; }

private:
    std::string dir_;
    bool nextToTrace_;
    mutable std::string lastPath_;
};

} // namespace xenoscope::core
