#pragma once
// Time on the edges: cycles are the only unit inside Xenoscope; this converts
// them to and from seconds with the trace's TSC rate, and parses the time
// arguments users type ("250us", "1.5ms", "2s", "900ns", "tsc:N").

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace xenoscope::core {

struct TimeBase {
    uint64_t t0 = 0; // TSC of the trace start (relative times count from here)
    double hz = 0.0; // TSC cycles per second

    double seconds(uint64_t cycles) const {
        return hz > 0 ? static_cast<double>(cycles) / hz : 0.0;
    }
    double ns(uint64_t cycles) const { return seconds(cycles) * 1e9; }
    uint64_t cyclesFromNs(double nanoseconds) const;
};

// A time as written on a command line: relative to the trace start, in
// nanoseconds, or an absolute TSC value.
struct TimeSpec {
    bool absolute = false;
    uint64_t tsc = 0; // when absolute
    double ns = 0.0;  // when relative
    uint64_t resolve(const TimeBase& base) const {
        return absolute ? tsc : base.t0 + base.cyclesFromNs(ns);
    }
};

// Parses "250us", "1.5ms", "2s", "900ns", "3m"... (units ns, us, ms, s; µs accepted)
// or "tsc:N". Returns nullopt for anything else, including a missing unit.
std::optional<TimeSpec> parseTimeSpec(std::string_view text);

// Parses a frequency: "2.8G", "2800M", "2800000000", "2.8GHz".
std::optional<double> parseHz(std::string_view text);

// Parses a byte size: "700M", "2G", "4096", "1.5K" (binary multiples).
std::optional<uint64_t> parseSize(std::string_view text);

// "12.345 ms"-style text with an adaptive unit (ns, µs, ms, s).
std::string formatDuration(double seconds);

} // namespace xenoscope::core
