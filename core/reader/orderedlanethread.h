#pragma once
// Runs the time-ordered lane of a SplitSink on a second thread, so a split
// read uses both cores: the reader's thread walks, decodes and runs the
// per-pCPU lane; the records wanted in time order cross over in batches (a
// few in flight, recycled, so the steady state allocates nothing).

#include "core/reader/recordsink.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace xenoscope::core {

class OrderedLaneThread final : public SplitSink {
public:
    explicit OrderedLaneThread(SplitSink& inner);
    ~OrderedLaneThread() override; // waits for the worker (finish() first to keep its work)
    OrderedLaneThread(const OrderedLaneThread&) = delete;
    OrderedLaneThread& operator=(const OrderedLaneThread&) = delete;

    bool onPcpuRecord(const Record& record, const Owner& owner) override {
        return inner_.onPcpuRecord(record, owner);
    }
    void onOrderedRecord(const Record& record, const Owner& owner) override {
        batch_.push_back({record, owner});
        if (batch_.size() >= BatchRecords)
            hand(false);
    }

    // Returns once the worker has passed on every record given so far and is
    // idle: both lanes' state can then be read from this thread (snapshots).
    void sync() { hand(true); }
    // End of input: sync() and stop the worker. Nothing may follow.
    void finish();

private:
    static constexpr size_t BatchRecords = 4096;
    static constexpr size_t InFlight = 8;
    struct Item {
        Record record;
        Owner owner;
    };
    using Batch = std::vector<Item>;

    void hand(bool wait);
    void work();

    SplitSink& inner_;
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
