#include "widgets/loading/traceloader.h"

#include "core/reader/tracereader.h"

#include <QFile>

#include <algorithm>
#include <exception>

namespace xenoscope::widgets {

namespace {

// The reader makes two passes over the bytes: a chunk scan, then the merged
// read. Both report real byte positions; the bar gives each pass the share of
// the time it takes. Plain files are memory-mapped and the scan only peeks
// into each chunk; a .zst scan decompresses everything, as does the read.
constexpr double PlainScanShare = 0.2;
constexpr double CompressedScanShare = 0.4;

// About 400 updates per load at most: smooth for the eye, cheap for the queue.
constexpr uint64_t ProgressSteps = 400;

double fraction(uint64_t done, uint64_t total) {
    return total == 0 ? 1.0 : std::min(1.0, static_cast<double>(done) / static_cast<double>(total));
}

std::shared_ptr<core::TraceInfo> failureInfo(const std::string& path, core::Diagnostic d) {
    auto info = std::make_shared<core::TraceInfo>();
    info->path = path;
    info->errors.push_back(std::move(d));
    return info;
}

} // namespace

TraceLoader::TraceLoader(QObject* parent)
    : QObject(parent) {
    pool_.setMaxThreadCount(1);
    pool_.setObjectName(QStringLiteral("TraceLoaderPool"));
}

TraceLoader::~TraceLoader() {
    if (token_)
        token_->cancel();
    pool_.waitForDone();
}

void TraceLoader::load(const QString& path) {
    if (loading_ && token_)
        token_->cancel(); // superseded: its results will carry a stale generation
    const quint64 generation = ++generation_;
    token_ = std::make_shared<core::CancelToken>();
    path_ = path;
    loading_ = true;
    lastProgress_ = 0;
    lastTotal_ = 0;
    emit started(path);

    // The worker only touches its own copies and posts events to `this`; the
    // destructor waits for it, so `this` outlives every post.
    pool_.start([this, generation, token = token_, file = QFile::encodeName(path).toStdString(),
                 hz = cpuHz_] {
        auto post = [this](auto&& fn) {
            QMetaObject::invokeMethod(this, std::forward<decltype(fn)>(fn), Qt::QueuedConnection);
        };
        try {
            core::Diagnostic openError;
            auto reader = core::TraceReader::open(file, openError);
            if (!reader) {
                std::shared_ptr<const core::TraceInfo> info = failureInfo(file, openError);
                post([this, generation, info] { onFinished(generation, info, false, false); });
                return;
            }

            const uint64_t total = reader->file().fileSize();
            const double scanShare =
                reader->file().compressed() ? CompressedScanShare : PlainScanShare;
            const uint64_t step = std::max<uint64_t>(total / ProgressSteps, 1);
            uint64_t sent = 0;
            auto report = [&](double overall) {
                const auto done =
                    std::min(total, static_cast<uint64_t>(overall * static_cast<double>(total)));
                // Throttled and monotonic; the final byte is always worth a post.
                if (done <= sent || (done < sent + step && done != total))
                    return;
                sent = done;
                post([this, generation, done, total] { onProgress(generation, done, total); });
            };

            post([this, generation] { onPhase(generation, Phase::Scanning); });
            const bool scanned = reader->scan(
                [&](uint64_t done, uint64_t all) { report(scanShare * fraction(done, all)); },
                token.get());
            if (!scanned) {
                post([this, generation] { onFinished(generation, nullptr, false, true); });
                return;
            }

            post([this, generation] { onPhase(generation, Phase::Reading); });
            core::TraceInfoCollector collector;
            const core::ReadStats stats = reader->read(
                collector,
                [&](uint64_t done, uint64_t all) {
                    report(scanShare + (1.0 - scanShare) * fraction(done, all));
                },
                token.get());
            if (stats.cancelled) {
                post([this, generation] { onFinished(generation, nullptr, false, true); });
                return;
            }
            std::shared_ptr<const core::TraceInfo> info =
                std::make_shared<core::TraceInfo>(collector.finish(*reader, stats, hz));
            const bool usable = !reader->unusable();
            post([this, generation, info, usable] { onFinished(generation, info, usable, false); });
        } catch (const std::exception& e) {
            // Out of memory, mostly: nothing may escape a worker thread.
            core::Diagnostic d;
            d.code = core::DiagCode::Io;
            d.message = e.what();
            d.fatal = true;
            std::shared_ptr<const core::TraceInfo> info = failureInfo(file, std::move(d));
            post([this, generation, info] { onFinished(generation, info, false, false); });
        }
    });
}

void TraceLoader::cancel() {
    if (!loading_)
        return;
    token_->cancel();
    ++generation_; // whatever the worker still posts is now stale
    loading_ = false;
    emit cancelled(path_);
}

void TraceLoader::onPhase(quint64 generation, Phase phase) {
    if (generation == generation_)
        emit phaseChanged(phase);
}

void TraceLoader::onProgress(quint64 generation, quint64 done, quint64 total) {
    if (generation != generation_ || done <= lastProgress_)
        return;
    lastProgress_ = done;
    lastTotal_ = total;
    emit progressChanged(static_cast<qint64>(done), static_cast<qint64>(total));
}

void TraceLoader::onFinished(quint64 generation, const TraceInfoPtr& info, bool usable,
                             bool wasCancelled) {
    if (generation != generation_)
        return;
    loading_ = false;
    if (wasCancelled || !info) {
        emit cancelled(path_);
        return;
    }
    if (usable) {
        // The bar ends full even when the last throttled step was skipped.
        if (lastProgress_ < info->bytes)
            onProgress(generation, info->bytes, info->bytes);
        emit loaded(info);
    } else {
        emit failed(info);
    }
}

} // namespace xenoscope::widgets
