#pragma once
// SelectionStatsModel: the statistics of a time range, one row per domain
// followed by its vCPUs — running, runnable, blocked, time in the hypervisor
// and scheduling latency. The figures are core's: compute() runs
// summarizeTrace over the index's results for the window, exactly what
// `xenoscope-cli summary --from --to` prints, plus per-vCPU latency stats
// from core's latencyStats over the same samples, and the range's event
// counts (core's windowEventStats) that SelectionEventsModel shows.

#include "core/analyses/tracesummary.h"
#include "core/index/traceindex.h"
#include "core/probes/eventstats.h"
#include "core/util/cancellation.h"

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
    core::EventStats events; // records in the window, as `summary --from --to` counts them
    // Only the total, classes and pCPUs of `events` are known: the records
    // could not be read again, so they come from the index's counters.
    bool eventsPartial = false;
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

    // Thread-safe: reads only the immutable index. A cancel stops the event
    // count early (its figures are then partial: the caller drops them).
    static SelectionStats compute(const core::TraceIndex& index, core::TimeWindow window,
                                  const core::CancelToken* cancel = nullptr);

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
