#include "widgets/mainwindow/diagnosticsview.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QFile>
#include <QMenu>
#include <QStyle>

namespace xenoscope::widgets {

DiagnosticsView::DiagnosticsView(QWidget* parent)
    : QListWidget(parent) {
    setSelectionMode(ExtendedSelection);
    setAlternatingRowColors(true);
    setUniformItemSizes(true);
    setWordWrap(false);

    auto* copy = new QAction(tr("&Copy"), this);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetShortcut);
    connect(copy, &QAction::triggered, this, &DiagnosticsView::copySelection);
    addAction(copy);
}

DiagnosticsView::~DiagnosticsView() = default;

void DiagnosticsView::setDiagnostics(const QString& file, const core::Diagnostics& diagnostics) {
    clear();
    const std::string name = QFile::encodeName(file).toStdString();
    for (const auto& d : diagnostics) {
        auto* item = new QListWidgetItem(this);
        item->setText(QString::fromStdString(core::describe(name, d)));
        item->setToolTip(d.fatal ? tr("%1 — nothing could be read").arg(kindName(d.code))
                                 : kindName(d.code));
        item->setIcon(style()->standardIcon(d.fatal ? QStyle::SP_MessageBoxCritical
                                                    : QStyle::SP_MessageBoxWarning));
        item->setData(Qt::UserRole, QVariant::fromValue(static_cast<qulonglong>(d.offset)));
    }
}

QString DiagnosticsView::kindName(core::DiagCode code) {
    using core::DiagCode;
    switch (code) {
    case DiagCode::CannotOpen:
        return tr("Cannot open the file");
    case DiagCode::Empty:
        return tr("Empty file");
    case DiagCode::BigEndian:
        return tr("Trace from a big-endian host");
    case DiagCode::BadChunkHeader:
        return tr("Damaged chunk header");
    case DiagCode::ChunkPastEof:
        return tr("Chunk runs past the end of the file");
    case DiagCode::RecordPastChunk:
        return tr("Record runs past the end of its chunk");
    case DiagCode::TruncatedRecord:
        return tr("Truncated record");
    case DiagCode::CompressedData:
        return tr("Corrupt or truncated zstd data");
    case DiagCode::TimeWentBack:
        return tr("Time goes backwards");
    case DiagCode::Io:
        return tr("Read error");
    case DiagCode::Usage:
        return tr("Usage error");
    }
    return tr("Problem");
}

void DiagnosticsView::copySelection() {
    QStringList lines;
    for (int row = 0; row < count(); ++row)
        if (item(row)->isSelected())
            lines << item(row)->text();
    if (!lines.isEmpty())
        QApplication::clipboard()->setText(lines.join(QLatin1Char('\n')));
}

void DiagnosticsView::contextMenuEvent(QContextMenuEvent* event) {
    QMenu menu(this);
    QAction* copy = menu.addAction(tr("&Copy"), this, &DiagnosticsView::copySelection);
    copy->setShortcut(QKeySequence::Copy);
    copy->setEnabled(!selectedItems().isEmpty());
    menu.addAction(tr("Select &All"), this, &QListWidget::selectAll)->setEnabled(count() > 0);
    menu.exec(event->globalPos());
}

} // namespace xenoscope::widgets
