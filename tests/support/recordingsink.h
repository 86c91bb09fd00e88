#pragma once
// Test helpers: a sink that keeps every record it is fed, and small file
// utilities for writing generated or hand-damaged traces to temporary files.

#include "core/reader/recordsink.h"
#include "core/reader/tracereader.h"

#include <QByteArray>
#include <QFile>
#include <QString>

#include <vector>

namespace xenoscope::test {

struct SeenRecord {
    core::Record record;
    core::Owner owner;
};

class RecordingSink final : public core::RecordSink {
public:
    std::vector<SeenRecord> seen;
    void onRecord(const core::Record& r, const core::Owner& o) override { seen.push_back({r, o}); }
};

inline bool writeFile(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

inline QByteArray toBytes(const std::vector<uint8_t>& v) {
    return QByteArray(reinterpret_cast<const char*>(v.data()), static_cast<qsizetype>(v.size()));
}

// Reads a whole file through TraceReader; `stats` and `diagnostics` optional.
inline std::vector<SeenRecord> readAll(const QString& path, core::ReadStats* stats = nullptr,
                                       core::Diagnostics* diagnostics = nullptr,
                                       bool* opened = nullptr) {
    core::Diagnostic error;
    auto reader = core::TraceReader::open(path.toStdString(), error);
    if (opened)
        *opened = reader != nullptr;
    RecordingSink sink;
    if (!reader) {
        if (diagnostics)
            *diagnostics = {error};
        return {};
    }
    const auto s = reader->read(sink);
    if (stats)
        *stats = s;
    if (diagnostics)
        *diagnostics = reader->diagnostics();
    return std::move(sink.seen);
}

inline QString sharedDir() {
    return QStringLiteral(XENOSCOPE_SHARED_DIR);
}
inline QString realCapture() {
    return sharedDir() + QStringLiteral("/traces/credit2-8pcpu.xentrace");
}

} // namespace xenoscope::test
