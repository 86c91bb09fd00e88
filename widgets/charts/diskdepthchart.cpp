#include "widgets/charts/diskdepthchart.h"

#include "widgets/charts/chartstyle.h"
#include "widgets/charts/diskstagemodel.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLegend>
#include <QLineSeries>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <QValueAxis>

namespace xenoscope::widgets {

namespace {

QString stageLabel(int k) {
    if (k < 0)
        return QObject::tr("grants in flight");
    const auto name = core::DiskStageNames[static_cast<size_t>(k)];
    return QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size()))
        .replace(QLatin1Char('_'), QLatin1Char(' '));
}

QString deviceLabel(uint16_t domain, uint32_t device) {
    return QObject::tr("d%1 dev %2").arg(domain).arg(device);
}

} // namespace

DiskDepthChart::DiskDepthChart(QWidget* parent)
    : AnalysisChart(parent)
    , viewBox_(new QComboBox(this))
    , valueBox_(new QComboBox(this))
    , table_(new QTableView(this))
    , stages_(new DiskStageModel(this)) {
    setTitle(tr("Disk queues"));
    viewBox_->setObjectName(QStringLiteral("diskView"));
    viewBox_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    valueBox_->setObjectName(QStringLiteral("diskValue"));
    valueBox_->addItem(tr("Average depth"));
    valueBox_->addItem(tr("Maximum depth"));
    connect(valueBox_, &QComboBox::currentIndexChanged, this,
            [this](int i) { setShowMaximum(i == 1); });
    connect(viewBox_, &QComboBox::activated, this, [this](int i) {
        const QVariantList v = viewBox_->itemData(i).toList();
        if (v.size() == 3)
            setView(
                {static_cast<DiskDepthData::View::Kind>(v[0].toInt()), v[1].toInt(), v[2].toInt()});
    });
    tools()->addWidget(viewBox_);
    tools()->addWidget(valueBox_);

    table_->setObjectName(QStringLiteral("diskStageTable"));
    table_->setModel(stages_);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);
    table_->setAlternatingRowColors(true);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);

    auto* split = new QSplitter(Qt::Horizontal, this);
    split->setObjectName(QStringLiteral("diskSplit"));
    split->addWidget(chartView());
    split->addWidget(table_);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setSizes({560, 340}); // the chart first; the table scrolls sideways
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    body()->addWidget(split);
}

DiskDepthChart::~DiskDepthChart() = default;

void DiskDepthChart::setView(DiskDepthData::View view) {
    if (view == view_)
        return;
    view_ = view;
    requestUpdate();
}

void DiskDepthChart::setShowMaximum(bool maximum) {
    if (maximum == maximum_)
        return;
    maximum_ = maximum;
    valueBox_->setCurrentIndex(maximum ? 1 : 0);
    rebuild();
}

uint64_t DiskDepthChart::wantedBucket() const {
    return ChartStyle::bucketFor(window(), tscHz(), plotWidth(), 4);
}

void DiskDepthChart::recompute(quint64 generation) {
    if (viewBox_->count() == 0)
        fillViews();
    const uint64_t bucket = wantedBucket();
    run(
        generation,
        [index = index(), w = window(), bucket, view = view_] {
            return DiskDepthData::compute(*index, w, bucket, view);
        },
        [this](DiskDepthData d) {
            data_ = std::move(d);
            setBucket(data_.bucket);
            rebuild();
        });
}

void DiskDepthChart::fillViews() {
    viewBox_->clear();
    if (!index())
        return;
    using Kind = DiskDepthData::View::Kind;
    const auto add = [this](const QString& text, Kind kind, int series, int stage) {
        viewBox_->addItem(text, QVariantList{static_cast<int>(kind), series, stage});
    };
    add(tr("All devices, by stage"), Kind::AllByStage, -1, 0);
    const auto& disk = index()->results().disk;
    for (size_t i = 0; i < disk.series.size(); ++i)
        add(tr("%1, by stage").arg(deviceLabel(disk.series[i].domain, disk.series[i].device)),
            Kind::DeviceByStage, static_cast<int>(i), 0);
    for (int k = 0; k < static_cast<int>(core::DiskStageCount); ++k)
        add(tr("%1, by device").arg(stageLabel(k)), Kind::StageByDevice, -1, k);
    viewBox_->setEnabled(disk.instrumented());
}

