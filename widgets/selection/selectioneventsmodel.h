#pragma once
// SelectionEventsModel: the records of the selected range counted one way at
// a time — by event (named as `summary` names them, from core's
// EventCatalog), by class, by the domain running on the record's pCPU, or by
// pCPU — with each row's share of the range's records. The counts are core's
// EventStats for the range (windowEventStats), the `events` of
// `xenoscope-cli summary --from --to --json`.

#include "core/probes/eventstats.h"

#include <QAbstractTableModel>

#include <vector>

namespace xenoscope::widgets {

class SelectionEventsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum class Grouping { Event, Class, Domain, Pcpu };
    enum Column { Key, Name, Count, Share, ColumnCount };
    // Raw values for sorting and tests: the id, class, domain or pCPU (Key;
    // UnknownDomain for records nobody was known to be running for), the
    // count (Count), the share as a fraction (Share).
    static constexpr int RawRole = Qt::UserRole + 1;
    static constexpr uint32_t UnknownDomain = 0x10000;

    explicit SelectionEventsModel(QObject* parent = nullptr);
    ~SelectionEventsModel() override;

    // `partial`: only the class and pCPU counts are known (the records could
    // not be read again); the event and domain groupings are then empty.
    void setStats(core::EventStats stats, bool partial);
    void clear();
    void setGrouping(Grouping grouping);
    Grouping grouping() const { return grouping_; }
    const core::EventStats& stats() const { return stats_; }
    bool isPartial() const { return partial_; }
    // Every grouping, whatever is shown: grouping,key,name,count (ids and
    // classes in hex, as `summary --json` writes them).
    QString toCsv() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Row {
        uint32_t key = 0;
        uint64_t count = 0;
    };
    static std::vector<Row> rowsOf(const core::EventStats& stats, Grouping grouping);
    static QString keyText(Grouping grouping, uint32_t key);
    static QString nameText(Grouping grouping, uint32_t key);

    core::EventStats stats_;
    bool partial_ = false;
    Grouping grouping_ = Grouping::Event;
    std::vector<Row> rows_;
};

} // namespace xenoscope::widgets
