#include "widgets/tables/recordwalk.h"

#include <algorithm>

namespace xenoscope::widgets {

bool RecordWalk::run(const core::TraceIndex& index, core::TimeWindow window, const Visit& visit,
                     const std::function<bool()>& cancelled) {
    if (window.t1 < window.t0)
        return true;
    const auto estimate = [&](uint64_t a, uint64_t b) {
        return index.eventCounts(a, b, false).total;
    };
    const uint64_t total = estimate(window.t0, window.t1);
    const uint64_t span = window.t1 - window.t0;
    uint64_t width =
        total > SliceRecords ? std::max<uint64_t>(1, span / (total / SliceRecords + 1)) : span + 1;
    uint64_t t = window.t0;
    for (;;) {
        if (cancelled && cancelled())
            return false;
        uint64_t end = window.t1 - t < width ? window.t1 : t + width - 1;
        // Bursts: halve the slice until the counters say it fits.
        uint64_t n = estimate(t, end);
        while (end > t && n > 2 * SliceRecords) {
            end = t + (end - t) / 2;
            n = estimate(t, end);
        }
        bool stop = false;
        const bool ok =
            index.forEachRecord(t, end, [&](const core::Record& r, const core::Owner& o) {
                if (!stop && !visit(r, o))
                    stop = true;
            });
        if (!ok)
            return false;
        if (stop || end >= window.t1)
            return true;
        width = end - t + 1;
        if (n < SliceRecords / 2)
            width = width > UINT64_MAX / 2 ? width : 2 * width;
        t = end + 1;
    }
}

} // namespace xenoscope::widgets