void DiskDepthChart::clearChart() {
    data_ = {};
    view_ = {};
    viewBox_->clear();
    stages_->clear();
    chart()->removeAllSeries();
    for (QAbstractAxis* axis : chart()->axes()) {
        chart()->removeAxis(axis);
        delete axis;
    }
}

void DiskDepthChart::rebuild() {
    chart()->removeAllSeries();
    for (QAbstractAxis* axis : chart()->axes()) {
        chart()->removeAxis(axis);
        delete axis;
    }
    if (!index())
        return;
    const bool device = data_.view.kind == DiskDepthData::View::Kind::DeviceByStage;
    int domain = -1, dev = -1;
    if (device && !data_.lines.empty()) {
        domain = data_.lines.front().domain;
        dev = static_cast<int>(data_.lines.front().device);
    }
    stages_->setSummary(data_.summary, domain, dev, tscHz());

    std::vector<uint16_t> domains;
    for (const auto& l : data_.lines)
        domains.push_back(l.domain);
    palette_.setDomains(domains);

    const ChartStyle::TimeUnit unit =
        ChartStyle::unitFor(static_cast<double>(data_.window.length()) / tscHz());
    const double hz = tscHz();
    const auto x = [&](uint64_t t) {
        return static_cast<double>(t - std::min(t, origin())) / hz / unit.seconds;
    };
    auto* xAxis = new QValueAxis;
    ChartStyle::setTimeAxisRange(xAxis, data_.window, origin(), hz, unit);
    auto* yAxis = new QValueAxis;
    yAxis->setTitleText(maximum_ ? tr("Max requests in stage") : tr("Avg requests in stage"));
    chart()->addAxis(xAxis, Qt::AlignBottom);
    chart()->addAxis(yAxis, Qt::AlignLeft);

    double top = 0;
    const bool byDevice = data_.view.kind == DiskDepthData::View::Kind::StageByDevice;
    for (const auto& line : data_.lines) {
        auto* s = new QLineSeries;
        QList<QPointF> points;
        points.reserve(static_cast<qsizetype>(2 * line.buckets.size()));
        for (const auto& b : line.buckets) {
            const double v =
                maximum_ ? static_cast<double>(b.stats.max) : b.stats.average(b.bucket);
            top = std::max(top, v);
            // Steps: the bucket's value over the whole bucket.
            points << QPointF(x(b.bucket.t0), v) << QPointF(x(b.bucket.t1), v);
        }
        s->replace(points);
        QColor color;
        if (line.stage < 0 || byDevice) {
            s->setName(line.stage < 0 ? tr("d%1 grants").arg(line.domain)
                                      : deviceLabel(line.domain, line.device));
            color = palette_.domainColor(line.domain);
        } else {
            s->setName(stageLabel(line.stage));
            color = ChartStyle::stageColor(static_cast<size_t>(line.stage));
        }
        QPen pen(color);
        pen.setWidthF(1.6);
        s->setPen(pen);
        chart()->addSeries(s);
        s->attachAxis(xAxis);
        s->attachAxis(yAxis);
    }
    // Re-showing lays the legend out for the new series.
    chart()->legend()->setVisible(false);
    chart()->legend()->setVisible(true);
    yAxis->setRange(0, top > 0 ? top * 1.1 : 1.0);
    yAxis->applyNiceNumbers();
    chart()->setTitle(data_.instrumented || data_.lines.empty()
                          ? QString()
                          : tr("No blkfront/blkback events: grant mappings in flight"));
    table_->resizeColumnsToContents();
}

} // namespace xenoscope::widgets
