#pragma once
// DiagnosticsView: the problems found in a trace, one line per diagnostic in
// the one format every front end uses ("FILE: byte N: message"), with what
// kind of problem it is in the tooltip, and Ctrl+C to copy them.

#include "core/util/diagnostic.h"

#include <QListWidget>

namespace xenoscope::widgets {

class DiagnosticsView : public QListWidget {
    Q_OBJECT
public:
    explicit DiagnosticsView(QWidget* parent = nullptr);
    ~DiagnosticsView() override;

    void setDiagnostics(const QString& file, const core::Diagnostics& diagnostics);

    // A translated name for the kind of problem (the core's message says the details).
    static QString kindName(core::DiagCode code);

public slots:
    void copySelection();

protected:
    void contextMenuEvent(QContextMenuEvent* event) override;
};

} // namespace xenoscope::widgets
