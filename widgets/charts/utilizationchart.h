#pragma once
// UtilizationChart: CPU utilization over the followed window as stacked
// areas — each domain's host share, or each pCPU's busy time, or each
// vCPU's running time — one step per bucket, with bucket widths that follow
// the zoom (about one bucket per four pixels). Domain colours are the
// timeline's.

#include "widgets/charts/analysischart.h"
#include "widgets/charts/utilizationseries.h"
#include "widgets/timeline/timelinepalette.h"

class QComboBox;

namespace xenoscope::widgets {

class UtilizationChart : public AnalysisChart {
    Q_OBJECT
public:
    enum class Mode { Domains, Pcpus, Vcpus };

    explicit UtilizationChart(QWidget* parent = nullptr);
    ~UtilizationChart() override;

    QString csvTable() const override { return QStringLiteral("utilization"); }
    Mode mode() const { return mode_; }
    void setMode(Mode mode);
    // The numbers on display.
    const UtilizationSeries& data() const { return data_; }

protected:
    void recompute(quint64 generation) override;
    void clearChart() override;
    uint64_t wantedBucket() const override;

private:
    void rebuild();

    QComboBox* modeBox_;
    Mode mode_ = Mode::Domains;
    UtilizationSeries data_;
    TimelinePalette palette_;
};

} // namespace xenoscope::widgets
