#include "widgets/spikes/spikelistview.h"

#include "widgets/common/backgroundjob.h"

#include "core/analyses/latencysummary.h"
#include "widgets/spikes/spikelistmodel.h"
#include "widgets/timeline/timescale.h"

#include <QAction>
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
    next_->setStatusTip(tr("Zoom the timeline to the next worse-to-better scheduling latency"));
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
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(summary_, 1);
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
        this,
        [index = index_] {
            const auto& samples = index->results().latency;
            core::LatencySummary s =
                core::summarizeLatency(samples, index->window(), WorstCount, 0);
            return std::make_pair(std::move(s.worst), s.all.count);
        },
        [this, generation](std::pair<std::vector<core::LatencySample>, uint64_t> r) {
            onRanked(generation, std::move(r.first), r.second);
        });
}

void SpikeListView::onRanked(quint64 generation, std::vector<core::LatencySample> worst,
                             uint64_t total) {
    if (generation != generation_ || !index_)
        return; // a newer index is being ranked
    const size_t shown = worst.size();
    model_->setSamples(std::move(worst), index_->window().t0, index_->tscHz());
    table_->resizeColumnsToContents();
    summary_->setText(shown == 0 ? tr("No scheduling latencies in this trace")
                                 : tr("The %1 worst of %2 scheduling latencies")
                                       .arg(shown)
                                       .arg(QLocale().toString(static_cast<qulonglong>(total))));
    emit spikesReady();
}

void SpikeListView::clear() {
    ++generation_;
    index_.reset();
    model_->clear();
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
    const core::LatencySample& s = model_->sample(row);
    emit spikeActivated(s.tsc - s.cycles, s.tsc, core::vcpuKey(s.domain, s.vcpu));
}

} // namespace xenoscope::widgets
