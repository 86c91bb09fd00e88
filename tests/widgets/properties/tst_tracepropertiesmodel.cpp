// TracePropertiesModel and its view: every fact of the real capture lands in
// the right row with the right raw number and readable text; the model keeps
// QAbstractItemModel's contract through resets; rows copy as text.

#include "tests/widgets/tracefixtures.h"
#include "widgets/properties/tracepropertiesmodel.h"
#include "widgets/properties/tracepropertiesview.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace xenoscope;
using widgets::TraceInfoPtr;
using widgets::TracePropertiesModel;
using widgets::TracePropertiesView;

namespace {

QString digits(QString s) {
    return s.remove(QRegularExpression(QStringLiteral("[^0-9]")));
}

} // namespace

class TestTracePropertiesModel : public QObject {
    Q_OBJECT

private:
    TraceInfoPtr capture_;

    QVariant raw(const TracePropertiesModel& model, const QString& key) {
        return model.indexForKey(key).data(TracePropertiesModel::RawValueRole);
    }
    QString value(const TracePropertiesModel& model, const QString& key) {
        return model.indexForKey(key)
            .siblingAtColumn(TracePropertiesModel::ValueColumn)
            .data()
            .toString();
    }

private slots:
    void initTestCase() {
        if (!QFileInfo::exists(test::realCapture()))
            QSKIP("the real capture shared/traces/credit2-8pcpu.xentrace is not there "
                  "(set XENOSCOPE_SHARED_DIR)");
        capture_ = std::make_shared<const core::TraceInfo>(
            core::readTraceInfo(QFile::encodeName(test::realCapture()).toStdString(), 0.0));
    }

    void showsTheFacts() {
        TracePropertiesModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        model.setTraceInfo(capture_);

        QCOMPARE(raw(model, QStringLiteral("file.bytes")).toULongLong(), 3896732u);
        QCOMPARE(raw(model, QStringLiteral("file.chunks")).toULongLong(), 187u);
        QCOMPARE(raw(model, QStringLiteral("records.total")).toULongLong(), 180493u);
        QCOMPARE(raw(model, QStringLiteral("records.tsc")).toULongLong(), 172945u);
        QCOMPARE(raw(model, QStringLiteral("records.noTsc")).toULongLong(), 7548u);
        QCOMPARE(raw(model, QStringLiteral("records.wrap")).toULongLong(), 27u);
        QCOMPARE(raw(model, QStringLiteral("records.lost")).toULongLong(), 0u);
        QCOMPARE(raw(model, QStringLiteral("time.firstTsc")).toULongLong(), 50475882825885u);
        QCOMPARE(raw(model, QStringLiteral("time.lastTsc")).toULongLong(), 50484269673030u);
        QCOMPARE(raw(model, QStringLiteral("time.spanCycles")).toULongLong(), 8386847145u);
        QCOMPARE(raw(model, QStringLiteral("pcpus")).toULongLong(), 8u);
        QCOMPARE(raw(model, QStringLiteral("pcpus.0")).toULongLong(), 46882u);
        QCOMPARE(raw(model, QStringLiteral("pcpus.7")).toULongLong(), 8689u);
        QCOMPARE(raw(model, QStringLiteral("events")).toULongLong(), 43u);
        QVERIFY(qAbs(raw(model, QStringLiteral("time.hz")).toDouble() - 2.8e9) < 0.01e9);
        QVERIFY(!model.indexForKey(QStringLiteral("problems")).isValid());

        // Readable text: thousands separated, seconds with a unit, vCPU ranges.
        QCOMPARE(digits(value(model, QStringLiteral("records.total"))), QStringLiteral("180493"));
        QVERIFY(value(model, QStringLiteral("records.total")).size() > 6); // separator present
        QVERIFY(value(model, QStringLiteral("time.spanSeconds")).endsWith(QStringLiteral(" s")));
        QVERIFY(value(model, QStringLiteral("time.hz")).contains(QStringLiteral("GHz")));
        QVERIFY2(value(model, QStringLiteral("domains.0")).endsWith(QStringLiteral("0–7")),
                 qPrintable(value(model, QStringLiteral("domains.0"))));
        QVERIFY(value(model, QStringLiteral("domains.14")).endsWith(QStringLiteral("0–3")));
        QVERIFY(model.indexForKey(QStringLiteral("domains.32767"))
                    .data()
                    .toString()
                    .contains(QStringLiteral("Idle")));
        // Event rows: name and id, the count as the value.
        const QModelIndex events = model.indexForKey(QStringLiteral("events"));
        QCOMPARE(model.rowCount(events), 43);
        int named = 0;
        for (int row = 0; row < model.rowCount(events); ++row) {
            const QString label = model.index(row, 0, events).data().toString();
            QVERIFY2(label.contains(QStringLiteral("0x")), qPrintable(label));
            named += label.contains(QStringLiteral("unknown")) ? 0 : 1;
            QVERIFY(
                model.index(row, 0, events).data(TracePropertiesModel::RawValueRole).toULongLong() >
                0);
        }
        QVERIFY(named > 30);

        model.clear();
        QCOMPARE(model.rowCount(), 0);
        model.setTraceInfo(capture_);
        QVERIFY(model.rowCount() >= 6);
    }

    void showsProblemsWithOffsets() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("truncated.xentrace"));
        QVERIFY(test::writeBytes(path, test::readBytes(test::realCapture()).left(100000)));
        auto info = std::make_shared<const core::TraceInfo>(
            core::readTraceInfo(QFile::encodeName(path).toStdString(), 0.0));
        QVERIFY(!info->errors.empty());

        TracePropertiesModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTraceInfo(info);
        const QModelIndex problems = model.indexForKey(QStringLiteral("problems"));
        QVERIFY(problems.isValid());
        QCOMPARE(model.rowCount(problems), static_cast<int>(info->errors.size()));
        const QModelIndex first = model.index(0, 0, problems);
        QCOMPARE(first.data(TracePropertiesModel::RawValueRole).toULongLong(),
                 info->errors[0].offset);
        QVERIFY(first.data().toString().startsWith(QStringLiteral("Byte ")));
        QVERIFY(
            first.data(Qt::ToolTipRole).toString().startsWith(path + QStringLiteral(": byte ")));
    }

    void copiesRows() {
        TracePropertiesView view;
        view.setTraceInfo(capture_);
        const QModelIndex records =
            view.propertiesModel()->indexForKey(QStringLiteral("records.total"));
        QVERIFY(records.isValid());
        view.selectionModel()->select(records, QItemSelectionModel::ClearAndSelect |
                                                   QItemSelectionModel::Rows);
        view.setCurrentIndex(records);
        QCOMPARE(view.selectedText(),
                 QStringLiteral("Records\t") +
                     value(*view.propertiesModel(), QStringLiteral("records.total")));
        view.copySelection();
        QCOMPARE(QApplication::clipboard()->text(), view.selectedText());
        view.copyValue();
        QCOMPARE(digits(QApplication::clipboard()->text()), QStringLiteral("180493"));
        view.copyAll();
        QVERIFY(QApplication::clipboard()->text().contains(QStringLiteral("Physical CPUs\t8")));
    }
};

QTEST_MAIN(TestTracePropertiesModel)
#include "tst_tracepropertiesmodel.moc"
