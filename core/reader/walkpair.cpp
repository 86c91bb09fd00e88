#include "core/reader/walkpair.h"

#include "core/io/tracefile.h"

#include <algorithm>

namespace xenoscope::core {

void WalkPair::publish(int me, uint64_t pos) {
    std::unique_lock lock(mutex_);
    pos_[me] = pos;
    nextPublish_[me] = pos + PublishEvery;
    // Finer steps than a lone walk's (TraceFile::releaseBehind): with the
    // lead, what stays mapped is at most MaxLead + ReleaseEvery.
    const uint64_t behind = std::min(pos_[0], pos_[1]);
    if (behind >= releasedUpTo_ + ReleaseEvery) {
        file_.releaseMapped(releasedUpTo_, behind);
        releasedUpTo_ = behind;
    }
    changed_.notify_all();
    waitTurn(me, lock);
}

void WalkPair::started(int me) {
    std::unique_lock lock(mutex_);
    started_[me] = true;
    waitTurn(me, lock);
}

void WalkPair::waitTurn(int me, std::unique_lock<std::mutex>& lock) {
    const int other = 1 - me;
    for (;;) {
        if (me == Second && holdWanted_.load(std::memory_order_relaxed)) {
            parked_ = true;
            changed_.notify_all();
            changed_.wait(lock, [&] { return !holdWanted_.load(std::memory_order_relaxed); });
            parked_ = false;
            continue;
        }
        // The first walk never waits for a held second one: Hold comes from
        // the first walk's own thread, so it cannot be waiting here.
        if (!done_[other] && pos_[me] > pos_[other] + MaxLead) {
            changed_.wait(lock);
            continue;
        }
        return;
    }
}

void WalkPair::finished(int me) {
    std::lock_guard lock(mutex_);
    done_[me] = true;
    pos_[me] = UINT64_MAX;
    changed_.notify_all();
}

WalkPair::Hold::Hold(WalkPair& pair)
    : pair_(pair) {
    std::unique_lock lock(pair_.mutex_);
    pair_.holdWanted_ = true;
    pair_.changed_.notify_all(); // it may be waiting for the first walk to catch up
    // A second walk not started yet parks as it starts.
    pair_.changed_.wait(
        lock, [&] { return pair_.parked_ || !pair_.started_[Second] || pair_.done_[Second]; });
}

WalkPair::Hold::~Hold() {
    std::lock_guard lock(pair_.mutex_);
    pair_.holdWanted_ = false;
    pair_.changed_.notify_all();
}

} // namespace xenoscope::core
