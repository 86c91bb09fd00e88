#pragma once
// HypervisorChart: time each HVM vCPU spent in the hypervisor over the
// followed window, as horizontal stacked bars by exit reason (the longest
// reasons each get a colour, the rest are "other exits") plus resume time.

#include "widgets/charts/analysischart.h"
#include "widgets/charts/hypervisordata.h"

class QHorizontalStackedBarSeries;

namespace xenoscope::widgets {

class HypervisorChart : public AnalysisChart {
    Q_OBJECT
public:
    // Reasons drawn in their own colour; the others are summed up.
    static constexpr size_t MaxReasons = 8;

    explicit HypervisorChart(QWidget* parent = nullptr);
    ~HypervisorChart() override;

    QString csvTable() const override { return QStringLiteral("hypervisor"); }
    const HypervisorData& data() const { return data_; }
    QHorizontalStackedBarSeries* series() const { return series_; }

protected:
    void recompute(quint64 generation) override;
    void clearChart() override;

private:
    void rebuild();

    HypervisorData data_;
    QHorizontalStackedBarSeries* series_ = nullptr;
};

} // namespace xenoscope::widgets
