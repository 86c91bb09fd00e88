#include "widgets/selection/selectionstatsview.h"

#include "widgets/common/backgroundjob.h"

#include "widgets/timeline/timescale.h"

#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace xenoscope::widgets {

SelectionStatsView::SelectionStatsView(QWidget* parent)
    : QWidget(parent)
    , model_(new SelectionStatsModel(this))
    , table_(new QTableView(this))
    , header_(new QLabel(this))
    , export_(new QPushButton(tr("Export CSV…"), this)) {
    table_->setObjectName(QStringLiteral("selectionTable"));
    table_->setModel(model_);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setAlternatingRowColors(true);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->horizontalHeader()->setStretchLastSection(false);
    header_->setObjectName(QStringLiteral("selectionHeader"));
    header_->setTextFormat(Qt::RichText);
    header_->setWordWrap(false);
    header_->setText(tr("No trace"));
    export_->setObjectName(QStringLiteral("exportSelectionCsv"));
    export_->setEnabled(false);
    connect(export_, &QPushButton::clicked, this, &SelectionStatsView::showExportDialog);

    auto* top = new QHBoxLayout;
    top->addWidget(header_, 1);
    top->addWidget(export_, 0, Qt::AlignTop);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(table_, 1);
}

SelectionStatsView::~SelectionStatsView() = default;

void SelectionStatsView::setIndex(core::TraceIndexPtr index) {
    index_ = std::move(index);
    if (!index_) {
        clear();
        return;
    }
    showWholeTrace();
}

void SelectionStatsView::clear() {
    index_.reset();
    done_ = ++pending_;
    model_->clear();
    header_->setText(tr("No trace"));
    export_->setEnabled(false);
}

void SelectionStatsView::setWindow(quint64 t0, quint64 t1) {
    request({std::min(t0, t1), std::max(t0, t1)}, false);
}

void SelectionStatsView::showWholeTrace() {
    if (index_)
        request(index_->window(), true);
}

void SelectionStatsView::request(core::TimeWindow window, bool whole) {
    if (!index_)
        return;
    const quint64 generation = ++pending_;
    header_->setText(tr("<i>Summarizing…</i>"));
    // summarizeTrace clips every interval of every vCPU: milliseconds on a
    // small trace, much more on a big one, so never on the UI thread.
    runInBackground(
        this, [index = index_, window] { return SelectionStatsModel::compute(*index, window); },
        [this, generation, whole](SelectionStats stats) {
            onComputed(generation, std::move(stats), whole);
        });
}

void SelectionStatsView::onComputed(quint64 generation, SelectionStats stats, bool whole) {
    if (generation != pending_)
        return; // a newer range was asked for meanwhile
    done_ = generation;
    const core::TimeWindow w = stats.window;
    const double hz = stats.tscHz > 0 ? stats.tscHz : 1e9;
    const uint64_t t0 = index_ ? index_->window().t0 : 0;
    const core::LatencyStats& lat = stats.summary.latency.all;
    auto dur = [hz](uint64_t c) { return TimeScale::formatDuration(static_cast<double>(c) / hz); };
    QString text = whole ? tr("<b>Whole trace</b>, %1").arg(dur(w.length()))
                         : tr("<b>Selection</b> %1 from %2")
                               .arg(dur(w.length()),
                                    TimeScale::formatDuration(
                                        static_cast<double>(w.t0 - std::min(w.t0, t0)) / hz, 7));
    if (lat.count > 0)
        text += tr("<br>Scheduling latency: %1 samples, p50 %2, p99 %3, max %4")
                    .arg(QLocale().toString(static_cast<qulonglong>(lat.count)), dur(lat.p50),
                         dur(lat.p99), dur(lat.max));
    if (stats.events.total > 0)
        text += tr("<br>Events: %1 records")
                    .arg(QLocale().toString(static_cast<qulonglong>(stats.events.total)));
    header_->setText(text);
    model_->setStats(std::move(stats));
    table_->resizeColumnsToContents();
    export_->setEnabled(!model_->isEmpty());
    emit statsReady(w.t0, w.t1);
}

bool SelectionStatsView::exportCsv(const QString& path) const {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text))
        return false;
    const QByteArray bytes = model_->toCsv().toUtf8();
    return file.write(bytes) == bytes.size();
}

void SelectionStatsView::showExportDialog() {
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export Selection Statistics"),
                                     QStringLiteral("selection.csv"), tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    if (!exportCsv(path))
        QMessageBox::warning(this, tr("Export Failed"), tr("Could not write %1.").arg(path));
}

} // namespace xenoscope::widgets
