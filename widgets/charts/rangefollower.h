#pragma once
// RangeFollower: turns the timeline's stream of visible-range and selection
// changes into one debounced "window" for the charts and the event table:
// the selection when there is one, else the visible range. Panning or
// dragging a selection fires dozens of signals a second; the views
// recompute only once the user pauses (DebounceMs).

#include "core/probes/timewindow.h"

#include <QObject>
#include <QTimer>

#include <optional>

namespace xenoscope::widgets {

class RangeFollower : public QObject {
    Q_OBJECT
public:
    static constexpr int DebounceMs = 100;

    explicit RangeFollower(QObject* parent = nullptr);
    ~RangeFollower() override;

    // The window the views should show now (selection, else visible range).
    core::TimeWindow window() const;
    bool hasSelection() const { return selection_.has_value(); }
    // Emits a pending change at once (tests, and a new index).
    void flush();

public slots:
    void setVisibleRange(quint64 t0, quint64 t1);
    void setSelection(quint64 t0, quint64 t1);
    void clearSelection();
    // A new trace: forget the selection, follow `whole` at once.
    void reset(quint64 t0, quint64 t1);

signals:
    // The debounced window changed; `selection` says which of the two it is.
    void windowChanged(quint64 t0, quint64 t1, bool selection);

private:
    void schedule();
    void emitNow();

    QTimer timer_;
    core::TimeWindow visible_;
    std::optional<core::TimeWindow> selection_;
    std::optional<core::TimeWindow> emitted_;
};

} // namespace xenoscope::widgets
