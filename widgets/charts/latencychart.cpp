#include "widgets/charts/latencychart.h"

#include "widgets/charts/chartstyle.h"
#include "widgets/timeline/timelinepalette.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QLegend>
#include <QLocale>
#include <QLogValueAxis>
#include <QScatterSeries>
#include <QSplitter>
#include <QStackedBarSeries>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace xenoscope::widgets {

namespace {

// Wake-ups and preemptions in the runstate hues of the timeline.
QColor wakeColor() {
    return TimelinePalette::stateColor(core::VcpuState::Runnable);
}
QColor preemptColor() {
    return TimelinePalette::stateColor(core::VcpuState::Running);
}

void dropAxes(QChart* chart) {
    chart->removeAllSeries();
    for (QAbstractAxis* axis : chart->axes()) {
        chart->removeAxis(axis);
        delete axis;
    }
}

} // namespace

LatencyChart::LatencyChart(QWidget* parent)
    : AnalysisChart(parent)
    , scatterChart_(new QChart)
    , scatterView_(new QChartView(scatterChart_, this)) {
    setTitle(tr("Scheduling latency"));
    ChartStyle::apply(scatterChart_);
    scatterChart_->legend()->hide();
    scatterView_->setObjectName(QStringLiteral("scatterView"));
    scatterView_->setRenderHint(QPainter::Antialiasing);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->setObjectName(QStringLiteral("latencySplit"));
    split->addWidget(chartView());
    split->addWidget(scatterView_);
    split->setSizes({420, 580});
    body()->addWidget(split);
}

LatencyChart::~LatencyChart() = default;

void LatencyChart::recompute(quint64 generation) {
    run(
        generation, [index = index(), w = window()] { return LatencyData::compute(*index, w); },
        [this](LatencyData d) {
            data_ = std::move(d);
            setBucket(0);
            selected_.clear();
            if (selectedRange_)
                selected_ = data_.inRange(selectedRange_->first, selectedRange_->second);
            rebuild();
        });
}

void LatencyChart::clearChart() {
    data_ = {};
    selected_.clear();
    shown_.clear();
    selectedRange_.reset();
    bars_ = nullptr;
    points_ = highlighted_ = nullptr;
    dropAxes(chart());
    dropAxes(scatterChart_);
}

void LatencyChart::rebuild() {
    dropAxes(chart());
    bars_ = nullptr;
    const double hz = tscHz();
    const auto secs = [hz](uint64_t c) { return static_cast<double>(c) / hz; };

    // Histogram: categories are the log2 buckets, labelled by their lower edge.
    auto* wake = new QBarSet(tr("wake"));
    auto* preempt = new QBarSet(tr("preempt"));
    wake->setColor(wakeColor());
    wake->setBorderColor(wakeColor().darker(120));
    preempt->setColor(preemptColor());
    preempt->setBorderColor(preemptColor().darker(120));
    QStringList categories;
    double top = 0;
    for (size_t b = 0; b < data_.histogram.size(); ++b) {
        const auto& h = data_.histogram[b];
        const uint64_t w = data_.wakeCounts[b];
        *wake << static_cast<double>(w);
        *preempt << static_cast<double>(h.count - w);
        top = std::max(top, static_cast<double>(h.count));
        categories << (h.from == 0 ? QStringLiteral("0") : ChartStyle::duration(secs(h.from)));
    }
    wake->setSelectedColor(TimelinePalette::selectionColor());
    preempt->setSelectedColor(TimelinePalette::selectionColor().lighter(130));
    bars_ = new QStackedBarSeries;
    bars_->append(wake);
    bars_->append(preempt);
    bars_->setBarWidth(0.9);
    connect(wake, &QBarSet::clicked, this, &LatencyChart::selectBar);
    connect(preempt, &QBarSet::clicked, this, &LatencyChart::selectBar);
    chart()->addSeries(bars_);
    auto* xAxis = new QBarCategoryAxis;
    xAxis->append(categories);
    xAxis->setTitleText(tr("Latency (bucket lower edge, log₂ buckets)"));
    QFont small = xAxis->labelsFont();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    xAxis->setLabelsFont(small);
    xAxis->setLabelsAngle(categories.size() > 10 ? -60 : 0);
    auto* yAxis = new QValueAxis;
    yAxis->setTitleText(tr("Samples"));
    yAxis->setRange(0, top > 0 ? top * 1.05 : 1.0);
    yAxis->applyNiceNumbers();
    yAxis->setLabelFormat(QStringLiteral("%.0f"));
    chart()->addAxis(xAxis, Qt::AlignBottom);
    chart()->addAxis(yAxis, Qt::AlignLeft);
    bars_->attachAxis(xAxis);
    bars_->attachAxis(yAxis);
    chart()->setTitle(data_.stats.count == 0
                          ? tr("No samples in this range")
                          : tr("%1 samples · p50 %2 · p99 %3 · max %4")
                                .arg(QLocale().toString(static_cast<qulonglong>(data_.stats.count)),
                                     ChartStyle::duration(secs(data_.stats.p50)),
                                     ChartStyle::duration(secs(data_.stats.p99)),
                                     ChartStyle::duration(secs(data_.stats.max))));
    rebuildScatter();
}

