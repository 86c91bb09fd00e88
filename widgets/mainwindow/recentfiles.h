#pragma once
// RecentFiles: the most recently opened traces, newest first, kept in
// QSettings so File→Open Recent survives restarts.

#include <QObject>
#include <QStringList>

namespace xenoscope::widgets {

class RecentFiles : public QObject {
    Q_OBJECT
public:
    static constexpr int MaxFiles = 10;

    explicit RecentFiles(QObject* parent = nullptr);
    ~RecentFiles() override;

    QStringList files() const { return files_; }

public slots:
    void add(const QString& path);
    void remove(const QString& path);
    void clear();

signals:
    void changed();

private:
    void save();

    QStringList files_;
};

} // namespace xenoscope::widgets
