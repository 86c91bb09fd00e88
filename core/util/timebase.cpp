#include "core/util/timebase.h"

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace xenoscope::core {

namespace {

// strtod on a bounded view: copy first, the view may not be NUL-terminated.
std::optional<double> parseNumber(std::string_view text, std::string_view& rest) {
    std::string copy(text);
    const char* begin = copy.c_str();
    char* end = nullptr;
    const double value = std::strtod(begin, &end);
    if (end == begin || !std::isfinite(value) || value < 0)
        return std::nullopt;
    rest = text.substr(static_cast<size_t>(end - begin));
    return value;
}

} // namespace

uint64_t TimeBase::cyclesFromNs(double nanoseconds) const {
    if (hz <= 0 || nanoseconds <= 0)
        return 0;
    return static_cast<uint64_t>(std::llround(nanoseconds * hz / 1e9));
}

std::optional<TimeSpec> parseTimeSpec(std::string_view text) {
    if (text.substr(0, 4) == "tsc:") {
        const std::string digits(text.substr(4));
        if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos)
            return std::nullopt;
        TimeSpec spec;
        spec.absolute = true;
        spec.tsc = std::strtoull(digits.c_str(), nullptr, 10);
        return spec;
    }
    std::string_view unit;
    const auto value = parseNumber(text, unit);
    if (!value)
        return std::nullopt;
    double scale = 0;
    if (unit == "ns")
        scale = 1;
    else if (unit == "us" || unit == "\xC2\xB5s")
        scale = 1e3;
    else if (unit == "ms")
        scale = 1e6;
    else if (unit == "s")
        scale = 1e9;
    else
        return std::nullopt;
    TimeSpec spec;
    spec.ns = *value * scale;
    return spec;
}

std::optional<double> parseHz(std::string_view text) {
    std::string_view unit;
    const auto value = parseNumber(text, unit);
    if (!value || *value <= 0)
        return std::nullopt;
    if (unit.size() >= 2 &&
        (unit.substr(unit.size() - 2) == "Hz" || unit.substr(unit.size() - 2) == "hz"))
        unit.remove_suffix(2);
    double scale = 1;
    if (unit == "G" || unit == "g")
        scale = 1e9;
    else if (unit == "M" || unit == "m")
        scale = 1e6;
    else if (unit == "K" || unit == "k")
        scale = 1e3;
    else if (!unit.empty())
        return std::nullopt;
    return *value * scale;
}

std::optional<uint64_t> parseSize(std::string_view text) {
    std::string_view unit;
    const auto value = parseNumber(text, unit);
    if (!value)
        return std::nullopt;
    if (!unit.empty() && (unit.back() == 'B' || unit.back() == 'b'))
        unit.remove_suffix(1);
    if (!unit.empty() && unit.back() == 'i')
        unit.remove_suffix(1);
    double scale = 1;
    if (unit == "K" || unit == "k")
        scale = 1024.0;
    else if (unit == "M" || unit == "m")
        scale = 1024.0 * 1024;
    else if (unit == "G" || unit == "g")
        scale = 1024.0 * 1024 * 1024;
    else if (!unit.empty())
        return std::nullopt;
    return static_cast<uint64_t>(*value * scale);
}

std::string formatDuration(double seconds) {
    struct Unit {
        double scale;
        const char* name;
    };
    static constexpr std::array<Unit, 4> units{
        {{1.0, "s"}, {1e-3, "ms"}, {1e-6, "\xC2\xB5s"}, {1e-9, "ns"}}};
    const double magnitude = std::fabs(seconds);
    for (const auto& u : units) {
        if (magnitude >= u.scale || u.scale == 1e-9) {
            std::array<char, 64> buf{};
            std::snprintf(buf.data(), buf.size(), "%.3f %s", seconds / u.scale, u.name);
            return buf.data();
        }
    }
    return {};
}

} // namespace xenoscope::core