void LatencyChart::rebuildScatter() {
    dropAxes(scatterChart_);
    points_ = highlighted_ = nullptr;
    shown_.clear();
    const double hz = tscHz();
    const ChartStyle::TimeUnit unit =
        ChartStyle::unitFor(static_cast<double>(data_.window.length()) / hz);
    const auto x = [&](uint64_t t) {
        return static_cast<double>(t - std::min(t, origin())) / hz / unit.seconds;
    };
    // Latency in µs on a log axis, from the decade of the shortest sample; a
    // zero latency sits on the floor.
    double shortest = 1e300;
    for (const auto& s : data_.samples)
        if (s.cycles > 0)
            shortest = std::min(shortest, static_cast<double>(s.cycles) / hz * 1e6);
    const double floorUs =
        shortest < 1e300 ? std::pow(10.0, std::floor(std::log10(shortest))) : 0.01;
    floorUs_ = floorUs;
    const auto y = [&](uint64_t c) { return std::max(floorUs, static_cast<double>(c) / hz * 1e6); };

    // Thin the cloud to what pixels can show: per column its extremes.
    const size_t n = data_.samples.size();
    if (n <= MaxScatterPoints) {
        shown_.resize(n);
        for (size_t i = 0; i < n; ++i)
            shown_[i] = i;
    } else {
        const size_t columns = static_cast<size_t>(std::max(100, scatterView_->width()));
        std::vector<std::pair<size_t, size_t>> extremes(columns, {SIZE_MAX, SIZE_MAX});
        const double len = static_cast<double>(std::max<uint64_t>(1, data_.window.length()));
        for (size_t i = 0; i < n; ++i) {
            const auto& s = data_.samples[i];
            const auto c = std::min(
                columns - 1, static_cast<size_t>(static_cast<double>(s.tsc - data_.window.t0) /
                                                 len * static_cast<double>(columns)));
            auto& [lo, hi] = extremes[c];
            if (lo == SIZE_MAX || s.cycles < data_.samples[lo].cycles)
                lo = i;
            if (hi == SIZE_MAX || s.cycles > data_.samples[hi].cycles)
                hi = i;
        }
        for (const auto& [lo, hi] : extremes) {
            if (lo != SIZE_MAX)
                shown_.push_back(lo);
            if (hi != SIZE_MAX && hi != lo)
                shown_.push_back(hi);
        }
    }

    points_ = new QScatterSeries;
    points_->setName(tr("samples"));
    points_->setMarkerSize(5);
    points_->setMarkerShape(QScatterSeries::MarkerShapeCircle);
    QColor c = TimelinePalette::stateColor(core::VcpuState::Runnable);
    c.setAlpha(150);
    points_->setColor(c);
    points_->setBorderColor(Qt::transparent);
    QList<QPointF> pts;
    double top = floorUs * 10;
    for (size_t i : shown_) {
        const auto& s = data_.samples[i];
        pts << QPointF(x(s.tsc), y(s.cycles));
        top = std::max(top, y(s.cycles));
    }
    points_->replace(pts);
    connect(points_, &QScatterSeries::clicked, this, &LatencyChart::onScatterClicked);

    highlighted_ = new QScatterSeries;
    highlighted_->setName(tr("selected"));
    highlighted_->setMarkerSize(8);
    highlighted_->setColor(TimelinePalette::selectionColor());
    highlighted_->setBorderColor(Qt::white);
    scatterChart_->addSeries(points_);
    scatterChart_->addSeries(highlighted_);
    auto* xAxis = new QValueAxis;
    ChartStyle::setTimeAxisRange(xAxis, data_.window, origin(), hz, unit);
    xAxis->setTitleText(tr("Started running at (%1 since trace start)").arg(unit.suffix));
    auto* yAxis = new QLogValueAxis;
    yAxis->setBase(10);
    yAxis->setTitleText(tr("Latency (µs, log)"));
    yAxis->setLabelFormat(QStringLiteral("%g"));
    yAxis->setRange(floorUs, std::pow(10.0, std::ceil(std::log10(top))));
    yAxis->setMinorTickCount(0);
    scatterChart_->addAxis(xAxis, Qt::AlignBottom);
    scatterChart_->addAxis(yAxis, Qt::AlignLeft);
    for (QScatterSeries* s : {points_, highlighted_}) {
        s->attachAxis(xAxis);
        s->attachAxis(yAxis);
    }
    applySelection();
}

