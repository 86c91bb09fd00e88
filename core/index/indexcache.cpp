#include "core/index/indexcache.h"

#include "core/index/binaryreader.h"
#include "core/index/binarywriter.h"
#include "core/index/hash64.h"

#include <zstd.h>

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace xenoscope::core {

namespace fs = std::filesystem;

namespace {

constexpr std::array<char, 8> Magic = {'X', 'S', 'C', 'P', 'I', 'D', 'X', '\n'};
constexpr size_t HeaderSize = 64;
constexpr size_t KeyBytes = 64 * 1024;
constexpr int ZstdLevel = 3;

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
uint64_t unzig(BinaryReader& r, uint64_t prev) {
    const uint64_t z = r.var();
    const uint64_t d = (z >> 1) ^ (~(z & 1) + 1);
    return prev + d;
}

template <class T, class F> void putVec(BinaryWriter& w, const std::vector<T>& v, F&& f) {
    w.var(v.size());
    for (const auto& x : v)
        f(x);
}
template <class T, class F>
void getVec(BinaryReader& r, std::vector<T>& v, size_t minBytes, F&& f) {
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
void get(BinaryReader& r, TimeWindow& t) {
    t.t0 = r.var();
    t.t1 = r.var();
}
void put(BinaryWriter& w, const Owner& o) {
    w.var(o.domain);
    w.var(o.vcpu);
    w.u8(o.known ? 1 : 0);
}
void get(BinaryReader& r, Owner& o) {
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
template <class A, class B> void getPairs(BinaryReader& r, std::vector<std::pair<A, B>>& v) {
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
void get(BinaryReader& r, Diagnostics& d) {
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
void get(BinaryReader& r, ReadStats& s) {
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
void getOpt(BinaryReader& r, std::optional<double>& v) {
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
void get(BinaryReader& r, TraceInfo& i) {
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
void get(BinaryReader& r, DepthSeries& s) {
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
    w.var(d.malformed);
}
void get(BinaryReader& r, DiskResults& d) {
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
    d.malformed = r.var();
    for (const auto& q : d.requests)
        if ((q.wide != DiskRequest::NotWide && q.wide >= d.wideTimes.size()) ||
            (!d.series.empty() && q.series >= d.series.size()))
            r.fail();
}

void put(BinaryWriter& w, const AnalysisResults& a) {
    put(w, a.span.window);
    w.u8(a.span.empty ? 1 : 0);
    putVec(w, a.span.pcpus, [&](uint16_t p) { w.var(p); });
    w.var(a.span.records);
    put(w, a.stats);

    put(w, a.runstates.trace);
    putVec(w, a.runstates.vcpus, [&](const VcpuTimeline& v) {
        w.var(v.domain);
        w.var(v.vcpu);
        uint64_t prev = 0;
        putVec(w, v.stays, [&](const RunstateStay& s) {
            w.var(s.start - prev);
            prev = s.start;
            w.u8(static_cast<uint8_t>(s.state));
        });
    });
    putVec(w, a.runstates.inconsistencies, [&](uint64_t t) { w.var(t); });

    put(w, a.occupancy.trace);
    putVec(w, a.occupancy.pcpus, [&](const PcpuTimeline& p) {
        w.var(p.pcpu);
        uint64_t prev = 0;
        putVec(w, p.spans, [&](const OccupancySpan& s) {
            w.var(s.start - prev);
            prev = s.start;
            w.var(s.who == NoVcpu ? 0 : uint64_t{s.who} + 1);
        });
    });

    put(w, a.hvm.trace);
    putVec(w, a.hvm.vcpus, [&](const VcpuHvmSpans& v) {
        w.var(v.domain);
        w.var(v.vcpu);
        w.u8(v.hvm ? 1 : 0);
        uint64_t prev = 0;
        putVec(w, v.spans, [&](const HvmSpan& s) {
            zig(w, prev, s.start);
            prev = s.start;
            zig(w, s.start, s.end);
            w.var(s.reason);
            w.var(s.pcpu);
            w.u8(static_cast<uint8_t>(s.kind));
        });
    });

    putVec(w, a.pv.domains, [&](const PvDomainEntries& d) {
        w.var(d.domain);
        putPairs(w, d.byKind);
        putPairs(w, d.byHypercall);
    });

    put(w, a.latency.trace);
    uint64_t prev = 0;
    putVec(w, a.latency.samples, [&](const LatencySample& s) {
        zig(w, prev, s.tsc);
        prev = s.tsc;
        w.var(s.cycles);
        w.var(s.domain);
        w.var(s.vcpu);
        w.var(s.pcpu);
        w.u8(static_cast<uint8_t>(s.kind));
    });
    putVec(w, a.latency.xen, [&](const XenRunnablePair& p) {
        w.var(p.sample);
        w.var(p.xenNs);
    });

    put(w, a.events.window);
    w.var(a.events.total);
    putPairs(w, a.events.byId);
    putPairs(w, a.events.byClass);
    putPairs(w, a.events.byDomain);
    w.var(a.events.unknownDomain);
    putPairs(w, a.events.byPcpu);

    put(w, a.disk);
    putOpt(w, a.tscHzEstimate);
    w.var(a.tscHzSamples);
}

template <class T, class Start> bool sortedBy(const std::vector<T>& v, Start start) {
    for (size_t i = 1; i < v.size(); ++i)
        if (start(v[i]) < start(v[i - 1]))
            return false;
    return true;
}

void get(BinaryReader& r, AnalysisResults& a) {
    get(r, a.span.window);
    a.span.empty = r.u8() != 0;
    getVec(r, a.span.pcpus, 1, [&](uint16_t& p) { p = r.var16(); });
    a.span.records = r.var();
    get(r, a.stats);

    get(r, a.runstates.trace);
    getVec(r, a.runstates.vcpus, 3, [&](VcpuTimeline& v) {
        v.domain = r.var16();
        v.vcpu = r.var16();
        uint64_t prev = 0;
        getVec(r, v.stays, 2, [&](RunstateStay& s) {
            s.start = prev = prev + r.var();
            const uint8_t st = r.u8();
            if (st >= VcpuStateCount)
                r.fail();
            s.state = static_cast<VcpuState>(st);
        });
    });
    getVec(r, a.runstates.inconsistencies, 1, [&](uint64_t& t) { t = r.var(); });

    get(r, a.occupancy.trace);
    getVec(r, a.occupancy.pcpus, 2, [&](PcpuTimeline& p) {
        p.pcpu = r.var16();
        uint64_t prev = 0;
        getVec(r, p.spans, 2, [&](OccupancySpan& s) {
            s.start = prev = prev + r.var();
            const uint64_t who = r.var();
            if (who > uint64_t{UINT32_MAX})
                r.fail();
            s.who = who == 0 ? NoVcpu : static_cast<VcpuKey>(who - 1);
        });
    });

    get(r, a.hvm.trace);
    getVec(r, a.hvm.vcpus, 4, [&](VcpuHvmSpans& v) {
        v.domain = r.var16();
        v.vcpu = r.var16();
        v.hvm = r.u8() != 0;
        uint64_t prev = 0;
        getVec(r, v.spans, 5, [&](HvmSpan& s) {
            s.start = prev = unzig(r, prev);
            s.end = unzig(r, s.start);
            s.reason = r.var32();
            s.pcpu = r.var16();
            const uint8_t k = r.u8();
            if (k > static_cast<uint8_t>(HvmSpanKind::SvmExit))
                r.fail();
            s.kind = static_cast<HvmSpanKind>(k);
        });
    });

    getVec(r, a.pv.domains, 3, [&](PvDomainEntries& d) {
        d.domain = r.var16();
        getPairs(r, d.byKind);
        getPairs(r, d.byHypercall);
    });

    get(r, a.latency.trace);
    uint64_t prev = 0;
    getVec(r, a.latency.samples, 6, [&](LatencySample& s) {
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
    getVec(r, a.latency.xen, 2, [&](XenRunnablePair& p) {
        p.sample = r.var32();
        p.xenNs = r.var();
        if (p.sample >= a.latency.samples.size())
            r.fail();
    });

    get(r, a.events.window);
    a.events.total = r.var();
    getPairs(r, a.events.byId);
    getPairs(r, a.events.byClass);
    getPairs(r, a.events.byDomain);
    a.events.unknownDomain = r.var();
    getPairs(r, a.events.byPcpu);

    get(r, a.disk);
    getOpt(r, a.tscHzEstimate);
    a.tscHzSamples = static_cast<size_t>(r.var());

    // What the index's binary searches rely on.
    for (const auto& v : a.runstates.vcpus)
        if (!sortedBy(v.stays, [](const RunstateStay& s) { return s.start; }))
            r.fail();
    for (const auto& p : a.occupancy.pcpus)
        if (!sortedBy(p.spans, [](const OccupancySpan& s) { return s.start; }))
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
void get(BinaryReader& r, SeekIndex& s) {
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
void get(BinaryReader& r, EventBuckets& e) {
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

std::string xdgDir() {
    const char* xdg = std::getenv("XDG_CACHE_HOME");
    if (xdg && *xdg == '/')
        return std::string(xdg) + "/xenoscope";
    const char* home = std::getenv("HOME");
    return std::string(home && *home ? home : "/tmp") + "/.cache/xenoscope";
}

void putHeader(uint8_t* h, const TraceKey& k, uint64_t rawSize, uint64_t compSize, uint64_t sum) {
    std::memcpy(h, Magic.data(), 8);
    const uint32_t version = IndexCache::FormatVersion, size = HeaderSize;
    std::memcpy(h + 8, &version, 4);
    std::memcpy(h + 12, &size, 4);
    std::memcpy(h + 16, &k.size, 8);
    std::memcpy(h + 24, &k.mtime, 8);
    std::memcpy(h + 32, &k.headTail, 8);
    std::memcpy(h + 40, &rawSize, 8);
    std::memcpy(h + 48, &compSize, 8);
    std::memcpy(h + 56, &sum, 8);
}

uint64_t at64(const std::vector<uint8_t>& b, size_t o) {
    uint64_t v = 0;
    std::memcpy(&v, b.data() + o, 8);
    return v;
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
        std::ifstream in(path, std::ios::binary);
        if (!in)
            continue;
        lastPath_ = path;
        // One read of the known size: a byte-wise istreambuf_iterator copy
        // was slow and grew the vector by doubling (twice the file resident).
        in.seekg(0, std::ios::end);
        const std::streamoff fileSize = in.tellg();
        in.seekg(0, std::ios::beg);
        std::vector<uint8_t> file(fileSize > 0 ? static_cast<size_t>(fileSize) : 0);
        if (!file.empty() && !in.read(reinterpret_cast<char*>(file.data()),
                                      static_cast<std::streamsize>(file.size())))
            file.clear();
        auto reject = [&](const char* why) { problem = path + ": " + why; };
        if (file.size() < HeaderSize || std::memcmp(file.data(), Magic.data(), 8) != 0) {
            reject("not an index cache");
            continue;
        }
        uint32_t version = 0;
        std::memcpy(&version, file.data() + 8, 4);
        if (version != FormatVersion) {
            reject("another format version");
            continue;
        }
        if (at64(file, 16) != key->size || at64(file, 24) != key->mtime ||
            at64(file, 32) != key->headTail) {
            reject("stale: the trace changed since it was indexed");
            continue;
        }
        const uint64_t rawSize = at64(file, 40), compSize = at64(file, 48);
        if (compSize != file.size() - HeaderSize) {
            reject("truncated");
            continue;
        }
        const std::span<const uint8_t> payload(file.data() + HeaderSize, compSize);
        if (hash64(payload) != at64(file, 56)) {
            reject("corrupt: checksum mismatch");
            continue;
        }
        if (ZSTD_getFrameContentSize(payload.data(), payload.size()) != rawSize ||
            rawSize > (uint64_t{1} << 36)) {
            reject("corrupt: bad payload size");
            continue;
        }
        std::vector<uint8_t> raw(static_cast<size_t>(rawSize));
        const size_t got = ZSTD_decompress(raw.data(), raw.size(), payload.data(), payload.size());
        if (ZSTD_isError(got) || got != rawSize) {
            reject("corrupt: cannot decompress");
            continue;
        }
        // The compressed copy is not needed while parsing: free it so that
        // the reopen's peak is the payload plus the parts, not all three.
        std::vector<uint8_t>().swap(file);
        BinaryReader r(raw);
        IndexParts parts;
        get(r, parts.info);
        get(r, parts.results);
        get(r, parts.seek);
        get(r, parts.events);
        if (!r.ok() || !r.atEnd()) {
            reject("corrupt: payload does not parse");
            continue;
        }
        parts.info.path = tracePath;
        parts.info.tscHzOverridden = cpuHz > 0;
        parts.info.tscHzUsed =
            cpuHz > 0 ? cpuHz : parts.info.tscHzEstimate.value_or(TraceInfo::FallbackHz);
        parts.complete = true;
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
    BinaryWriter w;
    put(w, parts.info);
    put(w, parts.results);
    put(w, parts.seek);
    put(w, parts.events);
    const std::vector<uint8_t>& raw = w.data();
    std::vector<uint8_t> file(HeaderSize + ZSTD_compressBound(raw.size()));
    const size_t comp = ZSTD_compress(file.data() + HeaderSize, file.size() - HeaderSize,
                                      raw.data(), raw.size(), ZstdLevel);
    if (ZSTD_isError(comp)) {
        problem = "cannot compress the index";
        return 0;
    }
    file.resize(HeaderSize + comp);
    putHeader(file.data(), *key, raw.size(), comp,
              hash64(std::span<const uint8_t>(file.data() + HeaderSize, comp)));

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
        {
            std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
            if (!out)
                continue;
            out.write(reinterpret_cast<const char*>(file.data()),
                      static_cast<std::streamsize>(file.size()));
            out.close();
            if (!out) {
                fs::remove(tmp, ec);
                continue;
            }
        }
        fs::rename(tmp, path, ec);
        if (ec) {
            fs::remove(tmp, ec);
            continue;
        }
        lastPath_ = path;
        return file.size();
    }
    problem = "no writable place for the index cache";
    return 0;
}

} // namespace xenoscope::core
