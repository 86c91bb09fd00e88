#include "core/index/windowreader.h"

#include "core/format/rawrecord.h"
#include "core/reader/cpucontext.h"
#include "core/reader/tscline.h"

#include <algorithm>

namespace xenoscope::core {

WindowReader::WindowReader(std::string path, uint64_t fileSize, const SeekIndex& seek)
    : path_(std::move(path))
    , fileSize_(fileSize)
    , seek_(seek) {}

WindowReader::~WindowReader() = default;

namespace {

// The next own TSC after the record at `off` of the pCPU's chunk `pos`
// (its bytes in `data` up to `end`), found as the pass finds it: ahead in
// the chunk, else the first of the pCPU's next chunk, when those bytes were
// read.
NextTsc nextTscIn(const SeekIndex& seek, const SeekIndex::Pcpu& p, size_t pos, uint64_t lo,
                  std::span<const uint8_t> data, uint64_t off, uint64_t end) {
    const SeekIndex::Chunk& c = seek.chunks[p.chunks[pos]];
    const auto chunk = data.subspan(static_cast<size_t>(off - lo), static_cast<size_t>(end - off));
    bool reachedEnd = false;
    const NextTsc n = tscAfter(chunk, 0, reachedEnd);
    if (n.known || !reachedEnd || end != c.dataOffset + c.length || pos + 1 >= p.chunks.size())
        return n;
    const SeekIndex::Chunk& next = seek.chunks[p.chunks[pos + 1]];
    const uint64_t hi = lo + data.size();
    if (next.dataOffset < lo || next.dataOffset >= hi)
        return {};
    const auto bytes =
        data.subspan(static_cast<size_t>(next.dataOffset - lo),
                     static_cast<size_t>(std::min<uint64_t>(next.length, hi - next.dataOffset)));
    return firstTscFrom(bytes, 0, reachedEnd, SIZE_MAX);
}

} // namespace

bool WindowReader::ensureOpen() const {
    if (file_)
        return true;
    if (failed_)
        return false;
    Diagnostic error;
    file_ = TraceFile::open(path_, error);
    if (!file_ || file_->fileSize() != fileSize_) {
        file_.reset();
        failed_ = true;
        return false;
    }
    return true;
}

std::span<const uint8_t> WindowReader::bytes(uint64_t lo, uint64_t hi) const {
    if (!file_->compressed()) {
        const auto all = file_->mapped();
        if (lo >= all.size())
            return {};
        return all.subspan(lo, std::min<uint64_t>(hi, all.size()) - lo);
    }
    const uint64_t bufHi = bufLo_ + buffer_.size();
    if (stream_ && lo >= bufLo_ && lo <= bufHi && stream_->position() == bufHi) {
        // Scrolling forward: keep what overlaps, decompress only what is new.
        buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(lo - bufLo_));
        bufLo_ = lo;
        if (hi > bufHi) {
            const auto more = stream_->take(static_cast<size_t>(hi - bufHi));
            buffer_.insert(buffer_.end(), more.begin(), more.end());
        }
    } else {
        stream_ = file_->openStream();
        stream_->skip(lo);
        const auto got = stream_->take(static_cast<size_t>(hi - lo));
        buffer_.assign(got.begin(), got.end());
        bufLo_ = lo;
    }
    return std::span<const uint8_t>(buffer_).first(
        static_cast<size_t>(std::min<uint64_t>(hi - lo, buffer_.size())));
}

