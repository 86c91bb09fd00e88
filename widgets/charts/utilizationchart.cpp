#include "widgets/charts/utilizationchart.h"

#include "widgets/charts/chartstyle.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLegend>
#include <QLineSeries>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>

namespace xenoscope::widgets {

UtilizationChart::UtilizationChart(QWidget* parent)
    : AnalysisChart(parent)
    , modeBox_(new QComboBox(this)) {
    setTitle(tr("Utilization"));
    modeBox_->setObjectName(QStringLiteral("utilizationMode"));
    modeBox_->addItem(tr("Domains (host share)"), static_cast<int>(Mode::Domains));
    modeBox_->addItem(tr("pCPUs"), static_cast<int>(Mode::Pcpus));
    modeBox_->addItem(tr("vCPUs"), static_cast<int>(Mode::Vcpus));
    connect(modeBox_, &QComboBox::currentIndexChanged, this,
            [this](int i) { setMode(static_cast<Mode>(modeBox_->itemData(i).toInt())); });
    tools()->addWidget(modeBox_);
    body()->addWidget(chartView());
}

UtilizationChart::~UtilizationChart() = default;

void UtilizationChart::setMode(Mode mode) {
    if (mode == mode_)
        return;
    mode_ = mode;
    modeBox_->setCurrentIndex(modeBox_->findData(static_cast<int>(mode)));
    // Every mode is in the same result: only the series change.
    rebuild();
}

uint64_t UtilizationChart::wantedBucket() const {
    return ChartStyle::bucketFor(window(), tscHz(), plotWidth(), 4);
}

void UtilizationChart::recompute(quint64 generation) {
    const uint64_t bucket = wantedBucket();
    run(
        generation,
        [index = index(), w = window(), bucket] {
            return UtilizationSeries::compute(*index, w, bucket);
        },
        [this](UtilizationSeries s) {
            data_ = std::move(s);
            setBucket(data_.bucket);
            rebuild();
        });
}

void UtilizationChart::clearChart() {
    data_ = {};
    chart()->removeAllSeries();
    for (QAbstractAxis* axis : chart()->axes())
        chart()->removeAxis(axis);
}

void UtilizationChart::rebuild() {
    chart()->removeAllSeries();
    for (QAbstractAxis* axis : chart()->axes()) {
        chart()->removeAxis(axis);
        delete axis;
    }
    if (data_.buckets.empty() || !index())
        return;

    std::vector<uint16_t> domains;
    for (const auto& d : data_.buckets.front().domains)
        domains.push_back(d.domain);
    palette_.setDomains(domains);

    const ChartStyle::TimeUnit unit =
        ChartStyle::unitFor(static_cast<double>(data_.window.length()) / tscHz());
    const double hz = tscHz();
    const auto x = [&](uint64_t t) {
        return static_cast<double>(t - std::min(t, origin())) / hz / unit.seconds;
    };

    // One stacked layer per entity: `value(bucket)` is its height in the bucket.
    struct Layer {
        QString name;
        QColor color;
        std::function<double(const core::Utilization&)> value;
    };
    std::vector<Layer> layers;
    QString yTitle;
    double yMax = 1;
    const auto& first = data_.buckets.front();
    switch (mode_) {
    case Mode::Domains:
        yTitle = tr("Host share (%)");
        yMax = 100;
        for (size_t i = 0; i < first.domains.size(); ++i) {
            const uint16_t d = first.domains[i].domain;
            layers.push_back(
                {tr("d%1").arg(d), palette_.domainColor(d), [i](const core::Utilization& u) {
                     return i < u.domains.size() ? u.domains[i].hostShare * 100 : 0.0;
                 }});
        }
        break;
    case Mode::Pcpus:
        yTitle = tr("Busy pCPUs");
        yMax = static_cast<double>(std::max<size_t>(1, first.pcpus.size()));
        for (size_t i = 0; i < first.pcpus.size(); ++i)
            layers.push_back(
                {tr("pCPU %1").arg(first.pcpus[i].pcpu),
                 ChartStyle::pcpuColor(i, first.pcpus.size()), [i](const core::Utilization& u) {
                     const double len =
                         static_cast<double>(std::max<uint64_t>(u.window.length(), 1));
                     return i < u.pcpus.size() ? static_cast<double>(u.pcpus[i].busy) / len : 0.0;
                 }});
        break;
    case Mode::Vcpus: {
        yTitle = tr("Running vCPUs");
        yMax = 1;
        for (size_t i = 0; i < first.vcpus.size(); ++i) {
            const auto& v = first.vcpus[i];
            if (v.domain == core::IdleDomain)
                continue;
            // A domain's vCPUs share its hue, a step lighter each.
            const QColor c = palette_.domainColor(v.domain).lighter(100 + 12 * (v.vcpu % 5));
            layers.push_back(
                {tr("d%1v%2").arg(v.domain).arg(v.vcpu), c, [i](const core::Utilization& u) {
                     const double len =
                         static_cast<double>(std::max<uint64_t>(u.window.length(), 1));
                     return i < u.vcpus.size() ? static_cast<double>(u.vcpus[i].running) / len
                                               : 0.0;
                 }});
        }
        yMax = std::max(1.0, static_cast<double>(data_.pcpuCount));
        break;
    }
    }

    auto* xAxis = new QValueAxis;
    ChartStyle::setTimeAxisRange(xAxis, data_.window, origin(), hz, unit);
    auto* yAxis = new QValueAxis;
    yAxis->setTitleText(yTitle);
    yAxis->setRange(0, yMax);
    yAxis->setLabelFormat(mode_ == Mode::Domains ? QStringLiteral("%.0f") : QStringLiteral("%.1f"));
    chart()->addAxis(xAxis, Qt::AlignBottom);
    chart()->addAxis(yAxis, Qt::AlignLeft);

    std::vector<double> base(data_.buckets.size(), 0.0);
    // QAreaSeries does not own its line series: each area gets its own upper
    // line and its own copy of the layer below it, both parented to it.
    QList<QPointF> below;
    for (const Layer& layer : layers) {
        auto* upper = new QLineSeries;
        QList<QPointF> points;
        points.reserve(static_cast<qsizetype>(2 * data_.buckets.size()));
        for (size_t b = 0; b < data_.buckets.size(); ++b) {
            const auto& u = data_.buckets[b];
            base[b] += layer.value(u);
            // A step per bucket: the value holds over the whole bucket.
            points << QPointF(x(u.window.t0), base[b]) << QPointF(x(u.window.t1), base[b]);
        }
        upper->replace(points);
        QLineSeries* lower = nullptr;
        if (!below.isEmpty()) {
            lower = new QLineSeries;
            lower->replace(below);
        }
        auto* area = new QAreaSeries(upper, lower);
        upper->setParent(area);
        if (lower)
            lower->setParent(area);
        area->setName(layer.name);
        area->setColor(layer.color);
        area->setBorderColor(layer.color.darker(115));
        QPen pen = area->pen();
        pen.setWidthF(0.8);
        area->setPen(pen);
        chart()->addSeries(area);
        area->attachAxis(xAxis);
        area->attachAxis(yAxis);
        below = std::move(points);
    }
    // Re-showing makes the legend lay out the markers of the new series
    // (without it, it kept the size it had with none).
    chart()->legend()->setVisible(false);
    chart()->legend()->setVisible(layers.size() <= 24);
}

} // namespace xenoscope::widgets
