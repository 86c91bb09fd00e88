#pragma once
// runOnTwoThreads: a frame's independent jobs (the draw lists of the
// visible tracks, their rows' pixels) on this thread and one pool thread,
// each taking the next job until none is left. One helper because the
// machines this runs on have two cores and the frame needs them at once;
// QtConcurrent::blockingMap ran every job on the calling thread here (Qt
// 6.4), so a frame took as much wall time as CPU time.

#include <QFuture>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>
#include <cstddef>

namespace xenoscope::widgets {

// Calls job(i, thread) for every i in [0, count), thread 0 being this one
// and 1 the helper; all on this thread unless `parallel` (and the pool has
// room for a second thread). Returns when every job is done.
template <typename Job> void runOnTwoThreads(size_t count, bool parallel, const Job& job) {
    if (count < 2 || !parallel || QThreadPool::globalInstance()->maxThreadCount() < 2) {
        for (size_t i = 0; i < count; ++i)
            job(i, 0);
        return;
    }
    std::atomic<size_t> next{0};
    auto drain = [&](int thread) {
        for (size_t i = next++; i < count; i = next++)
            job(i, thread);
    };
    QFuture<void> helper = QtConcurrent::run([&] { drain(1); });
    drain(0);
    helper.waitForFinished();
}

} // namespace xenoscope::widgets
