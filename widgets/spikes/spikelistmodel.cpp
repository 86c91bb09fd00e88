#include "widgets/spikes/spikelistmodel.h"

#include "widgets/timeline/timescale.h"

namespace xenoscope::widgets {

namespace {

QString fromView(std::string_view s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

} // namespace

SpikeListModel::SpikeListModel(QObject* parent)
    : QAbstractTableModel(parent) {}

SpikeListModel::~SpikeListModel() = default;

void SpikeListModel::setSpikes(std::vector<Spike> spikes, uint64_t traceStart, double tscHz) {
    beginResetModel();
    all_ = std::move(spikes);
    traceStart_ = traceStart;
    hz_ = tscHz > 0 ? tscHz : 1e9;
    applyFilter();
    endResetModel();
}

void SpikeListModel::clear() {
    beginResetModel();
    all_.clear();
    shown_.clear();
    endResetModel();
}

void SpikeListModel::setFilter(Filter filter) {
    if (filter == filter_)
        return;
    beginResetModel();
    filter_ = filter;
    applyFilter();
    endResetModel();
}

void SpikeListModel::applyFilter() {
    shown_.clear();
    for (size_t i = 0; i < all_.size(); ++i)
        if (filter_ == Filter::All || (filter_ == Filter::Disk) == all_[i].isDisk())
            shown_.push_back(i);
}

int SpikeListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(shown_.size());
}

int SpikeListModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString SpikeListModel::kindText(const Spike& s) const {
    switch (s.kind) {
    case Spike::Kind::Wake:
        return tr("wake");
    case Spike::Kind::Preempt:
        return tr("preempt");
    case Spike::Kind::Disk:
        return s.stage >= core::DiskStageCount
                   ? tr("disk end-to-end")
                   : tr("disk %1").arg(fromView(core::DiskStageNames[s.stage]));
    }
    return {};
}

QString SpikeListModel::toolTip(const Spike& s) const {
    const QString latency = TimeScale::formatDuration(static_cast<double>(s.cycles) / hz_, 6);
    if (!s.isDisk())
        return tr("d%1v%2 waited %3 for a pCPU before running on pCPU %4 (%5 cycles)")
            .arg(s.domain)
            .arg(core::keyVcpu(s.vcpu))
            .arg(latency)
            .arg(s.pcpu)
            .arg(s.cycles);
    static const char* const ops[] = {QT_TR_NOOP("read"), QT_TR_NOOP("write"), QT_TR_NOOP("flush"),
                                      QT_TR_NOOP("discard")};
    QString text = tr("Request %1 of d%2 on device %3%4 took %5 (%6 cycles)")
                       .arg(s.request)
                       .arg(s.domain)
                       .arg(s.device)
                       .arg(s.op < 4 ? QStringLiteral(", %1").arg(tr(ops[s.op])) : QString())
                       .arg(latency)
                       .arg(s.cycles);
    if (s.stage >= core::DiskStageCount) {
        // Where the time went: the stages of the same request.
        size_t longest = 0;
        for (size_t k = 1; k < core::DiskStageCount; ++k)
            if (s.stages[k] > s.stages[longest])
                longest = k;
        text +=
            tr("\nLongest stage: %1, %2")
                .arg(fromView(core::DiskStageNames[longest]),
                     TimeScale::formatDuration(static_cast<double>(s.stages[longest]) / hz_, 6));
    }
    return text;
}

QVariant SpikeListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Spike& s = spike(index.row());
    const double seconds = static_cast<double>(s.cycles) / hz_;
    const double when = static_cast<double>(s.at() - std::min(s.at(), traceStart_)) / hz_;
    if (role == RawRole) {
        switch (index.column()) {
        case Rank:
            return index.row() + 1;
        case Latency:
            return QVariant::fromValue<qulonglong>(s.cycles);
        case When:
            return QVariant::fromValue<qulonglong>(s.at());
        case Kind:
            return static_cast<int>(s.kind);
        case Vcpu:
            return s.isDisk() ? QVariant(uint{s.domain}) : QVariant(uint{s.vcpu});
        case Pcpu:
            return s.isDisk() ? QVariant() : QVariant(uint{s.pcpu});
        case Device:
            return s.isDisk() ? QVariant(uint{s.device}) : QVariant();
        case Request:
            return s.isDisk() ? QVariant(uint{s.request}) : QVariant();
        default:
            return {};
        }
    }
    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue(index.column() == Vcpu || index.column() == Kind
                                       ? Qt::AlignLeft | Qt::AlignVCenter
                                       : Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole)
        return toolTip(s);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Rank:
        return index.row() + 1;
    case Latency:
        return TimeScale::formatDuration(seconds);
    case When:
        return TimeScale::formatDuration(when, 7);
    case Kind:
        return kindText(s);
    case Vcpu:
        return s.isDisk() ? tr("d%1").arg(s.domain)
                          : tr("d%1v%2").arg(s.domain).arg(core::keyVcpu(s.vcpu));
    case Pcpu:
        return s.isDisk() ? QVariant() : QVariant(uint{s.pcpu});
    case Device:
        return s.isDisk() ? QVariant(uint{s.device}) : QVariant();
    case Request:
        return s.isDisk() ? QVariant(uint{s.request}) : QVariant();
    default:
        return {};
    }
}

QVariant SpikeListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case When:
            return tr("When the latency ended: running, or the request's FRONT_DONE");
        case Vcpu:
            return tr("The vCPU that waited, or the domain that issued the disk request");
        case Device:
            return tr("Virtual block device number (disk requests)");
        case Request:
            return tr("Ring request id (disk requests)");
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Rank:
        return tr("#");
    case Latency:
        return tr("Latency");
    case When:
        return tr("At");
    case Kind:
        return tr("Kind");
    case Vcpu:
        return tr("Domain / vCPU");
    case Pcpu:
        return tr("pCPU");
    case Device:
        return tr("Device");
    case Request:
        return tr("Request");
    default:
        return {};
    }
}

} // namespace xenoscope::widgets
