#pragma once
// The one way a window is cut into buckets of W cycles: consecutive buckets
// from window.t0, the last one shorter, one bucket covering the window when W
// is 0. `xenoscope-cli export --bucket` and the viewer's charts both cut
// windows here, so a chart's points are the CSV's rows.

#include "core/probes/timewindow.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace xenoscope::core {

inline std::vector<TimeWindow> bucketWindows(TimeWindow w, uint64_t width) {
    std::vector<TimeWindow> out;
    if (width == 0 || w.length() == 0) {
        out.push_back(w);
        return out;
    }
    for (uint64_t t = w.t0; t < w.t1; t = std::min(t + width, w.t1))
        out.push_back({t, std::min(t + width, w.t1)});
    return out;
}

} // namespace xenoscope::core
