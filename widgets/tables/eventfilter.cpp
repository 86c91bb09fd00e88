#include "widgets/tables/eventfilter.h"

#include "core/format/eventcatalog.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace xenoscope::widgets {

EventFilter::EventFilter() = default;
EventFilter::~EventFilter() = default;

void EventFilter::setText(const QString& text) {
    text_ = text.trimmed();
    needle_ = text_.toLower().toStdString();
}

bool EventFilter::isEmpty() const {
    return !event && !eventClass && !domain && !pcpu && needle_.empty();
}

std::string EventFilter::eventName(uint32_t id) {
    const auto name = core::EventCatalog::builtin().name(id);
    if (!name.empty())
        return std::string(name);
    char hex[16];
    std::snprintf(hex, sizeof hex, "0x%08x", id);
    return hex;
}

std::string EventFilter::fields(const core::Record& record) {
    std::string out;
    core::EventCatalog::builtin().formatFields(record.event, record.words.data(), record.nwords,
                                               out);
    return out;
}

std::string EventFilter::vcpuText(const core::Owner& owner) {
    if (!owner.known)
        return "-";
    return "d" + std::to_string(owner.domain) + "v" + std::to_string(owner.vcpu);
}

bool EventFilter::matches(const core::Record& r, const core::Owner& owner) const {
    if (event && r.event != *event)
        return false;
    if (eventClass && ((r.event >> 16) & 0xfff) != *eventClass)
        return false;
    if (domain && (!owner.known || owner.domain != *domain))
        return false;
    if (pcpu && r.pcpu != *pcpu)
        return false;
    if (needle_.empty())
        return true;
    // Formatting is the expensive part: only for rows every other test passed.
    std::string hay = eventName(r.event);
    hay += ' ';
    hay += fields(r);
    hay += ' ';
    hay += vcpuText(owner);
    std::transform(hay.begin(), hay.end(), hay.begin(), [](char c) {
        return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    });
    return hay.find(needle_) != std::string::npos;
}

} // namespace xenoscope::widgets
