#pragma once
// SelectionStatsModel: the statistics of a time range, one row per domain
// followed by its vCPUs — running, runnable, blocked, time in the hypervisor
// and scheduling latency. The figures are core's: compute() runs
// summarizeTrace over the index's results for the window, exactly what
// `xenoscope-cli summary --from --to` prints, plus per-vCPU latency stats
// from core's latencyStats over the same samples.

#include "core/analyses/tracesummary.h"
#include "core/index/traceindex.h"

#include <QAbstractTableModel>

#include <array>
#include <vector>

namespace xenoscope::widgets {

// What the model shows; built off the UI thread by SelectionStatsModel::compute().
struct SelectionStats {
    struct Row {
        bool isDomain = false;
        uint16_t domain = 0;
        uint16_t vcpu = 0;  // vCPU rows
        uint32_t vcpus = 1; // domain rows: how many
        std::array<uint64_t, core::VcpuStateCount> cycles{};
        uint64_t hypervisor = 0;
        uint64_t exits = 0;
        bool hvm = false;
        core::LatencyStats latency;
    };
    core::TimeWindow window;
    double tscHz = 0;
    core::TraceSummary summary;
    core::EventCounts events; // records in the window (the index's exact counts)
    std::vector<Row> rows;
};

class SelectionStatsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Entity,
        Running,
        Runnable,
        Blocked,
        Hypervisor,
        Exits,
        Wakeups,
        LatencyP50,
        LatencyP99,
        LatencyMax,
        ColumnCount
    };
    // Raw figures: cycles (time columns), counts; the domain/vCPU key for Entity.
    static constexpr int RawRole = Qt::UserRole + 1;

    explicit SelectionStatsModel(QObject* parent = nullptr);
    ~SelectionStatsModel() override;

    // Thread-safe: reads only the immutable index.
    static SelectionStats compute(const core::TraceIndex& index, core::TimeWindow window);

    void setStats(SelectionStats stats);
    void clear();
    const SelectionStats& stats() const { return stats_; }
    bool isEmpty() const { return stats_.rows.empty(); }

    // The table as CSV (cycles and seconds, one line per row).
    QString toCsv() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    SelectionStats stats_;
};

} // namespace xenoscope::widgets
