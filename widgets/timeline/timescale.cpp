#include "widgets/timeline/timescale.h"

#include <QCoreApplication>
#include <QLocale>

#include <algorithm>
#include <cmath>

namespace xenoscope::widgets {

namespace {

struct Unit {
    double seconds;
    const char* name;
};

// Largest unit not above `s` (ns for anything smaller).
Unit unitFor(double s) {
    if (s >= 1.0)
        return {1.0, "s"};
    if (s >= 1e-3)
        return {1e-3, "ms"};
    if (s >= 1e-6)
        return {1e-6, "µs"};
    return {1e-9, "ns"};
}

} // namespace

TimeScale::TimeScale(uint64_t start, uint64_t length, double left, double width, double tscHz,
                     uint64_t traceStart)
    : start_(start)
    , length_(std::max<uint64_t>(length, 1))
    , left_(left)
    , width_(std::max(width, 1.0))
    , hz_(tscHz > 0 ? tscHz : 1e9)
    , traceStart_(traceStart) {}

uint64_t TimeScale::timeForX(double x) const {
    const double f = std::clamp((x - left_) / width_, 0.0, 1.0);
    return start_ + static_cast<uint64_t>(std::llround(f * static_cast<double>(length_)));
}

double TimeScale::cyclesPerPixel() const {
    return static_cast<double>(length_) / width_;
}

double TimeScale::seconds(uint64_t cycles) const {
    return static_cast<double>(cycles) / hz_;
}

double TimeScale::majorStep(double minMajorPx) const {
    const double secondsPerPx = cyclesPerPixel() / hz_;
    const double wanted = std::max(secondsPerPx * minMajorPx, 1e-9);
    const double decade = std::pow(10.0, std::floor(std::log10(wanted)));
    for (const double m : {1.0, 2.0, 5.0, 10.0})
        if (m * decade >= wanted)
            return m * decade;
    return 10.0 * decade;
}

std::vector<TimeScale::Tick> TimeScale::ticks(double minMajorPx, bool absolute) const {
    std::vector<Tick> out;
    const double step = majorStep(minMajorPx);
    // Five minor ticks per 1- or 5-step, four per 2-step: they land on round values.
    const double mantissa = step / std::pow(10.0, std::floor(std::log10(step) + 1e-9));
    const int minorPerMajor = std::lround(mantissa) == 2 ? 4 : 5;
    const double minor = step / minorPerMajor;
    const double minorCycles = minor * hz_;
    if (minorCycles <= 0)
        return out;
    const uint64_t origin = absolute ? 0 : traceStart_;
    // Times before the origin (possible only in absolute mode when TSC 0 is
    // the origin — never) are clamped: ticks count up from the origin.
    const double firstOffset = start_ > origin ? static_cast<double>(start_ - origin) : 0.0;
    auto k = static_cast<int64_t>(std::ceil(firstOffset / minorCycles));
    for (;; ++k) {
        const double offset = static_cast<double>(k) * minorCycles;
        const uint64_t tsc = origin + static_cast<uint64_t>(std::llround(offset));
        if (tsc > end())
            break;
        if (tsc < start_)
            continue;
        out.push_back({tsc, xForTime(tsc), k % minorPerMajor == 0});
        if (out.size() > 4096) // a degenerate scale: never loop forever
            break;
    }
    return out;
}

QString TimeScale::label(uint64_t tsc, double step, bool absolute) const {
    const uint64_t origin = absolute ? 0 : traceStart_;
    const double s = tsc >= origin ? static_cast<double>(tsc - origin) / hz_
                                   : -static_cast<double>(origin - tsc) / hz_;
    if (absolute) {
        // Seconds since boot, with as many decimals as the step needs.
        const int decimals =
            std::clamp(static_cast<int>(std::ceil(-std::log10(step) - 1e-9)), 0, 9);
        return QStringLiteral("%1 s").arg(s, 0, 'f', decimals);
    }
    // The unit of the step, so neighbouring labels differ in their last digits.
    const Unit u = unitFor(step);
    const double inUnit = step / u.seconds;
    const int decimals = std::clamp(static_cast<int>(std::ceil(-std::log10(inUnit) - 1e-9)), 0, 6);
    return QStringLiteral("%1 %2")
        .arg(s / u.seconds, 0, 'f', decimals)
        .arg(QString::fromUtf8(u.name));
}

QString TimeScale::formatDuration(double seconds, int significant) {
    const double a = std::abs(seconds);
    if (a == 0)
        return QStringLiteral("0 s");
    const Unit u = unitFor(a);
    const double v = seconds / u.seconds;
    const int intDigits = static_cast<int>(std::floor(std::log10(std::abs(v)))) + 1;
    const int decimals = std::clamp(significant - intDigits, 0, 6);
    return QStringLiteral("%1 %2").arg(v, 0, 'f', decimals).arg(QString::fromUtf8(u.name));
}

} // namespace xenoscope::widgets
