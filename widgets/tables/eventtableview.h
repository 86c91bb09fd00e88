#pragma once
// EventTableView: the "Events" panel — the filter row (event, class,
// domain, pCPU, text search) over the EventTableModel's table of every
// record in the followed window. Clicking a row reports its time (the main
// window puts marker A there); the row count and the counting state are
// shown beside the filters.

#include "core/index/traceindex.h"
#include "widgets/tables/eventfilter.h"

#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;

namespace xenoscope::widgets {

class EventTableModel;

class EventTableView : public QWidget {
    Q_OBJECT
public:
    // Typing pauses this long before the search restarts.
    static constexpr int SearchDelayMs = 250;

    explicit EventTableView(QWidget* parent = nullptr);
    ~EventTableView() override;

    void setIndex(core::TraceIndexPtr index);
    void clear();
    EventTableModel* model() const { return model_; }
    QTableView* table() const { return table_; }
    void setFilter(const EventFilter& filter);

public slots:
    // The window to list (the timeline's selection, else its visible range).
    void setWindow(quint64 t0, quint64 t1);

signals:
    // The user clicked a record at `tsc` written on `pcpu`.
    void recordActivated(quint64 tsc, quint16 pcpu);

private:
    void fillFilters();
    void applyFilters();
    void onCountChanged(qint64 rows, bool done);
    void onClicked(const QModelIndex& index);

    EventTableModel* model_;
    QTableView* table_;
    QComboBox* event_;
    QComboBox* class_;
    QComboBox* domain_;
    QComboBox* pcpu_;
    QLineEdit* search_;
    QLabel* count_;
    QTimer searchTimer_;
    core::TraceIndexPtr index_;
};

} // namespace xenoscope::widgets
