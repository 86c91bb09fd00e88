#pragma once
// DiskStageModel: the stage latency table beside the disk-queue chart — per
// stage of the pipeline (and end to end) the completed requests, latency
// percentiles and average/max depth over the followed window, for all
// devices or one (core::summarizeDisk, as `summary --json`'s disk.stages).

#include "core/analyses/disksummary.h"

#include <QAbstractTableModel>

namespace xenoscope::widgets {

class DiskStageModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Stage, Completed, P50, P90, P99, Max, AvgDepth, MaxDepth, ColumnCount };

    explicit DiskStageModel(QObject* parent = nullptr);
    ~DiskStageModel() override;

    // `domain` < 0: all devices; else that (domain, device).
    void setSummary(const core::DiskSummary& summary, int domain, int device, double tscHz);
    void clear();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Row {
        QString name;
        core::LatencyStats latency;
        bool hasDepth = false;
        double avgDepth = 0;
        uint32_t maxDepth = 0;
    };
    std::vector<Row> rows_;
    double tscHz_ = 1e9;
};

} // namespace xenoscope::widgets
