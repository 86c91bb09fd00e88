#include "widgets/timeline/timelinerenderer.h"

#include "widgets/timeline/drawlistcache.h"
#include "widgets/timeline/timelinepalette.h"
#include "widgets/timeline/tracklayout.h"

#include <QFontMetrics>
#include <QImage>
#include <QPaintEngine>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <optional>

namespace xenoscope::widgets {

namespace {

using core::TrackRef;
using core::VcpuState;

const QColor Background(0xff, 0xff, 0xff);
const QColor AltBackground(0xf7, 0xf8, 0xfa);
const QColor HeaderBackground(0xf0, 0xf2, 0xf5);
const QColor GroupBackground(0xe3, 0xe7, 0xed);
const QColor GridLine(0xd0, 0xd4, 0xda);
const QColor TextColor(0x22, 0x26, 0x2e);
const QColor DimText(0x5a, 0x62, 0x70);
const QColor MigrationColor(0x30, 0x30, 0x30);

int floorPx(double x) {
    return static_cast<int>(std::floor(x));
}

// How a run of pixels is filled.
enum class Fill : uint8_t { None, Solid, Hatched, Band };

// Where a frame's rows can be written in place: the painter's device is a
// 32-bit image (a QImage, or a widget's raster backing store) under a
// whole-pixel shift, with no clip or effect that a plain copy would miss.
// Then the threads that make the rows' pixels write them straight into the
// frame, and the UI thread has no blits to make: those copies were 28 % of
// the UI thread's time in a frame (perf, 400 frames of the benchmark).
struct FramePixels {
    uchar* bits = nullptr;
    qsizetype bytesPerLine = 0;
    QImage::Format format = QImage::Format_RGB32;
    QPoint shift; // logical to device coordinates
};

// Call before the frame sets a clip of its own: the caller's clip (and the
// system clip of a partial widget update) rule the in-place path out.
std::optional<FramePixels> framePixels(QPainter& p, const QRect& area) {
    QPaintEngine* e = p.paintEngine();
    if (!e || e->type() != QPaintEngine::Raster || p.hasClipping() || p.opacity() < 1.0 ||
        p.compositionMode() != QPainter::CompositionMode_SourceOver)
        return std::nullopt;
    QPaintDevice* device = e->paintDevice();
    if (!device || device->devType() != QInternal::Image)
        return std::nullopt;
    auto* image = static_cast<QImage*>(device);
    if (image->format() != QImage::Format_RGB32 && image->format() != QImage::Format_ARGB32 &&
        image->format() != QImage::Format_ARGB32_Premultiplied)
        return std::nullopt;
    // A widget's offset in its window comes in here as a translation; any
    // scaling (high-DPI, a scaled painter) goes through QPainter.
    const QTransform& t = p.deviceTransform();
    if (t.type() > QTransform::TxTranslate || t.dx() != std::floor(t.dx()) ||
        t.dy() != std::floor(t.dy()))
        return std::nullopt;
    const QPoint shift(static_cast<int>(t.dx()), static_cast<int>(t.dy()));
    const QRect onDevice = area.translated(shift);
    const QRegion system = e->systemClip(); // device coordinates; empty: none
    if (!image->rect().contains(onDevice) ||
        (!system.isEmpty() && !(QRegion(onDevice) - system).isEmpty()))
        return std::nullopt;
    return FramePixels{image->bits(), image->bytesPerLine(), image->format(), shift};
}

// The pixels of one track row on a raster device: an image of the whole
// row, margins and strips included. Either the row's own image, blitted
// once, or (FramePixels) a window onto the frame's own pixels. Rows are
// filled side by side on two threads (nothing here touches a QPainter).
struct RowCanvas {
    QImage own;
    QImage window;
    QImage* image = nullptr; // what is written: &own or &window
    QRect rect;
    std::vector<char> written; // per line of `image`

    void begin(const QRect& r) {
        if (own.size() != r.size() || own.format() != QImage::Format_RGB32)
            own = QImage(r.size(), QImage::Format_RGB32);
        image = &own;
        start(r);
    }
    // In place: `r` lies inside the frame's pixels.
    void begin(const QRect& r, const FramePixels& frame) {
        const QPoint at = r.topLeft() + frame.shift;
        window = QImage(frame.bits + at.y() * frame.bytesPerLine + at.x() * 4, r.width(),
                        r.height(), frame.bytesPerLine, frame.format);
        image = &window;
        start(r);
    }
    QRgb* line(int y) { return reinterpret_cast<QRgb*>(image->scanLine(y)); }
    // Solid pixels over the runs (migration notches), clipped to the row.
    void paintOver(const QRect& r, QRgb ink) {
        const QRect c = r.intersected(rect).translated(-rect.topLeft());
        for (int y = c.top(); y <= c.bottom(); ++y)
            std::fill(line(y) + c.left(), line(y) + c.right() + 1, ink | 0xff000000u);
    }
    // Lines no run painter wrote get the background.
    void fillUnwritten(QRgb background) {
        const auto w = static_cast<size_t>(image->width());
        for (int y = 0; y < image->height(); ++y)
            if (!written[static_cast<size_t>(y)]) {
                std::fill(line(y), line(y) + w, background | 0xff000000u);
                written[static_cast<size_t>(y)] = 1;
            }
    }

private:
    void start(const QRect& r) {
        rect = r;
        written.assign(static_cast<size_t>(r.height()), 0);
    }
};

// A run painter's buffers, one set per thread, kept across the rows of a
// frame (no allocation per row).
struct RunScratch {
    std::vector<QRgb> colour;
    std::vector<Fill> fill;
    std::vector<QRgb> plain;
    std::vector<QRgb> banded;
    std::vector<int> hatchedX;
};

// Adjacent spans of the same look are merged into one run. On a raster
// device (screen, PNG, benchmark) runs are written into one pixel row per
// look (outside and inside the band), copied into the lines of the row's
// canvas: at a wide zoom a track holds a run per pixel, and tens of
// thousands of fillRect calls per frame cost more than the pixels
// themselves. On vector devices (SVG) each run stays a rectangle.
class RunPainter {
public:
    // Raster: `area` lies inside `canvas`, and `p` is not used (may be
    // null: this runs off the UI thread). Vector: no canvas, runs go to `p`.
    // `background`: what the track shows where no span is, so that the row
    // is an opaque blit.
    RunPainter(QPainter* p, RowCanvas* canvas, const QRect& area, QRgb background,
               RunScratch& scratch)
        : p_(p)
        , canvas_(canvas)
        , area_(area)
        , background_(background | 0xff000000u)
        , s_(scratch) {
        if (canvas_) {
            const auto w = static_cast<size_t>(std::max(area_.width(), 1));
            s_.colour.assign(w, 0);
            s_.fill.assign(w, Fill::None);
        }
    }
    ~RunPainter() { finish(); }
    RunPainter(const RunPainter&) = delete;
    RunPainter& operator=(const RunPainter&) = delete;

