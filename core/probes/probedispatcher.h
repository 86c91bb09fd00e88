#pragma once
// The single sink of an analysis pass: hands each record to the probes that
// asked for its event id, so one reader pass runs every probe. Dispatch is a
// two-level table indexed by event id (upper 12 bits pick a page, lower 16
// bits a slot) whose slot names a handler list; an id nobody wants costs one
// table lookup and no call. Class subscriptions are expanded lazily the
// first time an id shows up. Wrap-buffer fillers are dropped here.
//
// Two lanes (SplitSink): handlers of per-pCPU probes (Probe::order()) run as
// the reader walks the chunks; the others run on the records merged into
// time order, and only ids they subscribe to are merged. Each lane has its
// own table, so the lanes may be fed from two threads. As a plain
// RecordSink, both lanes run on one time-ordered stream. With the lanes on a
// worker (LaneThread), independent probes (Probe::independent()) run on the
// reader's thread from a third table (ReaderSide).

#include "core/probes/probe.h"
#include "core/probes/tracespan.h"
#include "core/reader/lanethread.h"
#include "core/reader/recordsink.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <type_traits>
#include <vector>

namespace xenoscope::core {

class ProbeDispatcher final : public RecordSink, public SplitSink, public ReaderSide {
public:
    using Handler = void (*)(void* self, const Record& record, const Owner& owner);

    ProbeDispatcher();
    ~ProbeDispatcher() override;
    ProbeDispatcher(const ProbeDispatcher&) = delete;
    ProbeDispatcher& operator=(const ProbeDispatcher&) = delete;

    // Attaches a probe (not owned; it must outlive the dispatcher's use).
    // Add producers before the probes that subscribe to their topics, so
    // finish() closes producers first.
    void add(Probe& probe);

    // (probe->*Method)(record, owner) for every record with this event id.
    template <auto Method, class P> void on(uint32_t id, P* probe) {
        subscribe(Subscription{id & IdMask, IdMask, thunk<Method, P>(), probe, laneOf(probe)});
    }
    // ... for every id with (id & mask) == value, e.g. a class:
    // onMatching(ev::ClassMask, 0x00080000) for all HVM records.
    template <auto Method, class P> void onMatching(uint32_t mask, uint32_t value, P* probe) {
        subscribe(Subscription{value & mask, mask, thunk<Method, P>(), probe, laneOf(probe)});
    }
    // ... for every record.
    template <auto Method, class P> void onAll(P* probe) { onMatching<Method>(0, 0, probe); }

    // Forwards the reader's layout to every probe (optional; call before
    // the first record).
    void begin(const ChunkTable& table);
    // One stream in time order: both lanes.
    void onRecord(const Record& record, const Owner& owner) override;
    // The per-pCPU lane (also keeps the span); true when time-ordered
    // handlers want the record too.
    bool onPcpuRecord(const Record& record, const Owner& owner) override;
    // The time-ordered lane.
    void onOrderedRecord(const Record& record, const Owner& owner) override;
    // When a LaneThread takes the lanes to a worker: from then on
    // independent probes run in onReaderThread(), not in onPcpuRecord(), and
    // so does the span's bookkeeping.
    void splitOff() override;
    // The reader's thread's share (see above), and where else the record goes.
    Wants onReaderThread(const Record& record, const Owner& owner) override;
    // Closes the pass: every probe's finish(), in the order they were added.
    const TraceSpan& finish();

    const TraceSpan& span() const { return span_; }

private:
    static constexpr uint32_t IdMask = 0x0fffffff;
    static constexpr uint32_t PageCount = 1u << 12;
    static constexpr uint32_t Unresolved = 0;
    static constexpr uint32_t Nobody = 1; // ranges[1]: the empty list
    // ReaderLane: independent probes' handlers, run from onReaderThread()
    // once the lanes are apart (until then they belong to PcpuLane).
    enum Lane : uint8_t { PcpuLane = 0, TimeLane = 1, ReaderLane = 2 };

    struct Subscription {
        uint32_t value;
        uint32_t mask;
        Handler fn;
        void* self;
        Lane lane;
    };
    struct Entry {
        Handler fn;
        void* self;
    };
    struct Range {
        uint32_t begin = 0;
        uint32_t count = 0;
        bool timeLaneToo = false; // the per-pCPU lane's answer to "merge it?"
        bool workerToo = false;   // ReaderLane: per-pCPU handlers on the worker want it
    };
    using Page = std::array<uint32_t, 0x10000>; // index into ranges, or Unresolved

    // One lane's handler lists by event id, filled in as ids show up.
    struct Table {
        std::vector<std::unique_ptr<Page>> pages;
        std::vector<Range> ranges;
        std::vector<Entry> entries;
        void clear();
        const Range& range(uint32_t id, const ProbeDispatcher& d, Lane lane) {
            const auto& page = pages[(id >> 16) & (PageCount - 1)];
            const uint32_t index = page ? (*page)[id & 0xffff] : Unresolved;
            return ranges[index != Unresolved ? index : resolve(id, d, lane)];
        }
        uint32_t resolve(uint32_t id, const ProbeDispatcher& d, Lane lane);
    };

    template <auto Method, class P> static Handler thunk() {
        return [](void* self, const Record& r, const Owner& o) {
            (static_cast<P*>(self)->*Method)(r, o);
        };
    }
    template <class P> static Lane laneOf(const P* p) {
        if constexpr (std::is_base_of_v<Probe, P>)
            return p->order() != ProbeOrder::PerPcpu ? TimeLane
                   : p->independent()                ? ReaderLane
                                                     : PcpuLane;
        else
            return TimeLane;
    }
    // Whether a subscription of `subscribed` runs from `table`'s handler lists.
    bool runsIn(Lane subscribed, Lane table) const {
        return subscribed == table || (table == PcpuLane && subscribed == ReaderLane && !apart_);
    }
    static void run(const Table& table, const Range& range, const Record& r, const Owner& o) {
        for (uint32_t i = 0; i < range.count; ++i) {
            const Entry& e = table.entries[range.begin + i];
            e.fn(e.self, r, o);
        }
    }

    void subscribe(const Subscription& s);
    void noteSpan(const Record& r) {
        if (span_.empty) {
            span_.window = {r.tsc, r.tsc};
            span_.empty = false;
        } else {
            span_.window.t0 = std::min(span_.window.t0, r.tsc);
            span_.window.t1 = std::max(span_.window.t1, r.tsc);
        }
        ++span_.records;
        if (r.pcpu >= pcpuSeen_.size() || !pcpuSeen_[r.pcpu])
            notePcpu(r.pcpu);
    }
    void notePcpu(uint16_t pcpu);

    std::vector<Probe*> probes_;
    std::vector<Subscription> subscriptions_;
    std::array<Table, 3> lanes_;
    bool apart_ = false; // splitOff()
    std::vector<uint8_t> pcpuSeen_;
    TraceSpan span_;
};

} // namespace xenoscope::core
