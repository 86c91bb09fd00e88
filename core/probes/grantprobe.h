#pragma once
// The stock-Xen view of block I/O (disk-io-events.md, "Stock-Xen fallback"):
// grant map/unmap records per granting domain, and how many of its grants
// are mapped at each moment — the backend's in-flight I/O for that domain,
// approximately. Available whether or not the instrumented events are there.

#include "core/probes/diskeventmap.h"
#include "core/probes/diskresults.h"
#include "core/probes/probe.h"

#include <cstdint>
#include <vector>

namespace xenoscope::core {

class GrantProbe final : public Probe {
public:
    explicit GrantProbe(const DiskEventMap& events = DiskEventMap());
    void attach(ProbeDispatcher& dispatcher) override;
    void finish(const TraceSpan& span) override;

    // By granting domain.
    const std::vector<GrantSeries>& result() const { return result_; }
    std::vector<GrantSeries> take() { return std::move(result_); }

private:
    void onMap(const Record& r, const Owner& owner);
    void onUnmap(const Record& r, const Owner& owner);
    GrantSeries* seriesOf(const Record& r);

    uint32_t mapId_, unmapId_;
    std::vector<uint32_t> index_; // by domain id: index + 1 into series_, 0 none
    std::vector<GrantSeries> series_;
    std::vector<uint32_t> depth_; // current in-flight count, parallel to series_
    uint32_t order_ = 0;
    std::vector<GrantSeries> result_;
};

} // namespace xenoscope::core
