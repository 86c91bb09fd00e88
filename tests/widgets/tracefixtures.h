#pragma once
// Test inputs for the widget tests: the real capture in shared/, and damaged
// or enlarged copies of it written into a temporary directory.

#include <QByteArray>
#include <QFile>
#include <QString>

#include <zstd.h>

namespace xenoscope::test {

inline QString realCapture() {
    return QStringLiteral(XENOSCOPE_SHARED_DIR "/traces/credit2-8pcpu.xentrace");
}

inline QByteArray readBytes(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

inline bool writeBytes(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

// A xentrace file is a sequence of per-pCPU chunks, so copies of one
// concatenated are still one valid (longer, time-repeating) trace.
inline QByteArray repeated(const QByteArray& bytes, int times) {
    QByteArray out;
    out.reserve(bytes.size() * times);
    for (int i = 0; i < times; ++i)
        out += bytes;
    return out;
}

inline QByteArray zstdCompressed(const QByteArray& bytes) {
    const auto in = static_cast<size_t>(bytes.size());
    QByteArray out(static_cast<qsizetype>(ZSTD_compressBound(in)), Qt::Uninitialized);
    const size_t n =
        ZSTD_compress(out.data(), static_cast<size_t>(out.size()), bytes.constData(), in, 3);
    if (ZSTD_isError(n))
        return {};
    out.truncate(static_cast<qsizetype>(n));
    return out;
}

// Every 32-bit word byte-swapped: what a big-endian host would have written.
inline QByteArray byteSwapped(const QByteArray& bytes) {
    QByteArray out = bytes;
    for (qsizetype i = 0; i + 4 <= out.size(); i += 4) {
        std::swap(out[i], out[i + 3]);
        std::swap(out[i + 1], out[i + 2]);
    }
    return out;
}

} // namespace xenoscope::test
