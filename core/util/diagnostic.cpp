#include "core/util/diagnostic.h"

namespace xenoscope::core {

std::string describe(const std::string& file, const Diagnostic& d) {
    return file + ": byte " + std::to_string(d.offset) + ": " + d.message;
}

} // namespace xenoscope::core