    void add(int x0, int x1, QRgb colour, Fill fill) {
        if (x1 <= x0)
            x1 = x0 + 1; // every span stays visible: at least one pixel
        if (open_ && colour == colour_ && fill == fill_ && x0 <= x1_) {
            x1_ = std::max(x1_, x1);
            return;
        }
        flush();
        open_ = true;
        x0_ = x0;
        x1_ = x1;
        colour_ = colour;
        fill_ = fill;
    }

private:
    void flush() {
        if (!open_)
            return;
        open_ = false;
        if (canvas_) {
            const int a = std::clamp(x0_ - area_.left(), 0, area_.width());
            const int b = std::clamp(x1_ - area_.left(), 0, area_.width());
            // A later run owns its pixels, whatever kind the earlier one was.
            std::fill(s_.colour.begin() + a, s_.colour.begin() + b,
                      qPremultiply(colour_) | 0xff000000u);
            std::fill(s_.fill.begin() + a, s_.fill.begin() + b, fill_);
            bands_ = bands_ || fill_ == Fill::Band;
            hatches_ = hatches_ || fill_ == Fill::Hatched;
            return;
        }
        const QRect r(x0_, area_.top(), x1_ - x0_, area_.height());
        switch (fill_) {
        case Fill::None:
            break;
        case Fill::Solid:
            p_->fillRect(r, QColor::fromRgb(colour_));
            break;
        case Fill::Hatched:
            p_->fillRect(r, QColor::fromRgb(colour_));
            p_->fillRect(r, TimelinePalette::unknownBrush());
            break;
        case Fill::Band:
            p_->fillRect(QRect(x0_, bandTop(), x1_ - x0_, bandHeight()), QColor::fromRgb(colour_));
            break;
        }
    }

    void finish() {
        flush();
        if (!canvas_)
            return;
        const auto w = static_cast<size_t>(area_.width());
        const int h = area_.height();
        s_.plain.resize(w);
        for (size_t x = 0; x < w; ++x)
            s_.plain[x] = s_.fill[x] == Fill::Solid || s_.fill[x] == Fill::Hatched ? s_.colour[x]
                                                                                   : background_;
        const int b0 = bands_ ? bandTop() - area_.top() : h;
        const int b1 = bands_ ? b0 + bandHeight() : h;
        if (bands_) {
            s_.banded.resize(w);
            for (size_t x = 0; x < w; ++x)
                s_.banded[x] = s_.fill[x] == Fill::Band ? s_.colour[x] : s_.plain[x];
        }
        const int dx = area_.left() - canvas_->rect.left();
        const int dy = area_.top() - canvas_->rect.top();
        for (int y = 0; y < h; ++y) {
            const std::vector<QRgb>& line = y >= b0 && y < b1 ? s_.banded : s_.plain;
            std::memcpy(canvas_->line(dy + y) + dx, line.data(), w * sizeof(QRgb));
            canvas_->written[static_cast<size_t>(dy + y)] = 1;
        }
        if (hatches_)
            hatch();
    }

    // Unknown time: the lines of Qt::BDiagPattern (the vector path's brush,
    // an 8-px pattern from the device origin) written into the pixels, so
    // nothing needs painting over the blitted row.
    void hatch() {
        const QRgb ink = TimelinePalette::unknownBrush().color().rgb() | 0xff000000u;
        std::vector<int>& xs = s_.hatchedX;
        xs.clear();
        for (int x = 0; x < area_.width(); ++x)
            if (s_.fill[static_cast<size_t>(x)] == Fill::Hatched)
                xs.push_back(x);
        const int dx = area_.left() - canvas_->rect.left();
        const int dy = area_.top() - canvas_->rect.top();
        for (int y = 0; y < area_.height(); ++y) {
            QRgb* line = canvas_->line(dy + y) + dx;
            for (const int x : xs)
                if (((area_.left() + x + area_.top() + y) & 7) == 7)
                    line[x] = ink;
        }
    }
    // Blocked/offline: a thin band, so running and waiting stand out.
    int bandHeight() const { return std::max(3, area_.height() / 4); }
    int bandTop() const { return area_.top() + (area_.height() - bandHeight()) / 2; }

