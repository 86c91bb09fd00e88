#pragma once
// TraceSummaryView: the headline facts of a trace (duration, records, pCPUs,
// domains, TSC rate, losses, problems) as large tiles, for the Overview tab;
// the properties panel holds the details.

#include "widgets/loading/traceloader.h"

#include <QWidget>

class QGridLayout;
class QLabel;

namespace xenoscope::widgets {

class TraceSummaryView : public QWidget {
    Q_OBJECT
public:
    explicit TraceSummaryView(QWidget* parent = nullptr);
    ~TraceSummaryView() override;

    void setTraceInfo(const TraceInfoPtr& info);

private:
    struct Tile {
        QLabel* value = nullptr;
        QLabel* detail = nullptr;
    };
    Tile addTile(int index, const QString& caption);

    QLabel* title_;
    QLabel* subtitle_;
    QGridLayout* grid_;
    Tile duration_;
    Tile records_;
    Tile pcpus_;
    Tile domains_;
    Tile events_;
    Tile rate_;
    Tile lost_;
    Tile problems_;
};

} // namespace xenoscope::widgets
