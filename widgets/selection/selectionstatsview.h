#pragma once
// SelectionStatsView: the "Selection" panel — statistics of the range
// selected on the timeline (the whole trace when nothing is selected): one
// tab per domain and vCPU, one with the range's event counts (by event,
// class, domain or pCPU, sortable), each exportable as CSV. Each new range is
// summarized on a worker thread; a generation counter drops results that a
// newer selection has overtaken and a cancel stops the overtaken count, so
// dragging a selection never queues up stale tables.

#include "core/index/traceindex.h"
#include "widgets/selection/selectioneventsmodel.h"
#include "widgets/selection/selectionstatsmodel.h"

#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTabWidget;
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
    SelectionEventsModel* eventsModel() const { return events_; }
    // The events table's sorting model (sorted by count, most first, until the user clicks).
    QSortFilterProxyModel* sortedEvents() const { return sortedEvents_; }
    QTableView* eventsTable() const { return eventsTable_; }
    QTabWidget* tabs() const { return tabs_; }
    bool isBusy() const { return pending_ != done_; }

    bool exportCsv(const QString& path) const;
    // Every grouping of the event counts: grouping,key,name,count.
    bool exportEventsCsv(const QString& path) const;

public slots:
    void setWindow(quint64 t0, quint64 t1);
    void setEventGrouping(SelectionEventsModel::Grouping grouping);
    // Back to the whole trace.
    void showWholeTrace();
    void showExportDialog();

signals:
    // The table now shows `window` (after clipping to the trace).
    void statsReady(quint64 t0, quint64 t1);

private:
    QWidget* createEventsTab();
    void request(core::TimeWindow window, bool whole);
    void onComputed(quint64 generation, SelectionStats stats, bool whole);

    SelectionStatsModel* model_;
    SelectionEventsModel* events_;
    QSortFilterProxyModel* sortedEvents_;
    QTabWidget* tabs_;
    QTableView* table_;
    QTableView* eventsTable_;
    QComboBox* grouping_;
    QLabel* header_;
    QPushButton* export_;
    core::TraceIndexPtr index_;
    std::shared_ptr<core::CancelToken> cancel_; // of the newest request
    quint64 pending_ = 0;                       // generation of the newest request
    quint64 done_ = 0;                          // generation on display
};

} // namespace xenoscope::widgets
