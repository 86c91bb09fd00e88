#include "core/synth/hostsimulator.h"

#include "core/synth/disktruth.h"
#include "core/synth/recordemitter.h"
#include "core/synth/rng.h"

#include <algorithm>
#include <bit>
#include <iterator>

namespace xenoscope::core {

namespace {

constexpr uint64_t Us = 1'000;
constexpr uint64_t Ms = 1'000'000;
constexpr uint64_t TickNs = 1 * Ms; // xentrace polling round

constexpr uint32_t TrcPvTrap64 = 0x00201103;
constexpr uint32_t TrcIrqHandled = 0x00802008;
constexpr uint32_t BlkBase = ev::GuestClass | 0x101; // + k: FRONT_QUEUE .. FRONT_DONE

// Hypercall numbers (xen/include/public/xen.h).
constexpr uint32_t HcMmuUpdate = 1, HcSetTimerOp = 15, HcXenVersion = 17, HcGrantTableOp = 20,
                   HcVcpuOp = 24, HcSchedOp = 29, HcEventChannelOp = 32, HcHvmOp = 34;

constexpr uint32_t runstateId(Runstate from, Runstate to) {
    return ev::RunstateChangeBase | static_cast<uint32_t>(from) << 8 |
           static_cast<uint32_t>(to) << 4;
}

// TRC_PV_HYPERCALL_V2: op with the argument-kind bits (one 32-bit argument), then the argument.
uint32_t hypercallWord(uint32_t op) {
    return op | 1u << 20;
}

} // namespace

std::vector<TruthAccumulator::VcpuInfo> HostSimulator::vcpuList(const SynthOptions& options) {
    std::vector<TruthAccumulator::VcpuInfo> list;
    for (const auto& d : options.domains)
        for (uint16_t i = 0; i < d.vcpus; ++i)
            list.push_back({d.id, i, false, d.hvm});
    for (uint16_t p = 0; p < options.pcpus; ++p)
        list.push_back({IdleDomain, p, true, false});
    return list;
}

HostSimulator::HostSimulator(const SynthOptions& options, RecordEmitter& emitter,
                             TruthAccumulator& truth, DiskTruth& disk, Rng& rng)
    : o_(options)
    , emit_(emitter)
    , truth_(truth)
    , disk_(disk)
    , rng_(rng)
    , wrapRng_(std::make_unique<Rng>(rng.fork())) {
    const uint64_t all = o_.pcpus >= 64 ? ~uint64_t{0} : (uint64_t{1} << o_.pcpus) - 1;
    std::vector<CreditScheduler::Domain> sdoms;
    std::vector<uint32_t> vdom;
    std::vector<uint64_t> vaff;
    domainVcpus_.resize(o_.domains.size());
    for (uint32_t di = 0; di < o_.domains.size(); ++di) {
        const DomainSpec& d = o_.domains[di];
        sdoms.push_back({d.weight, d.capPercent, d.vcpus});
        for (uint16_t i = 0; i < d.vcpus; ++i) {
            Vcpu v;
            v.domIdx = di;
            v.dom = d.id;
            v.id = i;
            v.hvm = d.hvm;
            v.lastPcpu = static_cast<uint16_t>(rng_.below(o_.pcpus));
            const uint64_t aff = (d.affinity ? d.affinity : all) & all;
            if (aff && !((aff >> v.lastPcpu) & 1u))
                v.lastPcpu = static_cast<uint16_t>(std::countr_zero(aff));
            domainVcpus_[di].push_back(static_cast<uint32_t>(vcpus_.size()));
            if (d.id == 0)
                dom0Vcpus_.push_back(static_cast<uint32_t>(vcpus_.size()));
            vcpus_.push_back(v);
            vdom.push_back(di);
            vaff.push_back(aff ? aff : all);
        }
    }
    // Idle vCPUs: their own pseudo-domain in the scheduler (never queued).
    sdoms.push_back({1, 0, o_.pcpus});
    pcpus_.resize(o_.pcpus);
    for (uint16_t p = 0; p < o_.pcpus; ++p) {
        Vcpu v;
        v.domIdx = static_cast<uint32_t>(o_.domains.size());
        v.dom = IdleDomain;
        v.id = p;
        v.idle = true;
        v.state = Runstate::Running;
        v.pcpu = p;
        v.lastPcpu = p;
        pcpus_[p].current = static_cast<uint32_t>(vcpus_.size());
        emit_.setOwner(p, pcpus_[p].current, IdleDomain, p);
        vcpus_.push_back(v);
        vdom.push_back(v.domIdx);
        vaff.push_back(uint64_t{1} << p);
    }
    sched_ = std::make_unique<CreditScheduler>(std::move(sdoms), std::move(vdom), std::move(vaff),
                                               o_.pcpus);
}

HostSimulator::~HostSimulator() = default;

void HostSimulator::post(uint64_t t, Kind kind, uint32_t a, uint64_t b) {
    events_.push({t, seq_++, kind, a, b});
}

void HostSimulator::begin(uint16_t p, uint64_t now) {
    pcpus_[p].cursor = std::max(pcpus_[p].cursor, now);
}

uint64_t HostSimulator::next(uint16_t p, uint64_t minStep, uint64_t maxStep) {
    pcpus_[p].cursor += rng_.between(minStep, maxStep);
    return pcpus_[p].cursor;
}

uint32_t HostSimulator::packed(uint32_t v) const {
    return uint32_t{vcpus_[v].dom} << 16 | vcpus_[v].id;
}

uint64_t HostSimulator::loadPercent(const DomainSpec& d, uint64_t now) const {
    if (d.busyFromNs == 0 && d.busyToNs == 0)
        return d.loadPercent;
    return now >= d.busyFromNs && now < d.busyToNs ? d.loadPercent : d.idleLoadPercent;
}

uint64_t HostSimulator::newBurst(uint32_t v, uint64_t) {
    const DomainSpec& d = o_.domains[vcpus_[v].domIdx];
    return std::max<uint64_t>(20 * Us, rng_.heavy(d.meanBurstNs));
}

uint64_t HostSimulator::thinkTime(uint32_t v, uint64_t now) {
    const DomainSpec& d = o_.domains[vcpus_[v].domIdx];
    const uint64_t load = std::clamp<uint64_t>(loadPercent(d, now), 1, 100);
    const uint64_t mean = d.meanBurstNs * (100 - load) / load;
    return std::max<uint64_t>(10 * Us, rng_.heavy(std::max<uint64_t>(mean, 20 * Us)));
}

// ---- HVM brackets -------------------------------------------------------

void HostSimulator::emitExit(uint16_t p, uint32_t v, const HvmExitModel::Exit& e) {
    const uint64_t ns = next(p);
    const auto w =
        emit_.record(p, ns, ev::HvmVmexit64, true,
                     {e.reason, static_cast<uint32_t>(e.rip), static_cast<uint32_t>(e.rip >> 32)});
    if (w.written)
        truth_.vmexit(p, v, e.reason, w.tsc);
    for (uint8_t i = 0; i < e.handlers; ++i) {
        const auto& h = e.handler[i];
        const uint32_t* ws = h.words.data();
        switch (h.nwords) {
        case 0:
            emit_.record(p, ns, h.event, false, {});
            break;
        case 1:
            emit_.record(p, ns, h.event, false, {ws[0]});
            break;
        case 2:
            emit_.record(p, ns, h.event, false, {ws[0], ws[1]});
            break;
        case 3:
            emit_.record(p, ns, h.event, false, {ws[0], ws[1], ws[2]});
            break;
        default:
            emit_.record(p, ns, h.event, false, {ws[0], ws[1], ws[2], ws[3], ws[4], ws[5]});
            break;
        }
    }
    vcpus_[v].inGuest = false;
}

void HostSimulator::emitEntry(uint16_t p, uint64_t afterNs) {
    pcpus_[p].cursor += afterNs;
    const auto w = emit_.record(p, next(p, 20, 60), ev::HvmVmentry, true, {});
    if (w.written)
        truth_.vmentry(p, w.tsc);
    vcpus_[pcpus_[p].current].inGuest = true;
}

bool HostSimulator::xenEnter(uint16_t p) {
    const uint32_t cur = pcpus_[p].current;
    if (!vcpus_[cur].hvm || !vcpus_[cur].inGuest)
        return false;
    emitExit(p, cur, HvmExitModel::make(rng_, vmx::ExternalInterrupt, 0xf3));
    return true;
}

void HostSimulator::xenLeave(uint16_t p, bool entered) {
    const uint32_t cur = pcpus_[p].current;
    if (entered && vcpus_[cur].hvm && !vcpus_[cur].inGuest)
        emitEntry(p, rng_.between(300, 1500));
}

// ---- scheduling ---------------------------------------------------------

void HostSimulator::wake(uint32_t v, uint16_t on, uint64_t now) {
    Vcpu& c = vcpus_[v];
    if (c.state != Runstate::Blocked)
        return;
    // Each pCPU's cursor runs ahead of the event clock by the records it has
    // just written, so the vCPU may have blocked (on its own pCPU) later than
    // `now`. Xen wakes only a vCPU that has already blocked: the waker's
    // records come after the block in time, as in the file's merged order.
    begin(on, std::max(now, c.stateSinceNs));
    const bool entered = xenEnter(on);
    emit_.record(on, next(on), ev::SchedWake, true, {c.dom, c.id});
    const uint64_t ns = next(on);
    const auto w =
        emit_.record(on, ns, runstateId(Runstate::Blocked, Runstate::Runnable), true, {packed(v)});
    if (w.written)
        truth_.runstateChange(v, Runstate::Blocked, Runstate::Runnable, w.tsc, on);
    c.state = Runstate::Runnable;
    c.stateSinceNs = ns;
    ++c.wakeGen;
    if (c.burstLeft == 0)
        c.burstLeft = newBurst(v, ns);
    sched_->enqueue(v, ns, true);
    xenLeave(on, entered);
    tickle(v, ns, true);
}

void HostSimulator::tickle(uint32_t v, uint64_t t, bool mayPreempt) {
    const Vcpu& c = vcpus_[v];
    auto idleOk = [&](uint16_t p) {
        return sched_->allowed(v, p) && vcpus_[pcpus_[p].current].idle && !pcpus_[p].schedPending;
    };
    int target = -1;
    if (idleOk(c.lastPcpu)) {
        target = c.lastPcpu;
    } else {
        const auto start = static_cast<uint16_t>(rng_.below(o_.pcpus));
        for (uint16_t i = 0; i < o_.pcpus && target < 0; ++i) {
            const auto p = static_cast<uint16_t>((start + i) % o_.pcpus);
            if (idleOk(p))
                target = p;
        }
    }
    if (target < 0 && mayPreempt) {
        int lowest = sched_->priority(v);
        for (uint16_t p = 0; p < o_.pcpus; ++p) {
            const uint32_t cur = pcpus_[p].current;
            if (!sched_->allowed(v, p) || pcpus_[p].schedPending || vcpus_[cur].idle)
                continue;
            const int prio = sched_->priority(cur);
            if (prio < lowest) {
                lowest = prio;
                target = p;
            }
        }
    }
    if (target < 0)
        return;
    pcpus_[static_cast<size_t>(target)].schedPending = true;
    post(t + rng_.between(1 * Us, 3 * Us), Kind::Schedule, static_cast<uint32_t>(target));
}

void HostSimulator::schedule(uint16_t p, uint64_t now, bool sliceEnd) {
    Pcpu& pc = pcpus_[p];
    pc.schedPending = false;
    begin(p, now);
    const uint32_t cur = pc.current;
    Vcpu& c = vcpus_[cur];
    if (!c.idle) {
        const uint64_t ran = pc.cursor - std::min(pc.cursor, c.lastAccountNs);
        c.burstLeft -= std::min(c.burstLeft, ran);
        sched_->burn(cur, ran);
        c.lastAccountNs = pc.cursor;
    }
    const uint32_t cand = sched_->pick(p, pc.cursor + 400);
    const bool blocking = c.blockPending;
    if (c.idle && cand == CreditScheduler::None)
        return; // tickled, but someone else took the work
    bool keep = false;
    if (!c.idle && !blocking && !sched_->parked(cur)) {
        if (cand == CreditScheduler::None) {
            keep = true;
        } else {
            const int mine = sched_->priority(cur), theirs = sched_->priority(cand);
            keep = theirs < mine || (theirs == mine && !sliceEnd);
        }
    }
    const bool entered = xenEnter(p);
    if (keep) {
        if (sliceEnd) {
            // Xen writes these only when schedule() keeps the vCPU; before the
            // pCPU's first switch is in the file they would make a vCPU known
            // where its pCPU is not (metrics: occupancy starts at a switch).
            if (pc.wroteSwitch) {
                emit_.record(p, next(p), ev::SwitchInfCont, true,
                             {c.dom, c.id, static_cast<uint32_t>(pc.cursor - c.stateSinceNs),
                              static_cast<uint32_t>(o_.sliceNs)});
                const auto w = emit_.record(p, next(p), ev::ContinueRunning, true, {packed(cur)});
                if (w.written)
                    truth_.continueRunning(cur, w.tsc);
            }
            post(pc.cursor + o_.sliceNs, Kind::SliceEnd, p, ++pc.sliceGen);
        }
        xenLeave(p, entered);
        return;
    }
    const uint32_t nxt =
        cand == CreditScheduler::None ? static_cast<uint32_t>(vcpus_.size() - o_.pcpus + p) : cand;
    Vcpu& n = vcpus_[nxt];
    const uint64_t nsPrev = next(p);
    emit_.record(p, nsPrev, ev::SwitchInfPrev, true,
                 {c.dom, c.id, static_cast<uint32_t>(nsPrev - pc.infprevNs)});
    const uint64_t nsNext = next(p);
    emit_.record(p, nsNext, ev::SwitchInfNext, true,
                 {n.dom, n.id, static_cast<uint32_t>(nsNext - std::min(nsNext, n.stateSinceNs)),
                  n.idle ? 0xffffffffu : static_cast<uint32_t>(o_.sliceNs)});
    // The switch and both runstate changes share one TSC, so per-pCPU busy
    // time and per-vCPU running time add up to the same cycles.
    const uint64_t S = next(p);
    const auto sw = emit_.record(p, S, ev::SchedSwitch, true, {c.dom, c.id, n.dom, n.id});
    emit_.setOwner(p, nxt, n.dom, n.id);
    if (sw.written) {
        truth_.schedSwitch(p, cur, nxt, sw.tsc);
        pc.wroteSwitch = true;
    }
    const Runstate prevTo = !c.idle && blocking ? Runstate::Blocked : Runstate::Runnable;
    const auto r1 = emit_.record(p, S, runstateId(Runstate::Running, prevTo), true, {packed(cur)});
    if (r1.written)
        truth_.runstateChange(cur, Runstate::Running, prevTo, r1.tsc, p);
    const auto r2 =
        emit_.record(p, S, runstateId(Runstate::Runnable, Runstate::Running), true, {packed(nxt)});
    if (r2.written)
        truth_.runstateChange(nxt, Runstate::Runnable, Runstate::Running, r2.tsc, p);

    c.state = prevTo;
    c.stateSinceNs = S;
    c.pcpu = -1;
    c.lastPcpu = p;
    c.inGuest = false;
    c.blockPending = false;
    ++c.activityGen;
    sched_->clearBoost(cur);
    sched_->dequeue(nxt);
    n.state = Runstate::Running;
    n.pcpu = p;
    n.stateSinceNs = S;
    n.lastAccountNs = S;
    n.lastPcpu = p;
    pc.current = nxt;
    pc.infprevNs = nsPrev;
    ++pc.sliceGen;
    if (!c.idle) {
        if (prevTo == Runstate::Runnable) {
            sched_->enqueue(cur, S, false);
            tickle(cur, S, false);
        } else {
            post(S + thinkTime(cur, S), Kind::Wake, cur, ++c.wakeGen);
        }
    }
    if (n.idle) {
        // A vCPU queued a moment ago becomes visible here shortly: look again then.
        uint64_t soonest = ~uint64_t{0};
        for (const uint32_t q : sched_->queue())
            if (sched_->allowed(q, p) && sched_->priority(q) >= 0)
                soonest = std::min(soonest, sched_->readyNs(q));
        if (soonest != ~uint64_t{0}) {
            pc.schedPending = true;
            post(std::max(soonest + CreditScheduler::MigrationNs + 100, pc.cursor + 500),
                 Kind::Schedule, p);
        }
    } else {
        post(S + o_.sliceNs, Kind::SliceEnd, p, pc.sliceGen);
        if (n.hvm)
            emitEntry(p, rng_.between(500, 2500)); // resume: from the switch to the first VMENTRY
        if (n.burstLeft == 0)
            n.burstLeft = newBurst(nxt, S);
        armActivity(nxt, pc.cursor + rng_.between(2 * Us, 20 * Us));
    }
}

// ---- what a running vCPU does ---------------------------------------------

void HostSimulator::armActivity(uint32_t v, uint64_t at) {
    Vcpu& c = vcpus_[v];
    c.nextActivityNs = at;
    post(at, Kind::Activity, v, ++c.activityGen);
}

void HostSimulator::poke(uint32_t v, uint64_t at) {
    const Vcpu& c = vcpus_[v];
    if (c.state == Runstate::Running && at < c.nextActivityNs)
        armActivity(v, at);
}

void HostSimulator::activity(uint32_t v, uint64_t now) {
    Vcpu& c = vcpus_[v];
    if (c.state != Runstate::Running || c.pcpu < 0)
        return;
    const auto p = static_cast<uint16_t>(c.pcpu);
    Pcpu& pc = pcpus_[p];
    begin(p, now);
    const uint64_t ran = pc.cursor - std::min(pc.cursor, c.lastAccountNs);
    c.burstLeft -= std::min(c.burstLeft, ran);
    const bool parkedNow = sched_->burn(v, ran);
    if ((parkedNow || sched_->parked(v)) && !pc.schedPending) {
        pc.schedPending = true;
        post(pc.cursor + 1 * Us, Kind::Schedule, p, 1); // cap reached: off the pCPU
    }
    c.lastAccountNs = pc.cursor;

    if (!c.inbox.empty() && c.inbox.front().readyNs <= pc.cursor) {
        const Work w = c.inbox.front();
        c.inbox.pop_front();
        doWork(v, p, w);
    } else if (c.burstLeft == 0 && c.inbox.empty()) {
        if (c.hvm)
            emitExit(p, v, HvmExitModel::make(rng_, vmx::Hlt));
        else
            emit_.record(p, next(p), ev::PvHypercallV2, true,
                         {hypercallWord(HcSchedOp), 1 /* SCHEDOP_block */});
        emit_.record(p, next(p), ev::SchedBlock, true, {c.dom, c.id});
        c.blockPending = true;
        schedule(p, pc.cursor, false);
        return;
    } else if (c.hvm) {
        const auto e = HvmExitModel::draw(rng_);
        emitExit(p, v, e);
        emitEntry(p, e.durationNs);
    } else if (rng_.chance(85, 100)) {
        static constexpr uint32_t ops[] = {HcMmuUpdate, HcSetTimerOp,     HcXenVersion,
                                           HcVcpuOp,    HcEventChannelOp, HcGrantTableOp};
        const uint32_t op = ops[rng_.below(std::size(ops))];
        emit_.record(p, next(p), ev::PvHypercallV2, true,
                     {hypercallWord(op), static_cast<uint32_t>(rng_.below(16))});
    } else {
        const uint64_t rip = 0xffffffff81000000ull + rng_.below(0x800000);
        emit_.record(p, next(p), TrcPvTrap64, true,
                     {static_cast<uint32_t>(rip), static_cast<uint32_t>(rip >> 32),
                      14u | 0x8000u | 2u << 16});
    }
    uint64_t at = pc.cursor + std::max<uint64_t>(1 * Us, rng_.heavy(c.hvm ? 40 * Us : 60 * Us));
    if (c.burstLeft)
        at = std::min(at, pc.cursor + c.burstLeft);
    else
        at = pc.cursor + 1 * Us;
    if (!c.inbox.empty())
        at = c.burstLeft ? std::min(at, std::max(c.inbox.front().readyNs, pc.cursor + 500))
                         : std::max(c.inbox.front().readyNs, pc.cursor + 500);
    armActivity(v, std::max(at, pc.cursor + 200));
}

void HostSimulator::guestRecord(uint32_t v, uint16_t p, uint64_t request, int k,
                                std::initializer_list<uint32_t> words) {
    // HVMOP_xentrace: the record has no TSC; it follows the VMCALL exit or
    // the hypercall record that carried it.
    const auto w =
        emit_.record(p, pcpus_[p].cursor, BlkBase + static_cast<uint32_t>(k), false, words);
    (void)v;
    if (w.written)
        disk_.record(request, k, w.tsc, w.seq);
}

void HostSimulator::backendRecord(uint16_t p, uint64_t request, int k,
                                  std::initializer_list<uint32_t> words) {
    const auto w = emit_.record(p, next(p), BlkBase + static_cast<uint32_t>(k), true, words);
    if (w.written)
        disk_.record(request, k, w.tsc, w.seq);
}

void HostSimulator::deliver(uint32_t v, Work w, uint16_t fromPcpu) {
    Vcpu& c = vcpus_[v];
    c.inbox.push_back(w);
    if (c.state == Runstate::Blocked)
        wake(v, fromPcpu, pcpus_[fromPcpu].cursor); // the event channel notification
    else
        poke(v, std::max(w.readyNs, pcpus_[fromPcpu].cursor));
}

void HostSimulator::doWork(uint32_t v, uint16_t p, const Work& w) {
    Vcpu& c = vcpus_[v];
    const auto it = requests_.find(w.request);
    if (it == requests_.end())
        return;
    const Request r = it->second;
    const bool guest = w.kind == WorkKind::Issue || w.kind == WorkKind::Ring ||
                       w.kind == WorkKind::FrontResp || w.kind == WorkKind::FrontDone;
    HvmExitModel::Exit exit;
    if (guest) {
        if (c.hvm) {
            exit = HvmExitModel::make(rng_, vmx::Vmcall, HcHvmOp);
            emitExit(p, v, exit);
        } else {
            emit_.record(p, next(p), ev::PvHypercallV2, true,
                         {hypercallWord(HcHvmOp), 7 /* HVMOP_xentrace */});
        }
    }
    const auto req = static_cast<uint32_t>(w.request);
    switch (w.kind) {
    case WorkKind::Issue:
        guestRecord(v, p, w.request, 0,
                    {r.dev, req, static_cast<uint32_t>(r.sector),
                     static_cast<uint32_t>(r.sector >> 32), r.sectors, r.op});
        c.inbox.push_back({WorkKind::Ring, w.request, pcpus_[p].cursor + rng_.around(20 * Us)});
        break;
    case WorkKind::Ring:
        guestRecord(v, p, w.request, 1, {r.dev, req});
        deliver(r.backend, {WorkKind::BackRing, w.request, pcpus_[p].cursor + 1 * Us}, p);
        break;
    case WorkKind::FrontResp:
        guestRecord(v, p, w.request, 6, {r.dev, req, 0});
        c.inbox.push_back({WorkKind::FrontDone, w.request, pcpus_[p].cursor + rng_.around(8 * Us)});
        break;
    case WorkKind::FrontDone:
        guestRecord(v, p, w.request, 7, {r.dev, req});
        disk_.retire(w.request);
        requests_.erase(w.request);
        break;
    case WorkKind::BackRing:
        emit_.record(p, next(p), ev::PvHypercallV2, true, {hypercallWord(HcGrantTableOp), 0});
        backendRecord(p, w.request, 2, {r.feDom, r.dev, req});
        emit_.record(p, next(p), ev::GrantMap, true, {r.feDom});
        pcpus_[p].cursor += rng_.between(2 * Us, 5 * Us);
        backendRecord(p, w.request, 3, {r.feDom, r.dev, req});
        post(device_.submit(pcpus_[p].cursor, rng_), Kind::DeviceDone, 0, w.request);
        break;
    case WorkKind::BackDone:
        backendRecord(p, w.request, 4, {r.feDom, r.dev, req, 0});
        pcpus_[p].cursor += rng_.between(1 * Us, 3 * Us);
        backendRecord(p, w.request, 5, {r.feDom, r.dev, req});
        emit_.record(p, next(p), ev::GrantUnmap, true, {r.feDom});
        deliver(r.frontend, {WorkKind::FrontResp, w.request, pcpus_[p].cursor + 1 * Us}, p);
        break;
    }
    if (guest && c.hvm)
        emitEntry(p, exit.durationNs);
}

void HostSimulator::deviceDone(uint64_t request, uint64_t now) {
    const auto it = requests_.find(request);
    if (it == requests_.end())
        return;
    const uint32_t b = it->second.backend;
    const auto q = static_cast<uint16_t>(vcpus_[b].pcpu >= 0 ? vcpus_[b].pcpu : vcpus_[b].lastPcpu);
    begin(q, now);
    const bool entered = xenEnter(q);
    const uint64_t in = emit_.tscAt(pcpus_[q].cursor);
    const uint64_t ns = next(q, 400, 1200);
    emit_.record(q, ns, TrcIrqHandled, true,
                 {64, static_cast<uint32_t>(in), static_cast<uint32_t>(emit_.tscAt(ns))});
    deliver(b, {WorkKind::BackDone, request, pcpus_[q].cursor + 500}, q);
    xenLeave(q, entered);
}

void HostSimulator::diskArrival(uint32_t domIdx, uint64_t now) {
    const auto& list = domainVcpus_[domIdx];
    const uint32_t v = list[rng_.below(list.size())];
    Request r;
    r.frontend = v;
    r.backend = dom0Vcpus_[o_.domains[domIdx].id % dom0Vcpus_.size()];
    r.feDom = o_.domains[domIdx].id;
    r.dev = rng_.chance(3, 4) ? 51712 : 51728;
    const uint64_t opPick = rng_.below(100);
    r.op = opPick < 60 ? 0 : opPick < 98 ? 1 : 2;
    r.sector = rng_.below(uint64_t{1} << 30) & ~uint64_t{7};
    r.sectors = r.op == 2 ? 0 : static_cast<uint32_t>(8 * rng_.between(1, 32));
    const uint64_t id = device_.newRequest();
    requests_[id] = r;
    const uint16_t on =
        vcpus_[v].pcpu >= 0 ? static_cast<uint16_t>(vcpus_[v].pcpu) : vcpus_[v].lastPcpu;
    begin(on, now);
    deliver(v, {WorkKind::Issue, id, now}, on);
    post(now + std::max<uint64_t>(1 * Us, rng_.around(static_cast<uint64_t>(1e9 / o_.diskRate))),
         Kind::DiskArrival, domIdx);
}

void HostSimulator::tick(uint64_t now) {
    // With --truncate the last round is left for RecordEmitter::finish to cut short.
    if (!o_.truncate || now + TickNs <= endNs_)
        emit_.flushRound(*wrapRng_, o_.wrapPerMille);
    disk_.advance(emit_.safeTsc(now));
    if (o_.targetBytes && emit_.bytesWritten() >= o_.targetBytes)
        stop_ = true;
    post(now + TickNs, Kind::Tick);
}

uint64_t HostSimulator::run() {
    endNs_ = o_.durationNs ? o_.warmupNs + o_.durationNs : ~uint64_t{0};
    emit_.startTracingAt(o_.warmupNs);
    // Lost-record windows, spread over the traced part.
    if (o_.lostGaps) {
        const uint64_t span = o_.durationNs ? o_.durationNs : 100 * Ms * o_.lostGaps;
        for (uint32_t i = 0; i < o_.lostGaps; ++i) {
            const uint64_t at = o_.warmupNs + span / 10 + span * 8 / 10 * i / o_.lostGaps +
                                rng_.below(span / 20 / o_.lostGaps + 1);
            emit_.addLostWindow(at, at + rng_.between(300 * Us, 1 * Ms));
        }
    }
    for (uint32_t v = 0; v < vcpus_.size(); ++v)
        if (!vcpus_[v].idle)
            post(rng_.below(2 * Ms), Kind::Wake, v, vcpus_[v].wakeGen);
    for (uint32_t d = 0; d < o_.domains.size(); ++d) {
        if (o_.domains[d].disk && o_.domains[d].id != 0 && o_.diskRate > 0)
            post(rng_.below(5 * Ms), Kind::DiskArrival, d);
        if (o_.domains[d].busyFromNs)
            post(o_.domains[d].busyFromNs, Kind::BusyStart, d);
    }
    post(TickNs, Kind::Tick);
    post(CreditScheduler::PeriodNs, Kind::Credit);

    uint64_t now = 0;
    while (!events_.empty() && !stop_) {
        const Event e = events_.top();
        if (e.t > endNs_)
            break;
        events_.pop();
        now = e.t;
        switch (e.kind) {
        case Kind::Wake:
            if (vcpus_[e.a].wakeGen == e.b)
                wake(e.a, vcpus_[e.a].lastPcpu, now);
            break;
        case Kind::Schedule:
            schedule(static_cast<uint16_t>(e.a), now, e.b != 0);
            break;
        case Kind::SliceEnd:
            if (pcpus_[e.a].sliceGen == e.b && !vcpus_[pcpus_[e.a].current].idle)
                schedule(static_cast<uint16_t>(e.a), now, true);
            break;
        case Kind::Activity:
            if (vcpus_[e.a].activityGen == e.b)
                activity(e.a, now);
            break;
        case Kind::DeviceDone:
            deviceDone(e.b, now);
            break;
        case Kind::DiskArrival:
            diskArrival(e.a, now);
            break;
        case Kind::BusyStart:
            for (const uint32_t v : domainVcpus_[e.a])
                wake(v, vcpus_[v].lastPcpu, now);
            break;
        case Kind::Tick:
            tick(now);
            break;
        case Kind::Credit:
            sched_->accountingTick();
            for (const uint32_t v : std::vector<uint32_t>(sched_->queue()))
                tickle(v, now, false);
            post(now + CreditScheduler::PeriodNs, Kind::Credit);
            break;
        }
    }
    return o_.durationNs ? endNs_ : now;
}

} // namespace xenoscope::core
