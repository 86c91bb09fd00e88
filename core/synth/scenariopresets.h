#pragma once
// The named scenarios of `xenoscope-cli synth --scenario`: each turns a
// SynthOptions with only user overrides into a complete one (domains,
// duration, disk rate, slice), leaving what the user set alone.

#include "core/synth/synthoptions.h"

#include <string>
#include <string_view>
#include <vector>

namespace xenoscope::core {

class ScenarioPresets {
public:
    struct Info {
        std::string_view name;
        std::string_view description;
    };
    static const std::vector<Info>& all();
    static bool exists(std::string_view name);
    // Fills in everything the user left at its default. False for an unknown name.
    static bool apply(SynthOptions& options);
};

} // namespace xenoscope::core
