#pragma once
// SpikeListModel: the worst scheduling latencies of a trace, longest first —
// one row per sample (rank, latency, when, vCPU, pCPU, wake or preempt).
// The ranking is core's (summarizeLatency's worst N), computed off the UI
// thread by whoever calls setSamples().

#include "core/probes/latencysamples.h"

#include <QAbstractTableModel>

#include <vector>

namespace xenoscope::widgets {

class SpikeListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Rank, Latency, When, Vcpu, Pcpu, Kind, ColumnCount };
    // Raw values for sorting, tests and exports: cycles, TSC.
    static constexpr int RawRole = Qt::UserRole + 1;

    explicit SpikeListModel(QObject* parent = nullptr);
    ~SpikeListModel() override;

    // `worst` longest first; times shown relative to `traceStart` at `tscHz`.
    void setSamples(std::vector<core::LatencySample> worst, uint64_t traceStart, double tscHz);
    void clear();
    const core::LatencySample& sample(int row) const { return samples_[static_cast<size_t>(row)]; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    std::vector<core::LatencySample> samples_;
    uint64_t traceStart_ = 0;
    double hz_ = 1e9;
};

} // namespace xenoscope::widgets
