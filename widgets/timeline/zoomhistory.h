#pragma once
// ZoomHistory: the visible ranges the user came from and went back from, as
// a browser keeps pages: a new navigation clears the forward list.

#include "core/probes/timewindow.h"

#include <optional>
#include <vector>

namespace xenoscope::widgets {

class ZoomHistory {
public:
    ZoomHistory();
    ~ZoomHistory();

    // `current` is left for a new range.
    void push(core::TimeWindow current);
    // The range to return to, if any; `current` becomes the way forward.
    std::optional<core::TimeWindow> back(core::TimeWindow current);
    std::optional<core::TimeWindow> forward(core::TimeWindow current);
    bool canGoBack() const { return !back_.empty(); }
    bool canGoForward() const { return !forward_.empty(); }
    void clear();

private:
    static constexpr size_t Limit = 256;
    std::vector<core::TimeWindow> back_;
    std::vector<core::TimeWindow> forward_;
};

} // namespace xenoscope::widgets
