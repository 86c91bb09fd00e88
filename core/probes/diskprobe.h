#pragma once
// Follows every block request through the paravirtual disk pipeline
// (disk-io-events.md): matches the eight blkfront/blkback records by
// (frontend domain, device, request id) — frontend records carry no domain,
// so they are charged to the domain running on their pCPU — and leaves each
// request's record TSCs and, per (domain, device) and stage, the depth as a
// step function. Broken chains are kept and classified, never completed or
// dropped (docs/disk.md has the exact definitions).

#include "core/probes/diskeventmap.h"
#include "core/probes/diskrequestindex.h"
#include "core/probes/diskresults.h"
#include "core/probes/probe.h"

#include <array>
#include <cstdint>
#include <vector>

namespace xenoscope::core {

class DiskProbe final : public Probe {
public:
    explicit DiskProbe(const DiskEventMap& events = DiskEventMap());
    void attach(ProbeDispatcher& dispatcher) override;
    void finish(const TraceSpan& span) override;

    const DiskResults& result() const { return result_; }
    // Moves the result out (it can be large: one entry per request).
    DiskResults take() { return std::move(result_); }

private:
    // A request still expected to get records.
    struct Active {
        std::array<uint64_t, DiskRecordCount> tsc{};
        std::array<uint32_t, DiskRecordCount> order{}; // position among disk records
        uint64_t sector = 0;
        DiskKey key;
        uint32_t sectors = 0;
        uint16_t series = 0;
        uint8_t present = 0;
        uint8_t op = 0xff;
        uint8_t failed = 0;
        bool has(size_t k) const { return (present >> k) & 1u; }
    };
    // A depth change before sorting: `key` is 2 x record order (+1 for
    // ordinary changes), so a request pushed out by a reused id leaves just
    // before the new one enters.
    struct Change {
        uint64_t tsc;
        uint32_t key;
        int32_t delta;
    };
    struct PendingSeries {
        uint16_t domain;
        uint32_t device;
        std::array<std::vector<Change>, DiskStageCount> changes;
    };

    template <size_t K> void onDisk(const Record& r, const Owner& owner);
    void take(size_t k, const DiskKey& key, const Record& r, uint32_t order);
    void onLost(const Record& r, const Owner& owner);
    uint32_t allocate(const DiskKey& key);
    uint16_t seriesOf(uint16_t domain, uint32_t device);
    // The request leaves the table. IdReused: it leaves its last stage at
    // (tsc, order) of the record that reused the id; otherwise at its next
    // record, or stays in its last stage until T1.
    void retire(uint32_t slot, DiskBreak reason, uint64_t tsc, uint32_t order, uint64_t t1);
    DiskBreak classify(const DiskRequest& r) const;

    DiskEventMap events_;
    DiskRequestIndex index_;
    std::vector<Active> active_;
    std::vector<uint32_t> free_;
    std::vector<PendingSeries> series_;
    uint32_t lastSeries_ = 0xffffffffu; // series lookup cache: requests come in runs per device
    uint32_t order_ = 0;
    DiskResults result_;
};

} // namespace xenoscope::core
