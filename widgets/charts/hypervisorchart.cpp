#include "widgets/charts/hypervisorchart.h"

#include "widgets/charts/chartstyle.h"
#include "widgets/timeline/timelinepalette.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QHorizontalStackedBarSeries>
#include <QLegend>
#include <QVBoxLayout>
#include <QValueAxis>

#include <array>

namespace xenoscope::widgets {

namespace {

// Paul Tol's "bright" scheme: apart from the domain palette's muted tones.
QColor reasonColor(size_t i) {
    static const std::array<QColor, 8> colors{QColor(0x44, 0x77, 0xaa), QColor(0xee, 0x66, 0x77),
                                              QColor(0x22, 0x88, 0x33), QColor(0xcc, 0xbb, 0x44),
                                              QColor(0x66, 0xcc, 0xee), QColor(0xaa, 0x33, 0x77),
                                              QColor(0x99, 0x99, 0x33), QColor(0x88, 0x22, 0x55)};
    return colors[i % colors.size()];
}

QString reasonName(core::HvmSpanKind vendor, uint32_t reason) {
    core::ExitReasonSummary e;
    e.vendor = vendor;
    e.reason = reason;
    const auto name = e.name();
    if (!name.empty())
        return QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size()));
    return vendor == core::HvmSpanKind::SvmExit ? QObject::tr("SVM exit %1").arg(reason)
                                                : QObject::tr("VMX exit %1").arg(reason);
}

} // namespace

HypervisorChart::HypervisorChart(QWidget* parent)
    : AnalysisChart(parent) {
    setTitle(tr("Time in hypervisor"));
    chart()->legend()->setAlignment(Qt::AlignRight); // many reasons: a column reads best
    body()->addWidget(chartView());
}

HypervisorChart::~HypervisorChart() = default;

void HypervisorChart::recompute(quint64 generation) {
    run(
        generation, [index = index(), w = window()] { return HypervisorData::compute(*index, w); },
        [this](HypervisorData d) {
            data_ = std::move(d);
            setBucket(0); // one bucket: the window
            rebuild();
        });
}

void HypervisorChart::clearChart() {
    data_ = {};
    series_ = nullptr;
    chart()->removeAllSeries();
    for (QAbstractAxis* axis : chart()->axes()) {
        chart()->removeAxis(axis);
        delete axis;
    }
}

void HypervisorChart::rebuild() {
    chart()->removeAllSeries();
    series_ = nullptr;
    for (QAbstractAxis* axis : chart()->axes()) {
        chart()->removeAxis(axis);
        delete axis;
    }
    const auto& vcpus = data_.summary.vcpus;
    if (vcpus.empty()) {
        chart()->setTitle(tr("No HVM vCPU ran in this range"));
        return;
    }
    chart()->setTitle(QString());
    const double hz = tscHz();
    uint64_t longest = 0;
    for (const auto& v : vcpus)
        longest = std::max(longest, v.hypervisor);
    const ChartStyle::TimeUnit unit = ChartStyle::unitFor(static_cast<double>(longest) / hz * 2);
    const auto value = [&](uint64_t c) { return static_cast<double>(c) / hz / unit.seconds; };

    const size_t named = std::min(MaxReasons, data_.reasons.size());
    std::vector<QBarSet*> sets;
    for (size_t i = 0; i < named; ++i) {
        auto* set = new QBarSet(reasonName(data_.reasons[i].vendor, data_.reasons[i].reason));
        set->setColor(reasonColor(i));
        set->setBorderColor(reasonColor(i).darker(115));
        sets.push_back(set);
    }
    auto* other = data_.reasons.size() > named ? new QBarSet(tr("other exits")) : nullptr;
    if (other)
        other->setColor(QColor(0xbb, 0xbb, 0xbb));
    auto* resume = new QBarSet(tr("resume"));
    resume->setColor(TimelinePalette::hypervisorColor().lighter(150));

    QStringList categories;
    // Top to bottom in domain, vCPU order: the category axis counts upwards.
    for (auto it = vcpus.rbegin(); it != vcpus.rend(); ++it) {
        categories << tr("d%1v%2").arg(it->domain).arg(it->vcpu);
        uint64_t rest = 0;
        std::vector<uint64_t> byNamed(named, 0);
        for (const auto& e : it->byReason) {
            size_t k = 0;
            while (k < named &&
                   !(data_.reasons[k].vendor == e.vendor && data_.reasons[k].reason == e.reason))
                ++k;
            if (k < named)
                byNamed[k] += e.cycles;
            else
                rest += e.cycles;
        }
        for (size_t k = 0; k < named; ++k)
            *sets[k] << value(byNamed[k]);
        if (other)
            *other << value(rest);
        *resume << value(it->resumeCycles);
    }
    series_ = new QHorizontalStackedBarSeries;
    for (QBarSet* s : sets)
        series_->append(s);
    if (other)
        series_->append(other);
    series_->append(resume);
    series_->setBarWidth(0.75);
    chart()->addSeries(series_);
    auto* yAxis = new QBarCategoryAxis;
    yAxis->append(categories);
    yAxis->setTitleText(tr("HVM vCPU"));
    auto* xAxis = new QValueAxis;
    xAxis->setTitleText(tr("Time in hypervisor (%1)").arg(unit.suffix));
    xAxis->setRange(0, std::max(value(longest) * 1.05, 1e-9));
    xAxis->applyNiceNumbers();
    xAxis->setLabelFormat(QStringLiteral("%.3g"));
    chart()->addAxis(yAxis, Qt::AlignLeft);
    chart()->addAxis(xAxis, Qt::AlignBottom);
    series_->attachAxis(yAxis);
    series_->attachAxis(xAxis);
}

} // namespace xenoscope::widgets
