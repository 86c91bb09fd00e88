#include "core/index/indexcache.h"

#include "core/index/binarywriter.h"
#include "core/index/hash64.h"
#include "core/index/indexcacheframereader.h"

#include <zstd.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <thread>

namespace xenoscope::core {

namespace fs = std::filesystem;
using Reader = IndexCacheFrameReader;
using RunningPcpus = std::vector<std::vector<uint16_t>>;

namespace {

constexpr std::array<char, 8> Magic = {'X', 'S', 'C', 'P', 'I', 'D', 'X', '\n'};
constexpr size_t HeaderSize = 64;
constexpr size_t KeyBytes = 64 * 1024;
// A fast (negative) level: what the delta and column coding leaves is mostly
// high-entropy times, which level 3 shrank only from 118 to 91 MiB on the big
// trace while its entropy decoding took a quarter of the reopen's CPU time.
// At -1 the file is 106 MiB (v1 wrote 103) and decodes about six times faster.
constexpr int ZstdLevel = -1;

struct TraceKey {
    uint64_t size = 0;
    uint64_t mtime = 0;
    uint64_t headTail = 0;
};

std::optional<TraceKey> keyOf(const std::string& path) {
    std::error_code ec;
    TraceKey k;
    k.size = fs::file_size(path, ec);
    if (ec)
        return std::nullopt;
    const auto t = fs::last_write_time(path, ec);
    if (ec)
        return std::nullopt;
    k.mtime = static_cast<uint64_t>(t.time_since_epoch().count());
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return std::nullopt;
    std::vector<uint8_t> buf(static_cast<size_t>(std::min<uint64_t>(k.size, KeyBytes)));
    in.read(reinterpret_cast<char*>(buf.data()), static_cast<std::streamsize>(buf.size()));
    uint64_t h = hash64(buf);
    if (k.size > KeyBytes) {
        const uint64_t tail = std::min<uint64_t>(k.size - KeyBytes, KeyBytes);
        buf.resize(static_cast<size_t>(tail));
        in.seekg(static_cast<std::streamoff>(k.size - tail));
        in.read(reinterpret_cast<char*>(buf.data()), static_cast<std::streamsize>(buf.size()));
        h = hash64(buf, h);
    }
    if (!in)
        return std::nullopt;
    k.headTail = h;
    return k;
}

// ---- writing ----------------------------------------------------------

void zig(BinaryWriter& w, uint64_t prev, uint64_t v) {
    const auto d = static_cast<int64_t>(v - prev);
    w.var((static_cast<uint64_t>(d) << 1) ^ static_cast<uint64_t>(d >> 63));
}
uint64_t unzig(Reader& r, uint64_t prev) {
    const uint64_t z = r.var();
    const uint64_t d = (z >> 1) ^ (~(z & 1) + 1);
    return prev + d;
}

// Vec: std::vector or ReallocVector.
template <class Vec, class F> void putVec(BinaryWriter& w, const Vec& v, F&& f) {
    w.var(v.size());
    for (const auto& x : v)
        f(x);
}
template <class Vec, class F> void getVec(Reader& r, Vec& v, size_t minBytes, F&& f) {
    const size_t n = r.count(minBytes);
    v.clear();
    v.resize(n);
    for (auto& x : v) {
        f(x);
        if (!r.ok())
            return;
    }
}

void put(BinaryWriter& w, const TimeWindow& t) {
    w.var(t.t0);
    w.var(t.t1);
}
void get(Reader& r, TimeWindow& t) {
    t.t0 = r.var();
    t.t1 = r.var();
}
void put(BinaryWriter& w, const Owner& o) {
    w.var(o.domain);
    w.var(o.vcpu);
    w.u8(o.known ? 1 : 0);
}
void get(Reader& r, Owner& o) {
    o.domain = r.var16();
    o.vcpu = r.var16();
    o.known = r.u8() != 0;
}
template <class A, class B> void putPairs(BinaryWriter& w, const std::vector<std::pair<A, B>>& v) {
    putVec(w, v, [&](const auto& p) {
        w.var(p.first);
        w.var(p.second);
    });
}
template <class A, class B> void getPairs(Reader& r, std::vector<std::pair<A, B>>& v) {
    getVec(r, v, 2, [&](auto& p) {
        const uint64_t a = r.var();
        if (a > std::numeric_limits<A>::max())
            r.fail();
        p.first = static_cast<A>(a);
        p.second = static_cast<B>(r.var());
    });
}

void put(BinaryWriter& w, const Diagnostics& d) {
    putVec(w, d, [&](const Diagnostic& x) {
        w.u8(static_cast<uint8_t>(x.code));
        w.var(x.offset);
        w.str(x.message);
        w.u8(x.fatal ? 1 : 0);
    });
}
void get(Reader& r, Diagnostics& d) {
    getVec(r, d, 4, [&](Diagnostic& x) {
        const uint8_t c = r.u8();
        if (c > static_cast<uint8_t>(DiagCode::Usage))
            r.fail();
        x.code = static_cast<DiagCode>(c);
        x.offset = r.var();
        x.message = r.str();
        x.fatal = r.u8() != 0;
    });
}

void put(BinaryWriter& w, const ReadStats& s) {
    w.var(s.records);
    w.var(s.tscRecords);
    w.var(s.noTscRecords);
    w.var(s.wrapRecords);
    w.var(s.bytes);
    putVec(w, s.lost, [&](const LostGap& g) {
        w.var(g.pcpu);
        w.var(g.fromTsc);
        w.var(g.toTsc);
        w.var(g.records);
    });
    w.u8(s.cancelled ? 1 : 0);
}
void get(Reader& r, ReadStats& s) {
    s.records = r.var();
    s.tscRecords = r.var();
    s.noTscRecords = r.var();
    s.wrapRecords = r.var();
    s.bytes = r.var();
    getVec(r, s.lost, 4, [&](LostGap& g) {
        g.pcpu = r.var16();
        g.fromTsc = r.var();
        g.toTsc = r.var();
        g.records = r.var32();
    });
    s.cancelled = r.u8() != 0;
}

void putOpt(BinaryWriter& w, const std::optional<double>& v) {
    w.u8(v ? 1 : 0);
    if (v)
        w.f64(*v);
}
void getOpt(Reader& r, std::optional<double>& v) {
    v.reset();
    if (r.u8())
        v = r.f64();
}

void put(BinaryWriter& w, const TraceInfo& i) {
    w.var(i.bytes);
    w.u8(i.compressed ? 1 : 0);
    w.var(i.streamBytes);
    w.var(i.chunks);
    put(w, i.stats);
    w.var(i.lostRecords);
    w.var(i.firstTsc);
    w.var(i.lastTsc);
    putOpt(w, i.tscHzEstimate);
    w.var(i.tscHzSamples);
    putVec(w, i.pcpus, [&](const TraceInfo::Pcpu& p) {
        w.var(p.pcpu);
        w.var(p.records);
        w.var(p.firstTsc);
        w.var(p.lastTsc);
        w.u8(p.hasTsc ? 1 : 0);
    });
    putVec(w, i.domains, [&](const TraceInfo::Domain& d) {
        w.var(d.domain);
        putVec(w, d.vcpus, [&](uint16_t v) { w.var(v); });
    });
    putVec(w, i.events, [&](const TraceInfo::EventCount& e) {
        w.var(e.id);
        w.var(e.count);
    });
    put(w, i.errors);
}
void get(Reader& r, TraceInfo& i) {
    i.bytes = r.var();
    i.compressed = r.u8() != 0;
    i.streamBytes = r.var();
    i.chunks = r.var();
    get(r, i.stats);
    i.lostRecords = r.var();
    i.firstTsc = r.var();
    i.lastTsc = r.var();
    getOpt(r, i.tscHzEstimate);
    i.tscHzSamples = static_cast<size_t>(r.var());
    getVec(r, i.pcpus, 5, [&](TraceInfo::Pcpu& p) {
        p.pcpu = r.var16();
        p.records = r.var();
        p.firstTsc = r.var();
        p.lastTsc = r.var();
        p.hasTsc = r.u8() != 0;
    });
    getVec(r, i.domains, 2, [&](TraceInfo::Domain& d) {
        d.domain = r.var16();
        getVec(r, d.vcpus, 1, [&](uint16_t& v) { v = r.var16(); });
    });
    getVec(r, i.events, 2, [&](TraceInfo::EventCount& e) {
        e.id = r.var32();
        e.count = r.var();
    });
    get(r, i.errors);
}

void put(BinaryWriter& w, const DepthSeries& s) {
    uint64_t prev = 0;
    putVec(w, s.points, [&](const DepthPoint& p) {
        zig(w, prev, p.tsc);
        prev = p.tsc;
        w.var(p.depth);
        w.var(p.order);
    });
}
void get(Reader& r, DepthSeries& s) {
    uint64_t prev = 0;
    getVec(r, s.points, 3, [&](DepthPoint& p) {
        p.tsc = prev = unzig(r, prev);
        p.depth = r.var32();
        p.order = r.var32();
    });
}

void put(BinaryWriter& w, const DiskResults& d) {
    put(w, d.trace);
    uint64_t prev = 0;
    putVec(w, d.requests, [&](const DiskRequest& q) {
        zig(w, prev, q.base);
        prev = q.base;
        w.var(q.until - q.base);
        w.var(q.sector);
        for (uint32_t o : q.offset)
            w.var(o);
        w.var(q.device);
        w.var(q.id);
        w.var(q.sectors);
        w.var(q.wide);
        w.var(q.domain);
        w.var(q.series);
        w.u8(q.present);
        w.u8(q.op);
        w.u8(q.failed);
        w.u8(static_cast<uint8_t>(q.broken));
    });
    putVec(w, d.wideTimes, [&](const auto& t) {
        for (uint64_t v : t)
            w.var(v);
    });
    putVec(w, d.series, [&](const DiskSeries& s) {
        w.var(s.domain);
        w.var(s.device);
        for (const auto& st : s.stages)
            put(w, st);
    });
    putVec(w, d.unattributed, [&](const DiskUnattributed& u) {
        w.var(u.tsc);
        w.var(u.device);
        w.var(u.id);
        w.var(u.pcpu);
        w.u8(u.record);
    });
    putVec(w, d.grants, [&](const GrantSeries& g) {
        w.var(g.domain);
        w.var(g.maps);
        w.var(g.unmaps);
        w.var(g.unmatchedUnmaps);
        put(w, g.inFlight);
    });
    putVec(w, d.lostGaps, [&](const TimeWindow& t) { put(w, t); });
    w.var(d.records);
    for (uint64_t n : d.recordCounts)
        w.var(n);
    w.var(d.malformed);
}
void get(Reader& r, DiskResults& d) {
    get(r, d.trace);
    uint64_t prev = 0;
    getVec(r, d.requests, 22, [&](DiskRequest& q) {
        q.base = prev = unzig(r, prev);
        q.until = q.base + r.var();
        q.sector = r.var();
        for (uint32_t& o : q.offset)
            o = r.var32();
        q.device = r.var32();
        q.id = r.var32();
        q.sectors = r.var32();
        q.wide = r.var32();
        q.domain = r.var16();
        q.series = r.var16();
        q.present = r.u8();
        q.op = r.u8();
        q.failed = r.u8();
        const uint8_t b = r.u8();
        if (b > static_cast<uint8_t>(DiskBreak::MissingRecords))
            r.fail();
        q.broken = static_cast<DiskBreak>(b);
    });
    getVec(r, d.wideTimes, 8, [&](auto& t) {
        for (uint64_t& v : t)
            v = r.var();
    });
    getVec(r, d.series, 9, [&](DiskSeries& s) {
        s.domain = r.var16();
        s.device = r.var32();
        for (auto& st : s.stages)
            get(r, st);
    });
    getVec(r, d.unattributed, 5, [&](DiskUnattributed& u) {
        u.tsc = r.var();
        u.device = r.var32();
        u.id = r.var32();
        u.pcpu = r.var16();
        u.record = r.u8();
    });
    getVec(r, d.grants, 5, [&](GrantSeries& g) {
        g.domain = r.var16();
        g.maps = r.var();
        g.unmaps = r.var();
        g.unmatchedUnmaps = r.var();
        get(r, g.inFlight);
    });
    getVec(r, d.lostGaps, 2, [&](TimeWindow& t) { get(r, t); });
    d.records = r.var();
    for (uint64_t& n : d.recordCounts)
        n = r.var();
    d.malformed = r.var();
    for (const auto& q : d.requests)
        if ((q.wide != DiskRequest::NotWide && q.wide >= d.wideTimes.size()) ||
            (!d.series.empty() && q.series >= d.series.size()))
            r.fail();
}

void put(BinaryWriter& w, const SeekIndex& s) {
    w.var(s.streamBytes);
    uint64_t prev = 0;
    putVec(w, s.chunks, [&](const SeekIndex::Chunk& c) {
        zig(w, prev, c.dataOffset);
        prev = c.dataOffset;
        w.var(c.length);
        w.var(c.pcpu);
    });
    putVec(w, s.pcpus, [&](const SeekIndex::Pcpu& p) {
        w.var(p.pcpu);
        w.u8(p.hasSwitch ? 1 : 0);
        put(w, p.initialOwner);
        w.var(p.firstTsc);
        uint64_t pc = 0;
        putVec(w, p.chunks, [&](uint32_t c) {
            zig(w, pc, c);
            pc = c;
        });
        uint64_t pt = 0, po = 0;
        putVec(w, p.points, [&](const SeekPoint& q) {
            zig(w, pt, q.tsc);
            zig(w, po, q.offset);
            pt = q.tsc;
            po = q.offset;
            put(w, q.owner);
        });
    });
}
void get(Reader& r, SeekIndex& s) {
    s.streamBytes = r.var();
    uint64_t prev = 0;
    getVec(r, s.chunks, 3, [&](SeekIndex::Chunk& c) {
        c.dataOffset = prev = unzig(r, prev);
        c.length = r.var32();
        c.pcpu = r.var16();
    });
    getVec(r, s.pcpus, 5, [&](SeekIndex::Pcpu& p) {
        p.pcpu = r.var16();
        p.hasSwitch = r.u8() != 0;
        get(r, p.initialOwner);
        p.firstTsc = r.var();
        uint64_t pc = 0;
        getVec(r, p.chunks, 1, [&](uint32_t& c) {
            pc = unzig(r, pc);
            if (pc >= s.chunks.size())
                r.fail();
            c = static_cast<uint32_t>(pc);
        });
        uint64_t pt = 0, po = 0;
        getVec(r, p.points, 5, [&](SeekPoint& q) {
            q.tsc = pt = unzig(r, pt);
            q.offset = po = unzig(r, po);
            get(r, q.owner);
        });
    });
}

void put(BinaryWriter& w, const EventBuckets& e) {
    const EventBuckets::Raw raw = e.raw();
    w.var(raw.origin);
    w.var(raw.shift);
    w.var(raw.buckets);
    w.var(raw.pcpuCols);
    w.u8(raw.started ? 1 : 0);
    putVec(w, raw.byPcpu, [&](uint32_t v) { w.var(v); });
    putVec(w, raw.classes, [&](uint32_t v) { w.var(v); });
    putVec(w, raw.byClass, [&](const std::vector<uint32_t>& col) {
        putVec(w, col, [&](uint32_t v) { w.var(v); });
    });
}
void get(Reader& r, EventBuckets& e) {
    EventBuckets::Raw raw;
    raw.origin = r.var();
    raw.shift = r.var32();
    raw.buckets = r.var();
    raw.pcpuCols = r.var32();
    raw.started = r.u8() != 0;
    getVec(r, raw.byPcpu, 1, [&](uint32_t& v) { v = r.var32(); });
    getVec(r, raw.classes, 1, [&](uint32_t& v) { v = r.var32(); });
    getVec(r, raw.byClass, 1, [&](std::vector<uint32_t>& col) {
        getVec(r, col, 1, [&](uint32_t& v) { v = r.var32(); });
    });
    bool sane = raw.shift < 64 && raw.buckets <= EventBuckets::MaxBuckets &&
                raw.pcpuCols <= 65536 && raw.byPcpu.size() == raw.buckets * raw.pcpuCols &&
                raw.classes.size() == raw.byClass.size();
    for (size_t c = 0; sane && c < raw.classes.size(); ++c)
        sane = raw.classes[c] < 4096 && raw.byClass[c].size() == raw.buckets;
    if (!sane) {
        r.fail();
        return;
    }
    e = EventBuckets::fromRaw(std::move(raw));
}

// ---- the payload: a meta frame, then frames of pieces -----------------
//
// Frame 0 holds everything small plus the shape of the big arrays (how many
// rows each timeline has). Every other frame holds whole pieces, one
// timeline or one bulky section each, tagged with what it fills; the
// frames are independent, so a reopen decodes them on two threads straight
// into their final vectors, reserved to the exact size the shape gives. The
// seek index is last and alone: a reopen only verifies that frame, and the
// index parses it on its first record read (IndexParts::deferredSeek).

enum class Piece : uint8_t { HvmSpans, Stays, Occupancy, Latency, Disk, Seek, Events };
constexpr uint8_t LastPiece = static_cast<uint8_t>(Piece::Events);
// Sections that are one piece each (after the per-timeline ones).
constexpr size_t SinglePieces = 4;

// Rows of the timelines, known from frame 0 before their pieces are read.
struct Shape {
    std::vector<uint64_t> hvm, stays, occupancy;
    size_t slots() const { return hvm.size() + stays.size() + occupancy.size() + SinglePieces; }
};

void putMeta(BinaryWriter& w, const IndexParts& p) {
    const AnalysisResults& a = p.results;
    put(w, p.info);
    put(w, a.span.window);
    w.u8(a.span.empty ? 1 : 0);
    putVec(w, a.span.pcpus, [&](uint16_t c) { w.var(c); });
    w.var(a.span.records);
    put(w, a.stats);

    put(w, a.runstates.trace);
    putVec(w, a.runstates.vcpus, [&](const VcpuTimeline& v) {
        w.var(v.domain);
        w.var(v.vcpu);
        w.var(v.stays.size());
    });
    putVec(w, a.runstates.inconsistencies, [&](uint64_t t) { w.var(t); });
    put(w, a.occupancy.trace);
    putVec(w, a.occupancy.pcpus, [&](const PcpuTimeline& c) {
        w.var(c.pcpu);
        w.var(c.spans.size());
    });
    put(w, a.hvm.trace);
    putVec(w, a.hvm.vcpus, [&](const VcpuHvmSpans& v) {
        w.var(v.domain);
        w.var(v.vcpu);
        w.u8(v.hvm ? 1 : 0);
        w.var(v.spans.size());
        putVec(w, v.causes, [&](const HvmCause& c) {
            w.u8(static_cast<uint8_t>(c.kind));
            w.var(c.reason);
        });
    });
    w.var(a.hvm.cutSpans);
    w.var(a.hvm.cutCycles);

    putVec(w, a.pv.domains, [&](const PvDomainEntries& d) {
        w.var(d.domain);
        putPairs(w, d.byKind);
        putPairs(w, d.byHypercall);
    });
    put(w, a.latency.trace);
    put(w, a.events.window);
    w.var(a.events.total);
    putPairs(w, a.events.byId);
    putPairs(w, a.events.byClass);
    putPairs(w, a.events.byDomain);
    w.var(a.events.unknownDomain);
    putPairs(w, a.events.byPcpu);
    putOpt(w, a.tscHzEstimate);
    w.var(a.tscHzSamples);
}

void getMeta(Reader& r, IndexParts& p, Shape& shape) {
    AnalysisResults& a = p.results;
    get(r, p.info);
    get(r, a.span.window);
    a.span.empty = r.u8() != 0;
    getVec(r, a.span.pcpus, 1, [&](uint16_t& c) { c = r.var16(); });
    a.span.records = r.var();
    get(r, a.stats);

    get(r, a.runstates.trace);
    getVec(r, a.runstates.vcpus, 3, [&](VcpuTimeline& v) {
        v.domain = r.var16();
        v.vcpu = r.var16();
        shape.stays.push_back(r.var());
    });
    getVec(r, a.runstates.inconsistencies, 1, [&](uint64_t& t) { t = r.var(); });
    get(r, a.occupancy.trace);
    getVec(r, a.occupancy.pcpus, 2, [&](PcpuTimeline& c) {
        c.pcpu = r.var16();
        shape.occupancy.push_back(r.var());
    });
    get(r, a.hvm.trace);
    getVec(r, a.hvm.vcpus, 4, [&](VcpuHvmSpans& v) {
        v.domain = r.var16();
        v.vcpu = r.var16();
        v.hvm = r.u8() != 0;
        shape.hvm.push_back(r.var());
        getVec(r, v.causes, 2, [&](HvmCause& c) {
            const uint8_t kind = r.u8();
            const uint64_t reason = r.var();
            if (kind > static_cast<uint8_t>(HvmSpanKind::SvmExit) || reason > UINT32_MAX)
                r.fail();
            c = {static_cast<HvmSpanKind>(kind), static_cast<uint32_t>(reason)};
        });
        // Slot 0 is the resume spans', and only theirs.
        if (v.causes.empty() || v.causes.size() > VcpuHvmSpans::MaxCauses ||
            v.causes.front().kind != HvmSpanKind::Resume ||
            std::any_of(v.causes.begin() + 1, v.causes.end(),
                        [](const HvmCause& c) { return c.kind == HvmSpanKind::Resume; }))
            r.fail();
    });
    a.hvm.cutSpans = r.var();
    a.hvm.cutCycles = r.var();

    getVec(r, a.pv.domains, 3, [&](PvDomainEntries& d) {
        d.domain = r.var16();
        getPairs(r, d.byKind);
        getPairs(r, d.byHypercall);
    });
    get(r, a.latency.trace);
    get(r, a.events.window);
    a.events.total = r.var();
    getPairs(r, a.events.byId);
    getPairs(r, a.events.byClass);
    getPairs(r, a.events.byDomain);
    a.events.unknownDomain = r.var();
    getPairs(r, a.events.byPcpu);
    getOpt(r, a.tscHzEstimate);
    a.tscHzSamples = static_cast<size_t>(r.var());
}

// `n` rows (known from the shape) appended to `v`, which gets exactly that
// capacity: no growth, no zero fill later overwritten.
template <class Vec, class F>
void getRows(Reader& r, Vec& v, uint64_t n, size_t minBytes, F&& row) {
    if (!r.fits(n, minBytes))
        return;
    v.reserve(static_cast<size_t>(n));
    for (uint64_t i = 0; i < n && r.ok(); ++i)
        v.push_back(row());
}

// Hypervisor spans (the bulk of a cache) go by blocks of columns: the gap
// since the previous span's end, the span's length, then a tag of its cause
// slot (the vCPU's table of causes is in the metadata) and whether the pCPU
// changed, then the changed pCPUs. Three varints a row where rows of five
// fields took eight bytes: the big trace's payload went from 133 to 118
// MiB, and decoding does less per row.
constexpr size_t BlockRows = 4096;
constexpr uint64_t PcpuChanged = 1;

void putHvm(BinaryWriter& w, const VcpuHvmSpans& v) {
    const ReallocVector<HvmSpan>& spans = v.spans;
    uint64_t prevEnd = 0;
    uint16_t pcpu = 0;
    for (size_t b = 0; b < spans.size(); b += BlockRows) {
        const size_t e = std::min(spans.size(), b + BlockRows);
        for (size_t i = b; i < e; ++i) {
            zig(w, prevEnd, spans[i].start);
            prevEnd = spans[i].end();
        }
        for (size_t i = b; i < e; ++i)
            w.var(spans[i].length);
        uint16_t p = pcpu;
        for (size_t i = b; i < e; ++i) {
            const HvmSpan& s = spans[i];
            w.var((uint64_t{s.cause} << 1) | (s.pcpu != p ? PcpuChanged : 0));
            p = s.pcpu;
        }
        for (size_t i = b; i < e; ++i) {
            if (spans[i].pcpu != pcpu)
                w.var(spans[i].pcpu);
            pcpu = spans[i].pcpu;
        }
    }
}
void getHvm(Reader& r, VcpuHvmSpans& v, uint64_t n) {
    // Gap, length and tag: at least three bytes a row.
    if (!r.fits(n, 3))
        return;
    ReallocVector<HvmSpan>& spans = v.spans;
    spans.reserve(static_cast<size_t>(n));
    std::array<bool, BlockRows> changed{};
    const uint64_t causes = v.causes.size();
    uint64_t prevEnd = 0;
    uint16_t pcpu = 0;
    for (size_t b = 0; b < n && r.ok(); b += BlockRows) {
        const size_t e = std::min(static_cast<size_t>(n), b + BlockRows);
        for (size_t i = b; i < e; ++i)
            spans.push_back({unzig(r, 0), 0, 0, 0});
        for (size_t i = b; i < e; ++i) {
            // The gaps are relative to the previous span's end, known now.
            HvmSpan& s = spans[i];
            const uint64_t length = r.var();
            if (length > UINT32_MAX)
                r.fail();
            s.start += prevEnd;
            s.length = static_cast<uint32_t>(length);
            prevEnd = s.end();
        }
        for (size_t i = b; i < e; ++i) {
            const uint64_t tag = r.var();
            const uint64_t cause = tag >> 1;
            if (cause >= causes)
                r.fail();
            spans[i].cause = static_cast<uint16_t>(cause);
            changed[i - b] = (tag & PcpuChanged) != 0;
        }
        for (size_t i = b; i < e; ++i) {
            if (changed[i - b])
                pcpu = r.var16();
            spans[i].pcpu = pcpu;
        }
    }
}

// A stay and the pCPU it ran on (0: none, else pCPU + 1).
void putStays(BinaryWriter& w, const VcpuTimeline& v, const std::vector<uint16_t>& pcpus) {
    uint64_t prev = 0;
    for (size_t i = 0; i < v.stays.size(); ++i) {
        const RunstateStay& s = v.stays[i];
        w.var(s.start - prev);
        prev = s.start;
        w.u8(static_cast<uint8_t>(s.state));
        w.var(pcpus[i] == NoPcpu ? 0 : uint64_t{pcpus[i]} + 1);
    }
}
void getStays(Reader& r, VcpuTimeline& v, std::vector<uint16_t>& pcpus, uint64_t n) {
    if (!r.fits(n, 3))
        return;
    pcpus.reserve(static_cast<size_t>(n));
    uint64_t prev = 0;
    getRows(r, v.stays, n, 3, [&] {
        RunstateStay s;
        s.start = prev + r.var();
        // Sorted by construction, unless the delta wrapped: the index's binary searches rely on it.
        if (s.start < prev)
            r.fail();
        prev = s.start;
        const uint8_t st = r.u8();
        if (st >= VcpuStateCount)
            r.fail();
        s.state = static_cast<VcpuState>(st);
        const uint64_t pcpu = r.var();
        if (pcpu > NoPcpu)
            r.fail();
        pcpus.push_back(pcpu == 0 ? NoPcpu : static_cast<uint16_t>(pcpu - 1));
        return s;
    });
}

void putOccupancy(BinaryWriter& w, const PcpuTimeline& c) {
    uint64_t prev = 0;
    for (const OccupancySpan& s : c.spans) {
        w.var(s.start - prev);
        prev = s.start;
        w.var(s.who == NoVcpu ? 0 : uint64_t{s.who} + 1);
    }
}
void getOccupancy(Reader& r, PcpuTimeline& c, uint64_t n) {
    uint64_t prev = 0;
    getRows(r, c.spans, n, 2, [&] {
        OccupancySpan s;
        s.start = prev + r.var();
        if (s.start < prev)
            r.fail();
        prev = s.start;
        const uint64_t who = r.var();
        if (who > uint64_t{UINT32_MAX})
            r.fail();
        s.who = who == 0 ? NoVcpu : static_cast<VcpuKey>(who - 1);
        return s;
    });
}

void putLatency(BinaryWriter& w, const LatencySamples& l) {
    uint64_t prev = 0;
    putVec(w, l.samples, [&](const LatencySample& s) {
        zig(w, prev, s.tsc);
        prev = s.tsc;
        w.var(s.cycles);
        w.var(s.domain);
        w.var(s.vcpu);
        w.var(s.pcpu);
        w.u8(static_cast<uint8_t>(s.kind));
    });
    putVec(w, l.xen, [&](const XenRunnablePair& p) {
        w.var(p.sample);
        w.var(p.xenNs);
    });
}
void getLatency(Reader& r, LatencySamples& l) {
    uint64_t prev = 0;
    getVec(r, l.samples, 6, [&](LatencySample& s) {
        s.tsc = prev = unzig(r, prev);
        s.cycles = r.var();
        s.domain = r.var16();
        s.vcpu = r.var16();
        s.pcpu = r.var16();
        const uint8_t k = r.u8();
        if (k > static_cast<uint8_t>(LatencyKind::Preempt))
            r.fail();
        s.kind = static_cast<LatencyKind>(k);
    });
    getVec(r, l.xen, 2, [&](XenRunnablePair& p) {
        p.sample = r.var32();
        p.xenNs = r.var();
        if (p.sample >= l.samples.size())
            r.fail();
    });
}

// Which vectors a piece fills: each exactly once, whichever thread reads it.
class Claims {
public:
    explicit Claims(size_t n)
        : n_(n)
        , taken_(std::make_unique<std::atomic<bool>[]>(n)) {}
    bool claim(size_t slot) { return slot < n_ && !taken_[slot].exchange(true); }
    bool all() const {
        for (size_t i = 0; i < n_; ++i)
            if (!taken_[i].load())
                return false;
        return true;
    }

private:
    size_t n_;
    std::unique_ptr<std::atomic<bool>[]> taken_;
};

size_t singleSlot(const Shape& shape, Piece kind) {
    return shape.hvm.size() + shape.stays.size() + shape.occupancy.size() +
           (static_cast<size_t>(kind) - static_cast<size_t>(Piece::Latency));
}

// One piece: its tag, then its rows. False when the tag names nothing or a
// vector already filled.
bool getPiece(Reader& r, IndexParts& p, const Shape& shape, Claims& claims) {
    const uint8_t kind = r.u8();
    const uint64_t i = r.var();
    if (!r.ok() || kind > LastPiece)
        return false;
    AnalysisResults& a = p.results;
    switch (static_cast<Piece>(kind)) {
    case Piece::HvmSpans:
        if (i >= shape.hvm.size() || !claims.claim(i))
            return false;
        getHvm(r, a.hvm.vcpus[i], shape.hvm[i]);
        return true;
    case Piece::Stays:
        if (i >= shape.stays.size() || !claims.claim(shape.hvm.size() + i))
            return false;
        getStays(r, a.runstates.vcpus[i], p.runningPcpus[i], shape.stays[i]);
        return true;
    case Piece::Occupancy:
        if (i >= shape.occupancy.size() || !claims.claim(shape.hvm.size() + shape.stays.size() + i))
            return false;
        getOccupancy(r, a.occupancy.pcpus[i], shape.occupancy[i]);
        return true;
    case Piece::Latency:
    case Piece::Disk:
    case Piece::Seek:
    case Piece::Events:
        break;
    }
    if (i != 0 || !claims.claim(singleSlot(shape, static_cast<Piece>(kind))))
        return false;
    switch (static_cast<Piece>(kind)) {
    case Piece::Latency:
        getLatency(r, a.latency);
        break;
    case Piece::Disk:
        get(r, a.disk);
        break;
    case Piece::Seek:
        get(r, p.seek);
        break;
    default:
        get(r, p.events);
        break;
    }
    return true;
}

// The frames of pieces, as the writer fills them: a piece never spans two
// frames, and a frame is closed once it holds FrameTarget bytes. The seek
// index comes last, alone in its frame, so that a reopen can defer it.
constexpr size_t FrameTarget = 1 << 20;

template <class Emit> void putPieces(const IndexParts& p, const RunningPcpus& pcpus, Emit&& emit) {
    const AnalysisResults& a = p.results;
    for (size_t i = 0; i < a.hvm.vcpus.size(); ++i)
        emit(Piece::HvmSpans, i, [&](BinaryWriter& w) { putHvm(w, a.hvm.vcpus[i]); });
    for (size_t i = 0; i < a.runstates.vcpus.size(); ++i)
        emit(Piece::Stays, i,
             [&](BinaryWriter& w) { putStays(w, a.runstates.vcpus[i], pcpus[i]); });
    for (size_t i = 0; i < a.occupancy.pcpus.size(); ++i)
        emit(Piece::Occupancy, i, [&](BinaryWriter& w) { putOccupancy(w, a.occupancy.pcpus[i]); });
    emit(Piece::Latency, 0, [&](BinaryWriter& w) { putLatency(w, a.latency); });
    emit(Piece::Disk, 0, [&](BinaryWriter& w) { put(w, a.disk); });
    emit(Piece::Events, 0, [&](BinaryWriter& w) { put(w, p.events); });
}

// ---- the file ----------------------------------------------------------
//
// [0, 64)  header: magic, format version, header size, the trace's key
//          (size, mtime, hash of head and tail), the number of frames, the
//          file's size and a hash of the frame table.
// frames   independent zstd frames, each carrying its content size and
//          zstd's checksum of its content, which zstd verifies as it
//          decodes: no separate pass over the payload. Frame 0 is the meta.
// table    per frame its compressed and content sizes (two u64), last, so
//          that frames go to the file as they are compressed.

struct FrameSize {
    uint64_t compressed = 0;
    uint64_t raw = 0;
};
constexpr size_t FrameSizeBytes = 16;
constexpr uint64_t MaxFrames = uint64_t{1} << 20;
constexpr uint64_t MaxRawBytes = uint64_t{1} << 36;

struct Header {
    TraceKey key;
    uint64_t frames = 0;
    uint64_t fileBytes = 0;
    uint64_t tableHash = 0;
};

std::array<uint8_t, HeaderSize> headerBytes(const Header& h) {
    std::array<uint8_t, HeaderSize> b{};
    std::memcpy(b.data(), Magic.data(), 8);
    const uint32_t version = IndexCache::FormatVersion, size = HeaderSize;
    std::memcpy(b.data() + 8, &version, 4);
    std::memcpy(b.data() + 12, &size, 4);
    std::memcpy(b.data() + 16, &h.key.size, 8);
    std::memcpy(b.data() + 24, &h.key.mtime, 8);
    std::memcpy(b.data() + 32, &h.key.headTail, 8);
    std::memcpy(b.data() + 40, &h.frames, 8);
    std::memcpy(b.data() + 48, &h.fileBytes, 8);
    std::memcpy(b.data() + 56, &h.tableHash, 8);
    return b;
}

uint64_t at64(const uint8_t* b, size_t o) {
    uint64_t v = 0;
    std::memcpy(&v, b + o, 8);
    return v;
}

// Compresses frames one at a time and appends them to the file.
class FrameWriter {
public:
    explicit FrameWriter(std::ofstream& out)
        : out_(out)
        , cctx_(ZSTD_createCCtx()) {
        ok_ = cctx_ &&
              !ZSTD_isError(ZSTD_CCtx_setParameter(cctx_, ZSTD_c_compressionLevel, ZstdLevel)) &&
              !ZSTD_isError(ZSTD_CCtx_setParameter(cctx_, ZSTD_c_checksumFlag, 1));
    }
    ~FrameWriter() { ZSTD_freeCCtx(cctx_); }
    FrameWriter(const FrameWriter&) = delete;
    FrameWriter& operator=(const FrameWriter&) = delete;

