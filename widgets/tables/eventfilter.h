#pragma once
// EventFilter: which records the event table shows — one event id, one
// event class, one domain (the vCPU running when it was written), one pCPU,
// and a text that must occur (case-insensitively) in the row's event name,
// fields or vCPU. A plain value: copied into the worker that scans a window.

#include "core/format/record.h"

#include <QString>

#include <optional>
#include <string>

namespace xenoscope::widgets {

class EventFilter {
public:
    EventFilter();
    ~EventFilter();

    std::optional<uint32_t> event;
    std::optional<uint32_t> eventClass; // (id >> 16) & 0xfff
    std::optional<uint16_t> domain;
    std::optional<uint16_t> pcpu;

    void setText(const QString& text);
    const QString& text() const { return text_; }
    bool isEmpty() const;
    bool matches(const core::Record& record, const core::Owner& owner) const;

    // The row's text as the table shows it (event name, fields), for display and search.
    static std::string eventName(uint32_t id);
    static std::string fields(const core::Record& record);
    static std::string vcpuText(const core::Owner& owner);

    friend bool operator==(const EventFilter& a, const EventFilter& b) {
        return a.event == b.event && a.eventClass == b.eventClass && a.domain == b.domain &&
               a.pcpu == b.pcpu && a.text_ == b.text_;
    }

private:
    QString text_;
    std::string needle_; // lower-case UTF-8 of text_
};

} // namespace xenoscope::widgets
