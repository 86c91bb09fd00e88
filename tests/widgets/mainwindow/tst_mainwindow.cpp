// MainWindow: opening a trace fills the properties panel and the overview;
// damaged input lists its diagnostics in the problems dock with a banner;
// failure and cancel leave a clear message; the window looks like a window.

#include "tests/widgets/tracefixtures.h"
#include "widgets/mainwindow/diagnosticsview.h"
#include "widgets/mainwindow/mainwindow.h"
#include "widgets/properties/tracepropertiesmodel.h"
#include "widgets/properties/tracepropertiesview.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QImage>
#include <QLabel>
#include <QMenu>
#include <QMimeData>
#include <QProgressBar>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace xenoscope;
using widgets::DiagnosticsView;
using widgets::MainWindow;
using widgets::TraceLoader;
using widgets::TracePropertiesModel;
using widgets::TracePropertiesView;

namespace {

constexpr int LoadTimeoutMs = 60000;

// For a human look at the window: XENOSCOPE_SCREENSHOT_DIR=/tmp ./tst_mainwindow
void saveScreenshot(QWidget& window, const QString& name) {
    const QString out = qEnvironmentVariable("XENOSCOPE_SCREENSHOT_DIR");
    if (!out.isEmpty())
        window.grab().save(QDir(out).filePath(QStringLiteral("xenoscope-%1.png").arg(name)));
}

template <typename T> T* child(const QObject& parent, const char* name) {
    T* found = parent.findChild<T*>(QString::fromLatin1(name));
    if (!found)
        qFatal("no child %s", name);
    return found;
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;

    QString put(const QString& name, const QByteArray& bytes) {
        const QString path = dir_.filePath(name);
        if (!test::writeBytes(path, bytes))
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }

private slots:
    void initTestCase() {
        // Settings (geometry, recent files) go to a test location, not the user's.
        QStandardPaths::setTestModeEnabled(true);
        QApplication::setOrganizationName(QStringLiteral("XenoscopeTests"));
        QApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
        QVERIFY(dir_.isValid());
        // Index caches of traces in read-only places (shared/traces) go under
        // $XDG_CACHE_HOME: keep them in the test's directory too.
        qputenv("XDG_CACHE_HOME", dir_.filePath(QStringLiteral("cache")).toLocal8Bit());
        if (!QFileInfo::exists(test::realCapture()))
            QSKIP("the real capture shared/traces/credit2-8pcpu.xentrace is not there "
                  "(set XENOSCOPE_SHARED_DIR)");
    }

    void startsEmptyWithHowToOpen() {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const auto* message = child<QLabel>(window, "message");
        QVERIFY(message->isVisible());
        QVERIFY(message->text().contains(QStringLiteral("Open")));
        QVERIFY(!child<QProgressBar>(window, "loadProgress")->isVisible());
        QVERIFY(!child<QToolButton>(window, "cancelButton")->isVisible());
        saveScreenshot(window, QStringLiteral("empty"));
    }

    void opensTraceAndShowsFacts() {
        MainWindow window;
        window.show();
        auto* properties = child<TracePropertiesView>(window, "properties");
        TracePropertiesModel* model = properties->propertiesModel();
        QAbstractItemModelTester tester(model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy loaded(window.loader(), &TraceLoader::loaded);

        window.openFile(test::realCapture());
        QVERIFY(child<QProgressBar>(window, "loadProgress")->isVisible());
        QVERIFY(child<QToolButton>(window, "cancelButton")->isVisible());
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, LoadTimeoutMs);

        QVERIFY(window.traceInfo());
        QCOMPARE(model->indexForKey(QStringLiteral("records.total"))
                     .data(TracePropertiesModel::RawValueRole)
                     .toULongLong(),
                 180493u);
        QCOMPARE(model->indexForKey(QStringLiteral("pcpus"))
                     .data(TracePropertiesModel::RawValueRole)
                     .toULongLong(),
                 8u);
        QVERIFY(window.windowTitle().startsWith(QStringLiteral("credit2-8pcpu.xentrace")));
        QCOMPARE(child<QLabel>(window, "fileLabel")->text(),
                 QStringLiteral("credit2-8pcpu.xentrace"));
        QVERIFY(child<QLabel>(window, "rateLabel")->text().contains(QStringLiteral("GHz")));
        QVERIFY(!child<QProgressBar>(window, "loadProgress")->isVisible());
        QVERIFY(!child<QDockWidget>(window, "problemsDock")->isVisible());
        QVERIFY(!child<QLabel>(window, "problemBanner")->isVisible());
        // The first index brings the timeline to the front; the overview stays one tab away.
        auto* tabs = child<QTabWidget>(window, "views");
        QVERIFY(tabs->indexOf(child<QWidget>(window, "overview")) >= 0);
        QTRY_COMPARE(tabs->currentWidget(), child<QWidget>(window, "timeline"));
    }

    void damagedTraceListsDiagnostics() {
        const QString path = put(QStringLiteral("truncated.xentrace"),
                                 test::readBytes(test::realCapture()).left(100000));
        MainWindow window;
        window.show();
        QSignalSpy loaded(window.loader(), &TraceLoader::loaded);
        window.openFile(path);
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, LoadTimeoutMs);

        auto* problems = child<DiagnosticsView>(window, "problems");
        QVERIFY(problems->count() >= 1);
        QCOMPARE(problems->count(), static_cast<int>(window.traceInfo()->errors.size()));
        QVERIFY2(problems->item(0)->text().startsWith(path + QStringLiteral(": byte ")),
                 qPrintable(problems->item(0)->text()));
        QVERIFY(child<QDockWidget>(window, "problemsDock")->isVisible());
        QVERIFY(child<QLabel>(window, "problemBanner")->isVisible());
        // Partial results are still shown.
        const auto* model = child<TracePropertiesView>(window, "properties")->propertiesModel();
        QVERIFY(model->indexForKey(QStringLiteral("records.total"))
                    .data(TracePropertiesModel::RawValueRole)
                    .toULongLong() > 0);
        QVERIFY(model->indexForKey(QStringLiteral("problems")).isValid());
        saveScreenshot(window, QStringLiteral("damaged"));
    }

