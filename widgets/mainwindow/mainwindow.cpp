#include "widgets/mainwindow/mainwindow.h"

#include "widgets/charts/diskdepthchart.h"
#include "widgets/charts/hypervisorchart.h"
#include "widgets/charts/latencychart.h"
#include "widgets/charts/rangefollower.h"
#include "widgets/charts/utilizationchart.h"
#include "widgets/mainwindow/diagnosticsview.h"
#include "widgets/mainwindow/recentfiles.h"
#include "widgets/properties/tracepropertiesview.h"
#include "widgets/properties/tracesummaryview.h"
#include "widgets/selection/selectionstatsview.h"
#include "widgets/spikes/spikelistview.h"
#include "widgets/tables/eventtableview.h"
#include "widgets/timeline/timelinepanel.h"
#include "widgets/timeline/timelineview.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace xenoscope::widgets {

namespace {

// The bar works in per-ten-thousand: QProgressBar takes int, files exceed 2 GiB.
constexpr int ProgressScale = 10000;

QString displayName(const QString& path) {
    return QFileInfo(path).fileName();
}

// The first local file among the dropped URLs, or an empty string.
QString droppedFile(const QMimeData* mime) {
    if (!mime || !mime->hasUrls())
        return {};
    for (const QUrl& url : mime->urls())
        if (url.isLocalFile())
            return url.toLocalFile();
    return {};
}

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , loader_(new TraceLoader(this))
    , recent_(new RecentFiles(this)) {
    setObjectName(QStringLiteral("MainWindow"));
    setAcceptDrops(true);
    // Nested docks: later issues add more panels next to properties and problems.
    setDockNestingEnabled(true);

    createActions();
    createCentralArea();
    createDocks();
    createMenus();
    createStatusBar();
    createAnalysisViews();

    connect(loader_, &TraceLoader::started, this, &MainWindow::onStarted);
    connect(loader_, &TraceLoader::phaseChanged, this, &MainWindow::onPhaseChanged);
    connect(loader_, &TraceLoader::progressChanged, this, &MainWindow::onProgressChanged);
    connect(loader_, &TraceLoader::loaded, this, &MainWindow::onLoaded);
    connect(loader_, &TraceLoader::failed, this, &MainWindow::onFailed);
    connect(loader_, &TraceLoader::cancelled, this, &MainWindow::onCancelled);
    connect(loader_, &TraceLoader::indexed, this, &MainWindow::showIndex);
    connect(recent_, &RecentFiles::changed, this, &MainWindow::updateRecentMenu);

    showMessage(tr("<h2>No trace open</h2>"
                   "<p>Open a xentrace file with <b>File → Open…</b> (%1), pick one from "
                   "<b>File → Open Recent</b>, or drop it onto this window.</p>"
                   "<p>Plain and zstd-compressed (<tt>.zst</tt>) traces are read.</p>")
                    .arg(QKeySequence(QKeySequence::Open).toString(QKeySequence::NativeText)));
    updateRecentMenu();
    updateTitle();
    restoreSettings();
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions() {
    openAction_ = new QAction(tr("&Open…"), this);
    openAction_->setShortcut(QKeySequence::Open);
    openAction_->setStatusTip(tr("Open a xentrace file"));
    connect(openAction_, &QAction::triggered, this, &MainWindow::showOpenDialog);

    quitAction_ = new QAction(tr("&Quit"), this);
    quitAction_->setShortcut(QKeySequence::Quit);
    quitAction_->setMenuRole(QAction::QuitRole);
    connect(quitAction_, &QAction::triggered, this, &QWidget::close);

    aboutAction_ = new QAction(tr("&About Xenoscope"), this);
    aboutAction_->setMenuRole(QAction::AboutRole);
    connect(aboutAction_, &QAction::triggered, this, &MainWindow::showAbout);
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(openAction_);
    recentMenu_ = file->addMenu(tr("Open &Recent"));
    file->addSeparator();
    QMenu* exportMenu = file->addMenu(tr("&Export"));
    exportMenu->addAction(tr("Timeline as &PNG…"), this,
                          [this] { exportTimelineImage(QStringLiteral("png")); });
    exportMenu->addAction(tr("Timeline as &SVG…"), this,
                          [this] { exportTimelineImage(QStringLiteral("svg")); });
    exportMenu->addAction(tr("Selection Statistics as &CSV…"), selectionStats_,
                          &SelectionStatsView::showExportDialog);
    file->addSeparator();
    file->addAction(quitAction_);

    viewMenu_ = menuBar()->addMenu(tr("&View"));
    viewMenu_->addAction(propertiesDock_->toggleViewAction());
    viewMenu_->addAction(problemsDock_->toggleViewAction());
    viewMenu_->addAction(selectionDock_->toggleViewAction());
    viewMenu_->addAction(spikesDock_->toggleViewAction());

    // The timeline's keys work while it has focus; the menu lists them (the
    // text after a tab is shown as the key) and works from anywhere.
    navigateMenu_ = menuBar()->addMenu(tr("&Navigate"));
    TimelineView* view = timeline_->view();
    auto nav = [&](const QString& text, const QString& keys, auto slot) {
        navigateMenu_->addAction(text + QLatin1Char('\t') + keys, view, slot);
    };
    nav(tr("Zoom &In"), tr("W, +"), &TimelineView::zoomIn);
    nav(tr("Zoom &Out"), tr("S, -"), &TimelineView::zoomOut);
    nav(tr("Zoom to &Selection"), tr("Z"), &TimelineView::zoomToSelection);
    nav(tr("&Whole Trace"), tr("0"), &TimelineView::resetZoom);
    nav(tr("&Back"), tr("Alt+Left, Backspace"), &TimelineView::goBack);
    nav(tr("&Forward"), tr("Alt+Right"), &TimelineView::goForward);
    navigateMenu_->addSeparator();
    navigateMenu_->addAction(tr("Set Marker &A") + QStringLiteral("\tM"), view, [view] {
        view->setMarkerA(view->visibleRange().t0 + view->visibleRange().length() / 2);
    });
    navigateMenu_->addAction(tr("Set Marker &B") + QStringLiteral("\tShift+M"), view, [view] {
        view->setMarkerB(view->visibleRange().t0 + view->visibleRange().length() / 2);
    });
    nav(tr("Markers at Selection &Edges"), tr("E"), &TimelineView::setMarkersToSelection);
    nav(tr("&Clear Markers"), tr("Del"), &TimelineView::clearMarkers);
    navigateMenu_->addSeparator();
    navigateMenu_->addAction(spikes_->nextAction());
    navigateMenu_->addAction(spikes_->previousAction());
    navigateMenu_->addSeparator();
    navigateMenu_->addAction(tr("Find &Track…"), QKeySequence::Find, this, [this] {
        tabs_->setCurrentWidget(timeline_);
        if (auto* find = timeline_->findChild<QWidget*>(QStringLiteral("findTrack")))
            find->setFocus();
    });

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(aboutAction_);
}

void MainWindow::createCentralArea() {
    pages_ = new QStackedWidget(this);
    pages_->setObjectName(QStringLiteral("pages"));

    // Page::Message: what to do when there is nothing to show.
    message_ = new QLabel(pages_);
    message_->setObjectName(QStringLiteral("message"));
    message_->setAlignment(Qt::AlignCenter);
    message_->setWordWrap(true);
    message_->setTextFormat(Qt::RichText);
    message_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    message_->setMargin(32);
    pages_->addWidget(message_);

    // Page::Trace: a banner for problems over the views of the trace.
    auto* trace = new QWidget(pages_);
    auto* layout = new QVBoxLayout(trace);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    banner_ = new QLabel(trace);
    banner_->setObjectName(QStringLiteral("problemBanner"));
    banner_->setWordWrap(true);
    banner_->setTextFormat(Qt::RichText);
    banner_->setMargin(8);
    banner_->setAutoFillBackground(true);
    // A fixed amber, not a palette role: it must read as a warning in any theme.
    QPalette warning = banner_->palette();
    warning.setColor(QPalette::Window, QColor(0xff, 0xf1, 0xc2));
    warning.setColor(QPalette::WindowText, QColor(0x5c, 0x3d, 0x00));
    banner_->setPalette(warning);
    banner_->hide();
    connect(banner_, &QLabel::linkActivated, this, [this] {
        problemsDock_->show();
        problemsDock_->raise();
        problems_->setFocus();
    });
    layout->addWidget(banner_);

    // The trace's views, one tab each; timelines and charts join here.
    tabs_ = new QTabWidget(trace);
    tabs_->setObjectName(QStringLiteral("views"));
    tabs_->setDocumentMode(true);
    summary_ = new TraceSummaryView(tabs_);
    summary_->setObjectName(QStringLiteral("overview"));
    tabs_->addTab(summary_, tr("Overview"));
    timeline_ = new TimelinePanel(tabs_);
    timeline_->setObjectName(QStringLiteral("timeline"));
    tabs_->addTab(timeline_, tr("Timeline"));
    layout->addWidget(tabs_, 1);
    pages_->addWidget(trace);

    setCentralWidget(pages_);
}

void MainWindow::createDocks() {
    properties_ = new TracePropertiesView(this);
    properties_->setObjectName(QStringLiteral("properties"));
    propertiesDock_ = new QDockWidget(tr("Properties"), this);
    propertiesDock_->setObjectName(QStringLiteral("propertiesDock")); // saveState() keys on it
    propertiesDock_->setWidget(properties_);
    addDockWidget(Qt::RightDockWidgetArea, propertiesDock_);

    problems_ = new DiagnosticsView(this);
    problems_->setObjectName(QStringLiteral("problems"));
    problemsDock_ = new QDockWidget(tr("Problems"), this);
    problemsDock_->setObjectName(QStringLiteral("problemsDock"));
    problemsDock_->setWidget(problems_);
    addDockWidget(Qt::BottomDockWidgetArea, problemsDock_);
    problemsDock_->hide(); // shown when a trace has problems

    // The selection's statistics and the latency spikes follow the timeline.
    selectionStats_ = new SelectionStatsView(this);
    selectionStats_->setObjectName(QStringLiteral("selectionStats"));
    selectionDock_ = new QDockWidget(tr("Selection"), this);
    selectionDock_->setObjectName(QStringLiteral("selectionDock"));
    selectionDock_->setWidget(selectionStats_);
    addDockWidget(Qt::BottomDockWidgetArea, selectionDock_);

    spikes_ = new SpikeListView(this);
    spikes_->setObjectName(QStringLiteral("spikes"));
    spikesDock_ = new QDockWidget(tr("Latency Spikes"), this);
    spikesDock_->setObjectName(QStringLiteral("spikesDock"));
    spikesDock_->setWidget(spikes_);
    addDockWidget(Qt::RightDockWidgetArea, spikesDock_);
    tabifyDockWidget(propertiesDock_, spikesDock_);
    propertiesDock_->raise();

    TimelineView* view = timeline_->view();
    connect(view, &TimelineView::rangeSelected, selectionStats_, &SelectionStatsView::setWindow);
    connect(view, &TimelineView::selectionCleared, selectionStats_,
            &SelectionStatsView::showWholeTrace);
    connect(spikes_, &SpikeListView::spikeActivated, this,
            [this, view](quint64 from, quint64 to, quint32 vcpu) {
                tabs_->setCurrentWidget(timeline_);
                view->showInterval({from, to}, {core::TrackRef::Kind::Vcpu, vcpu});
                spikesDock_->show();
                spikesDock_->raise();
            });

    resizeDocks({propertiesDock_}, {500}, Qt::Horizontal);
}

void MainWindow::createStatusBar() {
    fileLabel_ = new QLabel(this);
    fileLabel_->setObjectName(QStringLiteral("fileLabel"));
    rateLabel_ = new QLabel(this);
    rateLabel_->setObjectName(QStringLiteral("rateLabel"));
    phaseLabel_ = new QLabel(this);
    progress_ = new QProgressBar(this);
    progress_->setObjectName(QStringLiteral("loadProgress"));
    progress_->setRange(0, ProgressScale);
    progress_->setMaximumWidth(220);
    progress_->setTextVisible(true);
    cancelButton_ = new QToolButton(this);
    cancelButton_->setObjectName(QStringLiteral("cancelButton"));
    cancelButton_->setText(tr("Cancel"));
    cancelButton_->setToolTip(tr("Stop reading the trace (Esc)"));
    cancelButton_->setShortcut(Qt::Key_Escape);
    cancelButton_->setAutoRaise(true);
    connect(cancelButton_, &QToolButton::clicked, this, &MainWindow::cancelLoading);

    statusBar()->addWidget(fileLabel_);
    statusBar()->addPermanentWidget(phaseLabel_);
    statusBar()->addPermanentWidget(progress_);
    statusBar()->addPermanentWidget(cancelButton_);
    statusBar()->addPermanentWidget(rateLabel_);
    setLoading(false);
}

void MainWindow::restoreSettings() {
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray()))
        resize(1280, 800);
    restoreState(settings.value(QStringLiteral("mainWindow/state")).toByteArray());
    // The problems dock belongs to the trace on display, not to the last session.
    problemsDock_->hide();
}

