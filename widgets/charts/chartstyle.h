#pragma once
// ChartStyle: the look every analysis chart shares — theme, fonts, margins,
// legend placement — and the choices they make alike: the time unit of an
// axis for a window, a "nice" bucket width for a plot width, stage and pCPU
// colours next to the timeline's domain palette.

#include "core/probes/timewindow.h"

#include <QColor>
#include <QString>

#include <cstdint>

class QChart;
class QValueAxis;

namespace xenoscope::widgets {

class ChartStyle {
public:
    // A unit for times since the trace start: seconds per unit and its name.
    struct TimeUnit {
        double seconds = 1.0;
        QString suffix;
    };

    static void apply(QChart* chart);
    // The unit that keeps axis labels short for a span of `seconds`.
    static TimeUnit unitFor(double seconds);
    // An x axis for [window] shown relative to `origin` (the trace start).
    static void setTimeAxisRange(QValueAxis* axis, core::TimeWindow window, uint64_t origin,
                                 double tscHz, const TimeUnit& unit);
    // The bucket width (cycles) for about one point per `pxPerPoint` pixels
    // over `widthPx`, rounded up to 1, 2 or 5 x 10^k nanoseconds; never
    // more than two points per pixel.
    static uint64_t bucketFor(core::TimeWindow window, double tscHz, int widthPx,
                              int pxPerPoint = 4);
    // "2 ms", "500 µs"...
    static QString duration(double seconds);
    static QColor stageColor(size_t stage);
    // Distinct, quiet hues for n pCPUs (not the domain palette: a pCPU is no domain).
    static QColor pcpuColor(size_t i, size_t n);
};

} // namespace xenoscope::widgets
