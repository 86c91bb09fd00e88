#pragma once
// TraceLoader: the one Qt façade over the core reader and index. Builds a
// trace's TraceIndex (core::IndexBuilder: one pass, or the index cache) on a
// worker thread, reports real progress by bytes of the file, can be
// cancelled, and hands the UI immutable shared values: progressive index
// snapshots, the final index, and the trace facts. A new load() supersedes
// the previous one: a job generation counter drops whatever a superseded or
// cancelled job still delivers.

#include "core/analyses/traceinfo.h"
#include "core/index/traceindex.h"
#include "core/util/cancellation.h"

#include <QObject>
#include <QString>
#include <QThreadPool>

#include <memory>

namespace xenoscope::widgets {

// The facts of a loaded trace, shared read-only between threads and views.
using TraceInfoPtr = std::shared_ptr<const core::TraceInfo>;

class TraceLoader : public QObject {
    Q_OBJECT
public:
    // What the worker is doing; the reader makes two passes over the bytes.
    enum class Phase { Scanning, Reading };
    Q_ENUM(Phase)

    explicit TraceLoader(QObject* parent = nullptr);
    // Cancels a running job and waits for its thread: the worker posts to
    // this object, so it must not outlive it.
    ~TraceLoader() override;

    // TSC rate in Hz to use instead of the trace's own estimate; 0 = estimate.
    void setCpuHz(double hz) { cpuHz_ = hz; }
    double cpuHz() const { return cpuHz_; }
    // Read a valid index cache instead of the trace, and write one after a
    // build (default on). Caches go next to the trace, else under the XDG
    // cache directory; a non-empty `dir` is used instead of both.
    void setUseCache(bool use) { useCache_ = use; }
    bool useCache() const { return useCache_; }
    void setCacheDir(const QString& dir) { cacheDir_ = dir; }

    bool isLoading() const { return loading_; }
    // The file of the running or last started load.
    QString path() const { return path_; }

public slots:
    // Starts reading `path`; cancels and supersedes a load still running.
    void load(const QString& path);
    // Stops the running load (if any) and emits cancelled() right away; the
    // worker winds down in the background and its result is dropped.
    void cancel();

signals:
    void started(const QString& path);
    void phaseChanged(xenoscope::widgets::TraceLoader::Phase phase);
    // Bytes of the file: monotonic within one load, throttled, and ends at
    // bytesTotal (the file size) before loaded() when the read completes.
    void progressChanged(qint64 bytesDone, qint64 bytesTotal);
    // The index of what was read so far (complete = false; drawn while the
    // rest is read), then the whole trace's index (complete = true), just
    // before loaded(). From a valid cache only the complete one comes.
    void indexed(xenoscope::core::TraceIndexPtr index, bool complete);
    // Something could be read; info->errors lists problems met on the way.
    // The same facts as the index's info().
    void loaded(const xenoscope::widgets::TraceInfoPtr& info);
    // Nothing could be read (missing, a directory, big-endian, garbage);
    // info->errors says why, with byte offsets.
    void failed(const xenoscope::widgets::TraceInfoPtr& info);
    void cancelled(const QString& path);

private:
    // Called on this object's thread by events the worker posts.
    void onPhase(quint64 generation, Phase phase);
    void onProgress(quint64 generation, quint64 done, quint64 total);
    void onFinished(quint64 generation, const TraceInfoPtr& info, bool usable, bool wasCancelled);
    void onIndexed(quint64 generation, const core::TraceIndexPtr& index, bool complete);

    // One worker so that a superseded job winding down never competes for
    // memory and disk with the job that replaced it.
    QThreadPool pool_;
    std::shared_ptr<core::CancelToken> token_;
    quint64 generation_ = 0;
    quint64 lastProgress_ = 0;
    quint64 lastTotal_ = 0;
    bool loading_ = false;
    double cpuHz_ = 0.0;
    bool useCache_ = true;
    QString cacheDir_;
    QString path_;
};

} // namespace xenoscope::widgets

Q_DECLARE_METATYPE(xenoscope::widgets::TraceInfoPtr)
Q_DECLARE_METATYPE(xenoscope::core::TraceIndexPtr)
