#pragma once
// The simulated Xen host: a discrete-event model of pCPUs running dom0 and
// guest vCPUs under CreditScheduler, with wake-ups, blocking, preemption and
// migration, HVM exits, PV hypercalls, interrupts and the split block driver.
// It writes the records Xen would write, in Xen's order, through
// RecordEmitter, and reports each one that reached the file to the truth.
//
// Records of one pCPU are written strictly in time order: each pCPU has a
// cursor (the time of its last record) and work on it starts no earlier.

#include "core/format/record.h"
#include "core/synth/creditscheduler.h"
#include "core/synth/diskmodel.h"
#include "core/synth/hvmexitmodel.h"
#include "core/synth/synthoptions.h"
#include "core/synth/truthaccumulator.h"

#include <cstdint>
#include <deque>
#include <memory>
#include <queue>
#include <unordered_map>
#include <vector>

namespace xenoscope::core {

class DiskTruth;
class RecordEmitter;
class Rng;

class HostSimulator {
public:
    // `options` complete (ScenarioPresets::apply done).
    HostSimulator(const SynthOptions& options, RecordEmitter& emitter, TruthAccumulator& truth,
                  DiskTruth& disk, Rng& rng);
    ~HostSimulator();

    // The vCPU list the truth is indexed by: guests in domain order, then one idle vCPU per pCPU.
    static std::vector<TruthAccumulator::VcpuInfo> vcpuList(const SynthOptions& options);

    // Runs until the duration or the byte target; returns the end time (ns).
    uint64_t run();

private:
    enum class Kind : uint8_t {
        Wake,
        Schedule,
        SliceEnd,
        Activity,
        DeviceDone,
        DiskArrival,
        BusyStart,
        Tick,
        Credit
    };
    struct Event {
        uint64_t t;
        uint64_t seq;
        Kind kind;
        uint32_t a;
        uint64_t b;
        bool operator>(const Event& o) const { return t != o.t ? t > o.t : seq > o.seq; }
    };
    enum class WorkKind : uint8_t { Issue, Ring, BackRing, BackDone, FrontResp, FrontDone };
    struct Work {
        WorkKind kind;
        uint64_t request;
        uint64_t readyNs;
    };
    struct Request {
        uint32_t frontend; // vCPU index
        uint32_t backend;  // dom0 vCPU index
        uint16_t feDom;
        uint32_t dev;
        uint32_t op;
        uint64_t sector;
        uint32_t sectors;
    };
    struct Vcpu {
        uint32_t domIdx = 0;
        uint16_t dom = 0, id = 0;
        bool hvm = false, idle = false;
        Runstate state = Runstate::Blocked;
        int pcpu = -1;
        uint16_t lastPcpu = 0;
        uint64_t stateSinceNs = 0;
        uint64_t burstLeft = 0;
        uint64_t lastAccountNs = 0;
        uint64_t activityGen = 0, nextActivityNs = 0;
        uint64_t wakeGen = 0;
        bool inGuest = false;
        bool blockPending = false;
        std::deque<Work> inbox;
    };
    struct Pcpu {
        uint32_t current = 0;
        uint64_t cursor = 0;
        bool schedPending = false;
        uint64_t infprevNs = 0; // INFPREV of the schedule() that switched `current` in
        uint64_t sliceGen = 0;
        bool wroteSwitch = false;
    };

    void post(uint64_t t, Kind kind, uint32_t a = 0, uint64_t b = 0);
    void begin(uint16_t p, uint64_t now);
    uint64_t next(uint16_t p, uint64_t minStep = 60, uint64_t maxStep = 220);
    uint32_t packed(uint32_t v) const;

    void emitExit(uint16_t p, uint32_t v, const HvmExitModel::Exit& e);
    void emitEntry(uint16_t p, uint64_t afterNs);
    bool xenEnter(uint16_t p);
    void xenLeave(uint16_t p, bool entered);

    void wake(uint32_t v, uint16_t on, uint64_t now);
    void tickle(uint32_t v, uint64_t t, bool mayPreempt);
    void schedule(uint16_t p, uint64_t now, bool sliceEnd);
    void activity(uint32_t v, uint64_t now);
    void poke(uint32_t v, uint64_t at);
    void armActivity(uint32_t v, uint64_t at);
    void doWork(uint32_t v, uint16_t p, const Work& w);
    void deliver(uint32_t v, Work w, uint16_t fromPcpu);
    void guestRecord(uint32_t v, uint16_t p, uint64_t request, int k,
                     std::initializer_list<uint32_t> words);
    void backendRecord(uint16_t p, uint64_t request, int k, std::initializer_list<uint32_t> words);
    void deviceDone(uint64_t request, uint64_t now);
    void diskArrival(uint32_t domIdx, uint64_t now);
    void tick(uint64_t now);
    uint64_t loadPercent(const DomainSpec& d, uint64_t now) const;
    uint64_t newBurst(uint32_t v, uint64_t now);
    uint64_t thinkTime(uint32_t v, uint64_t now);

    const SynthOptions& o_;
    RecordEmitter& emit_;
    TruthAccumulator& truth_;
    DiskTruth& disk_;
    Rng& rng_;
    std::unique_ptr<Rng> wrapRng_;
    std::unique_ptr<CreditScheduler> sched_;
    DiskModel device_;
    std::vector<Vcpu> vcpus_;
    std::vector<Pcpu> pcpus_;
    std::vector<std::vector<uint32_t>> domainVcpus_;
    std::vector<uint32_t> dom0Vcpus_;
    std::priority_queue<Event, std::vector<Event>, std::greater<>> events_;
    std::unordered_map<uint64_t, Request> requests_;
    uint64_t seq_ = 0;
    uint64_t endNs_ = 0;
    bool stop_ = false;
};

} // namespace xenoscope::core
