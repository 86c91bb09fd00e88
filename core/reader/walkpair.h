#pragma once
// Two walks of one trace at once (TraceReader::readSplitPair), one per core,
// each feeding its own consumers: cheaper than handing decoded records from
// one thread to the other, which costs more than most consumers do. The pair
// keeps the walks close together, so the mapped pages behind both can be
// given back (peak memory stays about what one walk maps) and the page cache
// serves the second walk what the first has just read. The first walk can
// also hold the second still at a chunk boundary, so the caller can read
// both walks' consumers from the first walk's thread (index snapshots).

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace xenoscope::core {

class TraceFile;

class WalkPair {
public:
    static constexpr int First = 0;
    static constexpr int Second = 1;

    explicit WalkPair(const TraceFile& file)
        : file_(file) {}
    WalkPair(const WalkPair&) = delete;
    WalkPair& operator=(const WalkPair&) = delete;

    // Walk `me` has consumed everything before stream offset `pos`. Cheap
    // unless there is news to publish; waits while `me` is too far ahead of
    // the other walk, and (second walk) while the first holds it.
    void reached(int me, uint64_t pos) {
        if (pos >= nextPublish_[me] ||
            (me == Second && holdWanted_.load(std::memory_order_relaxed)))
            publish(me, pos);
    }
    // Walk `me` starts (before its first record).
    void started(int me);
    // Walk `me` reads no more (done, cancelled or failed).
    void finished(int me);

    // From the first walk's thread: waits until the second walk stands
    // still (or is done) and keeps it so until the Hold is gone.
    class Hold {
    public:
        explicit Hold(WalkPair& pair);
        ~Hold();
        Hold(const Hold&) = delete;
        Hold& operator=(const Hold&) = delete;

    private:
        WalkPair& pair_;
    };

private:
    // How often a walk tells the other where it is, how far ahead of the
    // other it may run, and how often the pages behind both are given back
    // (all in stream bytes).
    static constexpr uint64_t PublishEvery = 1u << 20;
    static constexpr uint64_t MaxLead = 8u << 20;
    static constexpr uint64_t ReleaseEvery = 4u << 20;

    void publish(int me, uint64_t pos);
    // Waits while `me` must: held (second walk) or too far ahead.
    void waitTurn(int me, std::unique_lock<std::mutex>& lock);

    const TraceFile& file_;
    std::mutex mutex_;
    std::condition_variable changed_;
    uint64_t pos_[2] = {0, 0};
    uint64_t nextPublish_[2] = {0, 0}; // each touched only by its own walk
    bool started_[2] = {false, false};
    bool done_[2] = {false, false};
    uint64_t releasedUpTo_ = 0;
    // Also read without the lock, on the second walk's fast path: a stale
    // value only delays parking to its next chunk.
    std::atomic<bool> holdWanted_ = false;
    bool parked_ = false;
};

} // namespace xenoscope::core