    void frame(const std::vector<uint8_t>& raw) {
        if (!ok_)
            return;
        buf_.resize(ZSTD_compressBound(raw.size()));
        const size_t n = ZSTD_compress2(cctx_, buf_.data(), buf_.size(), raw.data(), raw.size());
        if (ZSTD_isError(n)) {
            ok_ = false;
            return;
        }
        out_.write(reinterpret_cast<const char*>(buf_.data()), static_cast<std::streamsize>(n));
        sizes_.push_back({n, raw.size()});
    }
    bool ok() const { return ok_ && out_.good(); }
    const std::vector<FrameSize>& sizes() const { return sizes_; }

private:
    std::ofstream& out_;
    ZSTD_CCtx* cctx_;
    std::vector<uint8_t> buf_;
    std::vector<FrameSize> sizes_;
    bool ok_ = false;
};

std::vector<uint8_t> tableBytes(const std::vector<FrameSize>& sizes) {
    std::vector<uint8_t> t(sizes.size() * FrameSizeBytes);
    for (size_t i = 0; i < sizes.size(); ++i) {
        std::memcpy(t.data() + i * FrameSizeBytes, &sizes[i].compressed, 8);
        std::memcpy(t.data() + i * FrameSizeBytes + 8, &sizes[i].raw, 8);
    }
    return t;
}

// The whole cache file at `path`; its size, or 0.
uint64_t writeFile(const std::string& path, const TraceKey& key, const IndexParts& parts,
                   const RunningPcpus& pcpus, const SeekIndex& seek) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out)
        return 0;
    Header h{key, 0, 0, 0};
    out.write(reinterpret_cast<const char*>(headerBytes(h).data()), HeaderSize);
    FrameWriter frames(out);
    BinaryWriter w;
    putMeta(w, parts);
    frames.frame(w.data());
    w.data().clear();
    putPieces(parts, pcpus, [&](Piece kind, size_t i, auto&& body) {
        w.u8(static_cast<uint8_t>(kind));
        w.var(i);
        body(w);
        if (w.data().size() >= FrameTarget) {
            frames.frame(w.data());
            w.data().clear();
        }
    });
    if (!w.data().empty())
        frames.frame(w.data());
    w.data().clear();
    w.u8(static_cast<uint8_t>(Piece::Seek));
    w.var(0);
    put(w, seek);
    frames.frame(w.data());
    const std::vector<uint8_t> table = tableBytes(frames.sizes());
    out.write(reinterpret_cast<const char*>(table.data()),
              static_cast<std::streamsize>(table.size()));
    h.frames = frames.sizes().size();
    h.fileBytes = HeaderSize + table.size();
    for (const FrameSize& f : frames.sizes())
        h.fileBytes += f.compressed;
    h.tableHash = hash64(table);
    out.seekp(0);
    out.write(reinterpret_cast<const char*>(headerBytes(h).data()), HeaderSize);
    out.close();
    return frames.ok() && out ? h.fileBytes : 0;
}

