#pragma once
// TimelineView: the interactive scheduling timeline. Holds the view state —
// visible range, vertical scroll, selection, markers A/B, zoom history, the
// highlighted track — turns mouse, wheel and keys into changes of it the way
// KernelShark, Trace Compass and Perfetto users expect, and lets
// TimelineRenderer paint it from the index's draw lists. It never walks
// intervals itself: painting asks the index for per-pixel draw lists of the
// visible tracks only, hover asks TraceIndex::at().
//
// Keys: W/S or +/- zoom in/out around the mouse (or the centre), A/D or
// Left/Right pan, Z zoom to the selection, 0 or Home the whole trace,
// Alt+Left or Backspace back, Alt+Right forward, M / Shift+M marker A / B at
// the mouse, E markers at the selection edges, Delete clears them, Esc clears
// the selection, Up/Down/PgUp/PgDn scroll the tracks.
// Mouse: wheel scrolls the tracks, Ctrl+wheel (or wheel over the ruler) zooms
// around the cursor, Shift+wheel pans, left-drag selects a range, middle-drag
// or dragging the ruler pans, double-clicking the ruler resets, clicking a
// group header folds it.

#include "core/index/traceindex.h"
#include "widgets/timeline/drawlistcache.h"
#include "widgets/timeline/timelinepalette.h"
#include "widgets/timeline/timelinerenderer.h"
#include "widgets/timeline/timescale.h"
#include "widgets/timeline/tracklayout.h"
#include "widgets/timeline/zoomhistory.h"

#include <QElapsedTimer>
#include <QWidget>

#include <optional>

class QScrollBar;

namespace xenoscope::widgets {

class TimelineView : public QWidget {
    Q_OBJECT
public:
    // Zoom steps: keys and buttons double or halve the visible range, one
    // wheel notch (120 eighths of a degree) changes it by 1.25x.
    static constexpr double KeyZoomFactor = 2.0;
    static constexpr double WheelZoomPerNotch = 1.25;
    static constexpr double PanFraction = 0.2; // of the visible range, per A/D
    static constexpr uint64_t MinVisibleCycles = 64;

    explicit TimelineView(QWidget* parent = nullptr);
    ~TimelineView() override;

    // A new trace (or a newer snapshot of the same one: the view stays put).
    void setIndex(core::TraceIndexPtr index, bool complete);
    const core::TraceIndexPtr& index() const { return index_; }
    void clear();

    const TrackLayout& trackLayout() const { return layout_; }
    const TimelinePalette& palette() const { return palette_; }
    void setGroupCollapsed(uint32_t groupKey, bool collapsed);
    void setDomainShown(uint16_t domain, bool shown);

    core::TimeWindow visibleRange() const { return {start_, start_ + length_}; }
    // Clamped to the trace; recorded in the zoom history unless told otherwise.
    void setVisibleRange(core::TimeWindow range, bool recordHistory = true);
    TimeScale scale() const;
    // Where the tracks are drawn (widget pixels).
    QRect trackArea() const;
    // The track's rectangle in widget pixels (empty when hidden); may lie
    // outside the visible area when scrolled away.
    QRect trackRect(core::TrackRef track) const;
    double xForTime(uint64_t tsc) const { return scale().xForTime(tsc); }
    uint64_t timeForX(double x) const { return scale().timeForX(x); }
    int scrollOffset() const;

    std::optional<core::TimeWindow> selection() const { return selection_; }
    std::optional<uint64_t> markerA() const { return markerA_; }
    std::optional<uint64_t> markerB() const { return markerB_; }
    std::optional<core::TrackRef> highlightedTrack() const { return highlight_; }
    bool absoluteTime() const { return absoluteTime_; }
    bool canGoBack() const { return history_.canGoBack(); }
    bool canGoForward() const { return history_.canGoForward(); }

    // Paints the current frame at `size` (PNG/SVG export, benchmark).
    void render(QPainter& painter, QSize size, bool withScrollBar = false);
    // TimelineRenderer::setInPlaceRows / rowsInPlace (tests, benchmark).
    void setInPlaceRows(bool on) { renderer_.setInPlaceRows(on); }
    int rowsInPlace() const { return renderer_.rowsInPlace(); }
    // Draw lists asked of the index since the last new index.
    uint64_t drawListRequests() const { return cache_.misses(); }

public slots:
    void zoomIn();
    void zoomOut();
    // factor > 1 zooms in; `anchor` keeps its pixel.
    void zoomAround(double factor, uint64_t anchor, bool recordHistory = true);
    void panBy(double fraction);
    void zoomToSelection();
    void resetZoom();
    void goBack();
    void goForward();
    void setSelection(core::TimeWindow range);
    void clearSelection();
    void setMarkerA(uint64_t tsc);
    void setMarkerB(uint64_t tsc);
    void setMarkersToSelection();
    void clearMarkers();
    void setAbsoluteTime(bool absolute);
    // Shows the span with context (3x its length, centred) and highlights the track.
    void showInterval(core::TimeWindow span, core::TrackRef track, double context = 3.0);
    // Scrolls the track into view and highlights it; false when it does not exist.
    bool revealTrack(core::TrackRef track);

signals:
    void visibleRangeChanged(quint64 t0, quint64 t1);
    // The user (or setSelection) chose a range; stats panels follow it.
    void rangeSelected(quint64 t0, quint64 t1);
    void selectionCleared();
    void markersChanged();
    void historyChanged();
    void layoutChanged();

protected:
    bool event(QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    enum class Drag { None, Select, Pan, RulerPan };

    TimelineFrame frame(QSize size, int rightMargin);
    void updateScrollBar();
    void applyRange(uint64_t start, uint64_t length);
    // Continuous gestures (wheel, drags) record one history entry per burst.
    void recordGesture();
    uint64_t anchorTime() const;
    QString tooltipAt(QPoint pos) const;
    std::optional<core::TrackRef> trackAt(QPoint pos) const;

    core::TraceIndexPtr index_;
    core::TimeWindow trace_;
    bool complete_ = false;
    TrackLayout layout_;
    TimelinePalette palette_;
    mutable DrawListCache cache_; // tooltips read the frame's lists too
    TimelineRenderer renderer_;
    ZoomHistory history_;
    QScrollBar* vbar_;

    uint64_t start_ = 0;
    uint64_t length_ = 1;
    std::optional<core::TimeWindow> selection_;
    std::optional<uint64_t> markerA_;
    std::optional<uint64_t> markerB_;
    std::optional<core::TimeWindow> spike_;
    std::optional<core::TrackRef> highlight_;
    std::optional<uint64_t> cursor_;
    bool absoluteTime_ = false;

    Drag drag_ = Drag::None;
    QPoint pressPos_;
    uint64_t pressTime_ = 0;
    uint64_t pressStart_ = 0;
    int pressScroll_ = 0;
    bool dragMoved_ = false;
    QElapsedTimer lastGesture_;
};

} // namespace xenoscope::widgets
