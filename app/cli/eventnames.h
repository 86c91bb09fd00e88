#pragma once
// Event names as the CLI shows them: a formats file given with --formats
// (xentrace_format's definitions) names events first — the user's explicit
// choice — then the built-in catalog; unknown ids print as 0x%08x.

#include "core/format/eventcatalog.h"
#include "core/format/formatsfile.h"

#include <QCommandLineParser>
#include <QString>

#include <optional>

namespace xenoscope::cli {

class EventNames {
public:
    static QCommandLineOption formatsOption();
    // Loads --formats when given, printing its problems; false when it cannot be read.
    bool load(const QCommandLineParser& parser);

    std::string_view name(uint32_t id) const; // empty when unknown
    QString display(uint32_t id) const;       // name, or the hex id
    static QString hex(uint32_t id);
    const core::FormatsFile* formats() const { return formats_ ? &*formats_ : nullptr; }

private:
    std::optional<core::FormatsFile> formats_;
};

} // namespace xenoscope::cli