class Fd {
public:
    explicit Fd(int fd)
        : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0)
            ::close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }

private:
    int fd_;
};

// The seek frame (the last): its tag read and the rest decompressed and
// dropped, so that zstd verifies it now; it is parsed on first use.
bool verifySeek(Reader& r) {
    const bool tagged = r.u8() == static_cast<uint8_t>(Piece::Seek) && r.var() == 0;
    r.skipRest();
    return r.finish() && tagged;
}

// Frames 1.. decoded by `threads` threads, each taking the largest frame left
// (the big timelines first, so that neither thread is left with one at the end).
bool readPieces(int fd, const std::vector<FrameSize>& sizes, const std::vector<uint64_t>& offsets,
                IndexParts& parts, const Shape& shape, IndexCacheFrameReader::Context& mine,
                unsigned threads) {
    const size_t seekFrame = sizes.size() - 1;
    std::vector<size_t> order(sizes.size() - 1);
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i + 1;
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return sizes[a].compressed > sizes[b].compressed; });

    Claims claims(shape.slots());
    std::atomic<size_t> next{0};
    std::atomic<bool> failed{false};
    auto work = [&](IndexCacheFrameReader::Context& ctx) {
        try {
            while (!failed.load(std::memory_order_relaxed)) {
                const size_t k = next.fetch_add(1);
                if (k >= order.size())
                    return;
                const size_t i = order[k];
                Reader r(ctx, fd, offsets[i], sizes[i].compressed, sizes[i].raw);
                if (i == seekFrame) {
                    if (!verifySeek(r) || !claims.claim(singleSlot(shape, Piece::Seek)))
                        failed = true;
                    continue;
                }
                while (r.ok() && !r.atEnd())
                    if (!getPiece(r, parts, shape, claims))
                        r.fail();
                if (!r.finish())
                    failed = true;
            }
        } catch (const std::bad_alloc&) {
            failed = true;
        }
    };
    std::thread helper;
    if (threads > 1 && order.size() > 1) {
        try {
            helper = std::thread([&] {
                IndexCacheFrameReader::Context ctx;
                work(ctx);
            });
        } catch (const std::system_error&) {
            // No second thread: this one reads every frame.
        }
    }
    work(mine);
    if (helper.joinable())
        helper.join();
    return !failed && claims.all();
}

