#pragma once
// AnalysisChart: what every chart panel shares — a tool row (title, what the
// chart shows, CSV and PNG export), the trace index and the window it
// follows, and the background recomputation: each change bumps a generation
// counter, the work runs on the thread pool, and a result whose generation
// is no longer the newest is dropped. Subclasses compute a value type off
// the UI thread and turn it into series on it.

#include "core/index/traceindex.h"
#include "widgets/common/backgroundjob.h"

#include <QFuture>
#include <QTimer>
#include <QWidget>
#include <QtConcurrent/QtConcurrentRun>

#include <type_traits>

class QChart;
class QChartView;
class QHBoxLayout;
class QLabel;
class QToolButton;
class QVBoxLayout;

namespace xenoscope::widgets {

class AnalysisChart : public QWidget {
    Q_OBJECT
public:
    explicit AnalysisChart(QWidget* parent = nullptr);
    ~AnalysisChart() override;

    // The final index of a trace (null: nothing to show).
    void setIndex(core::TraceIndexPtr index);
    void clear();
    const core::TraceIndexPtr& index() const { return index_; }
    // The window on display (or being computed).
    core::TimeWindow window() const { return window_; }
    // Bucket width in cycles of the result on display (0: one bucket = the window).
    uint64_t bucket() const { return bucket_; }
    bool isBusy() const { return pending_ != done_; }

    QChart* chart() const { return chart_; }
    QChartView* chartView() const { return chartView_; }

    // The `xenoscope-cli export --table` this chart's series come from.
    virtual QString csvTable() const = 0;
    // That table for the current window and bucket: the CLI's bytes exactly.
    bool exportCsv(const QString& path) const;
    bool exportPng(const QString& path);

public slots:
    void setWindow(quint64 t0, quint64 t1);
    void showCsvDialog();
    void showPngDialog();

signals:
    // A new result is on display.
    void updated();

protected:
    // Start computing generation `generation` for index(), window() (see run()).
    virtual void recompute(quint64 generation) = 0;
    // Drop every series (no trace).
    virtual void clearChart() = 0;
    // The bucket width for the current window and plot width; 0 for none.
    virtual uint64_t wantedBucket() const { return 0; }

    void resizeEvent(QResizeEvent* event) override;

    // Runs `compute` on the thread pool; `show(result)` runs on the UI thread
    // only if `generation` is still the newest request.
    template <class Compute, class Show> void run(quint64 generation, Compute compute, Show show) {
        using Result = std::invoke_result_t<Compute>;
        // Dropped, not delivered, if this chart is destroyed first.
        runInBackground(this, std::move(compute),
                        [this, generation, show = std::move(show)](Result result) mutable {
                            if (generation != pending_)
                                return; // overtaken by a newer window, mode or width
                            show(std::move(result));
                            finished(generation);
                        });
    }
    // New generation and recompute (index, window, mode or width changed).
    void requestUpdate();
    void setBucket(uint64_t cycles) { bucket_ = cycles; }
    void setTitle(const QString& title);
    void setStatus(const QString& text);
    QHBoxLayout* tools() const { return tools_; }
    QVBoxLayout* body() const { return body_; }
    // Plot area width in pixels (for bucket widths), at least 100.
    int plotWidth() const;
    // The trace start, for axes relative to it.
    uint64_t origin() const { return index_ ? index_->window().t0 : 0; }
    double tscHz() const { return index_ && index_->tscHz() > 0 ? index_->tscHz() : 1e9; }
    QString windowText() const;

private:
    void finished(quint64 generation);

    QLabel* title_;
    QLabel* status_;
    QHBoxLayout* tools_;
    QVBoxLayout* body_;
    QToolButton* csv_;
    QToolButton* png_;
    QChart* chart_;
    QChartView* chartView_;
    QTimer resizeTimer_;
    core::TraceIndexPtr index_;
    core::TimeWindow window_;
    uint64_t bucket_ = 0;
    quint64 pending_ = 0; // newest request
    quint64 done_ = 0;    // on display
};

} // namespace xenoscope::widgets
