#pragma once
// TimeScale: the mapping between TSC cycles and pixels for one frame of the
// timeline, and the ruler's ticks and labels. A value type: the view makes a
// new one per frame, the renderer, the hit tests and the exports share it.
// Labels pick their unit (ns, µs, ms, s) from the tick spacing, so a ruler
// never shows "0.000001 s" nor "1000000 ns".

#include <QString>

#include <cstdint>
#include <vector>

namespace xenoscope::widgets {

class TimeScale {
public:
    struct Tick {
        uint64_t tsc = 0;
        double x = 0;
        bool major = false;
    };

    TimeScale() = default;
    // [start, start + length) of the trace drawn over [left, left + width) pixels.
    TimeScale(uint64_t start, uint64_t length, double left, double width, double tscHz,
              uint64_t traceStart);

    uint64_t start() const { return start_; }
    uint64_t length() const { return length_; }
    uint64_t end() const { return start_ + length_; }
    double left() const { return left_; }
    double width() const { return width_; }
    double tscHz() const { return hz_; }
    uint64_t traceStart() const { return traceStart_; }

    // Inline: the renderer calls it twice per span, tens of thousands of times a frame.
    double xForTime(uint64_t tsc) const {
        // Differences first: TSCs near 2^50 lose cycles as doubles, offsets do not.
        const double dt =
            tsc >= start_ ? static_cast<double>(tsc - start_) : -static_cast<double>(start_ - tsc);
        return left_ + dt * width_ / static_cast<double>(length_);
    }
    // Clamped to the visible range.
    uint64_t timeForX(double x) const;
    double cyclesPerPixel() const;
    double seconds(uint64_t cycles) const;

    // Major ticks at least `minMajorPx` apart, on 1-2-5 steps of seconds,
    // aligned to the trace start (relative) or to TSC 0 (absolute), with
    // unlabelled minor ticks between them.
    std::vector<Tick> ticks(double minMajorPx, bool absolute) const;
    // The spacing of those major ticks, in seconds.
    double majorStep(double minMajorPx) const;
    // A tick label: the time since the trace start (or since TSC 0) with the
    // unit and digits the step needs.
    QString label(uint64_t tsc, double step, bool absolute) const;

    // "12.5 ms", "830 ns", "1.250 s": a duration with an adaptive unit and
    // `significant` significant digits.
    static QString formatDuration(double seconds, int significant = 4);

private:
    uint64_t start_ = 0;
    uint64_t length_ = 1;
    double left_ = 0;
    double width_ = 1;
    double hz_ = 1e9;
    uint64_t traceStart_ = 0;
};

} // namespace xenoscope::widgets