void LatencyChart::applySelection() {
    // Only selection state changes here: this runs inside the clicked
    // signal of the very bar set or series a rebuild would delete.
    if (bars_)
        for (QBarSet* set : bars_->barSets()) {
            set->deselectAllBars();
            if (selectedRange_)
                for (size_t b = 0; b < data_.histogram.size(); ++b)
                    if (data_.histogram[b].from == selectedRange_->first)
                        set->selectBar(static_cast<int>(b));
        }
    if (!highlighted_)
        return;
    const double hz = tscHz();
    const ChartStyle::TimeUnit unit =
        ChartStyle::unitFor(static_cast<double>(data_.window.length()) / hz);
    QList<QPointF> sel;
    for (size_t i : selected_) {
        const auto& s = data_.samples[i];
        sel << QPointF(static_cast<double>(s.tsc - std::min(s.tsc, origin())) / hz / unit.seconds,
                       std::max(floorUs_, static_cast<double>(s.cycles) / hz * 1e6));
    }
    highlighted_->replace(sel);
}

void LatencyChart::selectBar(int bar) {
    if (bar < 0 || static_cast<size_t>(bar) >= data_.histogram.size())
        return;
    const auto& h = data_.histogram[static_cast<size_t>(bar)];
    selectedRange_ = std::make_pair(h.from, h.to);
    selected_ = data_.inRange(h.from, h.to);
    // The runnable spans of the selected samples, with a margin either side.
    uint64_t t0 = UINT64_MAX, t1 = 0;
    for (size_t i : selected_) {
        const auto& s = data_.samples[i];
        t0 = std::min(t0, s.tsc - std::min(s.tsc, s.cycles));
        t1 = std::max(t1, s.tsc);
    }
    applySelection();
    emit samplesSelected(static_cast<int>(selected_.size()));
    if (selected_.empty())
        return;
    const uint64_t margin = std::max<uint64_t>((t1 - t0) / 20, 1000);
    emit zoomRequested(t0 - std::min(t0, margin), t1 + margin);
}

void LatencyChart::selectSample(size_t sample) {
    if (sample >= data_.samples.size())
        return;
    const auto& s = data_.samples[sample];
    selectedRange_.reset();
    selected_ = {sample};
    applySelection();
    emit samplesSelected(1);
    // The runnable span, shown at a third of the view (as the spike list does).
    const uint64_t start = s.tsc - std::min(s.tsc, s.cycles);
    const uint64_t len = std::max<uint64_t>(s.cycles, 1000);
    emit zoomRequested(start - std::min(start, len), s.tsc + len);
}

void LatencyChart::onScatterClicked(const QPointF& point) {
    if (!points_ || shown_.empty())
        return;
    // The nearest shown point in screen space (axes differ in scale and kind).
    const QPointF at = scatterChart_->mapToPosition(point, points_);
    size_t best = shown_.front();
    double bestD = 1e300;
    const auto pts = points_->points();
    for (qsizetype i = 0; i < pts.size(); ++i) {
        const QPointF p = scatterChart_->mapToPosition(pts[i], points_);
        const double d = std::hypot(p.x() - at.x(), p.y() - at.y());
        if (d < bestD) {
            bestD = d;
            best = shown_[static_cast<size_t>(i)];
        }
    }
    selectSample(best);
}

} // namespace xenoscope::widgets
