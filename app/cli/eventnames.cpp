#include "app/cli/eventnames.h"

#include <cstdio>

namespace xenoscope::cli {

QCommandLineOption EventNames::formatsOption() {
    return {QStringLiteral("formats"),
            QStringLiteral("xentrace_format definitions file: names (and, in dump, formats) the "
                           "events it defines."),
            QStringLiteral("FILE")};
}

bool EventNames::load(const QCommandLineParser& parser) {
    if (!parser.isSet(QStringLiteral("formats")))
        return true;
    const std::string path = parser.value(QStringLiteral("formats")).toStdString();
    std::vector<core::FormatsError> errors;
    formats_ = core::FormatsFile::load(path, errors);
    for (const auto& e : errors)
        std::fprintf(stderr, "%s:%u: %s\n", path.c_str(), e.line, e.message.c_str());
    return formats_.has_value();
}

std::string_view EventNames::name(uint32_t id) const {
    if (formats_) {
        const auto fromFile = formats_->nameFor(id);
        if (!fromFile.empty())
            return fromFile;
    }
    return core::EventCatalog::builtin().name(id);
}

QString EventNames::hex(uint32_t id) {
    return QStringLiteral("0x%1").arg(id, 8, 16, QLatin1Char('0'));
}

QString EventNames::display(uint32_t id) const {
    const auto n = name(id);
    return n.empty() ? hex(id) : QString::fromUtf8(n.data(), static_cast<qsizetype>(n.size()));
}

} // namespace xenoscope::cli
