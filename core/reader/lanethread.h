#pragma once
// Runs both lanes of a SplitSink on a worker thread, so a split read uses two
// cores: the reader's thread walks, decodes and merges, and runs what a
// ReaderSide says needs nobody else's state (counts, rates); the worker runs
// the rest. Records cross in batches (a few in flight, recycled, so the
// steady state allocates nothing), both lanes in one FIFO: each lane keeps
// its order. Records no worker consumer wants do not cross at all.

#include "core/reader/recordsink.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace xenoscope::core {

// The part of a sink that runs on the reader's thread while the rest runs on
// a worker: it consumes what it can itself and says where else the record goes.
class ReaderSide {
public:
    struct Wants {
        bool worker = true;   // the worker's per-pCPU lane
        bool ordered = false; // the time-ordered lane (merged, then the worker)
    };
    virtual ~ReaderSide() = default;
    // LaneThread's constructor calls it, before any record: from then on the
    // reader's share goes to onReaderThread(), and the sink's SplitSink side
    // (on the worker) only gets what that passes on.
    virtual void splitOff() {}
    virtual Wants onReaderThread(const Record& record, const Owner& owner) = 0;
};

class LaneThread final : public SplitSink {
public:
    LaneThread(SplitSink& inner, ReaderSide& side);
    ~LaneThread() override; // waits for the worker (finish() first to keep its work)
    LaneThread(const LaneThread&) = delete;
    LaneThread& operator=(const LaneThread&) = delete;

    bool onPcpuRecord(const Record& record, const Owner& owner) override {
        const ReaderSide::Wants wants = side_.onReaderThread(record, owner);
        if (wants.worker)
            add(record, owner, false);
        return wants.ordered;
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
    ReaderSide& side_;
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
