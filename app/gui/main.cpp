// xenoscope: the viewer. Opens the trace named on the command line, or the
// bundled demo trace, or shows an empty window that says how to open one.

#include "core/util/memorypolicy.h"
#include "widgets/mainwindow/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace {

// Installed: <prefix>/bin/xenoscope next to <prefix>/share/xenoscope/; from a
// build tree: the file the resources/ generator writes.
QString demoTrace() {
    const QString installed = QDir(QCoreApplication::applicationDirPath())
                                  .filePath(QStringLiteral("../share/xenoscope/demo.xentrace.zst"));
    for (const QString& candidate : {installed, QStringLiteral(XENOSCOPE_DEMO_TRACE)})
        if (QFileInfo(candidate).isFile())
            return QFileInfo(candidate).absoluteFilePath();
    return {};
}

void installTranslators(QApplication& app) {
    // Installed last is asked first: the user's language, then Qt's own
    // strings, then English plural forms ("1 gap", "2 gaps") as the fallback.
    auto* english = new QTranslator(&app);
    if (english->load(QStringLiteral(":/i18n/xenoscope_en.qm")))
        QApplication::installTranslator(english);
    auto* qt = new QTranslator(&app);
    if (qt->load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qt);
    auto* own = new QTranslator(&app);
    if (own->load(QLocale(), QStringLiteral("xenoscope"), QStringLiteral("_"),
                  QStringLiteral(":/i18n")))
        QApplication::installTranslator(own);
}

} // namespace

int main(int argc, char** argv) {
    xenoscope::core::returnLargeBlocksPromptly();
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Xenoscope"));
    QApplication::setApplicationName(QStringLiteral("Xenoscope"));
    QApplication::setApplicationVersion(QStringLiteral(XENOSCOPE_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("xenoscope"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/xenoscope/xenoscope.svg")));
    installTranslators(app);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Viewer for Xen hypervisor traces (xentrace files)."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
        QStringLiteral("FILE"),
        QApplication::translate("main", "The trace to open (plain or .zst); the demo trace "
                                        "when omitted."),
        QStringLiteral("[FILE]"));
    parser.process(app);

    xenoscope::widgets::MainWindow window;
    window.show();
    const QStringList args = parser.positionalArguments();
    const QString file = args.isEmpty() ? demoTrace() : args.front();
    if (!file.isEmpty())
        window.openFile(file);
    return QApplication::exec();
}
