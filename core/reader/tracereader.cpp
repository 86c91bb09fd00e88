#include "core/reader/tracereader.h"

#include "core/reader/tscline.h"

#include "core/format/rawrecord.h"
#include "core/io/zstdstream.h"
#include "core/reader/chunkscanner.h"
#include "core/reader/pendingmerge.h"
#include "core/reader/recorddecode.h"
#include "core/reader/walkpair.h"

#include <algorithm>
#include <limits>
#include <thread>

namespace xenoscope::core {

namespace detail {

void report(Diagnostics& diags, DiagCode code, uint64_t offset, std::string message) {
    Diagnostic d;
    d.code = code;
    d.offset = offset;
    d.message = std::move(message);
    diags.push_back(std::move(d));
}

void reportOutOfLine(Diagnostics& diags, const Record& r, uint64_t own, const PcpuClock& clock) {
    const std::string where =
        "TSC out of line on pCPU " + std::to_string(r.pcpu) + " (" + std::to_string(own);
    report(diags, DiagCode::TimeWentBack, r.offset,
           clock.haveTsc ? where + " after " + std::to_string(clock.lastTsc) +
                               ", against the records around it): timed as the record before"
                         : where + ", the pCPU's first, against the records after it): timed "
                                   "as the next");
}

void reportOverrun(Diagnostics& diags, uint64_t offset, size_t size, size_t left, uint16_t pcpu) {
    report(diags, DiagCode::RecordPastChunk, offset,
           "record of " + std::to_string(size) + " bytes runs past the end of its chunk (pCPU " +
               std::to_string(pcpu) + "); the rest of the chunk (" + std::to_string(left) +
               " bytes) is skipped");
}

} // namespace detail

namespace {

using namespace detail;

// Hands out the bytes of chunks by index. Plain files: views into the
// mapping, and consumed regions are given back to the kernel. Compressed
// files: decompressed in file order on demand; chunks passed on the way are
// kept until their pCPU's cursor gets to them (about one xentrace polling
// round of data in practice).
class ChunkStore {
public:
    ChunkStore(const TraceFile& file, const ChunkTable& table)
        : file_(file)
        , table_(table)
        , released_(table.chunks.size(), 0)
        , buffers_(file.compressed() ? table.chunks.size() : 0) {
        if (file.compressed())
            stream_ = openZstd();
    }

    bool cheap() const { return !file_.compressed(); }

    std::span<const uint8_t> acquire(uint32_t idx) {
        const ChunkInfo& c = table_.chunks[idx];
        if (!file_.compressed())
            return file_.mapped().subspan(c.dataOffset, c.length);
        while (nextToLoad_ <= idx) {
            const ChunkInfo& n = table_.chunks[nextToLoad_];
            stream_->skip(n.dataOffset - stream_->position());
            auto& buf = buffers_[nextToLoad_];
            if (!pool_.empty()) {
                buf = std::move(pool_.back());
                pool_.pop_back();
            }
            buf.resize(n.length);
            buf.resize(stream_->readInto(buf.data(), n.length));
            ++nextToLoad_;
        }
        return buffers_[idx];
    }

    void release(uint32_t idx) {
        released_[idx] = 1;
        if (file_.compressed()) {
            pool_.push_back(std::move(buffers_[idx]));
            buffers_[idx] = {};
            return;
        }
        while (lowWater_ < released_.size() && released_[lowWater_])
            ++lowWater_;
        const uint64_t upTo = lowWater_ < table_.chunks.size()
                                  ? table_.chunks[lowWater_].headerOffset()
                                  : file_.fileSize();
        file_.releaseBehind(upTo, releasedUpTo_);
    }

    uint64_t inputPosition() const { return file_.compressed() ? stream_->inputPosition() : 0; }

private:
    std::unique_ptr<ZstdStream> openZstd() {
        auto s = file_.openStream();
        return std::unique_ptr<ZstdStream>(static_cast<ZstdStream*>(s.release()));
    }

