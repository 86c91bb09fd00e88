#include "widgets/loading/traceloader.h"

#include "core/index/indexbuilder.h"

#include <QFile>

#include <algorithm>
#include <exception>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#endif

namespace xenoscope::widgets {

namespace {

// Indexing takes both cores for seconds, and the UI thread draws every
// snapshot meanwhile: at equal priority its frames ran at a third of a core
// and stalled it for up to 57 ms. A nice of 10 gives the loader (and the
// lane thread it starts, which inherits it) the cores the UI does not use.
// Linux keeps nice per thread, so this leaves the UI thread and the pool
// alone; elsewhere it would apply to the whole process, so it is not done.
void lowerThisThreadsPriority() {
#ifdef Q_OS_LINUX
    (void)setpriority(PRIO_PROCESS, 0, 10);
#endif
}

// About 400 updates per load at most: smooth for the eye, cheap for the queue.
constexpr uint64_t ProgressSteps = 400;

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
                 hz = cpuHz_, useCache = useCache_,
                 cacheDir = QFile::encodeName(cacheDir_).toStdString()] {
        lowerThisThreadsPriority();
        auto post = [this](auto&& fn) {
            QMetaObject::invokeMethod(this, std::forward<decltype(fn)>(fn), Qt::QueuedConnection);
        };
        try {
            core::IndexOptions options;
            options.cpuHz = hz;
            options.useCache = useCache;
            options.cacheDir = cacheDir;
            options.cacheNextToTrace = cacheDir.empty();
            options.scanned = [&] {
                post([this, generation] { onPhase(generation, Phase::Reading); });
            };
            options.snapshot = [&](const core::TraceIndexPtr& index) {
                // The view draws a snapshot at once, at full zoom: its levels
                // are built here, or that first frame would build them on the
                // UI thread (0.8 s at the end of a 700 MB trace).
                index->prepareDrawing();
                post([this, generation, index] { onIndexed(generation, index, false); });
            };
            // The final index is shown before the cache is written.
            options.ready = [&](const core::TraceIndexPtr& index) {
                // Zoom levels are built lazily per track: build them here, off
                // the UI thread, before the first full-trace frame needs them.
                index->prepareDrawing();
                std::shared_ptr<const core::TraceInfo> info(index, &index->info());
                post([this, generation, index, info] {
                    onIndexed(generation, index, true);
                    onFinished(generation, info, true, false);
                });
            };
            uint64_t sent = 0;
            uint64_t step = 1;
            auto report = [&](uint64_t done, uint64_t total) {
                step = std::max<uint64_t>(total / ProgressSteps, 1);
                // Throttled; the builder keeps it monotonic; the final byte is always worth a post.
                if (done <= sent || (done < sent + step && done != total))
                    return;
                sent = done;
                post([this, generation, done, total] { onProgress(generation, done, total); });
            };
            post([this, generation] { onPhase(generation, Phase::Scanning); });
            const core::IndexOutcome out =
                core::IndexBuilder(options).open(file, report, token.get());
            if (out.cancelled) {
                post([this, generation] { onFinished(generation, nullptr, false, true); });
                return;
            }
            if (!out.index) {
                std::shared_ptr<const core::TraceInfo> info =
                    out.info ? out.info : failureInfo(file, core::Diagnostic{});
                post([this, generation, info] { onFinished(generation, info, false, false); });
            }
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

void TraceLoader::onIndexed(quint64 generation, const core::TraceIndexPtr& index, bool complete) {
    if (generation == generation_)
        emit indexed(index, complete);
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
