#include "widgets/tables/eventtableview.h"

#include "core/format/eventcatalog.h"
#include "widgets/tables/eventtablemodel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QTableView>
#include <QVBoxLayout>

#include <set>

namespace xenoscope::widgets {

EventTableView::EventTableView(QWidget* parent)
    : QWidget(parent)
    , model_(new EventTableModel(this))
    , table_(new QTableView(this))
    , event_(new QComboBox(this))
    , class_(new QComboBox(this))
    , domain_(new QComboBox(this))
    , pcpu_(new QComboBox(this))
    , search_(new QLineEdit(this))
    , count_(new QLabel(this)) {
    table_->setObjectName(QStringLiteral("eventTable"));
    table_->setModel(model_);
    table_->verticalHeader()->hide();
    // Fixed row heights: the view never asks every row for its size.
    table_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setAlternatingRowColors(true);
    table_->setWordWrap(false);
    table_->horizontalHeader()->setStretchLastSection(true);
    const int digit = fontMetrics().horizontalAdvance(QLatin1Char('0'));
    table_->setColumnWidth(EventTableModel::Time, 14 * digit);
    table_->setColumnWidth(EventTableModel::Tsc, 17 * digit);
    table_->setColumnWidth(EventTableModel::Pcpu, 6 * digit);
    table_->setColumnWidth(EventTableModel::Vcpu, 10 * digit);
    table_->setColumnWidth(EventTableModel::Event, 22 * digit);
    connect(table_, &QTableView::clicked, this, &EventTableView::onClicked);
    connect(table_, &QTableView::activated, this, &EventTableView::onClicked);

    event_->setObjectName(QStringLiteral("eventFilter"));
    class_->setObjectName(QStringLiteral("classFilter"));
    domain_->setObjectName(QStringLiteral("domainFilter"));
    pcpu_->setObjectName(QStringLiteral("pcpuFilter"));
    search_->setObjectName(QStringLiteral("eventSearch"));
    search_->setPlaceholderText(tr("Search event, fields, vCPU…"));
    search_->setClearButtonEnabled(true);
    count_->setObjectName(QStringLiteral("eventCount"));
    event_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    for (QComboBox* box : {event_, class_, domain_, pcpu_})
        connect(box, &QComboBox::activated, this, &EventTableView::applyFilters);
    searchTimer_.setSingleShot(true);
    searchTimer_.setInterval(SearchDelayMs);
    connect(&searchTimer_, &QTimer::timeout, this, &EventTableView::applyFilters);
    connect(search_, &QLineEdit::textChanged, this, [this] { searchTimer_.start(); });
    connect(search_, &QLineEdit::returnPressed, this, &EventTableView::applyFilters);
    connect(model_, &EventTableModel::countChanged, this, &EventTableView::onCountChanged);
    connect(model_, &EventTableModel::unreadable, this, [this] {
        count_->setText(tr("The trace file is gone or changed: records cannot be listed"));
    });

    auto* filters = new QHBoxLayout;
    filters->addWidget(new QLabel(tr("Event:"), this));
    filters->addWidget(event_);
    filters->addWidget(new QLabel(tr("Class:"), this));
    filters->addWidget(class_);
    filters->addWidget(new QLabel(tr("Domain:"), this));
    filters->addWidget(domain_);
    filters->addWidget(new QLabel(tr("pCPU:"), this));
    filters->addWidget(pcpu_);
    filters->addWidget(search_, 1);
    filters->addWidget(count_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(2);
    layout->addLayout(filters);
    layout->addWidget(table_, 1);
    fillFilters();
}

EventTableView::~EventTableView() = default;

void EventTableView::setIndex(core::TraceIndexPtr index) {
    index_ = std::move(index);
    fillFilters();
    model_->setFilter({});
    model_->setIndex(index_);
}

void EventTableView::clear() {
    index_.reset();
    fillFilters();
    model_->clear();
}

void EventTableView::setWindow(quint64 t0, quint64 t1) {
    model_->setWindow({std::min(t0, t1), std::max(t0, t1)});
}

void EventTableView::setFilter(const EventFilter& filter) {
    model_->setFilter(filter);
}

void EventTableView::fillFilters() {
    for (QComboBox* box : {event_, class_, domain_, pcpu_}) {
        box->clear();
        box->addItem(tr("All"));
    }
    search_->clear();
    if (!index_)
        return;
    const auto& stats = index_->results().events;
    for (const auto& [id, n] : stats.byId)
        event_->addItem(tr("%1 (%2)").arg(QString::fromStdString(EventFilter::eventName(id)),
                                          QLocale().toString(static_cast<qulonglong>(n))),
                        QVariant::fromValue<uint>(id));
    for (const auto& [cls, n] : stats.byClass) {
        const auto name = core::EventCatalog::className(cls << 16);
        class_->addItem(QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size())),
                        QVariant::fromValue<uint>(cls));
    }
    std::set<uint16_t> domains;
    for (core::VcpuKey v : index_->vcpus())
        domains.insert(core::keyDomain(v));
    for (uint16_t d : domains)
        domain_->addItem(d == core::IdleDomain ? tr("idle") : tr("d%1").arg(d),
                         QVariant::fromValue<uint>(d));
    for (uint16_t p : index_->pcpus())
        pcpu_->addItem(QString::number(p), QVariant::fromValue<uint>(p));
}

void EventTableView::applyFilters() {
    EventFilter f;
    if (event_->currentIndex() > 0)
        f.event = event_->currentData().toUInt();
    if (class_->currentIndex() > 0)
        f.eventClass = class_->currentData().toUInt();
    if (domain_->currentIndex() > 0)
        f.domain = static_cast<uint16_t>(domain_->currentData().toUInt());
    if (pcpu_->currentIndex() > 0)
        f.pcpu = static_cast<uint16_t>(pcpu_->currentData().toUInt());
    f.setText(search_->text());
    model_->setFilter(f);
}

void EventTableView::onCountChanged(qint64 rows, bool done) {
    const QString n = QLocale().toString(rows);
    count_->setText(done ? tr("%1 records").arg(n) : tr("%1 records, counting…").arg(n));
}

void EventTableView::onClicked(const QModelIndex& index) {
    if (const auto r = model_->row(index.row()))
        emit recordActivated(r->record.tsc, r->record.pcpu);
}

} // namespace xenoscope::widgets
