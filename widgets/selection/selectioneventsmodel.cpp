#include "widgets/selection/selectioneventsmodel.h"

#include "core/format/eventcatalog.h"
#include "core/format/record.h"

#include <QLocale>

namespace xenoscope::widgets {

namespace {

QString hexId(uint32_t id) {
    return QStringLiteral("0x%1").arg(id, 8, 16, QLatin1Char('0'));
}

QString fromView(std::string_view s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

} // namespace

SelectionEventsModel::SelectionEventsModel(QObject* parent)
    : QAbstractTableModel(parent) {}

SelectionEventsModel::~SelectionEventsModel() = default;

void SelectionEventsModel::setStats(core::EventStats stats, bool partial) {
    beginResetModel();
    stats_ = std::move(stats);
    partial_ = partial;
    rows_ = rowsOf(stats_, grouping_);
    endResetModel();
}

void SelectionEventsModel::clear() {
    setStats({}, false);
}

void SelectionEventsModel::setGrouping(Grouping grouping) {
    if (grouping == grouping_)
        return;
    beginResetModel();
    grouping_ = grouping;
    rows_ = rowsOf(stats_, grouping_);
    endResetModel();
}

std::vector<SelectionEventsModel::Row> SelectionEventsModel::rowsOf(const core::EventStats& stats,
                                                                    Grouping grouping) {
    std::vector<Row> rows;
    switch (grouping) {
    case Grouping::Event:
        for (const auto& [id, n] : stats.byId)
            rows.push_back({id, n});
        break;
    case Grouping::Class:
        for (const auto& [cls, n] : stats.byClass)
            rows.push_back({cls, n});
        break;
    case Grouping::Domain:
        for (const auto& [d, n] : stats.byDomain)
            rows.push_back({d, n});
        if (stats.unknownDomain > 0)
            rows.push_back({UnknownDomain, stats.unknownDomain});
        break;
    case Grouping::Pcpu:
        for (const auto& [p, n] : stats.byPcpu)
            rows.push_back({p, n});
        break;
    }
    return rows;
}

QString SelectionEventsModel::toCsv() const {
    QString out = QStringLiteral("grouping,key,name,count\n");
    const std::pair<Grouping, QLatin1String> groupings[] = {
        {Grouping::Event, QLatin1String("event")},
        {Grouping::Class, QLatin1String("class")},
        {Grouping::Domain, QLatin1String("domain")},
        {Grouping::Pcpu, QLatin1String("pcpu")}};
    for (const auto& [g, label] : groupings)
        for (const Row& r : rowsOf(stats_, g)) {
            const bool unknown = g == Grouping::Domain && r.key == UnknownDomain;
            out += QStringLiteral("%1,%2,%3,%4\n")
                       .arg(label, unknown ? QStringLiteral("unknown") : keyText(g, r.key),
                            unknown ? QString() : nameText(g, r.key))
                       .arg(r.count);
        }
    return out;
}

int SelectionEventsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int SelectionEventsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString SelectionEventsModel::keyText(Grouping grouping, uint32_t key) {
    switch (grouping) {
    case Grouping::Event:
        return hexId(key);
    case Grouping::Class:
        return hexId(key << 16);
    case Grouping::Domain:
        return key == UnknownDomain ? QStringLiteral("—") : QString::number(key);
    case Grouping::Pcpu:
        return QString::number(key);
    }
    return {};
}

QString SelectionEventsModel::nameText(Grouping grouping, uint32_t key) {
    switch (grouping) {
    case Grouping::Event:
        return fromView(core::EventCatalog::builtin().name(key));
    case Grouping::Class:
        return fromView(core::EventCatalog::className(key << 16));
    case Grouping::Domain:
        if (key == UnknownDomain)
            return tr("nobody known running");
        return key == core::IdleDomain ? tr("idle") : tr("Domain %1").arg(key);
    case Grouping::Pcpu:
        return tr("pCPU %1").arg(key);
    }
    return {};
}

QVariant SelectionEventsModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& r = rows_[static_cast<size_t>(index.row())];
    const double share =
        stats_.total == 0 ? 0.0 : static_cast<double>(r.count) / static_cast<double>(stats_.total);
    if (role == RawRole) {
        switch (index.column()) {
        case Key:
            return uint{r.key};
        case Name:
            return nameText(grouping_, r.key);
        case Count:
            return QVariant::fromValue<qulonglong>(r.count);
        case Share:
            return share;
        default:
            return {};
        }
    }
    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue(index.column() == Count || index.column() == Share
                                       ? Qt::AlignRight | Qt::AlignVCenter
                                       : Qt::AlignLeft | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && grouping_ == Grouping::Domain && r.key == UnknownDomain)
        return tr("Records written while the reader did not know which vCPU ran on their pCPU");
    if (role != Qt::DisplayRole)
        return {};
    const QLocale locale;
    switch (index.column()) {
    case Key:
        return keyText(grouping_, r.key);
    case Name:
        return nameText(grouping_, r.key);
    case Count:
        return locale.toString(static_cast<qulonglong>(r.count));
    case Share:
        return QStringLiteral("%1 %").arg(locale.toString(100.0 * share, 'f', 2));
    default:
        return {};
    }
}

QVariant SelectionEventsModel::headerData(int section, Qt::Orientation orientation,
                                          int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Key:
        switch (grouping_) {
        case Grouping::Event:
            return tr("Event");
        case Grouping::Class:
            return tr("Class");
        case Grouping::Domain:
            return tr("Domain");
        case Grouping::Pcpu:
            return tr("pCPU");
        }
        return {};
    case Name:
        return tr("Name");
    case Count:
        return tr("Records");
    case Share:
        return tr("Share");
    default:
        return {};
    }
}

} // namespace xenoscope::widgets
