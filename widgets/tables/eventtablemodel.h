#pragma once
// EventTableModel: every record of a window (the timeline's selection or
// visible range) as a table row, without keeping the records: a background
// scan (RecordWalk, cancelled by a generation counter) counts the rows that
// pass the filter and notes where each 4096-row page starts; rows appear as
// pages complete. A page is decoded again through the index's seek index
// when a view first asks for one of its rows and kept in a small LRU cache.
// Memory is a few bytes per page plus the cached pages, for any row count.

#include "core/index/traceindex.h"
#include "widgets/tables/eventfilter.h"

#include <QAbstractTableModel>
#include <QFuture>

#include <atomic>
#include <list>
#include <memory>
#include <optional>
#include <vector>

namespace xenoscope::widgets {

class EventTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    static constexpr int PageRows = 4096;
    static constexpr size_t CachedPages = 32;

    enum Column { Time, Tsc, Pcpu, Vcpu, Event, Fields, ColumnCount };
    // Raw values for tests and the view (the TSC, pCPU... as numbers).
    static constexpr int RawRole = Qt::UserRole + 1;

    struct Row {
        core::Record record;
        core::Owner owner;
    };

    explicit EventTableModel(QObject* parent = nullptr);
    ~EventTableModel() override;

    void setIndex(core::TraceIndexPtr index);
    void clear();
    void setWindow(core::TimeWindow window);
    void setFilter(const EventFilter& filter);
    core::TimeWindow window() const { return window_; }
    const EventFilter& filter() const { return filter_; }
    // The background scan is still counting rows.
    bool isCounting() const { return counting_; }
    // The row (decoded now if its page is not cached), or nothing.
    std::optional<Row> row(int r) const;
    // Pages decoded since the index was set (for tests of the cache).
    uint64_t pagesDecoded() const { return pagesDecoded_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

signals:
    // Rows counted so far; `done` once the scan is complete.
    void countChanged(qint64 rows, bool done);
    // The records could not be decoded again (file gone or changed).
    void unreadable();

private:
    // Where a page starts: its first row is the (skip + 1)-th row at TSC
    // `tsc`; its last row is at `last`.
    struct PageStart {
        uint64_t tsc = 0;
        uint32_t skip = 0;
        uint64_t last = 0;
    };
    using Page = std::vector<Row>;

    void restart();
    void stopScan();
    void onPages(quint64 generation, std::vector<PageStart> pages, int partialRows, bool done,
                 bool ok);
    const Page* page(size_t k) const;

    core::TraceIndexPtr index_;
    core::TimeWindow window_;
    EventFilter filter_;
    std::vector<PageStart> pages_;
    int rows_ = 0;
    bool counting_ = false;
    quint64 generation_ = 0;
    std::shared_ptr<std::atomic<quint64>> live_; // the worker stops when it differs from its own
    QFuture<void> scan_;
    mutable std::list<std::pair<size_t, Page>> cache_; // most recently used first
    mutable uint64_t pagesDecoded_ = 0;
};

} // namespace xenoscope::widgets
