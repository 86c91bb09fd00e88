#include "widgets/selection/selectionstatsview.h"

#include "widgets/common/backgroundjob.h"

#include "widgets/timeline/timescale.h"

#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace xenoscope::widgets {

SelectionStatsView::SelectionStatsView(QWidget* parent)
    : QWidget(parent)
    , model_(new SelectionStatsModel(this))
    , events_(new SelectionEventsModel(this))
    , sortedEvents_(new QSortFilterProxyModel(this))
    , tabs_(new QTabWidget(this))
    , table_(new QTableView(this))
    , eventsTable_(new QTableView(this))
    , grouping_(new QComboBox(this))
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
    tabs_->setObjectName(QStringLiteral("selectionTabs"));
    tabs_->setDocumentMode(true);
    tabs_->addTab(table_, tr("Domains and vCPUs"));
    tabs_->addTab(createEventsTab(), tr("Event Counts"));
    layout->addWidget(tabs_, 1);
}

QWidget* SelectionStatsView::createEventsTab() {
    sortedEvents_->setSourceModel(events_);
    sortedEvents_->setSortRole(SelectionEventsModel::RawRole);
    eventsTable_->setObjectName(QStringLiteral("selectionEventsTable"));
    eventsTable_->setModel(sortedEvents_);
    eventsTable_->verticalHeader()->hide();
    eventsTable_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);
    eventsTable_->setSelectionBehavior(QAbstractItemView::SelectRows);
    eventsTable_->setAlternatingRowColors(true);
    eventsTable_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    eventsTable_->setSortingEnabled(true);
    eventsTable_->sortByColumn(SelectionEventsModel::Count, Qt::DescendingOrder);
    eventsTable_->horizontalHeader()->setSectionResizeMode(SelectionEventsModel::Name,
                                                           QHeaderView::Stretch);

    using Grouping = SelectionEventsModel::Grouping;
    grouping_->setObjectName(QStringLiteral("eventGrouping"));
    grouping_->addItem(tr("By event"), QVariant::fromValue(static_cast<int>(Grouping::Event)));
    grouping_->addItem(tr("By class"), QVariant::fromValue(static_cast<int>(Grouping::Class)));
    grouping_->addItem(tr("By domain"), QVariant::fromValue(static_cast<int>(Grouping::Domain)));
    grouping_->addItem(tr("By pCPU"), QVariant::fromValue(static_cast<int>(Grouping::Pcpu)));
    grouping_->setToolTip(tr("Count the selection's records by event, event class, the domain "
                             "running on the record's pCPU, or pCPU"));
    connect(grouping_, &QComboBox::currentIndexChanged, this, [this](int i) {
        setEventGrouping(static_cast<Grouping>(grouping_->itemData(i).toInt()));
    });

    auto* page = new QWidget(this);
    auto* bar = new QHBoxLayout;
    bar->addWidget(grouping_);
    bar->addStretch(1);
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(eventsTable_, 1);
    return page;
}

void SelectionStatsView::setEventGrouping(SelectionEventsModel::Grouping grouping) {
    const int i = grouping_->findData(QVariant::fromValue(static_cast<int>(grouping)));
    if (i != grouping_->currentIndex())
        grouping_->setCurrentIndex(i); // comes back here through the signal
    events_->setGrouping(grouping);
    eventsTable_->resizeColumnsToContents();
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
    if (cancel_)
        cancel_->cancel();
    cancel_.reset();
    model_->clear();
    events_->clear();
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
    // The event count decodes the range's records again: a newer range
    // makes it pointless, so the older one stops at its next slice.
    if (cancel_)
        cancel_->cancel();
    cancel_ = std::make_shared<core::CancelToken>();
    // summarizeTrace clips every interval of every vCPU: milliseconds on a
    // small trace, much more on a big one, so never on the UI thread.
    runInBackground(
        this,
        [index = index_, window, cancel = cancel_] {
            return SelectionStatsModel::compute(*index, window, cancel.get());
        },
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
    if (stats.eventsPartial)
        text += tr(" (by class and pCPU only: the trace file cannot be read again)");
    header_->setText(text);
    events_->setStats(stats.events, stats.eventsPartial);
    eventsTable_->resizeColumnsToContents();
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

bool SelectionStatsView::exportEventsCsv(const QString& path) const {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text))
        return false;
    const QByteArray bytes = events_->toCsv().toUtf8();
    return file.write(bytes) == bytes.size();
}

void SelectionStatsView::showExportDialog() {
    // The tab on display is the table the user means.
    const bool events = tabs_->currentIndex() == 1;
    const QString path = QFileDialog::getSaveFileName(
        this, events ? tr("Export Selection Event Counts") : tr("Export Selection Statistics"),
        events ? QStringLiteral("selection-events.csv") : QStringLiteral("selection.csv"),
        tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    if (!(events ? exportEventsCsv(path) : exportCsv(path)))
        QMessageBox::warning(this, tr("Export Failed"), tr("Could not write %1.").arg(path));
}

} // namespace xenoscope::widgets