// The parts in a cache whose header and frame table were checked, or nullopt.
// The file stays open while the seek index is deferred.
std::optional<IndexParts> readParts(const std::shared_ptr<const Fd>& fd,
                                    const std::vector<FrameSize>& sizes) {
    if (sizes.size() < 2)
        return std::nullopt;
    std::vector<uint64_t> offsets(sizes.size(), HeaderSize);
    for (size_t i = 1; i < sizes.size(); ++i)
        offsets[i] = offsets[i - 1] + sizes[i - 1].compressed;
    IndexParts parts;
    Shape shape;
    IndexCacheFrameReader::Context ctx;
    {
        Reader meta(ctx, fd->get(), HeaderSize, sizes[0].compressed, sizes[0].raw);
        getMeta(meta, parts, shape);
        // The shape sizes every vector the pieces fill: trusted only once
        // zstd has verified the meta frame.
        if (!meta.finish())
            return std::nullopt;
    }
    parts.runningPcpus.resize(shape.stays.size());
    const unsigned threads = std::clamp(std::thread::hardware_concurrency(), 1u, 2u);
    if (!readPieces(fd->get(), sizes, offsets, parts, shape, ctx, threads))
        return std::nullopt;
    parts.deferredSeek = [fd, offset = offsets.back(), size = sizes.back()](SeekIndex& seek) {
        IndexCacheFrameReader::Context c;
        Reader r(c, fd->get(), offset, size.compressed, size.raw);
        const bool tagged = r.u8() == static_cast<uint8_t>(Piece::Seek) && r.var() == 0;
        get(r, seek);
        return r.finish() && tagged;
    };
    return parts;
}

