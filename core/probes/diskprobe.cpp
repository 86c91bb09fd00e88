#include "core/probes/diskprobe.h"

#include "core/probes/probedispatcher.h"

#include <algorithm>
#include <bit>
#include <numeric>

namespace xenoscope::core {

namespace {

// Frontend records (FRONT_QUEUE, FRONT_RING, FRONT_RESP, FRONT_DONE) carry
// dev, req; backend records fe_dom, dev, req.
constexpr bool isFrontend(size_t k) {
    return k == 0 || k == 1 || k == 6 || k == 7;
}

} // namespace

DiskProbe::DiskProbe(const DiskEventMap& events)
    : events_(events) {
    // A ring holds 32-64 requests per device: a few devices fit without growing.
    active_.reserve(256);
    free_.reserve(256);
}

void DiskProbe::attach(ProbeDispatcher& d) {
    d.on<&DiskProbe::onDisk<0>>(events_.records[0], this);
    d.on<&DiskProbe::onDisk<1>>(events_.records[1], this);
    d.on<&DiskProbe::onDisk<2>>(events_.records[2], this);
    d.on<&DiskProbe::onDisk<3>>(events_.records[3], this);
    d.on<&DiskProbe::onDisk<4>>(events_.records[4], this);
    d.on<&DiskProbe::onDisk<5>>(events_.records[5], this);
    d.on<&DiskProbe::onDisk<6>>(events_.records[6], this);
    d.on<&DiskProbe::onDisk<7>>(events_.records[7], this);
    d.on<&DiskProbe::onLost>(ev::LostRecords, this);
}

template <size_t K> void DiskProbe::onDisk(const Record& r, const Owner& owner) {
    ++result_.records;
    ++result_.recordCounts[K];
    // Wraps after 2^31 disk records; it only ranks changes at one TSC.
    const uint32_t order = order_++;
    constexpr bool front = isFrontend(K);
    if (r.nwords < (front ? 2 : 3)) {
        ++result_.malformed;
        return;
    }
    if constexpr (front) {
        // The spec: the frontend domain is whoever runs on the pCPU. Unknown
        // (e.g. before the pCPU's first scheduling record): kept aside.
        if (!owner.known) {
            result_.unattributed.push_back(
                {r.tsc, r.words[0], r.words[1], r.pcpu, static_cast<uint8_t>(K)});
            return;
        }
        take(K, {r.words[0], r.words[1], owner.domain}, r, order);
    } else {
        take(K, {r.words[1], r.words[2], static_cast<uint16_t>(r.words[0])}, r, order);
    }
}

void DiskProbe::take(size_t k, const DiskKey& key, const Record& r, uint32_t order) {
    uint32_t slot = index_.find(key);
    if (slot != DiskRequestIndex::None) {
        const Active& a = active_[slot];
        // The id is in use again: the same record twice, or a new FRONT_QUEUE.
        // A FRONT_QUEUE after only a FRONT_RING is that request's own record:
        // both carry their pCPU's previous TSC, so they can swap places.
        const bool reused = a.has(k) || (k == 0 && a.present != 0b10);
        if (reused) {
            retire(slot, DiskBreak::IdReused, r.tsc, order, 0);
            slot = DiskRequestIndex::None;
        }
    }
    if (slot == DiskRequestIndex::None) {
        slot = allocate(key);
        index_.insert(key, slot);
    }
    Active& a = active_[slot];
    a.tsc[k] = r.tsc;
    a.order[k] = order;
    a.present = static_cast<uint8_t>(a.present | 1u << k);
    if (k == 0) {
        if (r.nwords >= 4)
            a.sector = r.word64(2);
        if (r.nwords >= 5)
            a.sectors = r.words[4];
        if (r.nwords >= 6)
            a.op = static_cast<uint8_t>(std::min<uint32_t>(r.words[5], 0xfe));
    } else if ((k == 4 && r.nwords >= 4 && r.words[3] != 0) ||
               (k == 6 && r.nwords >= 3 && r.words[2] != 0)) {
        a.failed = 1;
    }
    if (a.present == 0xff)
        retire(slot, DiskBreak::None, 0, 0, 0);
}

void DiskProbe::onLost(const Record& r, const Owner&) {
    if (r.nwords >= 4)
        result_.lostGaps.push_back({r.word64(2), r.tsc});
    else
        result_.lostGaps.push_back({r.tsc, r.tsc});
}

uint32_t DiskProbe::allocate(const DiskKey& key) {
    uint32_t slot;
    if (!free_.empty()) {
        slot = free_.back();
        free_.pop_back();
        active_[slot] = Active{};
    } else {
        slot = static_cast<uint32_t>(active_.size());
        active_.emplace_back();
    }
    active_[slot].key = key;
    active_[slot].series = seriesOf(key.domain, key.device);
    return slot;
}

uint16_t DiskProbe::seriesOf(uint16_t domain, uint32_t device) {
    if (lastSeries_ < series_.size() && series_[lastSeries_].domain == domain &&
        series_[lastSeries_].device == device)
        return static_cast<uint16_t>(lastSeries_);
    // A new request of another device: a short scan (a host has few devices).
    for (uint32_t i = 0; i < series_.size(); ++i)
        if (series_[i].domain == domain && series_[i].device == device) {
            lastSeries_ = i;
            return static_cast<uint16_t>(i);
        }
    series_.push_back({domain, device, {}});
    lastSeries_ = static_cast<uint32_t>(series_.size() - 1);
    return static_cast<uint16_t>(lastSeries_);
}

void DiskProbe::retire(uint32_t slot, DiskBreak reason, uint64_t tsc, uint32_t order, uint64_t t1) {
    const Active a = active_[slot];
    active_[slot].present = 0; // free: finish() skips it
    index_.erase(a.key);
    free_.push_back(slot);

    DiskRequest q;
    q.domain = a.key.domain;
    q.device = a.key.device;
    q.id = a.key.id;
    q.series = a.series;
    q.present = a.present;
    q.op = a.op;
    q.failed = a.failed;
    q.sector = a.sector;
    q.sectors = a.sectors;
    q.broken = reason;
    uint64_t first = UINT64_MAX, last = 0;
    for (size_t k = 0; k < DiskRecordCount; ++k)
        if (a.has(k)) {
            first = std::min(first, a.tsc[k]);
            last = std::max(last, a.tsc[k]);
        }
    q.base = first;
    if (last - first > UINT32_MAX) {
        q.wide = static_cast<uint32_t>(result_.wideTimes.size());
        result_.wideTimes.push_back(a.tsc);
    } else {
        for (size_t k = 0; k < DiskRecordCount; ++k)
            if (a.has(k))
                q.offset[k] = static_cast<uint32_t>(a.tsc[k] - first);
    }
    const bool closedByReuse = reason == DiskBreak::IdReused;
    q.until = closedByReuse ? std::max(tsc, last) : a.has(7) ? last : std::max(t1, last);

    // In stage k from record k to the next record in the file; with none, to
    // the reuse of its id, or (no change) on to T1.
    auto& changes = series_[a.series].changes;
    for (size_t k = 0; k < DiskStageCount; ++k) {
        if (!a.has(k))
            continue;
        const uint64_t inTsc = a.tsc[k];
        const uint32_t inKey = 2 * a.order[k] + 1;
        changes[k].push_back({inTsc, inKey, +1});
        size_t next = k + 1;
        while (next < DiskRecordCount && !a.has(next))
            ++next;
        uint64_t outTsc;
        uint32_t outKey;
        if (next < DiskRecordCount) {
            outTsc = a.tsc[next];
            outKey = 2 * a.order[next] + 1;
        } else if (closedByReuse) {
            outTsc = tsc;
            outKey = 2 * order;
        } else {
            continue;
        }
        // Records that swapped places (TSC-less ones take their pCPU's
        // previous TSC) never leave before they entered: a zero-length stay.
        if (outTsc < inTsc || (outTsc == inTsc && outKey < inKey)) {
            outTsc = inTsc;
            outKey = inKey;
        }
        changes[k].push_back({outTsc, outKey, -1});
    }
    result_.requests.push_back(q);
}

DiskBreak DiskProbe::classify(const DiskRequest& r) const {
    const uint8_t missing = static_cast<uint8_t>(~r.present);
    if (missing == 0)
        return DiskBreak::None;
    // A kind the whole trace lacks is not emitted by this kernel: no gap explains it.
    for (size_t k = 0; k < DiskRecordCount; ++k)
        if (!r.has(k) && result_.recordCounts[k] == 0)
            return DiskBreak::MissingRecords;
    const TimeWindow trace = result_.trace;
    // Where a missing record would be: between its present neighbours (the
    // trace edges when it has none). A lost-record gap there explains it.
    for (size_t k = 0; k < DiskRecordCount; ++k) {
        if (r.has(k))
            continue;
        uint64_t lo = trace.t0, hi = trace.t1;
        for (size_t j = k; j-- > 0;)
            if (r.has(j)) {
                lo = result_.tsc(r, j);
                break;
            }
        for (size_t j = k + 1; j < DiskRecordCount; ++j)
            if (r.has(j)) {
                hi = result_.tsc(r, j);
                break;
            }
        for (const auto& g : result_.lostGaps)
            if (g.t0 <= hi && g.t1 >= lo)
                return DiskBreak::LostRecords;
    }
    const unsigned low = static_cast<unsigned>(std::countr_zero(r.present));
    const unsigned high = 7u - static_cast<unsigned>(std::countl_zero(r.present));
    const unsigned span = ((1u << (high + 1)) - 1) & ~((1u << low) - 1);
    const bool interior = (missing & span) != 0;
    const bool leading = low > 0, trailing = high < 7;
    if (interior || (leading && trailing))
        return DiskBreak::MissingRecords;
    return leading ? DiskBreak::TraceStart : DiskBreak::TraceEnd;
}

void DiskProbe::finish(const TraceSpan& span) {
    result_.trace = span.window;
    const uint64_t t1 = span.window.t1;
    for (uint32_t slot = 0; slot < active_.size(); ++slot)
        if (active_[slot].present != 0)
            retire(slot, DiskBreak::None, 0, 0, t1);
    for (auto& r : result_.requests)
        if (r.broken == DiskBreak::None)
            r.broken = classify(r);

    // Series by (domain, device); requests follow.
    std::vector<uint16_t> perm(series_.size());
    std::iota(perm.begin(), perm.end(), uint16_t{0});
    std::sort(perm.begin(), perm.end(), [&](uint16_t a, uint16_t b) {
        return series_[a].domain != series_[b].domain ? series_[a].domain < series_[b].domain
                                                      : series_[a].device < series_[b].device;
    });
    std::vector<uint16_t> rank(series_.size());
    result_.series.clear();
    for (size_t i = 0; i < perm.size(); ++i) {
        PendingSeries& p = series_[perm[i]];
        rank[perm[i]] = static_cast<uint16_t>(i);
        DiskSeries s;
        s.domain = p.domain;
        s.device = p.device;
        for (size_t k = 0; k < DiskStageCount; ++k) {
            auto& c = p.changes[k];
            // Entering before leaving at one (tsc, key): only zero-length stays share one.
            std::sort(c.begin(), c.end(), [](const Change& x, const Change& y) {
                if (x.tsc != y.tsc)
                    return x.tsc < y.tsc;
                if (x.key != y.key)
                    return x.key < y.key;
                return x.delta > y.delta;
            });
            auto& pts = s.stages[k].points;
            pts.reserve(c.size());
            int64_t depth = 0;
            for (const auto& ch : c) {
                depth += ch.delta;
                pts.push_back({ch.tsc, static_cast<uint32_t>(std::max<int64_t>(depth, 0)), ch.key});
            }
            std::vector<Change>().swap(c);
        }
        result_.series.push_back(std::move(s));
    }
    series_.clear();
    for (auto& r : result_.requests)
        r.series = rank[r.series];
    std::stable_sort(result_.requests.begin(), result_.requests.end(),
                     [](const DiskRequest& a, const DiskRequest& b) {
                         if (a.base != b.base)
                             return a.base < b.base;
                         return a.series != b.series ? a.series < b.series : a.id < b.id;
                     });
    active_.clear();
    free_.clear();
}

} // namespace xenoscope::core
