#include "widgets/properties/tracepropertiesmodel.h"

#include "core/format/eventcatalog.h"
#include "core/format/record.h"
#include "core/util/timebase.h"

#include <QFileInfo>

namespace xenoscope::widgets {

struct TracePropertiesModel::Node {
    QString key;
    QString label;
    QString value;
    QString toolTip;
    QVariant raw;
    Node* parent = nullptr;
    int row = 0;
    std::vector<std::unique_ptr<Node>> children;
};

namespace {

QString toQ(std::string_view s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

QString hexId(uint32_t id) {
    return QStringLiteral("0x%1").arg(id, 8, 16, QLatin1Char('0'));
}

// "0–7", "0–3, 5, 7–8": vCPU ids read at a glance.
QString compactRanges(const std::vector<uint16_t>& ids) {
    QStringList parts;
    for (size_t i = 0; i < ids.size();) {
        size_t j = i;
        while (j + 1 < ids.size() && ids[j + 1] == ids[j] + 1)
            ++j;
        parts << (j == i ? QString::number(ids[i])
                         : QStringLiteral("%1–%2").arg(ids[i]).arg(ids[j]));
        i = j + 1;
    }
    return parts.join(QStringLiteral(", "));
}

} // namespace

TracePropertiesModel::TracePropertiesModel(QObject* parent)
    : QAbstractItemModel(parent)
    , root_(std::make_unique<Node>()) {
    // Thousands separators even in the C locale (the usual one of a shell
    // without LANG): 180,493 reads better than 180493.
    locale_.setNumberOptions(locale_.numberOptions() & ~QLocale::OmitGroupSeparator);
}

TracePropertiesModel::~TracePropertiesModel() = default;

void TracePropertiesModel::setTraceInfo(const TraceInfoPtr& info) {
    beginResetModel();
    info_ = info;
    root_ = std::make_unique<Node>();
    if (info_)
        build(*info_);
    endResetModel();
}

void TracePropertiesModel::clear() {
    setTraceInfo(nullptr);
}

QString TracePropertiesModel::number(uint64_t n) const {
    return locale_.toString(static_cast<qulonglong>(n));
}

QString TracePropertiesModel::seconds(uint64_t cycles, double hz) const {
    return hz > 0 ? toQ(core::formatDuration(static_cast<double>(cycles) / hz)) : tr("unknown");
}

TracePropertiesModel::Node* TracePropertiesModel::add(Node* parent, const QString& key,
                                                      const QString& label, const QString& value,
                                                      const QVariant& raw) {
    auto node = std::make_unique<Node>();
    node->key = key;
    node->label = label;
    node->value = value;
    node->raw = raw;
    node->parent = parent;
    node->row = static_cast<int>(parent->children.size());
    parent->children.push_back(std::move(node));
    return parent->children.back().get();
}

void TracePropertiesModel::build(const core::TraceInfo& info) {
    Node* root = root_.get();
    const double hz = info.tscHzUsed;
    const QString path = QFile::decodeName(QByteArray::fromStdString(info.path));
    auto u64 = [](uint64_t v) { return QVariant::fromValue(static_cast<qulonglong>(v)); };

    Node* file = add(root, QStringLiteral("file"), tr("File"), QFileInfo(path).fileName());
    add(file, QStringLiteral("file.path"), tr("Path"), path);
    add(file, QStringLiteral("file.bytes"), tr("Size"),
        tr("%1 bytes (%2)")
            .arg(number(info.bytes), locale_.formattedDataSize(static_cast<qint64>(info.bytes))),
        u64(info.bytes));
    add(file, QStringLiteral("file.compressed"), tr("Compressed"),
        info.compressed ? tr("Yes (zstd)") : tr("No"), info.compressed);
    if (info.compressed)
        add(file, QStringLiteral("file.streamBytes"), tr("Decompressed size"),
            tr("%1 bytes").arg(number(info.streamBytes)), u64(info.streamBytes));
    add(file, QStringLiteral("file.chunks"), tr("Chunks"), number(info.chunks), u64(info.chunks));

    const auto& stats = info.stats;
    Node* records = add(root, QStringLiteral("records"), tr("Records"), number(stats.records),
                        u64(stats.records));
    add(records, QStringLiteral("records.total"), tr("Records"), number(stats.records),
        u64(stats.records));
    add(records, QStringLiteral("records.tsc"), tr("With TSC"), number(stats.tscRecords),
        u64(stats.tscRecords));
    add(records, QStringLiteral("records.noTsc"), tr("Without TSC"), number(stats.noTscRecords),
        u64(stats.noTscRecords));
    add(records, QStringLiteral("records.wrap"), tr("Wrap-buffer fillers"),
        number(stats.wrapRecords), u64(stats.wrapRecords));
    Node* lost = add(records, QStringLiteral("records.lost"), tr("Lost records"),
                     tr("%1 in %n gap(s)", nullptr, static_cast<int>(stats.lost.size()))
                         .arg(number(info.lostRecords)),
                     u64(info.lostRecords));
    for (size_t i = 0; i < stats.lost.size(); ++i) {
        const auto& gap = stats.lost[i];
        const uint64_t cycles = gap.toTsc > gap.fromTsc ? gap.toTsc - gap.fromTsc : 0;
        Node* row = add(lost, QStringLiteral("records.lost.%1").arg(i), tr("pCPU %1").arg(gap.pcpu),
                        tr("%1 lost over %2").arg(number(gap.records), seconds(cycles, hz)),
                        u64(gap.records));
        row->toolTip = tr("TSC %1 – %2").arg(number(gap.fromTsc), number(gap.toTsc));
    }

    Node* time = add(root, QStringLiteral("time"), tr("Time"), seconds(info.spanCycles(), hz));
    add(time, QStringLiteral("time.firstTsc"), tr("First TSC"), number(info.firstTsc),
        u64(info.firstTsc));
    add(time, QStringLiteral("time.lastTsc"), tr("Last TSC"), number(info.lastTsc),
        u64(info.lastTsc));
    add(time, QStringLiteral("time.spanCycles"), tr("Span"),
        tr("%1 cycles").arg(number(info.spanCycles())), u64(info.spanCycles()));
    add(time, QStringLiteral("time.spanSeconds"), tr("Span (time)"), seconds(info.spanCycles(), hz),
        hz > 0 ? static_cast<double>(info.spanCycles()) / hz : 0.0);
    const QString ghz = tr("%1 GHz").arg(locale_.toString(hz / 1e9, 'f', 6));
    QString source;
    QString sourceDetail;
    if (info.tscHzOverridden) {
        source = tr("given");
        sourceDetail = tr("The rate was given by the user.");
    } else if (info.tscHzEstimate) {
        source = tr("estimated");
        sourceDetail = tr("The rate was estimated from the trace.");
    } else {
        source = tr("assumed");
        sourceDetail = tr("The trace has no usable scheduler slices: the rate is assumed.");
    }
    Node* rate = add(time, QStringLiteral("time.hz"), tr("TSC rate used"),
                     tr("%1 (%2)").arg(ghz, source), hz);
    rate->toolTip = sourceDetail + QLatin1Char(' ') +
                    tr("Every time in seconds is cycles divided by this rate.");
    add(time, QStringLiteral("time.hzEstimate"), tr("TSC rate estimate"),
        info.tscHzEstimate ? tr("%1 GHz").arg(locale_.toString(*info.tscHzEstimate / 1e9, 'f', 6))
                           : tr("none"),
        info.tscHzEstimate ? QVariant(*info.tscHzEstimate) : QVariant());
    Node* samples = add(time, QStringLiteral("time.hzSamples"), tr("Estimate samples"),
                        tr("%n slice(s)", nullptr, static_cast<int>(info.tscHzSamples)),
                        u64(info.tscHzSamples));
    samples->toolTip = tr("Scheduler slices of at least 1 ms whose runtime Xen records in "
                          "nanoseconds, compared with their TSC deltas.");

    Node* pcpus = add(root, QStringLiteral("pcpus"), tr("Physical CPUs"), number(info.pcpus.size()),
                      u64(info.pcpus.size()));
    for (const auto& p : info.pcpus) {
        const QString key = QStringLiteral("pcpus.%1").arg(p.pcpu);
        Node* row = add(pcpus, key, tr("pCPU %1").arg(p.pcpu),
                        tr("%1 records").arg(number(p.records)), u64(p.records));
        if (!p.hasTsc) {
            row->toolTip = tr("No record of this pCPU carries a TSC.");
            continue;
        }
        add(row, key + QStringLiteral(".firstTsc"), tr("First TSC"), number(p.firstTsc),
            u64(p.firstTsc));
        add(row, key + QStringLiteral(".lastTsc"), tr("Last TSC"), number(p.lastTsc),
            u64(p.lastTsc));
        add(row, key + QStringLiteral(".span"), tr("Span"),
            tr("%1 cycles (%2)")
                .arg(number(p.lastTsc - p.firstTsc), seconds(p.lastTsc - p.firstTsc, hz)),
            u64(p.lastTsc - p.firstTsc));
    }

    Node* domains = add(root, QStringLiteral("domains"), tr("Domains"), number(info.domains.size()),
                        u64(info.domains.size()));
    for (const auto& d : info.domains) {
        const QString label = d.domain == core::IdleDomain ? tr("Idle domain (%1)").arg(d.domain)
                                                           : tr("Domain %1").arg(d.domain);
        add(domains, QStringLiteral("domains.%1").arg(d.domain), label,
            tr("%n vCPU(s): %1", nullptr, static_cast<int>(d.vcpus.size()))
                .arg(compactRanges(d.vcpus)),
            u64(d.vcpus.size()));
    }

    Node* events = add(root, QStringLiteral("events"), tr("Event ids"),
                       tr("%n distinct", nullptr, static_cast<int>(info.events.size())),
                       u64(info.events.size()));
    for (const auto& e : info.events) {
        const QString name = toQ(core::EventCatalog::builtin().name(e.id));
        Node* row = add(events, QStringLiteral("events.%1").arg(hexId(e.id)),
                        name.isEmpty() ? tr("%1 (unknown)").arg(hexId(e.id))
                                       : QStringLiteral("%1 (%2)").arg(name, hexId(e.id)),
                        number(e.count), u64(e.count));
        row->toolTip = tr("Class: %1").arg(toQ(core::EventCatalog::className(e.id)));
    }

    if (!info.errors.empty()) {
        Node* problems = add(root, QStringLiteral("problems"), tr("Problems"),
                             number(info.errors.size()), u64(info.errors.size()));
        for (size_t i = 0; i < info.errors.size(); ++i) {
            const auto& d = info.errors[i];
            Node* row = add(problems, QStringLiteral("problems.%1").arg(i),
                            tr("Byte %1").arg(number(d.offset)), toQ(d.message), u64(d.offset));
            row->toolTip = toQ(core::describe(info.path, d));
        }
    }
}

TracePropertiesModel::Node* TracePropertiesModel::nodeFor(const QModelIndex& index) const {
    return index.isValid() ? static_cast<Node*>(index.internalPointer()) : root_.get();
}

QModelIndex TracePropertiesModel::indexForKey(const QString& key) const {
    // Depth-first; the tree has a few hundred rows at most.
    std::vector<const Node*> stack{root_.get()};
    while (!stack.empty()) {
        const Node* node = stack.back();
        stack.pop_back();
        if (node != root_.get() && node->key == key)
            return createIndex(node->row, PropertyColumn, node);
        for (const auto& child : node->children)
            stack.push_back(child.get());
    }
    return {};
}

QModelIndex TracePropertiesModel::index(int row, int column, const QModelIndex& parent) const {
    if (!hasIndex(row, column, parent))
        return {};
    Node* p = nodeFor(parent);
    return createIndex(row, column, p->children[static_cast<size_t>(row)].get());
}

QModelIndex TracePropertiesModel::parent(const QModelIndex& child) const {
    if (!child.isValid())
        return {};
    Node* p = nodeFor(child)->parent;
    if (!p || p == root_.get())
        return {};
    return createIndex(p->row, PropertyColumn, p);
}

int TracePropertiesModel::rowCount(const QModelIndex& parent) const {
    if (parent.isValid() && parent.column() != PropertyColumn)
        return 0;
    return static_cast<int>(nodeFor(parent)->children.size());
}

int TracePropertiesModel::columnCount(const QModelIndex&) const {
    return ColumnCount;
}

QVariant TracePropertiesModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Node* node = nodeFor(index);
    switch (role) {
    case Qt::DisplayRole:
        return index.column() == PropertyColumn ? node->label : node->value;
    case Qt::ToolTipRole:
        if (!node->toolTip.isEmpty())
            return node->toolTip;
        // Long values (paths, messages) get elided in the column.
        return index.column() == ValueColumn && !node->value.isEmpty() ? node->value : QVariant();
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(Qt::Alignment(Qt::AlignLeft | Qt::AlignVCenter));
    case KeyRole:
        return node->key;
    case RawValueRole:
        return node->raw;
    default:
        return {};
    }
}

QVariant TracePropertiesModel::headerData(int section, Qt::Orientation orientation,
                                          int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case PropertyColumn:
        return tr("Property");
    case ValueColumn:
        return tr("Value");
    default:
        return {};
    }
}

QHash<int, QByteArray> TracePropertiesModel::roleNames() const {
    auto names = QAbstractItemModel::roleNames();
    names.insert(KeyRole, "key");
    names.insert(RawValueRole, "rawValue");
    return names;
}

} // namespace xenoscope::widgets
