#include "widgets/spikes/spikelistmodel.h"

#include "widgets/timeline/timescale.h"

namespace xenoscope::widgets {

SpikeListModel::SpikeListModel(QObject* parent)
    : QAbstractTableModel(parent) {}

SpikeListModel::~SpikeListModel() = default;

void SpikeListModel::setSamples(std::vector<core::LatencySample> worst, uint64_t traceStart,
                                double tscHz) {
    beginResetModel();
    samples_ = std::move(worst);
    traceStart_ = traceStart;
    hz_ = tscHz > 0 ? tscHz : 1e9;
    endResetModel();
}

void SpikeListModel::clear() {
    beginResetModel();
    samples_.clear();
    endResetModel();
}

int SpikeListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(samples_.size());
}

int SpikeListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SpikeListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const core::LatencySample& s = samples_[static_cast<size_t>(index.row())];
    const double seconds = static_cast<double>(s.cycles) / hz_;
    const double when = static_cast<double>(s.tsc - std::min(s.tsc, traceStart_)) / hz_;
    if (role == RawRole) {
        switch (index.column()) {
        case Rank:
            return index.row() + 1;
        case Latency:
            return QVariant::fromValue<qulonglong>(s.cycles);
        case When:
            return QVariant::fromValue<qulonglong>(s.tsc);
        case Vcpu:
            return QVariant::fromValue<uint>(uint{s.domain} << 16 | s.vcpu);
        case Pcpu:
            return uint{s.pcpu};
        case Kind:
            return static_cast<int>(s.kind);
        default:
            return {};
        }
    }
    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue(index.column() == Vcpu || index.column() == Kind
                                       ? Qt::AlignLeft | Qt::AlignVCenter
                                       : Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole)
        return tr("d%1v%2 waited %3 for a pCPU before running on pCPU %4 (%5 cycles)")
            .arg(s.domain)
            .arg(s.vcpu)
            .arg(TimeScale::formatDuration(seconds, 6))
            .arg(s.pcpu)
            .arg(s.cycles);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Rank:
        return index.row() + 1;
    case Latency:
        return TimeScale::formatDuration(seconds);
    case When:
        return TimeScale::formatDuration(when, 7);
    case Vcpu:
        return tr("d%1v%2").arg(s.domain).arg(s.vcpu);
    case Pcpu:
        return s.pcpu;
    case Kind:
        return s.kind == core::LatencyKind::Wake ? tr("wake") : tr("preempt");
    default:
        return {};
    }
}

QVariant SpikeListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Rank:
        return tr("#");
    case Latency:
        return tr("Latency");
    case When:
        return tr("At");
    case Vcpu:
        return tr("vCPU");
    case Pcpu:
        return tr("pCPU");
    case Kind:
        return tr("Kind");
    default:
        return {};
    }
}

} // namespace xenoscope::widgets
