#pragma once
// LatencyChart: scheduling latency over the followed window — a histogram
// with log2 buckets (wake and preempt stacked) and a scatter of every
// sample's latency against the time it started running. Clicking a bar
// selects that bucket's samples (highlighted in the scatter) and asks for
// the timeline to show them; clicking a point does the same for one sample.

#include "widgets/charts/analysischart.h"
#include "widgets/charts/latencydata.h"

#include <optional>

class QBarCategoryAxis;
class QChart;
class QChartView;
class QScatterSeries;
class QStackedBarSeries;

namespace xenoscope::widgets {

class LatencyChart : public AnalysisChart {
    Q_OBJECT
public:
    // Beyond this many samples the scatter keeps, per pixel column, the
    // longest and shortest sample (and every selected one).
    static constexpr size_t MaxScatterPoints = 6000;

    explicit LatencyChart(QWidget* parent = nullptr);
    ~LatencyChart() override;

    QString csvTable() const override { return QStringLiteral("latency"); }
    const LatencyData& data() const { return data_; }
    QStackedBarSeries* histogramSeries() const { return bars_; }
    QChartView* scatterView() const { return scatterView_; }
    QScatterSeries* scatterSeries() const { return points_; }
    // Samples (indices into data().samples) selected by the last click.
    const std::vector<size_t>& selectedSamples() const { return selected_; }

public slots:
    // What a click on histogram bar `bar` does (also for tests and keyboard use).
    void selectBar(int bar);
    // What a click on one scatter point does.
    void selectSample(size_t sample);

signals:
    // Show [t0, t1] on the timeline: the selected samples' runnable spans.
    void zoomRequested(quint64 t0, quint64 t1);
    void samplesSelected(int count);

protected:
    void recompute(quint64 generation) override;
    void clearChart() override;

private:
    void rebuild();
    void rebuildScatter();
    void applySelection();
    void onScatterClicked(const QPointF& point);

    QChart* scatterChart_;
    QChartView* scatterView_;
    QStackedBarSeries* bars_ = nullptr;
    QScatterSeries* points_ = nullptr;
    QScatterSeries* highlighted_ = nullptr;
    LatencyData data_;
    std::vector<size_t> shown_;    // data_ index of each scatter point
    double floorUs_ = 0.01;        // the scatter's lowest latency (log axis)
    std::vector<size_t> selected_; // data_ indices
    // The selected latency range survives a new window (the zoom it asks for).
    std::optional<std::pair<uint64_t, uint64_t>> selectedRange_;
};

} // namespace xenoscope::widgets
