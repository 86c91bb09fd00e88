#include "widgets/spikes/spikelistview.h"

#include "widgets/common/backgroundjob.h"

#include "widgets/timeline/timescale.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPointer>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace xenoscope::widgets {

SpikeListView::SpikeListView(QWidget* parent)
    : QWidget(parent)
    , model_(new SpikeListModel(this))
    , table_(new QTableView(this))
    , summary_(new QLabel(this))
    , filter_(new QComboBox(this))
    , next_(new QAction(tr("&Next Latency Spike"), this))
    , previous_(new QAction(tr("&Previous Latency Spike"), this)) {
    table_->setObjectName(QStringLiteral("spikeTable"));
    table_->setModel(model_);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setAlternatingRowColors(true);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    connect(table_, &QTableView::activated, this,
            [this](const QModelIndex& i) { selectRow(i.row()); });
    connect(table_, &QTableView::clicked, this,
            [this](const QModelIndex& i) { selectRow(i.row()); });

    summary_->setObjectName(QStringLiteral("spikeSummary"));
    summary_->setWordWrap(true);
    summary_->setText(tr("No trace"));

    next_->setObjectName(QStringLiteral("nextSpike"));
    next_->setShortcuts({QKeySequence(Qt::Key_N), QKeySequence(Qt::Key_F8)});
    next_->setStatusTip(tr("Zoom the timeline to the next latency spike, worst first"));
    previous_->setObjectName(QStringLiteral("previousSpike"));
    previous_->setShortcuts(
        {QKeySequence(Qt::SHIFT | Qt::Key_N), QKeySequence(Qt::SHIFT | Qt::Key_F8)});
    previous_->setStatusTip(tr("Zoom the timeline to the previous latency spike"));
    connect(next_, &QAction::triggered, this, &SpikeListView::selectNext);
    connect(previous_, &QAction::triggered, this, &SpikeListView::selectPrevious);

    auto* prevButton = new QToolButton(this);
    prevButton->setDefaultAction(previous_);
    prevButton->setText(tr("◀ Previous"));
    auto* nextButton = new QToolButton(this);
    nextButton->setDefaultAction(next_);
    nextButton->setText(tr("Next ▶"));
    using Filter = SpikeListModel::Filter;
    filter_->setObjectName(QStringLiteral("spikeFilter"));
    filter_->addItem(tr("All"), static_cast<int>(Filter::All));
    filter_->addItem(tr("Scheduling"), static_cast<int>(Filter::Scheduling));
    filter_->addItem(tr("Disk"), static_cast<int>(Filter::Disk));
    filter_->setToolTip(tr("Show every kind of latency, only scheduling latencies (wake, "
                           "preempt) or only disk request latencies"));
    connect(filter_, &QComboBox::currentIndexChanged, this,
            [this](int i) { setFilter(static_cast<Filter>(filter_->itemData(i).toInt())); });

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(summary_, 1);
    buttons->addWidget(filter_);
    buttons->addWidget(prevButton);
    buttons->addWidget(nextButton);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(buttons);
    layout->addWidget(table_, 1);
}

SpikeListView::~SpikeListView() = default;

void SpikeListView::setIndex(core::TraceIndexPtr index) {
    index_ = std::move(index);
    const quint64 generation = ++generation_;
    if (!index_) {
        clear();
        return;
    }
    summary_->setText(tr("Ranking latencies…"));
    // Millions of samples in a big trace: rank them on a worker. The index is
    // shared and immutable, so the worker holds its own reference.
    runInBackground(
        this, [index = index_] { return rankSpikes(*index, WorstCount); },
        [this, generation](SpikeRanking r) { onRanked(generation, std::move(r)); });
}

void SpikeListView::onRanked(quint64 generation, SpikeRanking ranking) {
    if (generation != generation_ || !index_)
        return; // a newer index is being ranked
    model_->setSpikes(std::move(ranking.spikes), index_->window().t0, index_->tscHz());
    ranking.spikes.clear();
    counts_ = std::move(ranking);
    table_->resizeColumnsToContents();
    updateSummary();
    emit spikesReady();
}

void SpikeListView::updateSummary() {
    using Filter = SpikeListModel::Filter;
    const Filter f = model_->filter();
    const QString scheduling =
        counts_.schedulingSamples == 0
            ? tr("no scheduling latencies")
            : tr("the %1 worst of %2 scheduling latencies")
                  .arg(counts_.scheduling)
                  .arg(QLocale().toString(static_cast<qulonglong>(counts_.schedulingSamples)));
    const QString disk =
        counts_.diskSamples == 0
            ? tr("no complete disk requests")
            : tr("the %1 worst of %2 disk requests (end to end)")
                  .arg(counts_.disk)
                  .arg(QLocale().toString(static_cast<qulonglong>(counts_.diskSamples)));
    QString text = f == Filter::Scheduling ? scheduling
                   : f == Filter::Disk     ? disk
                                           : tr("%1; %2").arg(scheduling, disk);
    text[0] = text[0].toUpper();
    summary_->setText(text);
}

void SpikeListView::setFilter(SpikeListModel::Filter filter) {
    const int i = filter_->findData(static_cast<int>(filter));
    if (i != filter_->currentIndex())
        filter_->setCurrentIndex(i); // comes back here through the signal
    if (filter == model_->filter())
        return;
    model_->setFilter(filter);
    // Columns that stay empty for the kinds shown only take room.
    table_->setColumnHidden(SpikeListModel::Pcpu, filter == SpikeListModel::Filter::Disk);
    for (const int c : {SpikeListModel::Device, SpikeListModel::Request})
        table_->setColumnHidden(c, filter == SpikeListModel::Filter::Scheduling);
    table_->resizeColumnsToContents();
    if (index_)
        updateSummary();
}

void SpikeListView::clear() {
    ++generation_;
    index_.reset();
    model_->clear();
    counts_ = {};
    summary_->setText(tr("No trace"));
}

int SpikeListView::currentRow() const {
    const QModelIndex i = table_->currentIndex();
    return i.isValid() ? i.row() : -1;
}

void SpikeListView::selectNext() {
    selectRow(std::min(currentRow() + 1, model_->rowCount() - 1));
}

void SpikeListView::selectPrevious() {
    selectRow(std::max(currentRow() - 1, 0));
}

void SpikeListView::selectRow(int row) {
    if (row < 0 || row >= model_->rowCount())
        return;
    table_->selectRow(row);
    table_->setCurrentIndex(model_->index(row, 0));
    const Spike& s = model_->spike(row);
    // A disk stage whose records swapped places has length 0, not a wrap.
    emit spikeActivated(std::min(s.from, s.to), std::max(s.from, s.to), s.vcpu);
}

} // namespace xenoscope::widgets
