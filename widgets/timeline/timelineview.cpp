#include "widgets/timeline/timelineview.h"

#include "core/format/eventcatalog.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace xenoscope::widgets {

namespace {

// Wheel and drag bursts closer than this form one step of the zoom history.
constexpr qint64 GestureGapMs = 600;
constexpr int DragThresholdPx = 3;

QString stateText(core::VcpuState s) {
    switch (s) {
    case core::VcpuState::Running:
        return TimelineView::tr("running");
    case core::VcpuState::Runnable:
        return TimelineView::tr("runnable (waiting for a pCPU)");
    case core::VcpuState::Blocked:
        return TimelineView::tr("blocked");
    case core::VcpuState::Offline:
        return TimelineView::tr("offline");
    case core::VcpuState::Unknown:
        break;
    }
    return TimelineView::tr("unknown (records lost)");
}

// The overlay keeps an exit's reason, not whose numbering it is: the vCPU's
// own causes say whether it exited from VMX or SVM.
std::string_view exitReasonName(const core::TraceIndex& index, core::VcpuKey vcpu,
                                uint32_t reason) {
    for (const core::VcpuHvmSpans& v : index.results().hvm.vcpus) {
        if (core::vcpuKey(v.domain, v.vcpu) != vcpu)
            continue;
        for (const core::HvmCause& c : v.causes)
            if (c.kind == core::HvmSpanKind::SvmExit)
                return core::EventCatalog::svmExitReason(reason);
        break;
    }
    return core::EventCatalog::vmxExitReason(reason);
}

} // namespace

TimelineView::TimelineView(QWidget* parent)
    : QWidget(parent)
    , vbar_(new QScrollBar(Qt::Vertical, this)) {
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(400, 200);
    vbar_->setObjectName(QStringLiteral("trackScrollBar"));
    connect(vbar_, &QScrollBar::valueChanged, this, qOverload<>(&QWidget::update));
    updateScrollBar();
}

TimelineView::~TimelineView() = default;

void TimelineView::setIndex(core::TraceIndexPtr index, bool complete) {
    const bool sameTrace = index_ && index && index_->window().t0 == index->window().t0;
    index_ = std::move(index);
    complete_ = complete;
    cache_.clear();
    if (!index_) {
        clear();
        return;
    }
    trace_ = index_->window();
    std::vector<uint16_t> domains;
    for (const core::VcpuKey v : index_->vcpus())
        domains.push_back(core::keyDomain(v));
    palette_.setDomains(std::move(domains));
    layout_.build(index_->pcpus(), index_->vcpus());
    if (!sameTrace) {
        history_.clear();
        selection_.reset();
        markerA_.reset();
        markerB_.reset();
        spike_.reset();
        highlight_.reset();
        applyRange(trace_.t0, std::max<uint64_t>(trace_.length(), 1));
    } else {
        // A growing snapshot: keep the user's range, clamped to what is known.
        applyRange(start_, length_);
    }
    updateScrollBar();
    emit layoutChanged();
    update();
}

void TimelineView::clear() {
    index_.reset();
    cache_.clear();
    layout_.build({}, {});
    history_.clear();
    selection_.reset();
    markerA_.reset();
    markerB_.reset();
    spike_.reset();
    highlight_.reset();
    updateScrollBar();
    update();
}

void TimelineView::setGroupCollapsed(uint32_t groupKey, bool collapsed) {
    layout_.setCollapsed(groupKey, collapsed);
    updateScrollBar();
    emit layoutChanged();
    update();
}

void TimelineView::setDomainShown(uint16_t domain, bool shown) {
    layout_.setDomainShown(domain, shown);
    updateScrollBar();
    emit layoutChanged();
    update();
}

TimeScale TimelineView::scale() const {
    const QRect area = trackArea();
    return {start_,
            length_,
            static_cast<double>(area.left()),
            static_cast<double>(area.width()),
            index_ ? index_->tscHz() : 1e9,
            trace_.t0};
}

QRect TimelineView::trackArea() const {
    return TimelineRenderer::trackArea(size(), vbar_->sizeHint().width());
}

int TimelineView::scrollOffset() const {
    return vbar_->value();
}

QRect TimelineView::trackRect(core::TrackRef track) const {
    const auto row = layout_.rowOf(track);
    if (!row)
        return {};
    const QRect area = trackArea();
    return {area.left(), area.top() + row->y - vbar_->value(), area.width(), row->height};
}

void TimelineView::setVisibleRange(core::TimeWindow range, bool recordHistory) {
    if (recordHistory)
        history_.push(visibleRange());
    applyRange(range.t0, range.length());
    emit historyChanged();
}