std::string xdgDir() {
    const char* xdg = std::getenv("XDG_CACHE_HOME");
    if (xdg && *xdg == '/')
        return std::string(xdg) + "/xenoscope";
    const char* home = std::getenv("HOME");
    return std::string(home && *home ? home : "/tmp") + "/.cache/xenoscope";
}

} // namespace

IndexCache::IndexCache(std::string dir, bool nextToTrace)
    : dir_(std::move(dir))
    , nextToTrace_(nextToTrace) {}

std::vector<std::string> IndexCache::candidates(const std::string& tracePath) const {
    std::vector<std::string> out;
    if (nextToTrace_)
        out.push_back(tracePath + ".xenoscope-index");
    std::error_code ec;
    std::string abs = fs::absolute(tracePath, ec).string();
    if (ec)
        abs = tracePath;
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx",
                  static_cast<unsigned long long>(
                      hash64(std::span(reinterpret_cast<const uint8_t*>(abs.data()), abs.size()))));
    const std::string dir = dir_.empty() ? xdgDir() : dir_;
    out.push_back(dir + "/" + hex + "-" + fs::path(tracePath).filename().string() +
                  ".xenoscope-index");
    return out;
}

std::optional<IndexParts> IndexCache::load(const std::string& tracePath, double cpuHz,
                                           std::string& problem) const {
    problem.clear();
    const auto key = keyOf(tracePath);
    if (!key)
        return std::nullopt;
    for (const std::string& path : candidates(tracePath)) {
        const auto fd = std::make_shared<const Fd>(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
        if (fd->get() < 0)
            continue;
        lastPath_ = path;
        auto reject = [&](const char* why) { problem = path + ": " + why; };
        struct stat st {};
        std::array<uint8_t, HeaderSize> h{};
        if (::fstat(fd->get(), &st) != 0 || static_cast<uint64_t>(st.st_size) < HeaderSize ||
            !readAt(fd->get(), h.data(), HeaderSize, 0) ||
            std::memcmp(h.data(), Magic.data(), 8) != 0) {
            reject("not an index cache");
            continue;
        }
        uint32_t version = 0;
        std::memcpy(&version, h.data() + 8, 4);
        if (version != FormatVersion) {
            reject("another format version");
            continue;
        }
        if (at64(h.data(), 16) != key->size || at64(h.data(), 24) != key->mtime ||
            at64(h.data(), 32) != key->headTail) {
            reject("stale: the trace changed since it was indexed");
            continue;
        }
        const uint64_t frames = at64(h.data(), 40), fileBytes = at64(h.data(), 48);
        const auto actual = static_cast<uint64_t>(st.st_size);
        if (actual != fileBytes) {
            reject(actual < fileBytes ? "truncated" : "corrupt: bytes past its end");
            continue;
        }
        if (frames == 0 || frames > MaxFrames || frames * FrameSizeBytes > fileBytes - HeaderSize) {
            reject("corrupt: bad frame table");
            continue;
        }
        std::vector<uint8_t> table(static_cast<size_t>(frames * FrameSizeBytes));
        if (!readAt(fd->get(), table.data(), table.size(), fileBytes - table.size()) ||
            hash64(table) != at64(h.data(), 56)) {
            reject("corrupt: checksum mismatch");
            continue;
        }
        std::vector<FrameSize> sizes(static_cast<size_t>(frames));
        uint64_t compressed = 0, raw = 0;
        for (size_t i = 0; i < sizes.size(); ++i) {
            sizes[i] = {at64(table.data(), i * FrameSizeBytes),
                        at64(table.data(), i * FrameSizeBytes + 8)};
            compressed += sizes[i].compressed;
            raw += sizes[i].raw;
        }
        if (compressed != fileBytes - HeaderSize - table.size() || raw > MaxRawBytes) {
            reject("corrupt: bad frame table");
            continue;
        }
        auto parts = readParts(fd, sizes);
        if (!parts) {
            reject("corrupt: a frame does not decode or parse");
            continue;
        }
        parts->info.path = tracePath;
        parts->info.tscHzOverridden = cpuHz > 0;
        parts->info.tscHzUsed =
            cpuHz > 0 ? cpuHz : parts->info.tscHzEstimate.value_or(TraceInfo::FallbackHz);
        parts->complete = true;
        problem.clear();
        return parts;
    }
    return std::nullopt;
}

uint64_t IndexCache::save(const std::string& tracePath, const IndexParts& parts,
                          std::string& problem) const {
    problem.clear();
    const auto key = keyOf(tracePath);
    if (!key) {
        problem = tracePath + ": cannot read the trace to key its cache";
        return 0;
    }
    // An index always has them; parts straight from a pass may not.
    const bool given = hasRunningPcpus(parts);
    const RunningPcpus worked = given ? RunningPcpus{} : runningPcpus(parts.results);
    const RunningPcpus& pcpus = given ? parts.runningPcpus : worked;
    SeekIndex loaded;
    if (parts.deferredSeek && !parts.deferredSeek(loaded)) {
        problem = "cannot read the index's seek index back from its cache";
        return 0;
    }
    const SeekIndex& seek = parts.deferredSeek ? loaded : parts.seek;

    for (const std::string& path : candidates(tracePath)) {
        std::error_code ec;
        const fs::path dir = fs::path(path).parent_path();
        // A directory without write permission bits is read-only by intent,
        // even to root (who could write it anyway): use the next place.
        if (fs::exists(dir, ec) &&
            (fs::status(dir, ec).permissions() & fs::perms::owner_write) == fs::perms::none)
            continue;
        fs::create_directories(dir, ec);
        const std::string tmp = path + ".tmp." + std::to_string(::getpid());
        const uint64_t bytes = writeFile(tmp, *key, parts, pcpus, seek);
        if (bytes == 0) {
            fs::remove(tmp, ec);
            continue;
        }
        fs::rename(tmp, path, ec);
        if (ec) {
            fs::remove(tmp, ec);
            continue;
        }
        lastPath_ = path;
        return bytes;
    }
    problem = "no writable place for the index cache";
    return 0;
}

} // namespace xenoscope::core
