#pragma once
// The single sink of an analysis pass: hands each record to the probes that
// asked for its event id, so one reader pass runs every probe. Dispatch is a
// small hash table from event id to handler list; an id nobody wants costs
// one lookup and no call. Class subscriptions are expanded lazily the
// first time an id shows up. Wrap-buffer fillers are dropped here.
//
// Two lanes (SplitSink): handlers of per-pCPU probes (Probe::order()) run as
// the reader walks the chunks; the others run on the records merged into
// time order, and only ids they subscribe to are merged. Each lane has its
// own table. As a plain RecordSink, both lanes run on one time-ordered
// stream. On two threads the probes are split between two walks of the file
// (splitWalks()), each walk with tables of its own.
//
// The dispatcher also counts every record it sees (counts()): by id in the
// slot of its table it looks up anyway, by pCPU and by owner's domain. The
// event statistics of the whole trace so cost no handler call per record
// (a handler on every record of a 700 MB trace cost 0.3-0.5 s of CPU).

#include "core/probes/eventstats.h"
#include "core/probes/probe.h"
#include "core/probes/tracespan.h"
#include "core/reader/recordsink.h"
#include "core/util/idtable.h"

#include <array>
#include <cstdint>
#include <type_traits>
#include <vector>

namespace xenoscope::core {

class ProbeDispatcher final : public RecordSink, public SplitSink {
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
    // Two walks of the file at once (TraceReader::readSplitPair), call
    // before the first record: the per-pCPU probes that are not independent
    // (those linked by topics, e.g. occupancy -> HVM spans) run on one walk
    // (pcpuWalk()); everything else runs on the other (restWalk()): the
    // independent probes, the time-ordered lane and the span. Topics link
    // probes of one order only (probe.h), so no state is shared between walks.
    void splitWalks();
    class PcpuWalk;
    class RestWalk;
    PcpuWalk& pcpuWalk() { return pcpuWalk_; }
    RestWalk& restWalk() { return restWalk_; }

    // Closes the pass: every probe's finish(), in the order they were added.
    const TraceSpan& finish();

    // The event statistics of every record dispatched (wrap fillers
    // excluded), over the trace's window; complete when finish() calls the
    // probes' finish().
    const EventStats& counts() const { return counts_; }
    // The records counted so far, by id (ascending): read it where the walks
    // stand still (counts() has them all once the pass is finished).
    EventTally::IdCounts idCounts() const;

private:
    static constexpr uint32_t IdMask = 0x0fffffff;

    // RestLane: independent probes' handlers, on the rest walk once the
    // walks are split (until then they run in PcpuLane's lists).
    enum Lane : uint8_t { PcpuLane = 0, TimeLane = 1, RestLane = 2 };

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
    // An id's handler list: entries[begin, begin + count).
    struct Range {
        uint32_t begin = 0;
        uint16_t count = 0;
        bool timeLaneToo = false; // the per-pCPU lane's answer to "merge it?"
        uint64_t records = 0;     // records of this id counted (counts())
    };

    // One lane's handler lists by event id, filled in as ids show up (an
    // IdTable: the lookup every record makes stays in cache).
    struct Table {
        IdTable<Range> ranges;
        std::vector<Entry> entries;

        void clear();
        Range& range(uint32_t id, const ProbeDispatcher& d, Lane lane) {
            Range* r = ranges.find(id);
            return r ? *r : resolve(id, d, lane);
        }
        Range& resolve(uint32_t id, const ProbeDispatcher& d, Lane lane);
    };
    template <auto Method, class P> static Handler thunk() {
        return [](void* self, const Record& r, const Owner& o) {
            (static_cast<P*>(self)->*Method)(r, o);
        };
    }
    template <class P> static Lane laneOf(const P* p) {
        if constexpr (std::is_base_of_v<Probe, P>)
            return p->order() != ProbeOrder::PerPcpu ? TimeLane
                   : p->independent()                ? RestLane
                                                     : PcpuLane;
        else
            return TimeLane;
    }
    // Whether a subscription of `subscribed` runs from `table`'s handler lists.
    bool runsIn(Lane subscribed, Lane table) const {
        return subscribed == table || (table == PcpuLane && subscribed == RestLane && !split_);
    }
    static void run(const Table& table, const Range& range, const Record& r, const Owner& o) {
        for (uint32_t i = 0; i < range.count; ++i) {
            const Entry& e = table.entries[range.begin + i];
            e.fn(e.self, r, o);
        }
    }

    void subscribe(const Subscription& s);

public:
    // The two walks' sinks (splitWalks()), final: the reader's walk is
    // compiled for them and inlines their per-record calls.
    class PcpuWalk final : public SplitSink {
    public:
        explicit PcpuWalk(ProbeDispatcher& d)
            : d_(d) {}
        bool onPcpuRecord(const Record& r, const Owner& o) override {
            if (r.event != ev::WrapBuffer) {
                Table& t = d_.lanes_[PcpuLane];
                run(t, t.range(r.event, d_, PcpuLane), r, o);
            }
            return false;
        }
        void onOrderedRecord(const Record&, const Owner&) override {}

    private:
        ProbeDispatcher& d_;
    };
    class RestWalk final : public SplitSink {
    public:
        explicit RestWalk(ProbeDispatcher& d)
            : d_(d) {}
        bool onPcpuRecord(const Record& r, const Owner& o) override {
            if (r.event == ev::WrapBuffer)
                return false;
            d_.span_.note(r.tsc, r.pcpu, o);
            Table& t = d_.lanes_[RestLane];
            Range& range = t.range(r.event, d_, RestLane);
            ++range.records;
            run(t, range, r, o);
            return range.timeLaneToo;
        }
        void onOrderedRecord(const Record& r, const Owner& o) override { d_.onOrderedRecord(r, o); }

    private:
        ProbeDispatcher& d_;
    };

private:
    std::vector<Probe*> probes_;
    std::vector<Subscription> subscriptions_;
    std::array<Table, 3> lanes_;
    bool split_ = false; // splitWalks()
    // The rest walk writes the span on every record while the per-pCPU
    // walk reads the fields around it: the span gets cache lines of its own
    // (two 64-byte lines, for the adjacent-line prefetcher), or every write
    // would steal the other core's line (with a span on each walk, sharing
    // a line made both walks slower than one).
    alignas(128) SpanTracker span_;
    EventStats counts_;
    alignas(128) PcpuWalk pcpuWalk_{*this};
    RestWalk restWalk_{*this};
};

} // namespace xenoscope::core
