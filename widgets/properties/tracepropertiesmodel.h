#pragma once
// TracePropertiesModel: the facts of a trace (what `xenoscope-cli info`
// prints) as a read-only two-column tree, grouped (file, records, time,
// pCPUs, domains, events, problems) and formatted for reading. Each row also
// carries a stable key and the raw number, so code and tests never parse the
// display text.

#include "widgets/loading/traceloader.h"

#include <QAbstractItemModel>
#include <QLocale>
#include <QVariant>

#include <memory>
#include <vector>

namespace xenoscope::widgets {

class TracePropertiesModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { PropertyColumn, ValueColumn, ColumnCount };
    enum Role {
        KeyRole = Qt::UserRole + 1, // e.g. "records.total", "pcpus.3.records"
        RawValueRole,               // the number behind the text (qulonglong or double)
    };

    explicit TracePropertiesModel(QObject* parent = nullptr);
    ~TracePropertiesModel() override;

    void setTraceInfo(const TraceInfoPtr& info);
    void clear();
    const TraceInfoPtr& traceInfo() const { return info_; }

    // The row with this key (column 0), or an invalid index.
    QModelIndex indexForKey(const QString& key) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    struct Node;
    Node* nodeFor(const QModelIndex& index) const;
    Node* add(Node* parent, const QString& key, const QString& label, const QString& value = {},
              const QVariant& raw = {});
    void build(const core::TraceInfo& info);

    QString number(uint64_t n) const;
    QString seconds(uint64_t cycles, double hz) const;

    std::unique_ptr<Node> root_;
    TraceInfoPtr info_;
    QLocale locale_;
};

} // namespace xenoscope::widgets
