#pragma once
// SelectionStatsView: the "Selection" panel — statistics of the range
// selected on the timeline (the whole trace when nothing is selected), with
// CSV export. Each new range is summarized on a worker thread; a generation
// counter drops results that a newer selection has overtaken, so dragging a
// selection never queues up stale tables.

#include "core/index/traceindex.h"
#include "widgets/selection/selectionstatsmodel.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;

namespace xenoscope::widgets {

class SelectionStatsView : public QWidget {
    Q_OBJECT
public:
    explicit SelectionStatsView(QWidget* parent = nullptr);
    ~SelectionStatsView() override;

    void setIndex(core::TraceIndexPtr index);
    void clear();
    SelectionStatsModel* model() const { return model_; }
    bool isBusy() const { return pending_ != done_; }

    bool exportCsv(const QString& path) const;

public slots:
    void setWindow(quint64 t0, quint64 t1);
    // Back to the whole trace.
    void showWholeTrace();
    void showExportDialog();

signals:
    // The table now shows `window` (after clipping to the trace).
    void statsReady(quint64 t0, quint64 t1);

private:
    void request(core::TimeWindow window, bool whole);
    void onComputed(quint64 generation, SelectionStats stats, bool whole);

    SelectionStatsModel* model_;
    QTableView* table_;
    QLabel* header_;
    QPushButton* export_;
    core::TraceIndexPtr index_;
    quint64 pending_ = 0; // generation of the newest request
    quint64 done_ = 0;    // generation on display
};

} // namespace xenoscope::widgets
