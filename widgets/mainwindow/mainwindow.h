#pragma once
// MainWindow: the viewer's frame. Opens traces (argument, File→Open, Open
// Recent, drag and drop), runs them through the TraceLoader with a progress
// bar and Cancel in the status bar, and lays out what is known about the
// trace: the views in the central tabs (later issues add timelines and
// charts there), the properties panel and the problems list in docks.

#include "core/index/traceindex.h"
#include "widgets/loading/traceloader.h"

#include <QMainWindow>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QProgressBar;
class QStackedWidget;
class QTabWidget;
class QToolButton;

namespace xenoscope::widgets {

class DiagnosticsView;
class DiskDepthChart;
class EventTableView;
class HypervisorChart;
class LatencyChart;
class RangeFollower;
class RecentFiles;
class UtilizationChart;
class SelectionStatsView;
class SpikeListView;
class TimelinePanel;
class TracePropertiesView;
class TraceSummaryView;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    TraceLoader* loader() const { return loader_; }
    // The trace on display (possibly partial), or null.
    const TraceInfoPtr& traceInfo() const { return info_; }

public slots:
    void openFile(const QString& path);
    void showOpenDialog();
    void cancelLoading();
    void showAbout();
    // The index of the trace on display: a snapshot while indexing
    // (complete = false), then the final one. Fills the timeline, the
    // selection statistics and the latency spikes.
    void showIndex(const xenoscope::core::TraceIndexPtr& index, bool complete);
    void exportTimelineImage(const QString& format);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    // The central area's pages: a message (no trace yet, loading, failed) or the trace views.
    enum class Page { Message, Trace };

    void createActions();
    void createMenus();
    void createCentralArea();
    void createDocks();
    void createStatusBar();
    // ---- Charts and the event table (issue 8): docks that follow the timeline.
    void createAnalysisViews();
    // The index for them (null: clear); only complete indexes are summarized.
    void updateAnalysisViews(const core::TraceIndexPtr& index, bool complete);
    // ----
    void restoreSettings();
    void saveSettings() const;

    void onStarted(const QString& path);
    void onPhaseChanged(TraceLoader::Phase phase);
    void onProgressChanged(qint64 done, qint64 total);
    void onLoaded(const TraceInfoPtr& info);
    void onFailed(const TraceInfoPtr& info);
    void onCancelled(const QString& path);

    void showMessage(const QString& html);
    void showProblems(const QString& path, const core::Diagnostics& errors);
    void setLoading(bool loading);
    void updateRecentMenu();
    void updateTitle();

    TraceLoader* loader_;
    RecentFiles* recent_;
    TraceInfoPtr info_;
    QString path_; // the file on display or being loaded

    QStackedWidget* pages_ = nullptr;
    QLabel* message_ = nullptr;
    QLabel* banner_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    TraceSummaryView* summary_ = nullptr;
    TracePropertiesView* properties_ = nullptr;
    DiagnosticsView* problems_ = nullptr;
    QDockWidget* propertiesDock_ = nullptr;
    QDockWidget* problemsDock_ = nullptr;
    TimelinePanel* timeline_ = nullptr;
    SelectionStatsView* selectionStats_ = nullptr;
    SpikeListView* spikes_ = nullptr;
    QDockWidget* selectionDock_ = nullptr;
    QDockWidget* spikesDock_ = nullptr;
    QMenu* navigateMenu_ = nullptr;

    // Charts and the event table (issue 8).
    RangeFollower* follower_ = nullptr;
    UtilizationChart* utilizationChart_ = nullptr;
    DiskDepthChart* diskChart_ = nullptr;
    LatencyChart* latencyChart_ = nullptr;
    HypervisorChart* hypervisorChart_ = nullptr;
    EventTableView* eventTable_ = nullptr;
    QList<QDockWidget*> analysisDocks_;

    QLabel* fileLabel_ = nullptr;
    QLabel* rateLabel_ = nullptr;
    QLabel* phaseLabel_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QToolButton* cancelButton_ = nullptr;

    QAction* openAction_ = nullptr;
    QAction* quitAction_ = nullptr;
    QAction* aboutAction_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QMenu* viewMenu_ = nullptr;
};

} // namespace xenoscope::widgets
