#pragma once
// runOnTwoThreads: independent jobs on this thread and one helper, each
// taking the next job until none is left. For work done once both cores are
// free (after a pass's walks, before a view is shown), where a pool would
// be more machinery than the one std::thread it saves.

#include <atomic>
#include <cstddef>
#include <thread>

namespace xenoscope::core {

// Calls job(i) once for every i in [0, count), on two threads unless
// `parallel` is false or there is at most one job. Returns when all are done.
template <class Job> void runOnTwoThreads(size_t count, bool parallel, const Job& job) {
    if (!parallel || count < 2) {
        for (size_t i = 0; i < count; ++i)
            job(i);
        return;
    }
    std::atomic<size_t> next{0};
    auto drain = [&] {
        for (size_t i = next++; i < count; i = next++)
            job(i);
    };
    std::thread helper(drain);
    drain();
    helper.join();
}

} // namespace xenoscope::core
