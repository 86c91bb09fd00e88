#pragma once
#include "core/synth/truth.h"

#include <QJsonObject>
#include <QStringList>

namespace xenoscope::cli {
// `xenoscope-cli synth`: writes a generated trace and its ground truth.
int runSynth(const QStringList& args);
// The truth as JSON (keys mirror `summary --json`; times in TSC cycles).
QJsonObject truthToJson(const core::Truth& truth);
} // namespace xenoscope::cli