    const TraceFile& file_;
    const ChunkTable& table_;
    std::unique_ptr<ZstdStream> stream_;
    std::vector<uint8_t> released_;
    size_t lowWater_ = 0;
    uint64_t releasedUpTo_ = 0;
    std::vector<std::vector<uint8_t>> buffers_;
    std::vector<std::vector<uint8_t>> pool_;
    uint32_t nextToLoad_ = 0;
};

// One pCPU's position in its own record stream.
struct Cursor : PcpuClock {
    size_t nextChunk = 0; // position in layout->chunks of the chunk after the current one
    uint32_t chunk = 0;   // current chunk index
    std::span<const uint8_t> data;
    size_t pos = 0;
    bool loaded = false;
    bool done = false;
    uint64_t key = 0;        // TSC of the record at pos (own or inherited)
    uint64_t keyOffset = 0;  // its stream offset: ties keep file order
    uint64_t dataOffset = 0; // of the current chunk's first record
};

bool before(const Cursor* a, const Cursor* b) {
    return a->key != b->key ? a->key < b->key : a->keyOffset < b->keyOffset;
}

// Heap order for std::push_heap: the earliest cursor on top.
bool heapLess(const Cursor* a, const Cursor* b) {
    return before(b, a);
}

class Merger {
public:
    Merger(const TraceFile& file, const ChunkTable& table, Diagnostics& diags)
        : table_(table)
        , store_(file, table)
        , diags_(diags) {}

    // Positions c at its next record; false when its stream is exhausted.
    bool prime(Cursor& c) {
        for (;;) {
            if (!c.loaded) {
                if (c.nextChunk >= c.layout->chunks.size()) {
                    c.done = true;
                    return false;
                }
                c.chunk = c.layout->chunks[c.nextChunk++];
                c.pos = 0;
                const ChunkInfo& info = table_.chunks[c.chunk];
                if (info.length == 0)
                    continue;
                if (!store_.cheap()) {
                    // Order by what the first pass learnt; load when this cursor comes up.
                    c.key = chunkStartKey(info, c);
                    c.keyOffset = info.dataOffset;
                    c.data = {};
                    return true;
                }
                c.data = store_.acquire(c.chunk);
                c.dataOffset = info.dataOffset;
                c.loaded = true;
            }
            if (c.pos + 4 <= c.data.size()) {
                const uint8_t* p = c.data.data() + c.pos;
                const uint32_t header = raw::load32(p);
                const size_t size = raw::sizeOf(header);
                if (c.pos + size <= c.data.size()) {
                    c.key = keyOf(p, header, c, [&] { return nextTsc(c); });
                    c.keyOffset = table_.chunks[c.chunk].dataOffset + c.pos;
                    return true;
                }
                reportOverrun(diags_, table_.chunks[c.chunk].dataOffset + c.pos, size,
                              c.data.size() - c.pos, c.layout->pcpu);
            } else if (c.pos < c.data.size()) {
                report(diags_, DiagCode::RecordPastChunk, table_.chunks[c.chunk].dataOffset + c.pos,
                       "stray bytes at the end of a chunk");
            }
            store_.release(c.chunk);
            c.loaded = false;
        }
    }

    NextTsc nextTsc(const Cursor& c) const {
        const bool more = c.nextChunk < c.layout->chunks.size();
        return nextTscAfter(c.data, c.pos,
                            more ? &table_.chunks[c.layout->chunks[c.nextChunk]] : nullptr);
    }

    // prime() for the common case, inline: the next record is in the same chunk.
    bool next(Cursor& c) {
        const size_t left = c.data.size() - c.pos;
        if (left >= 4) {
            const uint8_t* p = c.data.data() + c.pos;
            const uint32_t header = raw::load32(p);
            if (raw::sizeOf(header) <= left) {
                c.key = keyOf(p, header, c, [&] { return nextTsc(c); });
                c.keyOffset = c.dataOffset + c.pos;
                return true;
            }
        }
        return prime(c);
    }

    // Makes sure the record at c.pos is in memory (compressed files load lazily).
    void ensureLoaded(Cursor& c) {
        if (c.loaded)
            return;
        c.data = store_.acquire(c.chunk);
        c.dataOffset = table_.chunks[c.chunk].dataOffset;
        c.loaded = true;
        c.pos = 0;
        prime(c);
    }

