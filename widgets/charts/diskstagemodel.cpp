#include "widgets/charts/diskstagemodel.h"

#include <QLocale>

namespace xenoscope::widgets {

DiskStageModel::DiskStageModel(QObject* parent)
    : QAbstractTableModel(parent) {}

DiskStageModel::~DiskStageModel() = default;

void DiskStageModel::setSummary(const core::DiskSummary& summary, int domain, int device,
                                double tscHz) {
    beginResetModel();
    rows_.clear();
    tscHz_ = tscHz > 0 ? tscHz : 1e9;
    const std::array<core::DiskStageSummary, core::DiskStageCount>* stages = &summary.stages;
    const core::LatencyStats* endToEnd = &summary.endToEnd;
    if (domain >= 0)
        for (const auto& d : summary.devices)
            if (d.domain == domain && static_cast<int>(d.device) == device) {
                stages = &d.stages;
                endToEnd = &d.endToEnd;
            }
    if (summary.instrumented) {
        for (const auto& s : *stages)
            rows_.push_back(
                {QString::fromUtf8(s.name.data(), static_cast<qsizetype>(s.name.size())), s.latency,
                 true, s.avgDepth, s.depth.max});
        rows_.push_back({tr("end to end"), *endToEnd, false, 0, 0});
    }
    endResetModel();
}

void DiskStageModel::clear() {
    beginResetModel();
    rows_.clear();
    endResetModel();
}

int DiskStageModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int DiskStageModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DiskStageModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= ColumnCount)
        return {};
    const Row& r = rows_[static_cast<size_t>(index.row())];
    const auto us = [this](uint64_t c) { return static_cast<double>(c) / tscHz_ * 1e6; };
    if (role == Qt::TextAlignmentRole)
        return index.column() == Stage ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                       : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::UserRole)
        return {};
    const bool raw = role == Qt::UserRole; // numbers for tests and sorting
    const bool none = r.latency.count == 0;
    const QLocale locale;
    const auto time = [&](uint64_t c) -> QVariant {
        if (raw)
            return QVariant::fromValue<qulonglong>(c);
        return none ? QString() : locale.toString(us(c), 'f', 1);
    };
    switch (index.column()) {
    case Stage:
        return r.name;
    case Completed:
        return raw ? QVariant::fromValue<qulonglong>(r.latency.count)
                   : QVariant(locale.toString(static_cast<qulonglong>(r.latency.count)));
    case P50:
        return time(r.latency.p50);
    case P90:
        return time(r.latency.p90);
    case P99:
        return time(r.latency.p99);
    case Max:
        return time(r.latency.max);
    case AvgDepth:
        if (!r.hasDepth)
            return {};
        return raw ? QVariant(r.avgDepth) : QVariant(locale.toString(r.avgDepth, 'f', 2));
    case MaxDepth:
        return r.hasDepth ? QVariant(r.maxDepth) : QVariant();
    default:
        return {};
    }
}

QVariant DiskStageModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Stage:
        return tr("Stage");
    case Completed:
        return tr("Completed");
    case P50:
        return tr("p50 (µs)");
    case P90:
        return tr("p90 (µs)");
    case P99:
        return tr("p99 (µs)");
    case Max:
        return tr("Max (µs)");
    case AvgDepth:
        return tr("Avg depth");
    case MaxDepth:
        return tr("Max depth");
    default:
        return {};
    }
}

} // namespace xenoscope::widgets
