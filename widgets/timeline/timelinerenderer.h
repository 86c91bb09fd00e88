#pragma once
// TimelineRenderer: paints one frame of the timeline — ruler, track headers,
// tracks from the index's draw lists, selection, markers, legend — onto any
// QPainter: the view's paintEvent, an offscreen QImage (benchmark, PNG) or a
// QSvgGenerator (SVG export) all go through the same code. It only paints
// what TimelineFrame describes; beyond the frame it keeps only laid-out
// labels, which depend on nothing but their text and the font.

#include "core/index/traceindex.h"
#include "widgets/timeline/textcache.h"
#include "widgets/timeline/timescale.h"

#include <QCoreApplication>
#include <QRect>
#include <QString>

#include <memory>
#include <optional>

class QPainter;

namespace xenoscope::widgets {

class DrawListCache;
class TimelinePalette;
class TrackLayout;

// Everything one frame shows. Pointers are borrowed for the paint call.
struct TimelineFrame {
    QSize size;
    const core::TraceIndex* index = nullptr;
    const TrackLayout* layout = nullptr;
    const TimelinePalette* palette = nullptr;
    DrawListCache* cache = nullptr;
    TimeScale scale;     // over trackArea()
    int scrollY = 0;     // content pixels scrolled off the top
    int rightMargin = 0; // room left for a scroll bar
    bool absoluteTime = false;
    std::optional<core::TimeWindow> selection;
    std::optional<uint64_t> markerA;
    std::optional<uint64_t> markerB;
    std::optional<core::TimeWindow> spike; // a latency on display
    std::optional<core::TrackRef> highlight;
    std::optional<uint64_t> cursor; // hover time
    QString emptyText;              // shown when there is no index
};

class TimelineRenderer {
    Q_DECLARE_TR_FUNCTIONS(xenoscope::widgets::TimelineRenderer)
public:
    static constexpr int RulerHeight = 42;
    static constexpr int HeaderWidth = 168;
    static constexpr int LegendHeight = 24;
    static constexpr double MinTickPx = 90;

    TimelineRenderer();
    ~TimelineRenderer();

    // Where the tracks are drawn, in widget pixels.
    static QRect trackArea(QSize size, int rightMargin);
    static QRect rulerArea(QSize size, int rightMargin);
    static QRect headerArea(QSize size);

    void paint(QPainter& p, const TimelineFrame& frame) const;
    // Rows are written into the painter's image where it allows (the
    // default); off, every row is blitted from an image of its own. Both
    // give the same pixels (tests compare them).
    void setInPlaceRows(bool on) { inPlaceRows_ = on; }
    // How many rows the last frame wrote in place.
    int rowsInPlace() const { return rowsInPlace_; }

    // Names shown in headers and tooltips.
    static QString trackName(core::TrackRef track);
    static QString vcpuName(core::VcpuKey key);
    static QString domainName(uint16_t domain);

private:
    struct FrameBuffers; // row canvases and scratch, kept across frames

    void paintTracks(QPainter& p, const TimelineFrame& f) const;
    // What goes over a track's blitted pixels (or its vector runs): labels,
    // lost-record gaps. UI thread only (the text cache).
    void decorateTrack(QPainter& p, const TimelineFrame& f, core::TrackRef track,
                       const core::DrawList& list, const QRect& row, bool raster) const;
    void decoratePcpu(QPainter& p, const TimelineFrame& f, const core::DrawList& list,
                      const QRect& r, bool raster) const;
    void decorateVcpu(QPainter& p, const TimelineFrame& f, const core::DrawList& list,
                      const QRect& r, bool idle, bool raster) const;
    // Centred vertically in [top, top + height), starting at x.
    void drawLabel(QPainter& p, const TextCache::Label& label, double x, double top, double height,
                   bool raster) const;
    void paintOverlays(QPainter& p, const TimelineFrame& f) const;
    void paintHeaders(QPainter& p, const TimelineFrame& f) const;
    void paintRuler(QPainter& p, const TimelineFrame& f) const;
    void paintLegend(QPainter& p, const TimelineFrame& f) const;

    mutable TextCache text_;     // the painter's font
    mutable TextCache boldText_; // group names
    std::unique_ptr<FrameBuffers> buffers_;
    bool inPlaceRows_ = true;
    mutable int rowsInPlace_ = 0;
};

} // namespace xenoscope::widgets
