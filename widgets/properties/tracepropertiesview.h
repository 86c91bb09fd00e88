#pragma once
// TracePropertiesView: the properties panel. A tree over its own
// TracePropertiesModel with the groups laid out for reading, and copying of
// rows (Ctrl+C, context menu) as "property<TAB>value" lines.

#include "widgets/loading/traceloader.h"

#include <QTreeView>

namespace xenoscope::widgets {

class TracePropertiesModel;

class TracePropertiesView : public QTreeView {
    Q_OBJECT
public:
    explicit TracePropertiesView(QWidget* parent = nullptr);
    ~TracePropertiesView() override;

    void setTraceInfo(const TraceInfoPtr& info);
    void clear();
    TracePropertiesModel* propertiesModel() const { return model_; }

    // The selected rows as "property<TAB>value" lines, in display order.
    QString selectedText() const;

public slots:
    void copySelection();
    void copyValue();
    void copyAll();

protected:
    void contextMenuEvent(QContextMenuEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void expandDefaultGroups();
    void fitPropertyColumn();

    TracePropertiesModel* model_;
    bool fitting_ = false;
    bool userResizedColumn_ = false;
};

} // namespace xenoscope::widgets
