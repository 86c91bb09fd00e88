#include "widgets/charts/analysischart.h"

#include "core/analyses/csvexport.h"
#include "widgets/charts/chartstyle.h"

#include <QChart>
#include <QChartView>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPixmap>
#include <QToolButton>
#include <QVBoxLayout>

#include <cstdio>

namespace xenoscope::widgets {

AnalysisChart::AnalysisChart(QWidget* parent)
    : QWidget(parent)
    , title_(new QLabel(this))
    , status_(new QLabel(this))
    , tools_(new QHBoxLayout)
    , body_(new QVBoxLayout)
    , csv_(new QToolButton(this))
    , png_(new QToolButton(this))
    , chart_(new QChart)
    , chartView_(new QChartView(chart_, this)) {
    ChartStyle::apply(chart_);
    chartView_->setRenderHint(QPainter::Antialiasing);
    chartView_->setObjectName(QStringLiteral("chartView"));
    chartView_->setMinimumHeight(220); // room for both axes and the legend

    QFont bold = title_->font();
    bold.setBold(true);
    title_->setFont(bold);
    status_->setObjectName(QStringLiteral("chartStatus"));
    status_->setTextFormat(Qt::PlainText);
    csv_->setObjectName(QStringLiteral("exportCsv"));
    csv_->setText(tr("CSV…"));
    csv_->setToolTip(tr("Export this chart's series as CSV (the columns of xenoscope-cli export)"));
    png_->setObjectName(QStringLiteral("exportPng"));
    png_->setText(tr("PNG…"));
    png_->setToolTip(tr("Save this chart as a PNG image"));
    connect(csv_, &QToolButton::clicked, this, &AnalysisChart::showCsvDialog);
    connect(png_, &QToolButton::clicked, this, &AnalysisChart::showPngDialog);
    csv_->setEnabled(false);
    png_->setEnabled(false);

    auto* top = new QHBoxLayout;
    top->addWidget(title_);
    top->addSpacing(8);
    top->addWidget(status_, 1);
    top->addLayout(tools_);
    top->addWidget(csv_);
    top->addWidget(png_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(2);
    layout->addLayout(top);
    layout->addLayout(body_, 1);

    // A resize changes how many buckets fit: recompute once it settles.
    resizeTimer_.setSingleShot(true);
    resizeTimer_.setInterval(100);
    connect(&resizeTimer_, &QTimer::timeout, this, [this] {
        if (index_ && wantedBucket() != bucket_)
            requestUpdate();
    });
}

AnalysisChart::~AnalysisChart() = default;

void AnalysisChart::setIndex(core::TraceIndexPtr index) {
    if (!index) {
        clear();
        return;
    }
    index_ = std::move(index);
    window_ = index_->window();
    csv_->setEnabled(true);
    png_->setEnabled(true);
    requestUpdate();
}

void AnalysisChart::clear() {
    index_.reset();
    done_ = ++pending_;
    bucket_ = 0;
    csv_->setEnabled(false);
    png_->setEnabled(false);
    clearChart();
    setStatus(tr("No trace"));
}

void AnalysisChart::setWindow(quint64 t0, quint64 t1) {
    if (!index_)
        return;
    const core::TimeWindow trace = index_->window();
    core::TimeWindow w{std::max<uint64_t>(std::min(t0, t1), trace.t0),
                       std::min<uint64_t>(std::max(t0, t1), trace.t1)};
    if (w.t1 < w.t0)
        w = trace;
    if (w == window_)
        return; // already shown or being computed
    window_ = w;
    requestUpdate();
}

void AnalysisChart::requestUpdate() {
    if (!index_)
        return;
    const quint64 generation = ++pending_;
    setStatus(tr("Computing…"));
    recompute(generation);
}

void AnalysisChart::finished(quint64 generation) {
    done_ = generation;
    setStatus(windowText());
    emit updated();
}

void AnalysisChart::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    if (index_)
        resizeTimer_.start();
}

void AnalysisChart::setTitle(const QString& title) {
    title_->setText(title);
}

void AnalysisChart::setStatus(const QString& text) {
    status_->setText(text);
}

int AnalysisChart::plotWidth() const {
    // Before the first layout the plot area is empty: estimate it from the widget.
    const int w = chart_->plotArea().isEmpty() || !isVisible()
                      ? std::max(chartView_->width(), width()) - 140
                      : static_cast<int>(chart_->plotArea().width());
    return std::max(100, w);
}

QString AnalysisChart::windowText() const {
    if (!index_)
        return {};
    const double hz = tscHz();
    const auto secs = [hz](uint64_t c) { return static_cast<double>(c) / hz; };
    QString text = tr("%1 from %2")
                       .arg(ChartStyle::duration(secs(window_.length())),
                            ChartStyle::duration(secs(window_.t0 - origin())));
    if (bucket_ > 0)
        text += tr(", buckets of %1").arg(ChartStyle::duration(secs(bucket_)));
    return text;
}

bool AnalysisChart::exportCsv(const QString& path) const {
    if (!index_)
        return false;
    std::FILE* out = std::fopen(QFile::encodeName(path).constData(), "w");
    if (!out)
        return false;
    core::CsvExport csv(index_->results(), window_, index_->tscHz(), bucket_, {}, out);
    const bool known = csv.write(csvTable().toStdString());
    const bool ok = known && std::ferror(out) == 0;
    return std::fclose(out) == 0 && ok;
}

bool AnalysisChart::exportPng(const QString& path) {
    // The whole body: charts and the tables beside them, as on screen.
    QWidget* area = body_->parentWidget();
    const QRect r = body_->geometry();
    return area->grab(r).save(path, "PNG");
}

void AnalysisChart::showCsvDialog() {
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export Chart Data as CSV"),
                                     csvTable() + QStringLiteral(".csv"), tr("CSV files (*.csv)"));
    if (!path.isEmpty() && !exportCsv(path))
        QMessageBox::warning(this, tr("Export Failed"), tr("Could not write %1.").arg(path));
}

void AnalysisChart::showPngDialog() {
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export Chart as PNG"),
                                     csvTable() + QStringLiteral(".png"), tr("PNG images (*.png)"));
    if (!path.isEmpty() && !exportPng(path))
        QMessageBox::warning(this, tr("Export Failed"), tr("Could not write %1.").arg(path));
}

} // namespace xenoscope::widgets