void TimelineView::applyRange(uint64_t start, uint64_t length) {
    const uint64_t traceLength = std::max<uint64_t>(trace_.length(), 1);
    length = std::clamp<uint64_t>(length, std::min(MinVisibleCycles, traceLength), traceLength);
    start = std::clamp<uint64_t>(start, trace_.t0, trace_.t0 + traceLength - length);
    if (start == start_ && length == length_)
        return;
    start_ = start;
    length_ = length;
    emit visibleRangeChanged(start_, start_ + length_);
    update();
}

void TimelineView::recordGesture() {
    if (!lastGesture_.isValid() || lastGesture_.elapsed() > GestureGapMs) {
        history_.push(visibleRange());
        emit historyChanged();
    }
    lastGesture_.restart();
}

uint64_t TimelineView::anchorTime() const {
    const QPoint pos = mapFromGlobal(QCursor::pos());
    const QRect area = trackArea();
    if (underMouse() && pos.x() >= area.left() && pos.x() <= area.right())
        return timeForX(pos.x());
    return start_ + length_ / 2;
}

void TimelineView::zoomIn() {
    zoomAround(KeyZoomFactor, anchorTime());
}

void TimelineView::zoomOut() {
    zoomAround(1.0 / KeyZoomFactor, anchorTime());
}

void TimelineView::zoomAround(double factor, uint64_t anchor, bool recordHistory) {
    if (!index_ || factor <= 0)
        return;
    if (recordHistory)
        history_.push(visibleRange());
    const double newLength = std::max(static_cast<double>(length_) / factor, 1.0);
    anchor = std::clamp(anchor, start_, start_ + length_);
    const double before = static_cast<double>(anchor - start_);
    const double after = before * newLength / static_cast<double>(length_);
    const auto offset = static_cast<uint64_t>(std::llround(after));
    const uint64_t start = anchor > trace_.t0 + offset ? anchor - offset : trace_.t0;
    applyRange(start, static_cast<uint64_t>(std::llround(newLength)));
    emit historyChanged();
}

void TimelineView::panBy(double fraction) {
    const double delta = fraction * static_cast<double>(length_);
    const auto mag = static_cast<uint64_t>(std::llround(std::abs(delta)));
    const uint64_t start =
        delta < 0 ? (start_ > trace_.t0 + mag ? start_ - mag : trace_.t0) : start_ + mag;
    applyRange(start, length_);
}

void TimelineView::zoomToSelection() {
    if (selection_ && selection_->length() > 0)
        setVisibleRange(*selection_);
}

void TimelineView::resetZoom() {
    if (index_)
        setVisibleRange(trace_);
}

void TimelineView::goBack() {
    if (const auto w = history_.back(visibleRange()))
        applyRange(w->t0, w->length());
    emit historyChanged();
}

void TimelineView::goForward() {
    if (const auto w = history_.forward(visibleRange()))
        applyRange(w->t0, w->length());
    emit historyChanged();
}

void TimelineView::setSelection(core::TimeWindow range) {
    if (range.t1 < range.t0)
        std::swap(range.t0, range.t1);
    selection_ = range;
    update();
    emit rangeSelected(range.t0, range.t1);
}

void TimelineView::clearSelection() {
    if (!selection_)
        return;
    selection_.reset();
    update();
    emit selectionCleared();
}

void TimelineView::setMarkerA(uint64_t tsc) {
    markerA_ = tsc;
    update();
    emit markersChanged();
}

void TimelineView::setMarkerB(uint64_t tsc) {
    markerB_ = tsc;
    update();
    emit markersChanged();
}

void TimelineView::setMarkersToSelection() {
    if (!selection_)
        return;
    markerA_ = selection_->t0;
    markerB_ = selection_->t1;
    update();
    emit markersChanged();
}

void TimelineView::clearMarkers() {
    markerA_.reset();
    markerB_.reset();
    update();
    emit markersChanged();
}

void TimelineView::setAbsoluteTime(bool absolute) {
    absoluteTime_ = absolute;
    update();
}

void TimelineView::showInterval(core::TimeWindow span, core::TrackRef track, double context) {
    if (!index_)
        return;
    const double len = std::max(static_cast<double>(span.length()) * context,
                                static_cast<double>(MinVisibleCycles));
    const double mid = static_cast<double>(span.t0) + static_cast<double>(span.length()) / 2.0;
    const double startD = std::max(mid - len / 2.0, static_cast<double>(trace_.t0));
    history_.push(visibleRange());
    applyRange(static_cast<uint64_t>(std::llround(startD)),
               static_cast<uint64_t>(std::llround(len)));
    spike_ = span;
    revealTrack(track);
    emit historyChanged();
    update();
}

