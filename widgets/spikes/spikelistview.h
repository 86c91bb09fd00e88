#pragma once
// SpikeListView: the "Latency spikes" panel — the worst scheduling and disk
// request latencies of the trace, longest first, filtered to all, scheduling
// or disk, with next/previous actions (N / Shift+N, F8 / Shift+F8) over the
// rows shown. Choosing one reports the latency's span (runnable → running,
// or FRONT_QUEUE → FRONT_DONE) and a vCPU to show beside it so the timeline
// can zoom there. The ranking runs off the UI thread; a newer index drops a
// stale ranking (generation counter).

#include "core/index/traceindex.h"
#include "widgets/spikes/spike.h"
#include "widgets/spikes/spikelistmodel.h"

#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QTableView;

namespace xenoscope::widgets {

class SpikeListView : public QWidget {
    Q_OBJECT
public:
    static constexpr size_t WorstCount = 200;

    explicit SpikeListView(QWidget* parent = nullptr);
    ~SpikeListView() override;

    void setIndex(core::TraceIndexPtr index);
    void clear();

    SpikeListModel* model() const { return model_; }
    QTableView* table() const { return table_; }
    QAction* nextAction() const { return next_; }
    QAction* previousAction() const { return previous_; }
    int currentRow() const;

public slots:
    void setFilter(SpikeListModel::Filter filter);
    void selectNext();
    void selectPrevious();
    void selectRow(int row);

signals:
    // The ranking of the current index is on display.
    void spikesReady();
    // A spike was chosen: the latency ran from `from` to `to`; `vcpuKey` is
    // the vCPU to show with it (core::NoVcpu: none).
    void spikeActivated(quint64 from, quint64 to, quint32 vcpuKey);

private:
    void onRanked(quint64 generation, SpikeRanking ranking);
    void updateSummary();

    SpikeListModel* model_;
    QTableView* table_;
    QLabel* summary_;
    QComboBox* filter_;
    SpikeRanking counts_; // the ranking on display, without its spikes
    QAction* next_;
    QAction* previous_;
    core::TraceIndexPtr index_;
    quint64 generation_ = 0;
};

} // namespace xenoscope::widgets
