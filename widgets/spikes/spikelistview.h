#pragma once
// SpikeListView: the "Latency spikes" panel — the worst scheduling latencies
// of the trace, longest first, with next/previous actions (N / Shift+N, F8 /
// Shift+F8). Choosing one reports the latency's span (runnable → running)
// and its vCPU so the timeline can zoom there. The ranking runs off the UI
// thread; a newer index drops a stale ranking (generation counter).

#include "core/index/traceindex.h"

#include <QWidget>

class QAction;
class QLabel;
class QTableView;

namespace xenoscope::widgets {

class SpikeListModel;

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
    void selectNext();
    void selectPrevious();
    void selectRow(int row);

signals:
    // The ranking of the current index is on display.
    void spikesReady();
    // A spike was chosen: the vCPU waited from `runnableAt` to `runningAt`.
    void spikeActivated(quint64 runnableAt, quint64 runningAt, quint32 vcpuKey);

private:
    void onRanked(quint64 generation, std::vector<core::LatencySample> worst, uint64_t total);

    SpikeListModel* model_;
    QTableView* table_;
    QLabel* summary_;
    QAction* next_;
    QAction* previous_;
    core::TraceIndexPtr index_;
    quint64 generation_ = 0;
};

} // namespace xenoscope::widgets