bool TimelineView::revealTrack(core::TrackRef track) {
    if (!layout_.contains(track))
        return false;
    // A filtered or folded group opens up: the user asked for this track.
    if (track.kind == core::TrackRef::Kind::Vcpu) {
        const uint16_t d = core::keyDomain(track.id);
        if (!layout_.isDomainShown(d))
            layout_.setDomainShown(d, true);
        if (layout_.isCollapsed(d))
            layout_.setCollapsed(d, false);
    } else if (layout_.isCollapsed(TrackLayout::PcpuGroup)) {
        layout_.setCollapsed(TrackLayout::PcpuGroup, false);
    }
    updateScrollBar();
    const auto row = layout_.rowOf(track);
    const int areaHeight = trackArea().height();
    if (row && (row->y < vbar_->value() || row->y + row->height > vbar_->value() + areaHeight))
        vbar_->setValue(std::max(0, row->y - areaHeight / 3));
    highlight_ = track;
    emit layoutChanged();
    update();
    return true;
}

void TimelineView::updateScrollBar() {
    const QRect area = trackArea();
    const int w = vbar_->sizeHint().width();
    vbar_->setGeometry(width() - w, TimelineRenderer::RulerHeight, w, area.height());
    vbar_->setRange(0, std::max(0, layout_.contentHeight() - area.height()));
    vbar_->setPageStep(area.height());
    vbar_->setSingleStep(TrackLayout::VcpuHeight);
}

TimelineFrame TimelineView::frame(QSize size, int rightMargin) {
    TimelineFrame f;
    f.size = size;
    f.index = index_.get();
    f.layout = &layout_;
    f.palette = &palette_;
    f.cache = &cache_;
    const QRect area = TimelineRenderer::trackArea(size, rightMargin);
    f.scale = TimeScale(start_, length_, area.left(), area.width(), index_ ? index_->tscHz() : 1e9,
                        trace_.t0);
    f.scrollY = vbar_->value();
    f.rightMargin = rightMargin;
    f.absoluteTime = absoluteTime_;
    f.selection = selection_;
    f.markerA = markerA_;
    f.markerB = markerB_;
    f.spike = spike_;
    f.highlight = highlight_;
    f.cursor = cursor_;
    f.emptyText = tr("No trace loaded");
    return f;
}

void TimelineView::render(QPainter& painter, QSize size, bool withScrollBar) {
    const TimelineFrame f = frame(size, withScrollBar ? vbar_->sizeHint().width() : 0);
    renderer_.paint(painter, f);
}

void TimelineView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    renderer_.paint(p, frame(size(), vbar_->sizeHint().width()));
}

void TimelineView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    updateScrollBar();
}

std::optional<core::TrackRef> TimelineView::trackAt(QPoint pos) const {
    const QRect area = trackArea();
    if (pos.y() < area.top() || pos.y() > area.bottom())
        return std::nullopt;
    const auto i = layout_.rowAt(pos.y() - area.top() + vbar_->value());
    if (!i)
        return std::nullopt;
    const TrackLayout::Row& row = layout_.rows()[*i];
    if (row.kind != TrackLayout::Row::Kind::Track)
        return std::nullopt;
    return row.track;
}

void TimelineView::mousePressEvent(QMouseEvent* event) {
    const QPoint pos = event->position().toPoint();
    const QRect area = trackArea();
    pressPos_ = pos;
    pressStart_ = start_;
    pressScroll_ = vbar_->value();
    pressTime_ = timeForX(pos.x());
    dragMoved_ = false;
    if (event->button() == Qt::MiddleButton) {
        drag_ = Drag::Pan;
        setCursor(Qt::ClosedHandCursor);
        return;
    }
    if (event->button() != Qt::LeftButton)
        return;
    if (pos.y() < TimelineRenderer::RulerHeight && pos.x() >= area.left()) {
        drag_ = Drag::RulerPan;
        setCursor(Qt::ClosedHandCursor);
        return;
    }
    if (pos.x() < area.left() && pos.y() >= area.top() && pos.y() <= area.bottom()) {
        // Header: fold a group, or pick a track.
        if (const auto i = layout_.rowAt(pos.y() - area.top() + vbar_->value())) {
            const TrackLayout::Row& row = layout_.rows()[*i];
            if (row.kind == TrackLayout::Row::Kind::Group) {
                const uint32_t key = layout_.groups()[row.group].key;
                setGroupCollapsed(key, !layout_.isCollapsed(key));
            } else {
                highlight_ = row.track;
                update();
            }
        }
        return;
    }
    if (area.contains(pos))
        drag_ = Drag::Select;
}