void MainWindow::saveSettings() const {
    QSettings settings;
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("mainWindow/state"), saveState());
}

void MainWindow::openFile(const QString& path) {
    if (path.isEmpty())
        return;
    // One spelling per file: titles, recent files and messages stay tidy.
    loader_->load(QDir::cleanPath(QFileInfo(path).absoluteFilePath()));
}

void MainWindow::showOpenDialog() {
    QSettings settings;
    const QString dir = settings.value(QStringLiteral("lastDirectory")).toString();
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Trace"), dir,
        tr("Xen traces (*.xentrace *.xentrace.zst *.trace *.bin *.zst);;All files (*)"));
    if (path.isEmpty())
        return;
    settings.setValue(QStringLiteral("lastDirectory"), QFileInfo(path).absolutePath());
    openFile(path);
}

void MainWindow::cancelLoading() {
    loader_->cancel();
}

void MainWindow::showAbout() {
    QMessageBox::about(
        this, tr("About Xenoscope"),
        tr("<h3>Xenoscope %1</h3>"
           "<p>A viewer for Xen hypervisor traces: files written by <tt>xentrace</tt>, "
           "plain or zstd-compressed.</p>"
           "<p>Built with Qt %2.</p>")
            .arg(QApplication::applicationVersion(), QString::fromLatin1(qVersion())));
}

