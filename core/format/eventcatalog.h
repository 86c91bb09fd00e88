#pragma once
// EventCatalog: knows every xentrace event id that Xen (and our instrumented block drivers)
// emit, gives each a stable name, and turns a record's payload words into readable text.
// Payload layouts changed between Xen versions, so decoding always looks at the id *and*
// the number of words; anything it does not recognise is printed raw, never dropped.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace xenoscope::core {

class EventCatalog {
public:
    // The catalog compiled into the program (Xen's public/trace.h, the scheduler sources,
    // shared/spec/disk-io-events.md). Stateless and immutable: safe to share across threads.
    static const EventCatalog& builtin();

    // Stable name of the event, e.g. "runstate_change", "switch_infprev", "VMEXIT",
    // "csched2:tickle", "blk_front_queue". Empty when the id is unknown (callers print hex).
    // 64-bit-address variants (TRC_64_FLAG) share the name of their 32-bit twin, as in
    // xentrace_format; every RUNSTATE_CHANGE (old, new) pair is "runstate_change".
    std::string_view name(uint32_t id) const;

    // Trace class of any id (bits 16-27): "gen", "sched", "dom0op", "hvm", "mem", "pv",
    // "shadow", "hw", "guest", or "unknown".
    static std::string_view className(uint32_t id);

    // Appends a decoding of the payload as "key=value" pairs separated by ", " (domain and
    // vCPU as "d1v2", addresses and ids in hex). Falls back to "[ 0x... 0x... ]" with every
    // word when the id is unknown or the word count fits no known layout. Appends nothing
    // for a known event without payload.
    void formatFields(uint32_t id, const uint32_t* words, unsigned nwords, std::string& out) const;

    // Names of hardware exit codes and hypercalls; empty when unknown.
    static std::string_view vmxExitReason(uint32_t reason); // basic reason, bits 0-15
    static std::string_view svmExitReason(uint32_t exitCode);
    static std::string_view hypercallName(uint32_t op);

    // Number of ids the catalog names (for tests and diagnostics).
    std::size_t size() const;

private:
    EventCatalog() = default;
};

} // namespace xenoscope::core
