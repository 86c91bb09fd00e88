#pragma once
// Runs work on the thread pool and hands its result to a function on the UI
// thread, owned by a receiver: if the receiver is destroyed first, the result
// is silently dropped. (QFuture::then(context, ...) in Qt 6.4 asserts when the
// context dies before the work finishes, so views use this instead.)

#include <QFutureWatcher>
#include <QObject>
#include <QtConcurrent/QtConcurrentRun>

#include <type_traits>
#include <utility>

namespace xenoscope::widgets {

template <class Work, class Apply>
void runInBackground(QObject* receiver, Work&& work, Apply&& apply) {
    using Result = std::invoke_result_t<Work>;
    // The watcher is a child of the receiver: destroying the receiver
    // destroys the watcher, which disconnects it from the running future.
    auto* watcher = new QFutureWatcher<Result>(receiver);
    QObject::connect(watcher, &QFutureWatcherBase::finished, receiver,
                     [watcher, apply = std::forward<Apply>(apply)]() mutable {
                         apply(watcher->future().takeResult());
                         watcher->deleteLater();
                     });
    watcher->setFuture(QtConcurrent::run(std::forward<Work>(work)));
}

} // namespace xenoscope::widgets
