#pragma once
// DiskDepthChart: the disk I/O pipeline over the followed window — depth of
// each stage (requests in it) as step lines per bucket, for all devices, one
// domain/device, or one stage across devices; the stage latency table beside
// it. Stock-Xen traces without the instrumented events show grants in
// flight per domain instead.

#include "widgets/charts/analysischart.h"
#include "widgets/charts/diskdepthdata.h"
#include "widgets/timeline/timelinepalette.h"

class QComboBox;
class QTableView;

namespace xenoscope::widgets {

class DiskStageModel;

class DiskDepthChart : public AnalysisChart {
    Q_OBJECT
public:
    explicit DiskDepthChart(QWidget* parent = nullptr);
    ~DiskDepthChart() override;

    QString csvTable() const override { return QStringLiteral("disk-depth"); }
    const DiskDepthData& data() const { return data_; }
    DiskStageModel* stageModel() const { return stages_; }
    void setView(DiskDepthData::View view);
    // Average depth per bucket (the default) or the maximum.
    void setShowMaximum(bool maximum);

protected:
    void recompute(quint64 generation) override;
    void clearChart() override;
    uint64_t wantedBucket() const override;

private:
    void fillViews();
    void rebuild();

    QComboBox* viewBox_;
    QComboBox* valueBox_;
    QTableView* table_;
    DiskStageModel* stages_;
    DiskDepthData::View view_;
    bool maximum_ = false;
    DiskDepthData data_;
    TimelinePalette palette_;
};

} // namespace xenoscope::widgets