void TimelineView::mouseMoveEvent(QMouseEvent* event) {
    const QPoint pos = event->position().toPoint();
    const QRect area = trackArea();
    if (drag_ != Drag::None && (pos - pressPos_).manhattanLength() >= DragThresholdPx)
        dragMoved_ = true;
    switch (drag_) {
    case Drag::Pan:
    case Drag::RulerPan: {
        if (!dragMoved_)
            break;
        const double cycles =
            static_cast<double>(pos.x() - pressPos_.x()) * scale().cyclesPerPixel();
        if (drag_ == Drag::Pan)
            vbar_->setValue(pressScroll_ - (pos.y() - pressPos_.y()));
        const double start = static_cast<double>(pressStart_) - cycles;
        if (lastGesture_.isValid() && lastGesture_.elapsed() < 50 &&
            start == static_cast<double>(start_))
            break;
        recordGesture();
        applyRange(static_cast<uint64_t>(std::max(start, static_cast<double>(trace_.t0))), length_);
        break;
    }
    case Drag::Select:
        if (dragMoved_) {
            const uint64_t t = timeForX(std::clamp(pos.x(), area.left(), area.right()));
            selection_ = core::TimeWindow{std::min(t, pressTime_), std::max(t, pressTime_)};
        }
        break;
    case Drag::None:
        break;
    }
    const bool inTracks = area.contains(pos);
    cursor_ = inTracks ? std::optional<uint64_t>(timeForX(pos.x())) : std::nullopt;
    update();
}

void TimelineView::mouseReleaseEvent(QMouseEvent* event) {
    const Drag drag = std::exchange(drag_, Drag::None);
    unsetCursor();
    if (drag != Drag::Select || event->button() != Qt::LeftButton)
        return;
    if (dragMoved_ && selection_ && selection_->length() > 0) {
        emit rangeSelected(selection_->t0, selection_->t1);
        return;
    }
    // A click: picks the track under the mouse and drops the selection.
    highlight_ = trackAt(event->position().toPoint());
    clearSelection();
    update();
}

void TimelineView::mouseDoubleClickEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton && event->position().y() < TimelineRenderer::RulerHeight)
        resetZoom();
}

void TimelineView::wheelEvent(QWheelEvent* event) {
    const QPoint pos = event->position().toPoint();
    const QPoint delta = event->angleDelta();
    const bool overRuler = pos.y() < TimelineRenderer::RulerHeight;
    if (event->modifiers() & Qt::ControlModifier || (overRuler && delta.y() != 0)) {
        recordGesture();
        const double notches = delta.y() / 120.0;
        zoomAround(std::pow(WheelZoomPerNotch, notches), timeForX(pos.x()), false);
    } else if (event->modifiers() & Qt::ShiftModifier || delta.x() != 0) {
        const int d = delta.x() != 0 ? delta.x() : delta.y();
        recordGesture();
        panBy(-d / 120.0 * 0.1);
    } else {
        vbar_->setValue(vbar_->value() - delta.y() * TrackLayout::VcpuHeight * 3 / 120);
    }
    event->accept();
}

