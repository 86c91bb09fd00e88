#include "widgets/tables/eventtablemodel.h"

#include "widgets/tables/recordwalk.h"

#include <QMetaObject>
#include <QtConcurrent/QtConcurrentRun>

#include <limits>

namespace xenoscope::widgets {

namespace {

// The scan reports completed pages in batches: each report is one queued call.
constexpr size_t PagesPerReport = 16;
// QAbstractItemModel counts rows in int.
constexpr int64_t MaxRows = std::numeric_limits<int>::max() - EventTableModel::PageRows;

} // namespace

EventTableModel::EventTableModel(QObject* parent)
    : QAbstractTableModel(parent)
    , live_(std::make_shared<std::atomic<quint64>>(0)) {}

EventTableModel::~EventTableModel() {
    // The worker posts to this object: it must be gone before we are.
    stopScan();
    scan_.waitForFinished();
}

void EventTableModel::setIndex(core::TraceIndexPtr index) {
    index_ = std::move(index);
    window_ = index_ ? index_->window() : core::TimeWindow{};
    pagesDecoded_ = 0;
    restart();
}

void EventTableModel::clear() {
    index_.reset();
    restart();
}

void EventTableModel::setWindow(core::TimeWindow window) {
    if (window == window_)
        return;
    window_ = window;
    restart();
}

void EventTableModel::setFilter(const EventFilter& filter) {
    if (filter == filter_)
        return;
    filter_ = filter;
    restart();
}

void EventTableModel::stopScan() {
    live_->store(++generation_);
}

void EventTableModel::restart() {
    stopScan();
    beginResetModel();
    pages_.clear();
    rows_ = 0;
    cache_.clear();
    counting_ = index_ != nullptr;
    endResetModel();
    if (!index_) {
        emit countChanged(0, true);
        return;
    }
    const quint64 generation = generation_;
    // The worker never touches the model: it posts page starts back, and
    // the destructor waits for it, so `this` outlives every post.
    scan_ = QtConcurrent::run(
        [this, index = index_, window = window_, filter = filter_, live = live_, generation] {
            std::vector<PageStart> batch;
            PageStart current;
            int inPage = 0;
            int64_t total = 0;
            uint64_t lastTsc = 0;
            uint32_t atTsc = 0; // matching rows seen so far at lastTsc
            const auto post = [&](bool done, bool ok) {
                QMetaObject::invokeMethod(
                    this,
                    [this, generation, pages = std::move(batch), partial = done ? inPage : 0, done,
                     ok]() mutable { onPages(generation, std::move(pages), partial, done, ok); },
                    Qt::QueuedConnection);
                batch.clear();
            };
            const bool ok = RecordWalk::run(
                *index, window,
                [&](const core::Record& r, const core::Owner& o) {
                    if (!filter.matches(r, o))
                        return true;
                    if (total > 0 && r.tsc == lastTsc) {
                        ++atTsc;
                    } else {
                        lastTsc = r.tsc;
                        atTsc = 0;
                    }
                    if (inPage == 0)
                        current = {r.tsc, atTsc, r.tsc};
                    current.last = r.tsc;
                    ++total;
                    if (++inPage == PageRows) {
                        batch.push_back(current);
                        inPage = 0;
                        if (batch.size() >= PagesPerReport)
                            post(false, true);
                    }
                    return total < MaxRows;
                },
                [&] { return live->load() != generation; });
            if (live->load() != generation)
                return;
            if (inPage > 0)
                batch.push_back(current);
            post(true, ok);
        });
}

void EventTableModel::onPages(quint64 generation, std::vector<PageStart> pages, int partialRows,
                              bool done, bool ok) {
    if (generation != generation_)
        return; // a newer window or filter is being counted
    if (!pages.empty()) {
        const int added = partialRows > 0
                              ? static_cast<int>(pages.size() - 1) * PageRows + partialRows
                              : static_cast<int>(pages.size()) * PageRows;
        beginInsertRows({}, rows_, rows_ + added - 1);
        pages_.insert(pages_.end(), pages.begin(), pages.end());
        rows_ += added;
        endInsertRows();
    }
    if (done) {
        counting_ = false;
        if (!ok)
            emit unreadable();
    }
    emit countChanged(rows_, done);
}

const EventTableModel::Page* EventTableModel::page(size_t k) const {
    for (auto it = cache_.begin(); it != cache_.end(); ++it)
        if (it->first == k) {
            cache_.splice(cache_.begin(), cache_, it);
            return &cache_.front().second;
        }
    if (!index_ || k >= pages_.size())
        return nullptr;
    const PageStart& start = pages_[k];
    const size_t want = k + 1 < pages_.size() || rows_ % PageRows == 0
                            ? PageRows
                            : static_cast<size_t>(rows_ % PageRows);
    Page rows;
    rows.reserve(want);
    uint32_t skip = start.skip;
    RecordWalk::run(*index_, {start.tsc, start.last},
                    [&](const core::Record& r, const core::Owner& o) {
                        if (!filter_.matches(r, o))
                            return true;
                        if (r.tsc == start.tsc && skip > 0) {
                            --skip; // the previous page's rows at the same TSC
                            return true;
                        }
                        rows.push_back({r, o});
                        return rows.size() < want;
                    });
    ++pagesDecoded_;
    cache_.emplace_front(k, std::move(rows));
    if (cache_.size() > CachedPages)
        cache_.pop_back();
    return &cache_.front().second;
}

std::optional<EventTableModel::Row> EventTableModel::row(int r) const {
    if (r < 0 || r >= rows_)
        return std::nullopt;
    const Page* p = page(static_cast<size_t>(r / PageRows));
    const auto i = static_cast<size_t>(r % PageRows);
    if (!p || i >= p->size())
        return std::nullopt;
    return (*p)[i];
}

int EventTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : rows_;
}

int EventTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rows_ || index.column() >= ColumnCount)
        return {};
    if (role == Qt::TextAlignmentRole)
        return index.column() <= Pcpu ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                      : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != RawRole && role != Qt::ToolTipRole)
        return {};
    const auto r = row(index.row());
    if (!r)
        return {};
    const core::Record& rec = r->record;
    const bool raw = role == RawRole;
    switch (index.column()) {
    case Time: {
        const uint64_t t0 = index_->window().t0;
        const double hz = index_->tscHz() > 0 ? index_->tscHz() : 1e9;
        const double s = rec.tsc >= t0 ? static_cast<double>(rec.tsc - t0) / hz
                                       : -static_cast<double>(t0 - rec.tsc) / hz;
        if (raw)
            return s;
        // A record without its own TSC is timed by its pCPU's previous one ('~', as dump).
        return QString::number(s, 'f', 9) + (rec.hasTsc ? QString() : QStringLiteral(" ~"));
    }
    case Tsc:
        return raw ? QVariant::fromValue<qulonglong>(rec.tsc) : QVariant(QString::number(rec.tsc));
    case Pcpu:
        return static_cast<uint>(rec.pcpu);
    case Vcpu:
        if (raw)
            return r->owner.known ? QVariant::fromValue<uint>(core::vcpuKey(r->owner)) : QVariant();
        return QString::fromStdString(EventFilter::vcpuText(r->owner));
    case Event:
        return raw ? QVariant::fromValue<uint>(rec.event)
                   : QVariant(QString::fromStdString(EventFilter::eventName(rec.event)));
    case Fields:
        return QString::fromStdString(EventFilter::fields(rec));
    default:
        return {};
    }
}

QVariant EventTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("Time (s)");
    case Tsc:
        return tr("TSC");
    case Pcpu:
        return tr("pCPU");
    case Vcpu:
        return tr("vCPU");
    case Event:
        return tr("Event");
    case Fields:
        return tr("Fields");
    default:
        return {};
    }
}

} // namespace xenoscope::widgets
