#include "widgets/properties/tracepropertiesview.h"

#include "widgets/properties/tracepropertiesmodel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QHeaderView>
#include <QMenu>

#include <algorithm>

namespace xenoscope::widgets {

namespace {

QString rowText(const QModelIndex& index, int depth) {
    const QString property =
        index.siblingAtColumn(TracePropertiesModel::PropertyColumn).data().toString();
    const QString value =
        index.siblingAtColumn(TracePropertiesModel::ValueColumn).data().toString();
    const QString indent(depth * 2, QLatin1Char(' '));
    return value.isEmpty() ? indent + property : indent + property + QLatin1Char('\t') + value;
}

void appendTree(const QAbstractItemModel& model, const QModelIndex& parent, int depth,
                QStringList& lines) {
    for (int row = 0; row < model.rowCount(parent); ++row) {
        const QModelIndex index = model.index(row, TracePropertiesModel::PropertyColumn, parent);
        lines << rowText(index, depth);
        appendTree(model, index, depth + 1, lines);
    }
}

} // namespace

TracePropertiesView::TracePropertiesView(QWidget* parent)
    : QTreeView(parent)
    , model_(new TracePropertiesModel(this)) {
    setModel(model_);
    setUniformRowHeights(true);
    setAlternatingRowColors(true);
    setEditTriggers(NoEditTriggers);
    setSelectionMode(ExtendedSelection);
    setSelectionBehavior(SelectRows);
    setTextElideMode(Qt::ElideMiddle); // paths keep their file name visible
    header()->setStretchLastSection(true);
    header()->setSectionResizeMode(QHeaderView::Interactive);

    connect(header(), &QHeaderView::sectionResized, this, [this] {
        // A width the user dragged sticks; ours follows the panel's width.
        if (!fitting_)
            userResizedColumn_ = true;
    });

    auto* copy = new QAction(tr("&Copy"), this);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetShortcut);
    connect(copy, &QAction::triggered, this, &TracePropertiesView::copySelection);
    addAction(copy);
}

TracePropertiesView::~TracePropertiesView() = default;

void TracePropertiesView::setTraceInfo(const TraceInfoPtr& info) {
    model_->setTraceInfo(info);
    expandDefaultGroups();
    fitPropertyColumn();
}

void TracePropertiesView::fitPropertyColumn() {
    // Labels as wide as they need, but never squeezing the values out: long
    // event names give way (elided) before numbers do.
    const int wanted = sizeHintForColumn(TracePropertiesModel::PropertyColumn);
    const int limit = viewport()->width() * 11 / 20;
    fitting_ = true;
    setColumnWidth(TracePropertiesModel::PropertyColumn, std::max(120, std::min(wanted, limit)));
    fitting_ = false;
}

void TracePropertiesView::resizeEvent(QResizeEvent* event) {
    QTreeView::resizeEvent(event);
    if (!userResizedColumn_)
        fitPropertyColumn();
}

void TracePropertiesView::clear() {
    model_->clear();
}

void TracePropertiesView::expandDefaultGroups() {
    // The groups open, their details (per-pCPU TSCs, lost gaps) closed: the
    // whole picture on one screen, depth on demand.
    for (int row = 0; row < model_->rowCount(); ++row)
        expand(model_->index(row, 0));
}

QString TracePropertiesView::selectedText() const {
    QModelIndexList rows = selectionModel()->selectedRows(TracePropertiesModel::PropertyColumn);
    // Selection order is click order; copy in the order the user reads them.
    std::sort(rows.begin(), rows.end(), [this](const QModelIndex& a, const QModelIndex& b) {
        return visualRect(a).top() < visualRect(b).top();
    });
    QStringList lines;
    for (const auto& index : rows)
        lines << rowText(index, 0);
    return lines.join(QLatin1Char('\n'));
}

void TracePropertiesView::copySelection() {
    const QString text = selectedText();
    if (!text.isEmpty())
        QApplication::clipboard()->setText(text);
}

void TracePropertiesView::copyValue() {
    const QModelIndex current = currentIndex();
    if (current.isValid())
        QApplication::clipboard()->setText(
            current.siblingAtColumn(TracePropertiesModel::ValueColumn).data().toString());
}

void TracePropertiesView::copyAll() {
    QStringList lines;
    appendTree(*model_, {}, 0, lines);
    QApplication::clipboard()->setText(lines.join(QLatin1Char('\n')));
}

void TracePropertiesView::contextMenuEvent(QContextMenuEvent* event) {
    const bool hasRow = indexAt(viewport()->mapFromGlobal(event->globalPos())).isValid();
    QMenu menu(this);
    QAction* copy = menu.addAction(tr("&Copy"), this, &TracePropertiesView::copySelection);
    copy->setShortcut(QKeySequence::Copy);
    copy->setEnabled(selectionModel()->hasSelection());
    menu.addAction(tr("Copy &Value"), this, &TracePropertiesView::copyValue)->setEnabled(hasRow);
    menu.addAction(tr("Copy &All"), this, &TracePropertiesView::copyAll)
        ->setEnabled(model_->rowCount() > 0);
    menu.addSeparator();
    menu.addAction(tr("&Expand All"), this, &QTreeView::expandAll);
    menu.addAction(tr("C&ollapse All"), this, &QTreeView::collapseAll);
    menu.exec(event->globalPos());
}

} // namespace xenoscope::widgets