void TimelineView::keyPressEvent(QKeyEvent* event) {
    const auto mods = event->modifiers() & ~Qt::KeypadModifier;
    const bool alt = mods & Qt::AltModifier;
    const bool shift = mods & Qt::ShiftModifier;
    switch (event->key()) {
    case Qt::Key_W:
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomIn();
        break;
    case Qt::Key_S:
    case Qt::Key_Minus:
        zoomOut();
        break;
    case Qt::Key_A:
        panBy(-PanFraction);
        break;
    case Qt::Key_D:
        panBy(PanFraction);
        break;
    case Qt::Key_Left:
        if (alt)
            goBack();
        else
            panBy(-PanFraction);
        break;
    case Qt::Key_Right:
        if (alt)
            goForward();
        else
            panBy(PanFraction);
        break;
    case Qt::Key_Backspace:
        goBack();
        break;
    case Qt::Key_Z:
        zoomToSelection();
        break;
    case Qt::Key_0:
    case Qt::Key_Home:
        resetZoom();
        break;
    case Qt::Key_M:
        if (shift)
            setMarkerB(anchorTime());
        else
            setMarkerA(anchorTime());
        break;
    case Qt::Key_E:
        setMarkersToSelection();
        break;
    case Qt::Key_Delete:
        clearMarkers();
        break;
    case Qt::Key_Escape:
        if (!selection_) {
            event->ignore();
            return;
        }
        clearSelection();
        break;
    case Qt::Key_Up:
        vbar_->triggerAction(QScrollBar::SliderSingleStepSub);
        break;
    case Qt::Key_Down:
        vbar_->triggerAction(QScrollBar::SliderSingleStepAdd);
        break;
    case Qt::Key_PageUp:
        vbar_->triggerAction(QScrollBar::SliderPageStepSub);
        break;
    case Qt::Key_PageDown:
        vbar_->triggerAction(QScrollBar::SliderPageStepAdd);
        break;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}

void TimelineView::leaveEvent(QEvent* event) {
    cursor_.reset();
    update();
    QWidget::leaveEvent(event);
}

bool TimelineView::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QString text = tooltipAt(help->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(event);
}

QString TimelineView::tooltipAt(QPoint pos) const {
    if (!index_)
        return {};
    const auto track = trackAt(pos);
    if (!track || pos.x() < trackArea().left())
        return {};
    const TimeScale s = scale();
    const uint64_t t = s.timeForX(pos.x());
    // The pixel's time range: what the user points at is this wide.
    const auto halfPx = static_cast<uint64_t>(std::max(1.0, s.cyclesPerPixel() / 2));
    const auto iv = index_->at(*track, t);
    QStringList lines;
    lines << QStringLiteral("<b>%1</b>").arg(TimelineRenderer::trackName(*track).toHtmlEscaped());
    auto timeLine = [&](const core::IndexInterval& i) {
        lines << tr("start %1 · duration %2")
                     .arg(s.label(i.start, 1e-9, absoluteTime_),
                          TimeScale::formatDuration(s.seconds(i.end - i.start)));
    };
    if (track->kind == core::TrackRef::Kind::Pcpu) {
        if (!iv) {
            lines << tr("no record yet");
        } else if (iv->value == core::NoVcpu) {
            lines << tr("occupant unknown (before its first switch or records lost)");
            timeLine(*iv);
        } else if (core::isIdle(iv->value)) {
            lines << tr("idle");
            timeLine(*iv);
        } else {
            lines << tr("running %1 (%2)")
                         .arg(TimelineRenderer::vcpuName(iv->value),
                              TimelineRenderer::domainName(core::keyDomain(iv->value)));
            timeLine(*iv);
        }
    } else {
        if (!iv) {
            lines << tr("not accounted yet (no runstate record)");
        } else {
            const auto state = iv->value < core::VcpuStateCount
                                   ? static_cast<core::VcpuState>(iv->value)
                                   : core::VcpuState::Unknown;
            lines << (state == core::VcpuState::Running && iv->pcpu != core::NoPcpu
                          ? tr("running on pCPU %1").arg(iv->pcpu)
                          : stateText(state));
            lines << TimelineRenderer::domainName(core::keyDomain(track->id));
            timeLine(*iv);
        }
    }
    // What the draw list says about this pixel: folding, overlays.
    const core::DrawList& list =
        cache_.get(*index_, *track, s.start(), s.end(),
                   static_cast<uint32_t>(std::max(1, trackArea().width())));
    const uint64_t lo = t > halfPx ? t - halfPx : 0;
    const uint64_t hi = t + halfPx;
    for (const core::DrawSpan& span : list.spans)
        if (span.start <= hi && span.end >= lo && span.intervals > 1) {
            lines << tr("%n interval(s) folded into this pixel; zoom in to see them apart", nullptr,
                        static_cast<int>(span.intervals));
            break;
        }
    for (const core::DrawSpan& o : list.overlays) {
        if (o.start > hi || o.end < lo)
            continue;
        if (track->kind == core::TrackRef::Kind::Pcpu) {
            lines << tr("<span style='color:#d55e00'>%n record(s) lost</span> over %1", nullptr,
                        static_cast<int>(o.value))
                         .arg(TimeScale::formatDuration(s.seconds(o.end - o.start)));
        } else if (o.value == 0xffffffffu) {
            lines << tr("in the hypervisor: resuming the guest, %1")
                         .arg(TimeScale::formatDuration(s.seconds(o.end - o.start)));
        } else {
            const auto name = exitReasonName(*index_, track->id, o.value);
            lines << tr("in the hypervisor: exit reason %1%2, %3")
                         .arg(o.value)
                         .arg(name.empty() ? QString()
                                           : QStringLiteral(" (%1)").arg(QString::fromUtf8(
                                                 name.data(), static_cast<qsizetype>(name.size()))))
                         .arg(TimeScale::formatDuration(s.seconds(o.end - o.start)));
        }
        break;
    }
    return lines.join(QStringLiteral("<br>"));
}

} // namespace xenoscope::widgets
