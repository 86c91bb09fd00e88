#include "widgets/timeline/zoomhistory.h"

namespace xenoscope::widgets {

ZoomHistory::ZoomHistory() = default;
ZoomHistory::~ZoomHistory() = default;

void ZoomHistory::push(core::TimeWindow current) {
    if (!back_.empty() && back_.back() == current)
        return;
    back_.push_back(current);
    if (back_.size() > Limit)
        back_.erase(back_.begin());
    forward_.clear();
}

std::optional<core::TimeWindow> ZoomHistory::back(core::TimeWindow current) {
    if (back_.empty())
        return std::nullopt;
    const core::TimeWindow w = back_.back();
    back_.pop_back();
    forward_.push_back(current);
    return w;
}

std::optional<core::TimeWindow> ZoomHistory::forward(core::TimeWindow current) {
    if (forward_.empty())
        return std::nullopt;
    const core::TimeWindow w = forward_.back();
    forward_.pop_back();
    back_.push_back(current);
    return w;
}

void ZoomHistory::clear() {
    back_.clear();
    forward_.clear();
}

} // namespace xenoscope::widgets
