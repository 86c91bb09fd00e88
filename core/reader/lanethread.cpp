#include "core/reader/lanethread.h"

namespace xenoscope::core {

LaneThread::LaneThread(SplitSink& inner, ReaderSide& side)
    : inner_(inner)
    , side_(side)
    , worker_([this] { work(); }) {
    side_.splitOff();
    batch_.reserve(BatchRecords);
}

LaneThread::~LaneThread() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    changed_.notify_all();
    if (worker_.joinable())
        worker_.join();
}

void LaneThread::finish() {
    sync();
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    changed_.notify_all();
    worker_.join();
}

void LaneThread::hand(bool wait) {
    std::unique_lock lock(mutex_);
    if (!batch_.empty()) {
        changed_.wait(lock, [&] { return full_.size() < InFlight || stop_; });
        full_.push_back(std::move(batch_));
        if (!free_.empty()) {
            batch_ = std::move(free_.back());
            free_.pop_back();
        } else {
            batch_ = {};
            batch_.reserve(BatchRecords);
        }
        changed_.notify_all();
    }
    if (wait)
        changed_.wait(lock, [&] { return (full_.empty() && !busy_) || stop_; });
}

void LaneThread::work() {
    std::unique_lock lock(mutex_);
    for (;;) {
        changed_.wait(lock, [&] { return !full_.empty() || stop_; });
        if (full_.empty())
            return; // stopped with nothing left
        Batch b = std::move(full_.front());
        full_.pop_front();
        busy_ = true;
        changed_.notify_all(); // room for the producer
        lock.unlock();
        for (const Item& item : b)
            if (item.ordered)
                inner_.onOrderedRecord(item.record, item.owner);
            else
                inner_.onPcpuRecord(item.record, item.owner);
        b.clear();
        lock.lock();
        busy_ = false;
        if (free_.size() < InFlight)
            free_.push_back(std::move(b));
        changed_.notify_all(); // sync() may be waiting for idle
    }
}

} // namespace xenoscope::core
