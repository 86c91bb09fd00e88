#pragma once
// Runs both lanes of a SplitSink on a worker thread, so a split read uses two
// cores: the reader's thread walks, decodes and merges; the worker runs every
// consumer. Records cross in batches (a few in flight, recycled, so the steady
// state allocates nothing), both lanes in one FIFO: each lane keeps its order.
// Whether a record is wanted in time order is answered on the reader's thread
// by an OrderedFilter, since the sink itself lives on the worker.

#include "core/reader/recordsink.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace xenoscope::core {

// onPcpuRecord()'s answer for a sink, asked from another thread.
class OrderedFilter {
public:
    virtual ~OrderedFilter() = default;
    virtual bool wantsOrdered(uint32_t event) = 0;
};

class LaneThread final : public SplitSink {
public:
    LaneThread(SplitSink& inner, OrderedFilter& filter);
    ~LaneThread() override; // waits for the worker (finish() first to keep its work)
    LaneThread(const LaneThread&) = delete;
    LaneThread& operator=(const LaneThread&) = delete;

    bool onPcpuRecord(const Record& record, const Owner& owner) override {
        add(record, owner, false);
        return filter_.wantsOrdered(record.event);
    }
    void onOrderedRecord(const Record& record, const Owner& owner) override {
        add(record, owner, true);
    }

    // Returns once the worker has passed on every record given so far and is
    // idle: the sink's state can then be read from this thread (snapshots).
    void sync() { hand(true); }
    // End of input: sync() and stop the worker. Nothing may follow.
    void finish();

private:
    static constexpr size_t BatchRecords = 4096;
    static constexpr size_t InFlight = 8;
    struct Item {
        Record record;
        Owner owner;
        bool ordered;
    };
    using Batch = std::vector<Item>;

    void add(const Record& record, const Owner& owner, bool ordered) {
        batch_.push_back({record, owner, ordered});
        if (batch_.size() >= BatchRecords)
            hand(false);
    }
    void hand(bool wait);
    void work();

    SplitSink& inner_;
    OrderedFilter& filter_;
    Batch batch_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<Batch> full_;
    std::vector<Batch> free_;
    bool busy_ = false; // the worker holds a batch
    bool stop_ = false;
    std::thread worker_;
};

} // namespace xenoscope::core
