#pragma once
// SpikeListModel: the worst latencies of a trace, longest first — scheduling
// latencies (wake or preempt: a vCPU runnable until it ran) and disk request
// latencies (end to end) — one row per spike: rank, latency, when, kind,
// domain/vCPU, pCPU, device and request where they apply. A filter shows all
// of them, only scheduling or only disk; ranks count the rows shown. The
// ranking is core's (rankSpikes), computed off the UI thread by whoever
// calls setSpikes().

#include "widgets/spikes/spike.h"

#include <QAbstractTableModel>

#include <vector>

namespace xenoscope::widgets {

class SpikeListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Rank, Latency, When, Kind, Vcpu, Pcpu, Device, Request, ColumnCount };
    enum class Filter { All, Scheduling, Disk };
    // Raw values for sorting, tests and exports: cycles, TSC, keys.
    static constexpr int RawRole = Qt::UserRole + 1;

    explicit SpikeListModel(QObject* parent = nullptr);
    ~SpikeListModel() override;

    // `spikes` longest first; times shown relative to `traceStart` at `tscHz`.
    void setSpikes(std::vector<Spike> spikes, uint64_t traceStart, double tscHz);
    void clear();
    void setFilter(Filter filter);
    Filter filter() const { return filter_; }
    // The spike on row `row` of the filtered list.
    const Spike& spike(int row) const { return all_[shown_[static_cast<size_t>(row)]]; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    void applyFilter();
    QString kindText(const Spike& s) const;
    QString toolTip(const Spike& s) const;

    std::vector<Spike> all_;
    std::vector<size_t> shown_; // indices into all_, in rank order
    Filter filter_ = Filter::All;
    uint64_t traceStart_ = 0;
    double hz_ = 1e9;
};

} // namespace xenoscope::widgets