    ChunkStore& store() { return store_; }

private:
    const ChunkTable& table_;
    ChunkStore store_;
    Diagnostics& diags_;
};

} // namespace

std::unique_ptr<TraceReader> TraceReader::open(const std::string& path, Diagnostic& error) {
    auto file = TraceFile::open(path, error);
    if (!file)
        return nullptr;
    return std::unique_ptr<TraceReader>(new TraceReader(std::move(file)));
}

bool TraceReader::scan(const ProgressFn& progress, const CancelToken* cancel) {
    if (scanned_)
        return true;
    ChunkScanner scanner(*file_);
    if (!scanner.scan(table_, progress, cancel))
        return false;
    scanned_ = true;
    return true;
}

Diagnostics TraceReader::diagnostics() const {
    Diagnostics all = table_.diagnostics;
    all.insert(all.end(), readDiagnostics_.begin(), readDiagnostics_.end());
    std::stable_sort(all.begin(), all.end(),
                     [](const Diagnostic& a, const Diagnostic& b) { return a.offset < b.offset; });
    return all;
}

bool TraceReader::unusable() const {
    return std::any_of(table_.diagnostics.begin(), table_.diagnostics.end(),
                       [](const Diagnostic& d) { return d.fatal; });
}

bool TraceReader::prepareRead(ReadStats& stats, const ProgressFn& progress,
                              const CancelToken* cancel) {
    readDiagnostics_.clear();
    if (!scan(progress, cancel)) {
        stats.cancelled = true;
        return false;
    }
    return !unusable();
}

ReadStats TraceReader::read(RecordSink& sink, const ProgressFn& progress,
                            const CancelToken* cancel) {
    ReadStats stats;
    if (!prepareRead(stats, progress, cancel))
        return stats;

    Merger merger(*file_, table_, readDiagnostics_);
    CpuContext context;
    context.reset(table_);

    std::vector<Cursor> cursors(table_.pcpus.size());
    std::vector<Cursor*> heap;
    for (size_t i = 0; i < cursors.size(); ++i) {
        cursors[i].layout = &table_.pcpus[i];
        if (merger.prime(cursors[i]))
            heap.push_back(&cursors[i]);
    }
    std::make_heap(heap.begin(), heap.end(), heapLess);

    const uint64_t totalBytes = std::max<uint64_t>(table_.streamBytes, 1);
    uint64_t nextCheck = CheckEveryRecords;
    uint64_t lastReported = 0;
    const uint64_t reportStep = std::max<uint64_t>(file_->fileSize() / ProgressSteps, 1);
    Record r;
    while (!heap.empty()) {
        std::pop_heap(heap.begin(), heap.end(), heapLess);
        Cursor* c = heap.back();
        heap.pop_back();
        merger.ensureLoaded(*c);
        if (c->done)
            continue;
        if (!c->loaded || (!heap.empty() && before(heap.front(), c))) {
            // Loading showed it is not the earliest after all (or it was empty).
            heap.push_back(c);
            std::push_heap(heap.begin(), heap.end(), heapLess);
            continue;
        }
        // Emit from c while it stays the earliest: most records skip the heap.
        for (;;) {
            const uint8_t* p = c->data.data() + c->pos;
            const uint32_t header = raw::load32(p);
            const size_t size = raw::sizeOf(header);
            decode(p, header, c->key, c->keyOffset, c->pos == 0, *c, r, stats, readDiagnostics_);

            const Owner owner = context.owner(r.pcpu);
            context.apply(r);
            sink.onRecord(r, owner);

            c->pos += size;
            const bool more = merger.next(*c);
            if (stats.records >= nextCheck) {
                nextCheck += CheckEveryRecords;
                if (cancel && cancel->isCancelled()) {
                    stats.cancelled = true;
                    return stats;
                }
                if (progress) {
                    const uint64_t in =
                        std::min(file_->compressed() ? merger.store().inputPosition()
                                                     : stats.bytes * file_->fileSize() / totalBytes,
                                 file_->fileSize());
                    if (in >= lastReported + reportStep) {
                        progress(in, file_->fileSize());
                        lastReported = in;
                    }
                }
            }
            if (!more)
                break;
            if (!c->loaded || (!heap.empty() && !before(c, heap.front()))) {
                heap.push_back(c);
                std::push_heap(heap.begin(), heap.end(), heapLess);
                break;
            }
        }
    }
    noteFacts(stats, cursors);
    if (progress)
        progress(file_->fileSize(), file_->fileSize());
    return stats;
}

} // namespace xenoscope::core