void MainWindow::showIndex(const core::TraceIndexPtr& index, bool complete) {
    if (!index)
        return;
    const bool first = !timeline_->view()->index();
    timeline_->setIndex(index, complete);
    updateAnalysisViews(index, complete);
    // Statistics and the spike ranking are for the final index only: a
    // snapshot's results grow with every step.
    if (complete) {
        selectionStats_->setIndex(index);
        spikes_->setIndex(index);
    }
    if (first) {
        pages_->setCurrentIndex(static_cast<int>(Page::Trace));
        tabs_->setCurrentWidget(timeline_);
        timeline_->view()->setFocus();
    }
}

void MainWindow::exportTimelineImage(const QString& format) {
    const bool svg = format == QLatin1String("svg");
    const QString suggested = QFileInfo(path_).completeBaseName() + QLatin1Char('.') + format;
    const QString path = QFileDialog::getSaveFileName(
        this, svg ? tr("Export Timeline as SVG") : tr("Export Timeline as PNG"), suggested,
        svg ? tr("SVG images (*.svg)") : tr("PNG images (*.png)"));
    if (path.isEmpty())
        return;
    if (!timeline_->exportImage(path))
        QMessageBox::warning(this, tr("Export Failed"), tr("Could not write %1.").arg(path));
    else
        statusBar()->showMessage(tr("Wrote %1").arg(QFileInfo(path).fileName()), 5000);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    loader_->cancel();
    saveSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (!droppedFile(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const QString path = droppedFile(event->mimeData());
    if (path.isEmpty())
        return;
    event->acceptProposedAction();
    openFile(path);
}

void MainWindow::onStarted(const QString& path) {
    path_ = path;
    info_.reset();
    summary_->setTraceInfo(nullptr);
    timeline_->setIndex(nullptr, false);
    updateAnalysisViews(nullptr, false);
    selectionStats_->clear();
    spikes_->clear();
    properties_->clear();
    problems_->clear();
    problemsDock_->hide();
    banner_->hide();
    rateLabel_->clear();
    fileLabel_->setText(displayName(path));
    fileLabel_->setToolTip(path);
    showMessage(tr("<h2>Reading %1…</h2><p>%2</p>")
                    .arg(displayName(path).toHtmlEscaped(), path.toHtmlEscaped()));
    setLoading(true);
    updateTitle();
}

void MainWindow::onPhaseChanged(TraceLoader::Phase phase) {
    phaseLabel_->setText(phase == TraceLoader::Phase::Scanning ? tr("Scanning chunks")
                                                               : tr("Reading records"));
}

void MainWindow::onProgressChanged(qint64 done, qint64 total) {
    const double fraction =
        total > 0 ? static_cast<double>(done) / static_cast<double>(total) : 1.0;
    progress_->setValue(static_cast<int>(fraction * ProgressScale));
    const QLocale locale;
    progress_->setToolTip(
        tr("%1 of %2").arg(locale.formattedDataSize(done), locale.formattedDataSize(total)));
}

void MainWindow::onLoaded(const TraceInfoPtr& info) {
    setLoading(false);
    info_ = info;
    recent_->add(path_);
    summary_->setTraceInfo(info);
    properties_->setTraceInfo(info);
    pages_->setCurrentIndex(static_cast<int>(Page::Trace));

    const double hz = info->tscHzUsed;
    rateLabel_->setText(info->tscHzEstimate || info->tscHzOverridden
                            ? tr("TSC %1 GHz").arg(QLocale().toString(hz / 1e9, 'f', 3))
                            : tr("TSC %1 GHz (assumed)").arg(QLocale().toString(hz / 1e9, 'f', 3)));
    rateLabel_->setToolTip(info->tscHzOverridden ? tr("TSC rate given by the user")
                           : info->tscHzEstimate
                               ? tr("TSC rate estimated from %n scheduler slice(s)", nullptr,
                                    static_cast<int>(info->tscHzSamples))
                               : tr("The trace gives no TSC rate; times in seconds assume this "
                                    "rate"));
    showProblems(path_, info->errors);
    if (!info->errors.empty()) {
        banner_->setText(tr("<b>%n problem(s)</b> while reading %1. Everything readable is shown. "
                            "<a href=\"#problems\">Show problems</a>",
                            nullptr, static_cast<int>(info->errors.size()))
                             .arg(displayName(path_).toHtmlEscaped()));
        banner_->show();
    }
    statusBar()->showMessage(tr("Read %1").arg(displayName(path_)), 5000);
    updateTitle();
}

void MainWindow::onFailed(const TraceInfoPtr& info) {
    setLoading(false);
    info_.reset();
    const bool cannotOpen =
        std::any_of(info->errors.begin(), info->errors.end(),
                    [](const core::Diagnostic& d) { return d.code == core::DiagCode::CannotOpen; });
    if (cannotOpen)
        recent_->remove(QFileInfo(path_).absoluteFilePath());
    QStringList lines;
    const std::string file = QFile::encodeName(path_).toStdString();
    for (const auto& d : info->errors)
        lines << QString::fromStdString(core::describe(file, d)).toHtmlEscaped();
    const QString why =
        cannotOpen ? QString() : tr("<p>Nothing in it could be read as a xentrace file.</p>");
    showMessage(
        tr("<h2>Could not read %1</h2><p>%2</p>%3")
            .arg(displayName(path_).toHtmlEscaped(), lines.join(QStringLiteral("<br>")), why));
    showProblems(path_, info->errors);
    statusBar()->showMessage(tr("Could not read %1").arg(displayName(path_)), 5000);
    updateTitle();
}

void MainWindow::onCancelled(const QString& path) {
    setLoading(false);
    showMessage(
        tr("<h2>Reading %1 was cancelled</h2>"
           "<p>Open it again with <b>File → Open Recent</b> or drop another trace here.</p>")
            .arg(displayName(path).toHtmlEscaped()));
    statusBar()->showMessage(tr("Cancelled"), 5000);
    fileLabel_->clear();
    path_.clear();
    updateTitle();
}

void MainWindow::showMessage(const QString& html) {
    message_->setText(html);
    pages_->setCurrentIndex(static_cast<int>(Page::Message));
}

void MainWindow::showProblems(const QString& path, const core::Diagnostics& errors) {
    problems_->setDiagnostics(path, errors);
    problemsDock_->setWindowTitle(
        errors.empty()
            ? tr("Problems")
            : tr("Problems (%1)").arg(QLocale().toString(static_cast<qulonglong>(errors.size()))));
    problemsDock_->setVisible(!errors.empty());
}

void MainWindow::setLoading(bool loading) {
    if (!loading) {
        phaseLabel_->clear();
        progress_->reset();
    }
    phaseLabel_->setVisible(loading);
    progress_->setVisible(loading);
    cancelButton_->setVisible(loading);
    cancelButton_->setEnabled(loading);
}

void MainWindow::updateRecentMenu() {
    recentMenu_->clear();
    const QStringList files = recent_->files();
    for (int i = 0; i < files.size(); ++i) {
        const QString& path = files[i];
        // &1..&9 as accelerators; the full path in the status tip.
        const QString text =
            i < 9 ? QStringLiteral("&%1 %2").arg(i + 1).arg(displayName(path)) : displayName(path);
        QAction* action = recentMenu_->addAction(text, this, [this, path] { openFile(path); });
        action->setStatusTip(path);
        action->setToolTip(path);
    }
    if (!files.isEmpty())
        recentMenu_->addSeparator();
    QAction* clear = recentMenu_->addAction(tr("&Clear Menu"), recent_, &RecentFiles::clear);
    clear->setEnabled(!files.isEmpty());
}

void MainWindow::updateTitle() {
    setWindowTitle(path_.isEmpty() ? tr("Xenoscope")
                                   : tr("%1 — Xenoscope").arg(displayName(path_)));
}

// ---- Charts and the event table (issue 8) ---------------------------------

void MainWindow::createAnalysisViews() {
    // One debounced window (selection, else visible range) for every view.
    follower_ = new RangeFollower(this);
    TimelineView* view = timeline_->view();
    connect(view, &TimelineView::visibleRangeChanged, follower_, &RangeFollower::setVisibleRange);
    connect(view, &TimelineView::rangeSelected, follower_, &RangeFollower::setSelection);
    connect(view, &TimelineView::selectionCleared, follower_, &RangeFollower::clearSelection);

    utilizationChart_ = new UtilizationChart(this);
    utilizationChart_->setObjectName(QStringLiteral("utilizationChart"));
    diskChart_ = new DiskDepthChart(this);
    diskChart_->setObjectName(QStringLiteral("diskChart"));
    latencyChart_ = new LatencyChart(this);
    latencyChart_->setObjectName(QStringLiteral("latencyChart"));
    hypervisorChart_ = new HypervisorChart(this);
    hypervisorChart_->setObjectName(QStringLiteral("hypervisorChart"));
    eventTable_ = new EventTableView(this);
    eventTable_->setObjectName(QStringLiteral("eventTableView"));
    for (AnalysisChart* chart : std::initializer_list<AnalysisChart*>{
             utilizationChart_, diskChart_, latencyChart_, hypervisorChart_})
        connect(follower_, &RangeFollower::windowChanged, chart,
                [chart](quint64 t0, quint64 t1) { chart->setWindow(t0, t1); });
    connect(follower_, &RangeFollower::windowChanged, eventTable_,
            [this](quint64 t0, quint64 t1) { eventTable_->setWindow(t0, t1); });

    // A histogram bar or scatter point: show those samples on the timeline.
    connect(latencyChart_, &LatencyChart::zoomRequested, this,
            [this, view](quint64 t0, quint64 t1) {
                tabs_->setCurrentWidget(timeline_);
                view->setVisibleRange({t0, t1});
            });
    // A clicked record: marker A at its time.
    connect(eventTable_, &EventTableView::recordActivated, this,
            [view](quint64 tsc, quint16) { view->setMarkerA(tsc); });

    // Docks (objectNames key saveState()), tabified below the timeline;
    // users drag them anywhere and the layout is restored next time.
    const auto dock = [this](QWidget* widget, const QString& title, const QString& name) {
        auto* d = new QDockWidget(title, this);
        d->setObjectName(name);
        d->setWidget(widget);
        addDockWidget(Qt::BottomDockWidgetArea, d);
        analysisDocks_ << d;
        return d;
    };
    QDockWidget* utilization =
        dock(utilizationChart_, tr("Utilization"), QStringLiteral("utilizationDock"));
    dock(latencyChart_, tr("Scheduling Latency"), QStringLiteral("latencyDock"));
    dock(diskChart_, tr("Disk Queues"), QStringLiteral("diskDock"));
    dock(hypervisorChart_, tr("Hypervisor Time"), QStringLiteral("hypervisorDock"));
    dock(eventTable_, tr("Events"), QStringLiteral("eventTableDock"));
    QDockWidget* previous = selectionDock_;
    for (QDockWidget* d : analysisDocks_) {
        tabifyDockWidget(previous, d);
        previous = d;
    }
    utilization->raise();
    // Charts need height for two axes and a legend (saved layouts override this).
    resizeDocks({utilization}, {340}, Qt::Vertical);

    viewMenu_->addSeparator();
    for (QDockWidget* d : analysisDocks_)
        viewMenu_->addAction(d->toggleViewAction());
}

void MainWindow::updateAnalysisViews(const core::TraceIndexPtr& index, bool complete) {
    if (!index) {
        for (AnalysisChart* chart : std::initializer_list<AnalysisChart*>{
                 utilizationChart_, diskChart_, latencyChart_, hypervisorChart_})
            chart->clear();
        eventTable_->clear();
        return;
    }
    // A snapshot's results grow with every step: charts wait for the final index.
    if (!complete)
        return;
    for (AnalysisChart* chart : std::initializer_list<AnalysisChart*>{
             utilizationChart_, diskChart_, latencyChart_, hypervisorChart_})
        chart->setIndex(index);
    eventTable_->setIndex(index);
    const core::TimeWindow visible = timeline_->view()->visibleRange();
    follower_->reset(visible.t0, visible.t1);
}

} // namespace xenoscope::widgets
