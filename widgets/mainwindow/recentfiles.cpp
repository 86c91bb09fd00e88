#include "widgets/mainwindow/recentfiles.h"

#include <QFileInfo>
#include <QSettings>

namespace xenoscope::widgets {

namespace {
const QString SettingsKey = QStringLiteral("recentFiles");
} // namespace

RecentFiles::RecentFiles(QObject* parent)
    : QObject(parent)
    , files_(QSettings().value(SettingsKey).toStringList()) {}

RecentFiles::~RecentFiles() = default;

void RecentFiles::add(const QString& path) {
    // Absolute, so the entry still works when the app starts elsewhere.
    const QString absolute = QFileInfo(path).absoluteFilePath();
    files_.removeAll(absolute);
    files_.prepend(absolute);
    while (files_.size() > MaxFiles)
        files_.removeLast();
    save();
}

void RecentFiles::remove(const QString& path) {
    if (files_.removeAll(path) > 0)
        save();
}

void RecentFiles::clear() {
    files_.clear();
    save();
}

void RecentFiles::save() {
    QSettings().setValue(SettingsKey, files_);
    emit changed();
}

} // namespace xenoscope::widgets
