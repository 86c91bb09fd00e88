#pragma once
// Cooperative cancellation and progress reporting for long passes over a trace.
// The token is shared between the thread that asks and the worker that checks.

#include <atomic>
#include <cstdint>
#include <functional>

namespace xenoscope::core {

class CancelToken {
public:
    void cancel() noexcept { cancelled_.store(true, std::memory_order_relaxed); }
    bool isCancelled() const noexcept { return cancelled_.load(std::memory_order_relaxed); }

private:
    std::atomic<bool> cancelled_{false};
};

// Called with (bytes done, bytes total) of the input file; done never decreases.
using ProgressFn = std::function<void(uint64_t done, uint64_t total)>;

} // namespace xenoscope::core