    void unreadableFileSaysWhy() {
        MainWindow window;
        window.show();
        QSignalSpy failed(window.loader(), &TraceLoader::failed);
        window.openFile(dir_.path());
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, LoadTimeoutMs);
        QVERIFY(!window.traceInfo());
        const auto* message = child<QLabel>(window, "message");
        QVERIFY(message->isVisible());
        QVERIFY(message->text().contains(QStringLiteral("directory")));
        auto* problems = child<DiagnosticsView>(window, "problems");
        QCOMPARE(problems->count(), 1);
        QVERIFY(problems->item(0)->text().startsWith(dir_.path() + QStringLiteral(": byte 0: ")));
        saveScreenshot(window, QStringLiteral("failed"));
    }

    void cancelButtonStopsLoading() {
        const QString big = put(QStringLiteral("big.xentrace"),
                                test::repeated(test::readBytes(test::realCapture()), 12));
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy cancelled(window.loader(), &TraceLoader::cancelled);
        QSignalSpy loaded(window.loader(), &TraceLoader::loaded);
        window.openFile(big);
        auto* cancel = child<QToolButton>(window, "cancelButton");
        QVERIFY(cancel->isVisible());
        QTest::mouseClick(cancel, Qt::LeftButton);
        QCOMPARE(cancelled.count(), 1);
        QVERIFY(!cancel->isVisible());
        QVERIFY(child<QLabel>(window, "message")->text().contains(QStringLiteral("cancelled")));
        QTest::qWait(300);
        QCOMPARE(loaded.count(), 0);
    }

    void dropOpensFileAndRemembersIt() {
        MainWindow window;
        window.show();
        QSignalSpy loaded(window.loader(), &TraceLoader::loaded);
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(test::realCapture())});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton,
                              Qt::NoModifier);
        QApplication::sendEvent(&window, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &drop);
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, LoadTimeoutMs);

        // File→Open Recent lists it first, by its clean absolute path.
        const QString clean = QDir::cleanPath(QFileInfo(test::realCapture()).absoluteFilePath());
        QMenu* recent = nullptr;
        for (QMenu* menu : window.findChildren<QMenu*>())
            if (menu->title() == QStringLiteral("Open &Recent"))
                recent = menu;
        QVERIFY(recent);
        QVERIFY(!recent->actions().isEmpty());
        QCOMPARE(recent->actions().first()->statusTip(), clean);
    }

    void looksLikeAViewer() {
        MainWindow window;
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy loaded(window.loader(), &TraceLoader::loaded);
        window.openFile(test::realCapture());
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, LoadTimeoutMs);
        QApplication::processEvents(); // let layouts settle before the grab

        const QImage shot = window.grab().toImage();
        QCOMPARE(shot.size(), window.size() * shot.devicePixelRatio());
        // Not a blank canvas: the panel and tiles put many colours on screen.
        QSet<QRgb> colours;
        for (int y = 0; y < shot.height(); y += 7)
            for (int x = 0; x < shot.width(); x += 7)
                colours.insert(shot.pixel(x, y));
        QVERIFY2(colours.size() > 8, qPrintable(QString::number(colours.size())));
        // The properties dock takes a real share of the width, the views the rest.
        const auto* dock = child<QDockWidget>(window, "propertiesDock");
        QVERIFY(dock->isVisible());
        QVERIFY(dock->width() > 250 && dock->width() < window.width() / 2);
        saveScreenshot(window, QStringLiteral("mainwindow"));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
