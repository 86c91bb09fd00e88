#include "widgets/selection/selectionstatsmodel.h"

#include "core/index/windoweventstats.h"
#include "widgets/timeline/timescale.h"

#include <QFont>
#include <QLocale>

#include <algorithm>
#include <map>

namespace xenoscope::widgets {

namespace {

using core::VcpuState;

uint64_t at(const SelectionStats::Row& r, VcpuState s) {
    return r.cycles[core::stateIndex(s)];
}

} // namespace

SelectionStatsModel::SelectionStatsModel(QObject* parent)
    : QAbstractTableModel(parent) {}

SelectionStatsModel::~SelectionStatsModel() = default;

SelectionStats SelectionStatsModel::compute(const core::TraceIndex& index, core::TimeWindow window,
                                            const core::CancelToken* cancel) {
    SelectionStats out;
    const core::AnalysisResults& results = index.results();
    core::SummaryOptions options;
    options.window = window;
    out.summary = core::summarizeTrace(results, options);
    out.window = out.summary.window;
    out.tscHz = index.tscHz();
    if (auto events = core::windowEventStats(index, out.window, cancel)) {
        out.events = std::move(*events);
    } else {
        const core::EventCounts counts = index.eventCounts(out.window.t0, out.window.t1, true);
        out.events.window = out.window;
        out.events.total = counts.total;
        out.events.byClass = counts.byClass;
        out.events.byPcpu = counts.byPcpu;
        out.eventsPartial = true;
    }

    // Per-vCPU and per-domain latency with core's statistics, over the samples
    // summarizeLatency counts: those entering running inside the window.
    std::map<core::VcpuKey, std::vector<uint64_t>> byVcpu;
    std::map<uint16_t, std::vector<uint64_t>> byDomain;
    const auto& samples = results.latency.samples;
    auto it = std::lower_bound(samples.begin(), samples.end(), out.window.t0,
                               [](const core::LatencySample& s, uint64_t t) { return s.tsc < t; });
    for (; it != samples.end() && it->tsc <= out.window.t1; ++it) {
        if (!out.window.contains(it->tsc))
            continue;
        byVcpu[core::vcpuKey(it->domain, it->vcpu)].push_back(it->cycles);
        byDomain[it->domain].push_back(it->cycles);
    }

    for (const core::DomainUtilization& d : out.summary.utilization.domains) {
        SelectionStats::Row dom;
        dom.isDomain = true;
        dom.domain = d.domain;
        dom.vcpus = d.vcpus;
        dom.latency = core::latencyStats(byDomain[d.domain]);
        const size_t domRow = out.rows.size();
        out.rows.push_back(dom);
        for (const core::VcpuRunstateSummary& v : out.summary.runstates.vcpus) {
            if (v.domain != d.domain)
                continue;
            SelectionStats::Row row;
            row.domain = v.domain;
            row.vcpu = v.vcpu;
            row.cycles = v.cycles;
            if (const auto* h = out.summary.hypervisor.find(v.domain, v.vcpu)) {
                row.hvm = true;
                row.hypervisor = h->hypervisor;
                row.exits = h->exits;
            }
            row.latency = core::latencyStats(byVcpu[core::vcpuKey(v.domain, v.vcpu)]);
            SelectionStats::Row& agg = out.rows[domRow];
            for (size_t s = 0; s < core::VcpuStateCount; ++s)
                agg.cycles[s] += row.cycles[s];
            agg.hypervisor += row.hypervisor;
            agg.exits += row.exits;
            agg.hvm = agg.hvm || row.hvm;
            out.rows.push_back(row);
        }
    }
    return out;
}

void SelectionStatsModel::setStats(SelectionStats stats) {
    beginResetModel();
    stats_ = std::move(stats);
    endResetModel();
}

void SelectionStatsModel::clear() {
    beginResetModel();
    stats_ = {};
    endResetModel();
}

int SelectionStatsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(stats_.rows.size());
}

int SelectionStatsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SelectionStatsModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SelectionStats::Row& r = stats_.rows[static_cast<size_t>(index.row())];
    const auto col = static_cast<Column>(index.column());
    const double window = static_cast<double>(std::max<uint64_t>(stats_.window.length(), 1));
    // Domain rows: shares of the domain's vCPU time, as `summary` defines share.
    const double capacity = window * (r.isDomain ? std::max<uint32_t>(r.vcpus, 1) : 1);
    const double hz = stats_.tscHz > 0 ? stats_.tscHz : 1e9;
    auto cyclesOf = [&](Column c) -> uint64_t {
        switch (c) {
        case Running:
            return at(r, VcpuState::Running);
        case Runnable:
            return at(r, VcpuState::Runnable);
        case Blocked:
            return at(r, VcpuState::Blocked);
        case Hypervisor:
            return r.hypervisor;
        case LatencyP50:
            return r.latency.p50;
        case LatencyP99:
            return r.latency.p99;
        case LatencyMax:
            return r.latency.max;
        default:
            return 0;
        }
    };

    if (role == RawRole) {
        switch (col) {
        case Entity:
            return r.isDomain ? QVariant(uint{r.domain})
                              : QVariant(core::vcpuKey(r.domain, r.vcpu));
        case Exits:
            return QVariant::fromValue<qulonglong>(r.exits);
        case Wakeups:
            return QVariant::fromValue<qulonglong>(r.latency.count);
        default:
            return QVariant::fromValue<qulonglong>(cyclesOf(col));
        }
    }
    if (role == Qt::FontRole && r.isDomain) {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue(col == Entity ? Qt::AlignLeft | Qt::AlignVCenter
                                                 : Qt::AlignRight | Qt::AlignVCenter);
    const bool isShare = col == Running || col == Runnable || col == Blocked;
    if (role == Qt::ToolTipRole) {
        if (isShare)
            return tr("%1 of %2")
                .arg(TimeScale::formatDuration(static_cast<double>(cyclesOf(col)) / hz, 6),
                     TimeScale::formatDuration(capacity / hz, 6));
        if (col == Hypervisor && r.hvm)
            return tr("%1 in the hypervisor while running")
                .arg(TimeScale::formatDuration(static_cast<double>(r.hypervisor) / hz, 6));
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    const QLocale locale;
    switch (col) {
    case Entity:
        return r.isDomain
                   ? tr("Domain %1 (%n vCPU(s))", nullptr, static_cast<int>(r.vcpus)).arg(r.domain)
                   : tr("    d%1v%2").arg(r.domain).arg(r.vcpu);
    case Running:
    case Runnable:
    case Blocked:
        return QStringLiteral("%1 %").arg(
            locale.toString(100.0 * static_cast<double>(cyclesOf(col)) / capacity, 'f', 1));
    case Hypervisor: {
        if (!r.hvm)
            return QStringLiteral("—");
        const uint64_t running = at(r, VcpuState::Running);
        return running == 0
                   ? QStringLiteral("0 %")
                   : QStringLiteral("%1 %").arg(locale.toString(
                         100.0 * static_cast<double>(r.hypervisor) / static_cast<double>(running),
                         'f', 1));
    }
    case Exits:
        return r.hvm ? locale.toString(static_cast<qulonglong>(r.exits)) : QStringLiteral("—");
    case Wakeups:
        return locale.toString(static_cast<qulonglong>(r.latency.count));
    case LatencyP50:
    case LatencyP99:
    case LatencyMax:
        return r.latency.count == 0
                   ? QStringLiteral("—")
                   : TimeScale::formatDuration(static_cast<double>(cyclesOf(col)) / hz, 3);
    default:
        return {};
    }
}

QVariant SelectionStatsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case Running:
        case Runnable:
        case Blocked:
            return tr("Share of the selection (domains: of all their vCPUs' time)");
        case Hypervisor:
            return tr("Share of running time spent in the hypervisor (HVM exits and resumes)");
        case Wakeups:
            return tr(
                "Scheduling latency samples: runnable → running transitions in the selection");
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Entity:
        return tr("Domain / vCPU");
    case Running:
        return tr("Running");
    case Runnable:
        return tr("Runnable");
    case Blocked:
        return tr("Blocked");
    case Hypervisor:
        return tr("Hypervisor");
    case Exits:
        return tr("Exits");
    case Wakeups:
        return tr("Latencies");
    case LatencyP50:
        return tr("p50");
    case LatencyP99:
        return tr("p99");
    case LatencyMax:
        return tr("Max");
    default:
        return {};
    }
}

QString SelectionStatsModel::toCsv() const {
    QString out = QStringLiteral(
        "window_t0,window_t1,entity,domain,vcpu,running_cycles,runnable_cycles,blocked_cycles,"
        "offline_cycles,unknown_cycles,hypervisor_cycles,exits,latency_count,latency_p50_cycles,"
        "latency_p99_cycles,latency_max_cycles,running_s,runnable_s,blocked_s\n");
    const double hz = stats_.tscHz > 0 ? stats_.tscHz : 1e9;
    for (const SelectionStats::Row& r : stats_.rows) {
        QStringList f;
        f << QString::number(stats_.window.t0) << QString::number(stats_.window.t1)
          << (r.isDomain ? QStringLiteral("domain") : QStringLiteral("vcpu"))
          << QString::number(r.domain) << (r.isDomain ? QString() : QString::number(r.vcpu));
        for (const VcpuState s : {VcpuState::Running, VcpuState::Runnable, VcpuState::Blocked,
                                  VcpuState::Offline, VcpuState::Unknown})
            f << QString::number(at(r, s));
        f << QString::number(r.hypervisor) << QString::number(r.exits)
          << QString::number(r.latency.count) << QString::number(r.latency.p50)
          << QString::number(r.latency.p99) << QString::number(r.latency.max);
        for (const VcpuState s : {VcpuState::Running, VcpuState::Runnable, VcpuState::Blocked})
            f << QString::number(static_cast<double>(at(r, s)) / hz, 'g', 12);
        out += f.join(QLatin1Char(',')) + QLatin1Char('\n');
    }
    return out;
}

} // namespace xenoscope::widgets