void WindowReader::walkPcpu(const SeekIndex::Pcpu& p, uint64_t t0, uint64_t t1, uint64_t lo,
                            std::span<const uint8_t> data, std::vector<Decoded>& out) const {
    if (p.chunks.empty())
        return;
    // The last seek point before t0: records at t0 may precede a point at t0.
    auto it = std::lower_bound(p.points.begin(), p.points.end(), t0,
                               [](const SeekPoint& s, uint64_t t) { return s.tsc < t; });
    SeekPoint from;
    bool haveTsc = false;
    if (it == p.points.begin()) {
        from.offset = seek_.chunks[p.chunks.front()].dataOffset;
        from.owner = p.initialOwner;
    } else {
        from = *(it - 1);
        haveTsc = true;
    }
    uint64_t lastTsc = haveTsc ? from.tsc : p.firstTsc;

    ChunkTable one;
    PcpuLayout layout;
    layout.pcpu = p.pcpu;
    layout.initialOwner = from.owner;
    layout.hasSwitch = p.hasSwitch;
    one.pcpus.push_back(layout);
    CpuContext context;
    context.reset(one);

    auto pos = static_cast<size_t>(
        std::upper_bound(p.chunks.begin(), p.chunks.end(), from.offset,
                         [&](uint64_t o, uint32_t c) { return o < seek_.chunks[c].dataOffset; }) -
        p.chunks.begin());
    pos = pos > 0 ? pos - 1 : 0;
    const uint64_t hi = lo + data.size();
    Record r;
    r.pcpu = p.pcpu;
    for (; pos < p.chunks.size(); ++pos) {
        const SeekIndex::Chunk& c = seek_.chunks[p.chunks[pos]];
        const uint64_t begin = std::max(c.dataOffset, from.offset);
        const uint64_t end = std::min<uint64_t>(c.dataOffset + c.length, hi);
        if (begin >= hi)
            return;
        uint64_t off = begin;
        while (off + 4 <= end) {
            const uint8_t* q = data.data() + (off - lo);
            const uint32_t header = raw::load32(q);
            const size_t size = raw::sizeOf(header);
            if (off + size > end)
                break;
            r.event = raw::eventOf(header);
            r.nwords = static_cast<uint8_t>(raw::wordsOf(header));
            r.hasTsc = raw::hasTscOf(header);
            r.offset = off;
            const bool own = r.hasTsc && r.event != ev::WrapBuffer;
            // Out-of-line TSCs are timed as the pass timed them (tscline.h).
            r.tsc = own ? timedAt(raw::load64(q + 4), haveTsc, lastTsc,
                                  [&] { return nextTscIn(seek_, p, pos, lo, data, off, end); })
                        : lastTsc;
            if (r.event == ev::WrapBuffer)
                r.hasTsc = false;
            else if (own) {
                lastTsc = r.tsc;
                haveTsc = true;
            }
            if (own && r.tsc > t1)
                return;
            const uint8_t* payload = q + raw::payloadOf(header);
            r.words = {};
            for (unsigned i = 0; i < r.nwords; ++i)
                r.words[i] = raw::load32(payload + 4 * i);
            const Owner owner = context.owner(p.pcpu);
            context.apply(r);
            if (r.tsc >= t0 && r.tsc <= t1)
                out.push_back({r, owner});
            off += size;
        }
    }
}

bool WindowReader::read(uint64_t t0, uint64_t t1, const Visit& visit) const {
    std::lock_guard lock(mutex_);
    if (t1 < t0 || !ensureOpen())
        return false;
    // The stream range every pCPU's walk stays in: from its last point
    // before t0 to its first point after t1.
    uint64_t lo = UINT64_MAX, hi = 0;
    for (const auto& p : seek_.pcpus) {
        if (p.chunks.empty())
            continue;
        auto a = std::lower_bound(p.points.begin(), p.points.end(), t0,
                                  [](const SeekPoint& s, uint64_t t) { return s.tsc < t; });
        const uint64_t start =
            a == p.points.begin() ? seek_.chunks[p.chunks.front()].dataOffset : (a - 1)->offset;
        auto b = std::upper_bound(p.points.begin(), p.points.end(), t1,
                                  [](uint64_t t, const SeekPoint& s) { return t < s.tsc; });
        const SeekIndex::Chunk& last = seek_.chunks[p.chunks.back()];
        const uint64_t end = b == p.points.end() ? last.dataOffset + last.length : b->offset + 64;
        lo = std::min(lo, start);
        hi = std::max(hi, end);
    }
    if (lo >= hi)
        return true;
    const auto data = bytes(lo, hi);
    std::vector<Decoded> all;
    for (const auto& p : seek_.pcpus)
        walkPcpu(p, t0, t1, lo, data, all);
    std::sort(all.begin(), all.end(), [](const Decoded& a, const Decoded& b) {
        return a.record.tsc != b.record.tsc ? a.record.tsc < b.record.tsc
                                            : a.record.offset < b.record.offset;
    });
    for (const auto& d : all)
        visit(d.record, d.owner);
    return true;
}

} // namespace xenoscope::core
