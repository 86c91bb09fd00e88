#include "widgets/charts/rangefollower.h"

namespace xenoscope::widgets {

RangeFollower::RangeFollower(QObject* parent)
    : QObject(parent) {
    timer_.setSingleShot(true);
    timer_.setInterval(DebounceMs);
    connect(&timer_, &QTimer::timeout, this, &RangeFollower::emitNow);
}

RangeFollower::~RangeFollower() = default;

core::TimeWindow RangeFollower::window() const {
    return selection_ ? *selection_ : visible_;
}

void RangeFollower::flush() {
    if (timer_.isActive()) {
        timer_.stop();
        emitNow();
    }
}

void RangeFollower::setVisibleRange(quint64 t0, quint64 t1) {
    visible_ = {std::min(t0, t1), std::max(t0, t1)};
    if (!selection_)
        schedule();
}

void RangeFollower::setSelection(quint64 t0, quint64 t1) {
    selection_ = core::TimeWindow{std::min(t0, t1), std::max(t0, t1)};
    schedule();
}

void RangeFollower::clearSelection() {
    if (!selection_)
        return;
    selection_.reset();
    schedule();
}

void RangeFollower::reset(quint64 t0, quint64 t1) {
    timer_.stop();
    selection_.reset();
    emitted_.reset();
    visible_ = {t0, t1};
    emitNow();
}

void RangeFollower::schedule() {
    timer_.start(); // restarts: the window is emitted DebounceMs after the last change
}

void RangeFollower::emitNow() {
    const core::TimeWindow w = window();
    if (emitted_ && *emitted_ == w)
        return;
    emitted_ = w;
    emit windowChanged(w.t0, w.t1, selection_.has_value());
}

} // namespace xenoscope::widgets