    QPainter* p_;
    RowCanvas* canvas_;
    QRect area_;
    bool open_ = false;
    bool bands_ = false;
    bool hatches_ = false;
    int x0_ = 0;
    int x1_ = 0;
    QRgb background_;
    QRgb colour_ = 0;
    Fill fill_ = Fill::Solid;
    RunScratch& s_;
};

bool isRaster(const QPainter& p) {
    const QPaintEngine* e = p.paintEngine();
    return e && e->type() == QPaintEngine::Raster && !p.worldTransform().isScaling();
}

// Clip pixel coordinates far outside the widget: QRect is int, TSC maps are not.
int clampPx(double x, const QRect& area) {
    const double c =
        std::clamp(x, static_cast<double>(area.left() - 2), static_cast<double>(area.right() + 2));
    // Truncation is floor for the non-negative, and cheaper: this runs twice per span.
    return c >= 0 ? static_cast<int>(c) : floorPx(c);
}

} // namespace

TimelineRenderer::TimelineRenderer()
    : buffers_(std::make_unique<FrameBuffers>()) {}
TimelineRenderer::~TimelineRenderer() = default;

QRect TimelineRenderer::trackArea(QSize size, int rightMargin) {
    return {HeaderWidth, RulerHeight, std::max(1, size.width() - HeaderWidth - rightMargin),
            std::max(1, size.height() - RulerHeight - LegendHeight)};
}

QRect TimelineRenderer::rulerArea(QSize size, int rightMargin) {
    return {HeaderWidth, 0, std::max(1, size.width() - HeaderWidth - rightMargin), RulerHeight};
}

QRect TimelineRenderer::headerArea(QSize size) {
    return {0, RulerHeight, HeaderWidth, std::max(1, size.height() - RulerHeight - LegendHeight)};
}

QString TimelineRenderer::vcpuName(core::VcpuKey key) {
    if (key == core::NoVcpu)
        return tr("unknown");
    if (core::isIdle(key))
        return tr("idle v%1").arg(core::keyVcpu(key));
    return tr("d%1v%2").arg(core::keyDomain(key)).arg(core::keyVcpu(key));
}

QString TimelineRenderer::domainName(uint16_t domain) {
    if (domain == core::IdleDomain)
        return tr("Idle domain");
    return tr("Domain %1").arg(domain);
}

QString TimelineRenderer::trackName(TrackRef track) {
    if (track.kind == TrackRef::Kind::Pcpu)
        return tr("pCPU %1").arg(track.id);
    return vcpuName(track.id);
}

namespace {

// What one thread needs to paint rows: run buffers and migration notches.
struct TrackScratch {
    RunScratch runs;
    std::vector<QRect> ticks;
};

// A track row of the frame being painted.
struct RowTask {
    TrackRef track;
    QRect r;
    QColor background;
    bool highlighted = false;
    const core::DrawList* list = nullptr;
    RowCanvas* canvas = nullptr;        // raster devices
    const FramePixels* frame = nullptr; // in place (raster, row wholly in the track area)
};

} // namespace

// Kept across frames so that a frame allocates nothing: a canvas per row on
// screen and a scratch per thread.
struct TimelineRenderer::FrameBuffers {
    std::vector<RowCanvas> canvases;
    std::array<TrackScratch, 2> scratch;
};

namespace {

// The spans' area of a row: a margin above and below.
QRect innerRect(const QRect& row) {
    return row.adjusted(0, 2, 0, -1);
}

// A vCPU row: the runstates above, the hypervisor strip at the bottom.
QRect vcpuBody(const QRect& inner) {
    return inner.adjusted(0, 0, 0, -4);
}

void pcpuRuns(const TimelineFrame& f, const core::DrawList& list, const QRect& r,
              RunPainter& runs) {
    const TimeScale& s = f.scale;
    // Neighbouring spans mostly share a domain: one palette look-up per change.
    uint16_t lastDomain = 0;
    QRgb exact = 0, folded = 0;
    bool known = false;
    for (const core::DrawSpan& span : list.spans) {
        const int x0 = clampPx(s.xForTime(span.start), r);
        const int x1 = clampPx(s.xForTime(span.end), r);
        const core::VcpuKey who = span.value;
        if (who == core::NoVcpu) {
            const QColor c = TimelinePalette::unknownColor();
            runs.add(x0, x1, (span.intervals > 1 ? TimelinePalette::folded(c) : c).rgb(),
                     Fill::Hatched);
            continue;
        }
        const uint16_t domain = core::keyDomain(who);
        if (!known || domain != lastDomain) {
            const QColor c = f.palette->domainColor(domain);
            exact = c.rgb();
            folded = TimelinePalette::folded(c).rgb();
            lastDomain = domain;
            known = true;
        }
        runs.add(x0, x1, span.intervals > 1 ? folded : exact, Fill::Solid);
    }
}

void vcpuRuns(const TimelineFrame& f, const core::DrawList& list, const QRect& r, bool idle,
              RunPainter& runs) {
    const TimeScale& s = f.scale;
    // How each state looks on this track, exact and folded: worked out once,
    // not per span (a wide zoom has a span per pixel).
    struct Look {
        QRgb exact;
        QRgb folded;
        Fill fill;
    };
    std::array<Look, core::VcpuStateCount> looks{};
    for (size_t i = 0; i < core::VcpuStateCount; ++i) {
        const auto state = static_cast<VcpuState>(i);
        // The idle domain's vCPUs "run" whenever a pCPU has nothing to do:
        // drawn quietly so the guests' tracks keep the eye.
        QColor c = TimelinePalette::stateColor(state);
        Fill fill = state == VcpuState::Unknown                                  ? Fill::Hatched
                    : state == VcpuState::Blocked || state == VcpuState::Offline ? Fill::Band
                                                                                 : Fill::Solid;
        if (idle && state == VcpuState::Running) {
            c = TimelinePalette::idleRunningColor();
        } else if (idle && state == VcpuState::Runnable) {
            // An idle vCPU waits whenever its pCPU is busy: nothing to see.
            c = TimelinePalette::idleColor();
            fill = Fill::Band;
        }
        looks[i] = {c.rgb(), TimelinePalette::folded(c).rgb(), fill};
    }
    for (const core::DrawSpan& span : list.spans) {
        const int x0 = clampPx(s.xForTime(span.start), r);
        const int x1 = clampPx(s.xForTime(span.end), r);
        const Look& look =
            looks[std::min<size_t>(span.value, core::stateIndex(VcpuState::Unknown))];
        runs.add(x0, x1, span.intervals > 1 ? look.folded : look.exact, look.fill);
    }
}

// Hypervisor time as a strip under the body: exits and resumes alike.
QRect hypervisorStrip(const QRect& inner) {
    return QRect(inner.left(), inner.bottom() - 3, inner.width(), 4);
}

void hypervisorRuns(const TimelineFrame& f, const core::DrawList& list, const QRect& r,
                    RunPainter& runs) {
    const TimeScale& s = f.scale;
    const QRgb hv = TimelinePalette::hypervisorColor().rgb();
    for (const core::DrawSpan& o : list.overlays)
        runs.add(clampPx(s.xForTime(o.start), r), clampPx(s.xForTime(o.end), r), hv, Fill::Solid);
}

// Migrations: a small notch at the top edge where the vCPU starts running on
// another pCPU than last time: visible, yet quiet when many. Three
// rectangles, not a path: there can be thousands per frame.
void migrationTicks(const TimelineFrame& f, const core::DrawList& list, const QRect& r,
                    std::vector<QRect>& ticks) {
    const TimeScale& s = f.scale;
    ticks.clear();
    uint16_t lastPcpu = core::NoPcpu;
    int lastTickX = -100;
    for (const core::DrawSpan& span : list.spans) {
        if (span.value != static_cast<uint32_t>(VcpuState::Running) || span.pcpu == core::NoPcpu)
            continue;
        const double x0 = s.xForTime(span.start);
        if (lastPcpu != core::NoPcpu && span.pcpu != lastPcpu && x0 >= r.left() &&
            x0 - lastTickX >= 6) {
            const int x = floorPx(x0);
            const int top = r.top() - 2;
            ticks.emplace_back(x - 2, top, 5, 2);
            ticks.emplace_back(x - 1, top + 2, 3, 1);
            ticks.emplace_back(x, top + 3, 1, 1);
            lastTickX = x;
        }
        lastPcpu = span.pcpu;
    }
}

void rasterTrack(const TimelineFrame& f, const RowTask& t, TrackScratch& scratch) {
    const QRect inner = innerRect(t.r);
    const QRgb background = t.background.rgb();
    if (t.frame)
        t.canvas->begin(t.r, *t.frame);
    else
        t.canvas->begin(t.r);
    if (t.track.kind == TrackRef::Kind::Pcpu) {
        RunPainter runs(nullptr, t.canvas, inner, background, scratch.runs);
        pcpuRuns(f, *t.list, inner, runs);
    } else {
        {
            RunPainter runs(nullptr, t.canvas, vcpuBody(inner), background, scratch.runs);
            vcpuRuns(f, *t.list, inner, core::isIdle(t.track.id), runs);
        }
        {
            RunPainter strip(nullptr, t.canvas, hypervisorStrip(inner), background, scratch.runs);
            hypervisorRuns(f, *t.list, inner, strip);
        }
        migrationTicks(f, *t.list, inner, scratch.ticks);
        t.canvas->fillUnwritten(background); // the notches reach into the margin
        for (const QRect& tick : scratch.ticks)
            t.canvas->paintOver(tick, MigrationColor.rgb());
    }
    t.canvas->fillUnwritten(background);
}

void vectorTrack(QPainter& p, const TimelineFrame& f, const RowTask& t, TrackScratch& scratch) {
    const QRect inner = innerRect(t.r);
    const QRgb background = t.background.rgb();
    p.fillRect(t.r, t.background);
    if (t.track.kind == TrackRef::Kind::Pcpu) {
        RunPainter runs(&p, nullptr, inner, background, scratch.runs);
        pcpuRuns(f, *t.list, inner, runs);
        return;
    }
    {
        RunPainter runs(&p, nullptr, vcpuBody(inner), background, scratch.runs);
        vcpuRuns(f, *t.list, inner, core::isIdle(t.track.id), runs);
    }
    {
        RunPainter strip(&p, nullptr, hypervisorStrip(inner), background, scratch.runs);
        hypervisorRuns(f, *t.list, inner, strip);
    }
    migrationTicks(f, *t.list, inner, scratch.ticks);
    if (!scratch.ticks.empty()) {
        p.setPen(Qt::NoPen);
        p.setBrush(MigrationColor);
        p.drawRects(scratch.ticks.data(), static_cast<int>(scratch.ticks.size()));
        p.setBrush(Qt::NoBrush);
    }
}

} // namespace

void TimelineRenderer::paint(QPainter& p, const TimelineFrame& f) const {
    if (!f.index || !f.layout || !f.palette || !f.cache) {
        p.fillRect(QRect(QPoint(0, 0), f.size), Background);
        p.setPen(DimText);
        p.drawText(QRect(QPoint(0, 0), f.size), Qt::AlignCenter, f.emptyText);
        return;
    }
    text_.setFont(p.font());
    QFont bold = p.font();
    bold.setBold(true);
    boldText_.setFont(bold);
    // Every area below paints all of its pixels; only the scroll bar's
    // column is left, so no frame-sized fill is laid under them.
    const QRect tracks = trackArea(f.size, f.rightMargin);
    p.fillRect(QRect(tracks.right() + 1, tracks.top(), f.size.width() - tracks.right() - 1,
                     tracks.height()),
               Background);
    paintTracks(p, f);
    paintOverlays(p, f);
    paintHeaders(p, f);
    paintRuler(p, f);
    paintLegend(p, f);
}

void TimelineRenderer::paintTracks(QPainter& p, const TimelineFrame& f) const {
    const QRect area = trackArea(f.size, f.rightMargin);
    const bool raster = isRaster(p);
    const std::optional<FramePixels> frame =
        raster && inPlaceRows_ ? framePixels(p, area) : std::nullopt;
    p.save();
    p.setClipRect(area);
    const auto widthPx = static_cast<uint32_t>(std::max(1, area.width()));
    const uint64_t t0 = f.scale.start();
    const uint64_t t1 = f.scale.end();

    // Below the last row: background and the ruler's major ticks carried down.
    const int contentBottom = area.top() + f.layout->contentHeight() - f.scrollY;
    if (contentBottom <= area.bottom()) {
        const int top = std::max(contentBottom, area.top());
        const QRect below(area.left(), top, area.width(), area.bottom() + 1 - top);
        p.fillRect(below, Background);
        for (const auto& tick : f.scale.ticks(MinTickPx, f.absoluteTime))
            if (tick.major)
                p.fillRect(QRect(floorPx(tick.x), below.top(), 1, below.height()), GridLine);
    }

    // The rows on screen: group bars are painted now, tracks are gathered
    // so that their draw lists and pixels are made together.
    std::vector<RowTask> tasks;
    std::vector<TrackRef> shown;
    for (const TrackLayout::Row& row : f.layout->rows()) {
        const int y = area.top() + row.y - f.scrollY;
        if (y + row.height <= area.top())
            continue;
        if (y >= area.bottom())
            break;
        const QRect r(area.left(), y, area.width(), row.height);
        if (row.kind == TrackLayout::Row::Kind::Group) {
            p.fillRect(r, GroupBackground);
            continue;
        }
        const bool highlighted = f.highlight && *f.highlight == row.track;
        const QColor background = highlighted                ? TimelinePalette::highlightColor()
                                  : (row.y / row.height) % 2 ? AltBackground
                                                             : Background;
        tasks.push_back({row.track, r, background, highlighted, nullptr, nullptr});
        shown.push_back(row.track);
    }
    // Each row's pixels are filled as soon as its list is made, on both
    // cores (while the trace is still being indexed, the indexer has the
    // other one).
    FrameBuffers& buffers = *buffers_;
    if (raster) {
        if (buffers.canvases.size() < tasks.size())
            buffers.canvases.resize(tasks.size());
        for (size_t i = 0; i < tasks.size(); ++i) {
            tasks[i].canvas = &buffers.canvases[i];
            // Rows cut by the area's edge keep their own image: the clip
            // applies to the blit.
            if (frame && area.contains(tasks[i].r))
                tasks[i].frame = &*frame;
        }
    }
    f.cache->forEach(*f.index, shown, t0, t1, widthPx, f.index->complete(),
                     [&](size_t i, const core::DrawList& list, int thread) {
                         tasks[i].list = &list;
                         if (raster)
                             rasterTrack(f, tasks[i], buffers.scratch[static_cast<size_t>(thread)]);
                     });
    rowsInPlace_ = 0;
    for (const RowTask& t : tasks) {
        rowsInPlace_ += t.frame ? 1 : 0;
        if (!raster)
            vectorTrack(p, f, t, buffers.scratch[0]);
        else if (!t.frame)
            p.drawImage(t.r.topLeft(), t.canvas->own);
        decorateTrack(p, f, t.track, *t.list, t.r, raster);
        if (t.highlighted) {
            p.setPen(QPen(TimelinePalette::selectionColor(), 2));
            p.setBrush(Qt::NoBrush);
            p.drawRect(t.r.adjusted(1, 1, -1, -1));
        }
    }
    p.restore();
}

void TimelineRenderer::decorateTrack(QPainter& p, const TimelineFrame& f, TrackRef track,
                                     const core::DrawList& list, const QRect& row,
                                     bool raster) const {
    const QRect inner = innerRect(row);
    if (track.kind == TrackRef::Kind::Pcpu)
        decoratePcpu(p, f, list, inner, raster);
    else
        decorateVcpu(p, f, list, inner, core::isIdle(track.id), raster);
}

void TimelineRenderer::decoratePcpu(QPainter& p, const TimelineFrame& f, const core::DrawList& list,
                                    const QRect& r, bool raster) const {
    const TimeScale& s = f.scale;
    // Labels on exact spans wide enough to hold them; idle needs none.
    for (const core::DrawSpan& span : list.spans) {
        if (span.intervals != 1 || span.value == core::NoVcpu || core::isIdle(span.value))
            continue;
        const double x0 = std::max(s.xForTime(span.start), static_cast<double>(r.left()));
        const double x1 = std::min(s.xForTime(span.end), static_cast<double>(r.right()));
        if (x1 - x0 < 28)
            continue;
        const TextCache::Label& label =
            text_.get(uint64_t{1} << 40 | span.value, [&] { return vcpuName(span.value); });
        if (label.width + 6 > x1 - x0)
            continue;
        p.setPen(TimelinePalette::textOn(f.palette->occupantColor(span.value)));
        drawLabel(p, label, (x0 + x1 - label.width) / 2.0, r.top(), r.height(), raster);
    }
    // Lost-record gaps: hatched over whatever is below, edged so they show when narrow.
    for (const core::DrawSpan& gap : list.overlays) {
        const int x0 = clampPx(s.xForTime(gap.start), r);
        const int x1 = std::max(x0 + 2, clampPx(s.xForTime(gap.end), r));
        const QRect g(x0, r.top(), x1 - x0, r.height());
        p.fillRect(g, QColor(0xff, 0xff, 0xff, 200));
        p.fillRect(g, TimelinePalette::lostBrush());
        p.fillRect(QRect(x0, r.top(), 1, r.height()), TimelinePalette::lostColor());
        p.fillRect(QRect(x1 - 1, r.top(), 1, r.height()), TimelinePalette::lostColor());
    }
}

void TimelineRenderer::decorateVcpu(QPainter& p, const TimelineFrame& f, const core::DrawList& list,
                                    const QRect& r, bool idle, bool raster) const {
    // Labels "p3" on exact running spans wide enough for them.
    const TimeScale& s = f.scale;
    const QRect body = vcpuBody(r);
    p.setPen(idle ? TextColor : QColor(Qt::white));
    for (const core::DrawSpan& span : list.spans) {
        if (span.value != static_cast<uint32_t>(VcpuState::Running) || span.pcpu == core::NoPcpu ||
            span.intervals != 1)
            continue;
        const double lx0 = std::max(s.xForTime(span.start), static_cast<double>(r.left()));
        const double lx1 = std::min(s.xForTime(span.end), static_cast<double>(r.right()));
        if (lx1 - lx0 < 24)
            continue;
        const TextCache::Label& label =
            text_.get(uint64_t{2} << 40 | span.pcpu, [&] { return tr("p%1").arg(span.pcpu); });
        if (label.width + 6 > lx1 - lx0)
            continue;
        drawLabel(p, label, (lx0 + lx1 - label.width) / 2.0, body.top(), body.height(), raster);
    }
}

void TimelineRenderer::drawLabel(QPainter& p, const TextCache::Label& label, double x, double top,
                                 double height, bool raster) const {
    if (raster) {
        text_.draw(p, label, x, top, height);
        return;
    }
    // Vector output keeps its text as text (SVG search, copy).
    p.drawText(QRectF(x, top, label.width, height), Qt::AlignCenter | Qt::TextDontClip,
               label.text.text());
}

void TimelineRenderer::paintOverlays(QPainter& p, const TimelineFrame& f) const {
    const QRect area = trackArea(f.size, f.rightMargin);
    const TimeScale& s = f.scale;
    p.save();
    p.setClipRect(area);
    auto span = [&](const core::TimeWindow& w) {
        const int x0 = clampPx(s.xForTime(w.t0), area);
        const int x1 = std::max(x0 + 1, clampPx(s.xForTime(w.t1), area));
        return QRect(x0, area.top(), x1 - x0, area.height());
    };
    if (f.spike) {
        const QRect r = span(*f.spike);
        p.fillRect(r, QColor(0xe6, 0x9f, 0x00, 40));
        p.fillRect(QRect(r.left(), area.top(), 1, area.height()), QColor(0xe6, 0x9f, 0x00));
        p.fillRect(QRect(r.right(), area.top(), 1, area.height()), QColor(0xe6, 0x9f, 0x00));
    }
    if (f.selection) {
        const QRect r = span(*f.selection);
        QColor shade = TimelinePalette::selectionColor();
        shade.setAlpha(45);
        p.fillRect(r, shade);
        p.fillRect(QRect(r.left(), area.top(), 1, area.height()),
                   TimelinePalette::selectionColor());
        p.fillRect(QRect(r.right(), area.top(), 1, area.height()),
                   TimelinePalette::selectionColor());
    }
    auto marker = [&](std::optional<uint64_t> t, const QColor& c) {
        if (!t)
            return;
        const int x = clampPx(s.xForTime(*t), area);
        p.fillRect(QRect(x, area.top(), 2, area.height()), c);
    };
    marker(f.markerA, TimelinePalette::markerAColor());
    marker(f.markerB, TimelinePalette::markerBColor());
    if (f.cursor) {
        const int x = clampPx(s.xForTime(*f.cursor), area);
        p.fillRect(QRect(x, area.top(), 1, area.height()), QColor(0, 0, 0, 110));
    }
    p.restore();
}

void TimelineRenderer::paintHeaders(QPainter& p, const TimelineFrame& f) const {
    const QRect area = headerArea(f.size);
    p.save();
    p.setClipRect(area);
    p.fillRect(area, HeaderBackground);
    const bool raster = isRaster(p);
    const QFont normal = p.font();
    const QFont& bold = boldText_.font();
    for (const TrackLayout::Row& row : f.layout->rows()) {
        const int y = area.top() + row.y - f.scrollY;
        if (y + row.height <= area.top())
            continue;
        if (y >= area.bottom())
            break;
        const QRect r(0, y, HeaderWidth, row.height);
        const TrackLayout::Group& g = f.layout->groups()[row.group];
        if (row.kind == TrackLayout::Row::Kind::Group) {
            p.fillRect(r, GroupBackground);
            // A disclosure triangle, drawn: glyphs differ between fonts.
            const bool collapsed = f.layout->isCollapsed(g.key);
            QPainterPath tri;
            const double cx = 10;
            const double cy = y + row.height / 2.0;
            if (collapsed) {
                tri.moveTo(cx - 2.5, cy - 4.5);
                tri.lineTo(cx + 3.5, cy);
                tri.lineTo(cx - 2.5, cy + 4.5);
            } else {
                tri.moveTo(cx - 4.5, cy - 2.5);
                tri.lineTo(cx + 4.5, cy - 2.5);
                tri.lineTo(cx, cy + 3.5);
            }
            tri.closeSubpath();
            p.fillPath(tri, DimText);
            int x = 20;
            if (!g.isPcpus()) {
                p.fillRect(QRect(x, y + 5, 10, row.height - 10),
                           f.palette->domainColor(g.domain()));
                x += 14;
            }
            // Name on the left, the track count right-aligned and dim.
            const TextCache::Label& count = text_.get(uint64_t{4} << 40 | g.tracks.size(), [&] {
                return QString::number(g.tracks.size());
            });
            const int countWidth = count.width + 6;
            p.setPen(DimText);
            drawLabel(p, count, HeaderWidth - 4 - count.width, y, row.height, raster);
            const int nameWidth = HeaderWidth - x - countWidth - 6;
            const TextCache::Label& name =
                boldText_.get(uint64_t{5} << 40 | uint64_t{g.tracks.size()} << 17 | g.key, [&] {
                    const QString full = g.isPcpus() ? tr("pCPUs") : domainName(g.domain());
                    return QFontMetrics(boldText_.font())
                        .elidedText(full, Qt::ElideRight, nameWidth);
                });
            p.setFont(bold);
            p.setPen(TextColor);
            drawLabel(p, name, x, y, row.height, raster);
            p.setFont(normal);
            continue;
        }
        if (f.highlight && *f.highlight == row.track)
            p.fillRect(r, TimelinePalette::highlightColor());
        if (!g.isPcpus())
            p.fillRect(QRect(20, y + 2, 4, row.height - 3), f.palette->domainColor(g.domain()));
        p.setPen(TextColor);
        const TextCache::Label& name = text_.get(
            uint64_t{3} << 40 | uint64_t{static_cast<uint8_t>(row.track.kind)} << 32 | row.track.id,
            [&] {
                return QFontMetrics(text_.font())
                    .elidedText(trackName(row.track), Qt::ElideRight, HeaderWidth - 36);
            });
        drawLabel(p, name, 30, y, row.height, raster);
        p.fillRect(QRect(0, y + row.height - 1, HeaderWidth, 1), QColor(0xe0, 0xe3, 0xe8));
    }
    p.fillRect(QRect(HeaderWidth - 1, area.top(), 1, area.height()), GridLine);
    p.restore();
}

void TimelineRenderer::paintRuler(QPainter& p, const TimelineFrame& f) const {
    const QRect ruler = rulerArea(f.size, f.rightMargin);
    const TimeScale& s = f.scale;
    p.save();
    p.fillRect(QRect(0, 0, f.size.width(), RulerHeight), HeaderBackground);
    p.fillRect(QRect(0, RulerHeight - 1, f.size.width(), 1), GridLine);

    // The corner: how much is visible, and where the view starts.
    const QFontMetrics fm(p.font());
    p.setPen(TextColor);
    p.drawText(QRect(8, 3, HeaderWidth - 12, 18), Qt::AlignLeft | Qt::AlignVCenter,
               tr("Visible: %1").arg(TimeScale::formatDuration(s.seconds(s.length()))));
    p.setPen(DimText);
    p.drawText(QRect(8, 21, HeaderWidth - 12, 18), Qt::AlignLeft | Qt::AlignVCenter,
               f.absoluteTime ? tr("since TSC 0") : tr("since trace start"));

    p.setClipRect(ruler);
    const double step = s.majorStep(MinTickPx);
    for (const auto& tick : s.ticks(MinTickPx, f.absoluteTime)) {
        const int x = floorPx(tick.x);
        if (tick.major) {
            p.fillRect(QRect(x, RulerHeight - 14, 1, 13), DimText);
            p.setPen(TextColor);
            p.drawText(QRect(x + 3, RulerHeight - 22, 200, 16), Qt::AlignLeft | Qt::AlignVCenter,
                       s.label(tick.tsc, step, f.absoluteTime));
        } else {
            p.fillRect(QRect(x, RulerHeight - 6, 1, 5), GridLine.darker(120));
        }
    }

    auto xOf = [&](uint64_t t) { return clampPx(s.xForTime(t), ruler); };
    // Range labels sit on the top line: selection, then the A-B bracket.
    auto bracket = [&](uint64_t a, uint64_t b, const QColor& c, const QString& text) {
        const int x0 = xOf(std::min(a, b));
        const int x1 = xOf(std::max(a, b));
        QColor band = c;
        band.setAlpha(50);
        p.fillRect(QRect(x0, 2, std::max(1, x1 - x0), 16), band);
        p.fillRect(QRect(x0, 2, 1, 16), c);
        p.fillRect(QRect(x1, 2, 1, 16), c);
        const int w = fm.horizontalAdvance(text) + 8;
        const int cx = std::clamp((x0 + x1) / 2 - w / 2, ruler.left(), ruler.right() - w);
        p.fillRect(QRect(cx, 3, w, 14), QColor(255, 255, 255, 220));
        p.setPen(c.darker(140));
        p.drawText(QRect(cx, 2, w, 16), Qt::AlignCenter, text);
    };
    if (f.selection)
        bracket(f.selection->t0, f.selection->t1, TimelinePalette::selectionColor(),
                TimeScale::formatDuration(s.seconds(f.selection->length())));
    if (f.markerA && f.markerB) {
        const uint64_t d =
            *f.markerA > *f.markerB ? *f.markerA - *f.markerB : *f.markerB - *f.markerA;
        bracket(*f.markerA, *f.markerB, TimelinePalette::markerBColor(),
                tr("A→B %1").arg(TimeScale::formatDuration(s.seconds(d))));
    }
    auto flag = [&](std::optional<uint64_t> t, const QColor& c, const QString& name) {
        if (!t)
            return;
        const int x = xOf(*t);
        p.fillRect(QRect(x, 0, 2, RulerHeight), c);
        p.fillRect(QRect(x + 2, RulerHeight - 16, 12, 12), c);
        p.setPen(Qt::white);
        p.drawText(QRect(x + 2, RulerHeight - 16, 12, 12), Qt::AlignCenter, name);
    };
    flag(f.markerA, TimelinePalette::markerAColor(), tr("A"));
    flag(f.markerB, TimelinePalette::markerBColor(), tr("B"));
    if (f.cursor) {
        const int x = xOf(*f.cursor);
        const QString text = s.label(*f.cursor, step / 100, f.absoluteTime);
        const int w = fm.horizontalAdvance(text) + 8;
        const int bx = std::clamp(x - w / 2, ruler.left(), ruler.right() - w);
        p.fillRect(QRect(bx, 20, w, 15), QColor(0x22, 0x26, 0x2e));
        p.setPen(Qt::white);
        p.drawText(QRect(bx, 20, w, 15), Qt::AlignCenter, text);
    }
    p.restore();
}

void TimelineRenderer::paintLegend(QPainter& p, const TimelineFrame& f) const {
    const QRect r(0, f.size.height() - LegendHeight, f.size.width(), LegendHeight);
    p.save();
    p.setClipRect(r);
    p.fillRect(r, HeaderBackground);
    p.fillRect(QRect(0, r.top(), r.width(), 1), GridLine);
    const bool raster = isRaster(p);
    int x = 8;
    const int cy = r.top() + LegendHeight / 2;
    auto item = [&](const QBrush& under, const QBrush& over, const QString& text) {
        const QRect sw(x, cy - 5, 14, 10);
        p.fillRect(sw, under);
        if (over.style() != Qt::NoBrush)
            p.fillRect(sw, over);
        p.setPen(GridLine.darker(130));
        p.setBrush(Qt::NoBrush);
        p.drawRect(sw.adjusted(0, 0, -1, -1));
        p.setPen(TextColor);
        const TextCache::Label& label = text_.get(text);
        drawLabel(p, label, x + 18, r.top(), LegendHeight, raster);
        x += 18 + label.width + 12;
    };
    auto heading = [&](const QString& text) {
        p.setPen(DimText);
        const TextCache::Label& label = text_.get(text);
        drawLabel(p, label, x, r.top(), LegendHeight, raster);
        x += label.width + 8;
    };
    heading(tr("pCPU:"));
    for (const uint16_t d : f.layout->domains())
        if (d != core::IdleDomain)
            item(f.palette->domainColor(d), Qt::NoBrush, tr("d%1").arg(d));
    item(TimelinePalette::idleColor(), Qt::NoBrush, tr("idle"));
    item(TimelinePalette::unknownColor(), TimelinePalette::unknownBrush(), tr("unknown"));
    item(Qt::white, TimelinePalette::lostBrush(), tr("lost records"));
    x += 10;
    heading(tr("vCPU:"));
    item(TimelinePalette::stateColor(VcpuState::Running), Qt::NoBrush, tr("running"));
    item(TimelinePalette::stateColor(VcpuState::Runnable), Qt::NoBrush, tr("runnable"));
    item(TimelinePalette::stateColor(VcpuState::Blocked), Qt::NoBrush, tr("blocked"));
    item(TimelinePalette::stateColor(VcpuState::Offline), Qt::NoBrush, tr("offline"));
    item(TimelinePalette::hypervisorColor(), Qt::NoBrush, tr("in hypervisor"));
    {
        // The migration tick as drawn on the tracks.
        p.fillRect(QRect(x, cy - 5, 14, 10), TimelinePalette::stateColor(VcpuState::Running));
        QPainterPath tri;
        tri.moveTo(x + 4, cy - 5);
        tri.lineTo(x + 10, cy - 5);
        tri.lineTo(x + 7, cy - 1);
        tri.closeSubpath();
        p.fillPath(tri, MigrationColor);
        p.setPen(TextColor);
        const TextCache::Label& label = text_.get(tr("migration"));
        drawLabel(p, label, x + 18, r.top(), LegendHeight, raster);
        x += 18 + label.width + 12;
    }
    p.restore();
}

} // namespace xenoscope::widgets
