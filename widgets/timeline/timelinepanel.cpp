#include "widgets/timeline/timelinepanel.h"

#include "widgets/timeline/timelinerenderer.h"
#include "widgets/timeline/timelineview.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPainter>
#include <QRegularExpression>
#include <QSvgGenerator>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>

namespace xenoscope::widgets {

namespace {

QToolButton* toolButton(QWidget* parent, const QString& text, const QString& tip) {
    auto* b = new QToolButton(parent);
    b->setText(text);
    b->setToolTip(tip);
    b->setAutoRaise(true);
    b->setFocusPolicy(Qt::NoFocus); // keys belong to the timeline
    return b;
}

} // namespace

TimelinePanel::TimelinePanel(QWidget* parent)
    : QWidget(parent)
    , view_(new TimelineView(this))
    , find_(new QComboBox(this))
    , domains_(toolButton(this, tr("Domains"), tr("Show or hide the tracks of each domain")))
    , domainMenu_(new QMenu(this))
    , back_(toolButton(this, tr("◀"), tr("Back to the previous range (Alt+Left, Backspace)")))
    , forward_(toolButton(this, tr("▶"), tr("Forward (Alt+Right)")))
    , markers_(new QLabel(this)) {
    view_->setObjectName(QStringLiteral("timelineView"));
    find_->setObjectName(QStringLiteral("findTrack"));
    find_->setEditable(true);
    find_->setInsertPolicy(QComboBox::NoInsert);
    find_->setMinimumContentsLength(12);
    find_->lineEdit()->setPlaceholderText(tr("Find track: d14v2, pCPU 3"));
    find_->setToolTip(tr("Jump to a vCPU (d14v2) or pCPU (p3) track"));
    find_->completer()->setCompletionMode(QCompleter::PopupCompletion);
    find_->completer()->setFilterMode(Qt::MatchContains);
    connect(find_->lineEdit(), &QLineEdit::returnPressed, this,
            [this] { find(find_->currentText()); });
    connect(find_, &QComboBox::activated, this, [this](int i) { find(find_->itemText(i)); });

    domains_->setObjectName(QStringLiteral("domainFilter"));
    domains_->setMenu(domainMenu_);
    domains_->setPopupMode(QToolButton::InstantPopup);

    auto* zoomIn = toolButton(this, tr("+"), tr("Zoom in (W, +, Ctrl+wheel)"));
    auto* zoomOut = toolButton(this, tr("−"), tr("Zoom out (S, -, Ctrl+wheel)"));
    auto* zoomSel =
        toolButton(this, tr("Zoom to Selection"), tr("Show exactly the selected range (Z)"));
    auto* reset =
        toolButton(this, tr("Whole Trace"), tr("Show the whole trace (0, double-click the ruler)"));
    connect(zoomIn, &QToolButton::clicked, view_, &TimelineView::zoomIn);
    connect(zoomOut, &QToolButton::clicked, view_, &TimelineView::zoomOut);
    connect(zoomSel, &QToolButton::clicked, view_, &TimelineView::zoomToSelection);
    connect(reset, &QToolButton::clicked, view_, &TimelineView::resetZoom);
    connect(back_, &QToolButton::clicked, view_, &TimelineView::goBack);
    connect(forward_, &QToolButton::clicked, view_, &TimelineView::goForward);
    auto history = [this] {
        back_->setEnabled(view_->canGoBack());
        forward_->setEnabled(view_->canGoForward());
    };
    connect(view_, &TimelineView::historyChanged, this, history);
    history();

    auto* absolute = new QCheckBox(tr("Absolute time"), this);
    absolute->setObjectName(QStringLiteral("absoluteTime"));
    absolute->setToolTip(
        tr("Label the ruler with seconds since TSC 0 instead of since the trace start"));
    absolute->setFocusPolicy(Qt::NoFocus);
    connect(absolute, &QCheckBox::toggled, view_, &TimelineView::setAbsoluteTime);

    markers_->setObjectName(QStringLiteral("markerReadout"));
    markers_->setTextFormat(Qt::RichText);
    connect(view_, &TimelineView::markersChanged, this, &TimelinePanel::updateMarkerLabel);
    connect(view_, &TimelineView::layoutChanged, this, [this] {
        if (domainMenu_->isEmpty())
            rebuildTrackLists();
    });
    updateMarkerLabel();

    auto* tools = new QHBoxLayout;
    tools->setContentsMargins(6, 3, 6, 3);
    tools->setSpacing(4);
    tools->addWidget(find_);
    tools->addWidget(domains_);
    tools->addSpacing(12);
    tools->addWidget(back_);
    tools->addWidget(forward_);
    tools->addWidget(zoomOut);
    tools->addWidget(zoomIn);
    tools->addWidget(zoomSel);
    tools->addWidget(reset);
    tools->addSpacing(12);
    tools->addWidget(absolute);
    tools->addStretch(1);
    tools->addWidget(markers_);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(tools);
    layout->addWidget(view_, 1);
    setFocusProxy(view_);
}

TimelinePanel::~TimelinePanel() = default;

void TimelinePanel::setIndex(core::TraceIndexPtr index, bool complete) {
    view_->setIndex(std::move(index), complete);
    rebuildTrackLists();
}

void TimelinePanel::rebuildTrackLists() {
    const TrackLayout& layout = view_->trackLayout();
    const QString typed = find_->currentText();
    find_->clear();
    for (const auto& g : layout.groups())
        for (const core::TrackRef& t : g.tracks)
            find_->addItem(TimelineRenderer::trackName(t));
    find_->setCurrentIndex(-1);
    find_->setEditText(typed);

    domainMenu_->clear();
    for (const uint16_t d : layout.domains()) {
        QAction* a = domainMenu_->addAction(TimelineRenderer::domainName(d));
        a->setCheckable(true);
        a->setChecked(layout.isDomainShown(d));
        connect(a, &QAction::toggled, this, [this, d](bool on) { view_->setDomainShown(d, on); });
    }
    if (!layout.domains().empty()) {
        domainMenu_->addSeparator();
        domainMenu_->addAction(tr("Show All"), this, [this] {
            for (QAction* a : domainMenu_->actions())
                if (a->isCheckable())
                    a->setChecked(true);
        });
    }
}

std::optional<core::TrackRef> TimelinePanel::findTrack(const QString& text) const {
    const QString t = text.trimmed().toLower();
    static const QRegularExpression vcpu(
        QStringLiteral(R"(^(?:d|dom|domain)?\s*(\d+)\s*(?:v|\.|:|\s+vcpu\s*|\s+)\s*(\d+)$)"));
    static const QRegularExpression pcpu(QStringLiteral(R"(^(?:p|pcpu|cpu)\s*(\d+)$)"));
    static const QRegularExpression idle(QStringLiteral(R"(^idle\s*v?(\d+)$)"));
    static const QRegularExpression domain(QStringLiteral(R"(^(?:d|dom|domain)\s*(\d+)$)"));
    const TrackLayout& layout = view_->trackLayout();
    auto check = [&](core::TrackRef r) -> std::optional<core::TrackRef> {
        return layout.contains(r) ? std::optional(r) : std::nullopt;
    };
    if (auto m = pcpu.match(t); m.hasMatch())
        return check({core::TrackRef::Kind::Pcpu, m.captured(1).toUInt()});
    if (auto m = idle.match(t); m.hasMatch())
        return check(
            {core::TrackRef::Kind::Vcpu,
             core::vcpuKey(core::IdleDomain, static_cast<uint16_t>(m.captured(1).toUInt()))});
    if (auto m = vcpu.match(t); m.hasMatch())
        return check({core::TrackRef::Kind::Vcpu,
                      core::vcpuKey(static_cast<uint16_t>(m.captured(1).toUInt()),
                                    static_cast<uint16_t>(m.captured(2).toUInt()))});
    if (auto m = domain.match(t); m.hasMatch()) {
        // A domain: its first vCPU.
        const auto d = static_cast<uint16_t>(m.captured(1).toUInt());
        for (const auto& g : layout.groups())
            if (!g.isPcpus() && g.domain() == d && !g.tracks.empty())
                return g.tracks.front();
    }
    return std::nullopt;
}

bool TimelinePanel::find(const QString& text) {
    const auto track = findTrack(text);
    if (!track || !view_->revealTrack(*track)) {
        QToolTip::showText(find_->mapToGlobal(QPoint(0, find_->height())),
                           tr("No track named “%1”").arg(text), find_);
        return false;
    }
    view_->setFocus();
    return true;
}

bool TimelinePanel::exportImage(const QString& path) const {
    const QSize size = view_->size();
    if (QFileInfo(path).suffix().compare(QStringLiteral("svg"), Qt::CaseInsensitive) == 0) {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setTitle(tr("Xenoscope timeline"));
        QPainter p;
        if (!p.begin(&svg))
            return false;
        p.setFont(view_->font());
        view_->render(p, size);
        return p.end();
    }
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    QPainter p(&image);
    p.setFont(view_->font());
    view_->render(p, size);
    p.end();
    return image.save(path);
}

void TimelinePanel::updateMarkerLabel() {
    const auto a = view_->markerA();
    const auto b = view_->markerB();
    if (!a && !b) {
        markers_->setText(tr("<span style='color:#5a6270'>Markers: M / Shift+M</span>"));
        return;
    }
    const TimeScale s = view_->scale();
    QStringList parts;
    if (a)
        parts << tr("<b style='color:#008060'>A</b> %1")
                     .arg(s.label(*a, 1e-9, view_->absoluteTime()));
    if (b)
        parts << tr("<b style='color:#b03060'>B</b> %1")
                     .arg(s.label(*b, 1e-9, view_->absoluteTime()));
    if (a && b)
        parts << tr("Δ <b>%1</b>")
                     .arg(TimeScale::formatDuration(s.seconds(*a > *b ? *a - *b : *b - *a), 6));
    markers_->setText(parts.join(QStringLiteral(" &nbsp; ")));
}

} // namespace xenoscope::widgets
