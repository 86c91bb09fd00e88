#include "core/synth/diskmodel.h"

#include "core/synth/rng.h"

#include <algorithm>

namespace xenoscope::core {

uint64_t DiskModel::submit(uint64_t nowNs, Rng& rng) {
    auto channel = std::min_element(free_.begin(), free_.end());
    const uint64_t start = std::max(nowNs, *channel);
    *channel = start + rng.heavy(meanServiceNs_) + 5'000;
    return *channel;
}

} // namespace xenoscope::core
