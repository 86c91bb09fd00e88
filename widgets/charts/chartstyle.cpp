#include "widgets/charts/chartstyle.h"

#include "core/util/timebase.h"
#include "widgets/timeline/timescale.h"

#include <QChart>
#include <QFont>
#include <QLegend>
#include <QValueAxis>

#include <array>
#include <cmath>

namespace xenoscope::widgets {

void ChartStyle::apply(QChart* chart) {
    chart->setTheme(QChart::ChartThemeLight);
    // Animations replay on every recomputation while panning: distracting, and slow.
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setBackgroundRoundness(0);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->legend()->setAlignment(Qt::AlignBottom);
    QFont small = chart->legend()->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    chart->legend()->setFont(small);
    QFont title = chart->titleFont();
    title.setBold(true);
    chart->setTitleFont(title);
}

ChartStyle::TimeUnit ChartStyle::unitFor(double seconds) {
    if (seconds >= 2.0)
        return {1.0, QStringLiteral("s")};
    if (seconds >= 2e-3)
        return {1e-3, QStringLiteral("ms")};
    if (seconds >= 2e-6)
        return {1e-6, QStringLiteral("µs")};
    return {1e-9, QStringLiteral("ns")};
}

void ChartStyle::setTimeAxisRange(QValueAxis* axis, core::TimeWindow window, uint64_t origin,
                                  double tscHz, const TimeUnit& unit) {
    const double hz = tscHz > 0 ? tscHz : 1e9;
    const auto at = [&](uint64_t t) {
        const double s = t >= origin ? static_cast<double>(t - origin) / hz
                                     : -static_cast<double>(origin - t) / hz;
        return s / unit.seconds;
    };
    const double lo = at(window.t0), hi = at(window.t1);
    axis->setRange(lo, hi);
    axis->setTitleText(QObject::tr("Time since trace start (%1)").arg(unit.suffix));
    // Ticks at round values (1, 2 or 5 x 10^k units) whatever the window's
    // edges, so labels read "75", not "74.99".
    const double raw = (hi - lo) / 6;
    if (raw > 0) {
        const double decade = std::pow(10.0, std::floor(std::log10(raw)));
        double step = decade;
        for (const double m : {1.0, 2.0, 5.0, 10.0})
            if (m * decade >= raw) {
                step = m * decade;
                break;
            }
        axis->setTickType(QValueAxis::TicksDynamic);
        axis->setTickAnchor(std::ceil(lo / step) * step);
        axis->setTickInterval(step);
    }
    axis->setLabelFormat(QStringLiteral("%.6g"));
}

uint64_t ChartStyle::bucketFor(core::TimeWindow window, double tscHz, int widthPx, int pxPerPoint) {
    const double hz = tscHz > 0 ? tscHz : 1e9;
    const int points = std::max(1, widthPx / std::max(1, pxPerPoint));
    const double perPoint = static_cast<double>(window.length()) / points / hz * 1e9; // ns
    double nice = 1;
    for (double decade = 1; decade < 1e13; decade *= 10) {
        bool found = false;
        for (const double m : {1.0, 2.0, 5.0})
            if (m * decade >= perPoint) {
                nice = m * decade;
                found = true;
                break;
            }
        if (found)
            break;
    }
    uint64_t cycles = std::max<uint64_t>(1, core::TimeBase{0, hz}.cyclesFromNs(nice));
    // Never more than two points per pixel, whatever the rounding did.
    const uint64_t floor = window.length() / static_cast<uint64_t>(2 * std::max(1, widthPx));
    return std::max(cycles, floor);
}

QString ChartStyle::duration(double seconds) {
    return TimeScale::formatDuration(seconds, 3);
}

QColor ChartStyle::stageColor(size_t stage) {
    // Okabe-Ito order, from the guest's queue to its completion.
    static const std::array<QColor, 8> colors{QColor(0xe6, 0x9f, 0x00), QColor(0x56, 0xb4, 0xe9),
                                              QColor(0x00, 0x9e, 0x73), QColor(0xd5, 0x5e, 0x00),
                                              QColor(0x00, 0x72, 0xb2), QColor(0xcc, 0x79, 0xa7),
                                              QColor(0x6b, 0x6b, 0x6b), QColor(0xf0, 0xe4, 0x42)};
    return colors[stage % colors.size()];
}

QColor ChartStyle::pcpuColor(size_t i, size_t n) {
    // Blues to teals, alternating light and dark so neighbours stay apart.
    const double f = n > 1 ? static_cast<double>(i) / static_cast<double>(n - 1) : 0.0;
    const int hue = static_cast<int>(200 + 60 * f);
    const int lightness = (i % 2) ? 150 : 110;
    return QColor::fromHsl(hue % 360, 120, lightness);
}

} // namespace xenoscope::widgets
