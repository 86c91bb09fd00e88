#pragma once
// The trace generator's entry point: simulates the host SynthOptions
// describes, writes the trace through a TraceWriter and returns the exact
// ground truth of what it wrote (see truth.h, docs/synth.md).

#include "core/synth/synthoptions.h"
#include "core/synth/tracewriter.h"
#include "core/synth/truth.h"

#include <string>

namespace xenoscope::core {

// Empty when `options` can be simulated, else why not (unknown scenario,
// affinity outside the pCPUs, ...). Run on the options as the user gave them.
std::string validateSynthOptions(const SynthOptions& options);

// Fills in the scenario's defaults, simulates, writes and finishes `writer`.
// Deterministic: the same options (seed included) give the same bytes.
Truth synthesize(const SynthOptions& options, TraceWriter& writer);

} // namespace xenoscope::core
