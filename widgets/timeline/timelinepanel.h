#pragma once
// TimelinePanel: the timeline tab — a tool row (find a track, filter
// domains, zoom, history, time base, markers read-out) over a TimelineView,
// and the image export of what it shows (PNG via grab, SVG via the same
// renderer on a QSvgGenerator).

#include "core/index/traceindex.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QMenu;
class QToolButton;

namespace xenoscope::widgets {

class TimelineView;

class TimelinePanel : public QWidget {
    Q_OBJECT
public:
    explicit TimelinePanel(QWidget* parent = nullptr);
    ~TimelinePanel() override;

    TimelineView* view() const { return view_; }
    void setIndex(core::TraceIndexPtr index, bool complete);

    // Finds "d14v2", "14.2", "pcpu 3", "p3", "dom0" ...: the track it names.
    std::optional<core::TrackRef> findTrack(const QString& text) const;
    // Reveals the track `text` names; false (and a hint) when none.
    bool find(const QString& text);

    // PNG (or any raster format Qt writes) or SVG, by the file's suffix.
    bool exportImage(const QString& path) const;

private:
    void rebuildTrackLists();
    void updateMarkerLabel();

    TimelineView* view_;
    QComboBox* find_;
    QToolButton* domains_;
    QMenu* domainMenu_;
    QToolButton* back_;
    QToolButton* forward_;
    QLabel* markers_;
};

} // namespace xenoscope::widgets
