#include "core/format/eventcatalog.h"

#include "core/format/record.h"

#include <algorithm>
#include <array>
#include <charconv>

// Facts (ids, payload layouts, code names) come from Xen's public/trace.h, xen.h, the
// scheduler sources (xen/common/sched/*.c), the VMX/SVM headers, xenalyze and the
// xentrace_format "formats" file; the tables below are our own.

namespace xenoscope::core {

namespace {

// How to decode an event's payload. One value per distinct layout family; each decoder
// checks the word count itself and falls back to raw words when it does not match.
enum class Layout : uint8_t {
    Raw, // no known structure (or no payload at all)
    // gen
    LostRecords,
    CpuChange,
    TraceIrq,
    // sched
    Runstate,      // one word: vcpu low 16, domain high 16; old/new runstate from the id
    PackedVcpu,    // one word: vcpu low 16, domain high 16
    Dom,           // one word: domain id
    DomVcpu,       // dom, vcpu
    DomVcpuReason, // dom, vcpu, reason
    SchedSwitch,
    InfPrev,
    InfNext,
    InfCont,
    // credit
    CsAccount,
    CsStolen,
    CsPicked,
    Cpu,        // one word: a pCPU number (low 16 bits meaningful)
    CsSchedule, // cpu:16 tasklet:8 idle:8
    VcpuRuntime,
    CsStealCheck,
    // credit2
    C2RunqPos,
    C2CreditBurn,
    C2TickleCheck,
    C2CreditReset,
    C2RunqAssign,
    C2UnitLoad,
    C2RunqLoad,
    C2TickleNew,
    C2MaxWeight,
    C2Migrate,
    C2LoadCheck,
    C2LoadBalance,
    C2PickedCpu,
    C2RunqCandidate,
    C2Schedule,
    C2CandCheck,
    // rtds
    RtRunqPick,
    RtBurn,
    RtRepl,
    RtSchedule,
    // null
    NullVcpuCpu,
    NullMigrate,
    NullSchedule,
    // hvm
    VmxExit,
    SvmExit,
    PfXen,
    PfInject,
    InjExc,
    InjVirq,
    Vector,
    IoPortSize,
    CrAccess,
    MsrAccess,
    Cpuid,
    Intr,
    Func,
    Hlt,
    Invlpg,
    IoAssist,
    Value,
    Value64,
    IntrWindow,
    Npf,
    ExitQual,
    XcrAccess,
    HpetStart,
    DeltaPeriod32,
    LapicStart,
    TimerNo,
    PicIntOutput,
    Irq,
    PicIntack,
    PicPendIrq,
    LapicPicIntr,
    // mem
    GrantDom,
    SetP2m,
    GfnDomOrder,
    Pod,
    // pv
    PvHypercall,
    PvTrap,
    PvPageFault,
    PvOneAddr,
    PvTwoAddr,
    PvPtwr,
    PvHypercallV2,
    // hw
    FreqChange,
    IdleEntry,
    IdleExit,
    IrqVectorCpu,
    IrqVectorMask,
    IrqUnmapped,
    IrqHandled,
    // guest (disk I/O instrumentation)
    BlkFrontQueue,
    BlkDevReq,
    BlkBackReq,
    BlkBackDone,
    BlkFrontResp,
};

struct Entry {
    uint32_t id;
    std::string_view name;
    Layout layout;
};

constexpr uint32_t kFlag64 = 0x100; // TRC_64_FLAG / TRC_PV_64_FLAG

// Scheduler-specific ids: TRC_SCHED_CLASS | scheduler id << 9 | event.
constexpr uint32_t schedEvt(uint32_t schedId, uint32_t event) {
    return 0x00022000u | (schedId << 9) | event;
}
constexpr uint32_t kCredit = 0, kCredit2 = 1, kRtds = 4, kNull = 5;
// ARINC653 (id 3) defines no trace events in Xen, so it has no entries.

using L = Layout;

// Written in the order of trace.h; sorted at compile time below.
constexpr Entry kListed[] = {
    // TRC_GEN
    {0x0001f001, "lost_records", L::LostRecords},
    {0x0001f002, "wrap_buffer", L::Raw},
    {0x0001f003, "cpu_change", L::CpuChange},
    {0x0001f004, "trace_irq", L::TraceIrq}, // TRC_TRACE_IRQ of older Xen

    // TRC_SCHED_MIN (runstate pairs are generated)
    {0x00021002, "continue_running", L::PackedVcpu},

    // TRC_SCHED_VERBOSE
    {0x00028001, "sched_add_domain", L::Dom},
    {0x00028002, "sched_rem_domain", L::Dom},
    {0x00028003, "domain_sleep", L::DomVcpu},
    {0x00028004, "domain_wake", L::DomVcpu},
    {0x00028005, "do_yield", L::DomVcpu},
    {0x00028006, "do_block", L::DomVcpu},
    {0x00028007, "domain_shutdown", L::DomVcpuReason},
    {0x00028008, "sched_ctl", L::Raw},
    {0x00028009, "sched_adjdom", L::Dom},
    {0x0002800a, "sched_switch", L::SchedSwitch},
    {0x0002800b, "s_timer_fn", L::Raw},
    {0x0002800c, "t_timer_fn", L::Raw},
    {0x0002800d, "dom_timer_fn", L::Raw},
    {0x0002800e, "switch_infprev", L::InfPrev},
    {0x0002800f, "switch_infnext", L::InfNext},
    {0x00028010, "domain_shutdown_code", L::DomVcpuReason},
    {0x00028011, "switch_infcont", L::InfCont},

    // credit (xen/common/sched/credit.c)
    {schedEvt(kCredit, 1), "csched:sched_tasklet", L::Raw},
    {schedEvt(kCredit, 2), "csched:account_start", L::CsAccount},
    {schedEvt(kCredit, 3), "csched:account_stop", L::CsAccount},
    {schedEvt(kCredit, 4), "csched:stolen_vcpu", L::CsStolen},
    {schedEvt(kCredit, 5), "csched:picked_cpu", L::CsPicked},
    {schedEvt(kCredit, 6), "csched:tickle", L::Cpu},
    {schedEvt(kCredit, 7), "csched:boost", L::DomVcpu},
    {schedEvt(kCredit, 8), "csched:unboost", L::DomVcpu},
    {schedEvt(kCredit, 9), "csched:schedule", L::CsSchedule},
    {schedEvt(kCredit, 10), "csched:ratelimit", L::VcpuRuntime},
    {schedEvt(kCredit, 11), "csched:steal_check", L::CsStealCheck},

    // credit2 (xen/common/sched/credit2.c). Event 18 is unused; the old "formats" file
    // labels 0x00022212..16 one lower than the code emits them, we follow the code.
    {schedEvt(kCredit2, 1), "csched2:tick", L::Raw},
    {schedEvt(kCredit2, 2), "csched2:runq_pos", L::C2RunqPos},
    {schedEvt(kCredit2, 3), "csched2:credit_burn", L::C2CreditBurn},
    {schedEvt(kCredit2, 4), "csched2:credit_add", L::Raw},
    {schedEvt(kCredit2, 5), "csched2:tickle_check", L::C2TickleCheck},
    {schedEvt(kCredit2, 6), "csched2:tickle", L::Cpu},
    {schedEvt(kCredit2, 7), "csched2:credit_reset", L::C2CreditReset},
    {schedEvt(kCredit2, 8), "csched2:sched_tasklet", L::Raw},
    {schedEvt(kCredit2, 9), "csched2:update_load", L::Raw},
    {schedEvt(kCredit2, 10), "csched2:runq_assign", L::C2RunqAssign},
    {schedEvt(kCredit2, 11), "csched2:updt_vcpu_load", L::C2UnitLoad},
    {schedEvt(kCredit2, 12), "csched2:updt_runq_load", L::C2RunqLoad},
    {schedEvt(kCredit2, 13), "csched2:tickle_new", L::C2TickleNew},
    {schedEvt(kCredit2, 14), "csched2:runq_max_weight", L::C2MaxWeight},
    {schedEvt(kCredit2, 15), "csched2:migrate", L::C2Migrate},
    {schedEvt(kCredit2, 16), "csched2:load_check", L::C2LoadCheck},
    {schedEvt(kCredit2, 17), "csched2:load_balance", L::C2LoadBalance},
    {schedEvt(kCredit2, 19), "csched2:pick_cpu", L::C2PickedCpu},
    {schedEvt(kCredit2, 20), "csched2:runq_candidate", L::C2RunqCandidate},
    {schedEvt(kCredit2, 21), "csched2:schedule", L::C2Schedule},
    {schedEvt(kCredit2, 22), "csched2:ratelimit", L::VcpuRuntime},
    {schedEvt(kCredit2, 23), "csched2:runq_cand_chk", L::C2CandCheck},

    // RTDS (xen/common/sched/rt.c)
    {schedEvt(kRtds, 1), "rtds:tickle", L::Cpu},
    {schedEvt(kRtds, 2), "rtds:runq_pick", L::RtRunqPick},
    {schedEvt(kRtds, 3), "rtds:burn_budget", L::RtBurn},
    {schedEvt(kRtds, 4), "rtds:repl_budget", L::RtRepl},
    {schedEvt(kRtds, 5), "rtds:sched_tasklet", L::Raw},
    {schedEvt(kRtds, 6), "rtds:schedule", L::RtSchedule},

    // null (xen/common/sched/null.c)
    {schedEvt(kNull, 1), "null:pick_cpu", L::NullVcpuCpu},
    {schedEvt(kNull, 2), "null:assign", L::NullVcpuCpu},
    {schedEvt(kNull, 3), "null:deassign", L::NullVcpuCpu},
    {schedEvt(kNull, 4), "null:migrate", L::NullMigrate},
    {schedEvt(kNull, 5), "null:schedule", L::NullSchedule},
    {schedEvt(kNull, 6), "null:sched_tasklet", L::Raw},

    // TRC_DOM0_DOMOPS
    {0x00041001, "domain_create", L::Dom},
    {0x00041002, "domain_destroy", L::Dom},

    // TRC_HVM_ENTRYEXIT (0x400 = TRC_HVM_NESTEDFLAG: the exit came from a nested guest)
    {0x00081001, "VMENTRY", L::Raw},
    {0x00081002, "VMEXIT", L::VmxExit},
    {0x00081003, "VMEXIT", L::SvmExit},
    {0x00081002 | kFlag64, "VMEXIT", L::VmxExit},
    {0x00081003 | kFlag64, "VMEXIT", L::SvmExit},
    {0x00081401, "nVMENTRY", L::Raw},
    {0x00081402, "nVMEXIT", L::VmxExit},
    {0x00081403, "nVMEXIT", L::SvmExit},
    {0x00081402 | kFlag64, "nVMEXIT", L::VmxExit},
    {0x00081403 | kFlag64, "nVMEXIT", L::SvmExit},

    // TRC_HVM_HANDLER
    {0x00082001, "PF_XEN", L::PfXen},
    {0x00082001 | kFlag64, "PF_XEN", L::PfXen},
    {0x00082002, "PF_INJECT", L::PfInject},
    {0x00082002 | kFlag64, "PF_INJECT", L::PfInject},
    {0x00082003, "INJ_EXC", L::InjExc},
    {0x00082004, "INJ_VIRQ", L::InjVirq},
    {0x00082005, "REINJ_VIRQ", L::Vector},
    {0x00082006, "IO_READ", L::IoPortSize},
    {0x00082007, "IO_WRITE", L::IoPortSize},
    {0x00082008, "CR_READ", L::CrAccess},
    {0x00082008 | kFlag64, "CR_READ", L::CrAccess},
    {0x00082009, "CR_WRITE", L::CrAccess},
    {0x00082009 | kFlag64, "CR_WRITE", L::CrAccess},
    {0x0008200a, "DR_READ", L::Raw},
    {0x0008200b, "DR_WRITE", L::Raw},
    {0x0008200c, "MSR_READ", L::MsrAccess},
    {0x0008200d, "MSR_WRITE", L::MsrAccess},
    {0x0008200e, "CPUID", L::Cpuid},
    {0x0008200f, "INTR", L::Intr},
    {0x00082010, "NMI", L::Raw},
    {0x00082011, "SMI", L::Raw},
    {0x00082012, "VMMCALL", L::Func},
    {0x00082013, "HLT", L::Hlt},
    {0x00082014, "INVLPG", L::Invlpg},
    {0x00082014 | kFlag64, "INVLPG", L::Invlpg},
    {0x00082015, "MCE", L::Raw},
    {0x00082016, "IOPORT_READ", L::IoAssist},
    {0x00082016 | kFlag64, "IOPORT_READ", L::IoAssist},
    {0x00082017, "MMIO_READ", L::IoAssist},
    {0x00082017 | kFlag64, "MMIO_READ", L::IoAssist},
    {0x00082018, "CLTS", L::Raw},
    {0x00082019, "LMSW", L::Value},
    {0x00082019 | kFlag64, "LMSW", L::Value},
    {0x0008201a, "RDTSC", L::Value64},
    {0x00082020, "INTR_WINDOW", L::IntrWindow},
    {0x00082021, "NPF", L::Npf},
    {0x00082022, "REALMODE_EMULATE", L::Raw},
    {0x00082023, "TRAP", L::Vector},
    {0x00082024, "TRAP_DEBUG", L::ExitQual},
    {0x00082025, "VLAPIC", L::Raw},
    {0x00082026 | kFlag64, "XCR_READ", L::XcrAccess},
    {0x00082027 | kFlag64, "XCR_WRITE", L::XcrAccess},
    {0x00082216, "IOPORT_WRITE", L::IoAssist},
    {0x00082216 | kFlag64, "IOPORT_WRITE", L::IoAssist},
    {0x00082217, "MMIO_WRITE", L::IoAssist},
    {0x00082217 | kFlag64, "MMIO_WRITE", L::IoAssist},

    // TRC_HVM_EMUL
    {0x00084001, "hpet_start_timer", L::HpetStart},
    {0x00084002, "pit_start_timer", L::DeltaPeriod32},
    {0x00084003, "rtc_start_timer", L::DeltaPeriod32},
    {0x00084004, "lapic_start_timer", L::LapicStart},
    {0x00084005, "hpet_stop_timer", L::TimerNo},
    {0x00084006, "pit_stop_timer", L::Raw},
    {0x00084007, "rtc_stop_timer", L::Raw},
    {0x00084008, "lapic_stop_timer", L::Raw},
    {0x00084009, "pit_timer_cb", L::Raw},
    {0x0008400a, "lapic_timer_cb", L::Raw},
    {0x0008400b, "pic_int_output", L::PicIntOutput},
    {0x0008400c, "pic_kick", L::Irq},
    {0x0008400d, "pic_intack", L::PicIntack},
    {0x0008400e, "pic_posedge", L::Irq},
    {0x0008400f, "pic_negedge", L::Irq},
    {0x00084010, "pic_pend_irq_call", L::PicPendIrq},
    {0x00084011, "lapic_pic_intr", L::LapicPicIntr},

    // TRC_MEM
    {0x0010f001, "page_grant_map", L::GrantDom},
    {0x0010f002, "page_grant_unmap", L::GrantDom},
    {0x0010f003, "page_grant_transfer", L::GrantDom},
    {0x0010f004, "set_p2m_entry", L::SetP2m},
    {0x0010f005, "decrease_reservation", L::GfnDomOrder},
    {0x0010f010, "pod_populate", L::Pod},
    {0x0010f011, "pod_zero_reclaim", L::Pod},
    {0x0010f012, "pod_superpage_splinter", L::GfnDomOrder},

    // TRC_PV_ENTRY / TRC_PV_SUBCALL
    {0x00201001, "hypercall", L::PvHypercall},
    {0x00201001 | kFlag64, "hypercall", L::PvHypercall},
    {0x00201003, "trap", L::PvTrap},
    {0x00201003 | kFlag64, "trap", L::PvTrap},
    {0x00201004, "page_fault", L::PvPageFault},
    {0x00201004 | kFlag64, "page_fault", L::PvPageFault},
    {0x00201005, "forced_invalid_op", L::PvOneAddr},
    {0x00201005 | kFlag64, "forced_invalid_op", L::PvOneAddr},
    {0x00201006, "emulate_privop", L::PvOneAddr},
    {0x00201006 | kFlag64, "emulate_privop", L::PvOneAddr},
    {0x00201007, "emulate_4G", L::PvOneAddr},
    {0x00201007 | kFlag64, "emulate_4G", L::PvOneAddr},
    {0x00201008, "math_state_restore", L::Raw},
    {0x00201008 | kFlag64, "math_state_restore", L::Raw},
    {0x00201009, "paging_fixup", L::PvTwoAddr},
    {0x00201009 | kFlag64, "paging_fixup", L::PvTwoAddr},
    {0x0020100a, "gdt_ldt_mapping_fault", L::PvTwoAddr},
    {0x0020100a | kFlag64, "gdt_ldt_mapping_fault", L::PvTwoAddr},
    {0x0020100b, "ptwr_emulation", L::PvPtwr},
    {0x0020100b | kFlag64, "ptwr_emulation", L::PvPtwr},
    {0x0020100c, "ptwr_emulation_pae", L::PvPtwr},
    {0x0020100c | kFlag64, "ptwr_emulation_pae", L::PvPtwr},
    {0x0020100d, "hypercall", L::PvHypercallV2},
    {0x0020200e, "hypercall_subcall", L::PvHypercallV2},

    // TRC_HW_PM
    {0x00801001, "cpu_freq_change", L::FreqChange},
    {0x00801002, "cpu_idle_entry", L::IdleEntry},
    {0x00801003, "cpu_idle_exit", L::IdleExit},

    // TRC_HW_IRQ
    {0x00802001, "irq_move_cleanup_delay", L::IrqVectorCpu},
    {0x00802002, "irq_move_cleanup", L::IrqVectorCpu},
    {0x00802003, "irq_bind_vector", L::IrqVectorMask},
    {0x00802004, "irq_clear_vector", L::IrqVectorMask},
    {0x00802005, "irq_move_finish", L::IrqVectorCpu},
    {0x00802006, "irq_assign_vector", L::IrqVectorMask},
    {0x00802007, "irq_unmapped_vector", L::IrqUnmapped},
    {0x00802008, "irq_handled", L::IrqHandled},

    // TRC_GUEST: paravirtual block path (shared/spec/disk-io-events.md)
    {0x0800f101, "blk_front_queue", L::BlkFrontQueue},
    {0x0800f102, "blk_front_ring", L::BlkDevReq},
    {0x0800f103, "blk_back_ring", L::BlkBackReq},
    {0x0800f104, "blk_back_submit", L::BlkBackReq},
    {0x0800f105, "blk_back_done", L::BlkBackDone},
    {0x0800f106, "blk_back_resp", L::BlkBackReq},
    {0x0800f107, "blk_front_resp", L::BlkFrontResp},
    {0x0800f108, "blk_front_done", L::BlkDevReq},
};

// TRC_SHADOW events exist once per guest paging mode: the id carries
// (GUEST_PAGING_LEVELS - 2) << 8, i.e. 0x000 (2-level), 0x100 (PAE), 0x200 (4-level).
constexpr std::string_view kShadowNames[] = {
    "shadow_not_shadow",
    "shadow_fast_propagate",
    "shadow_fast_mmio",
    "shadow_false_fast_path",
    "shadow_mmio",
    "shadow_fixup",
    "shadow_domf_dying",
    "shadow_emulate",
    "shadow_emulate_unshadow_user",
    "shadow_emulate_unshadow_evtinj",
    "shadow_emulate_unshadow_unhandled",
    "shadow_wrmap_bf",
    "shadow_prealloc_unpin",
    "shadow_resync_full",
    "shadow_resync_only",
};
constexpr std::size_t kShadowLevels = 3;
constexpr std::size_t kRunstatePairs = 16; // old and new each in 0..3

constexpr std::size_t kTableSize =
    std::size(kListed) + std::size(kShadowNames) * kShadowLevels + kRunstatePairs;

constexpr std::array<Entry, kTableSize> makeTable() {
    std::array<Entry, kTableSize> table{};
    std::size_t n = 0;
    for (const Entry& e : kListed)
        table[n++] = e;
    for (uint32_t level = 0; level < kShadowLevels; ++level) {
        for (uint32_t i = 0; i < std::size(kShadowNames); ++i)
            table[n++] = {0x0040f000u + (level << 8) + i + 1, kShadowNames[i], L::Raw};
    }
    for (uint32_t from = 0; from < 4; ++from) {
        for (uint32_t to = 0; to < 4; ++to)
            table[n++] = {0x00021001u | (from << 8) | (to << 4), "runstate_change", L::Runstate};
    }
    std::sort(table.begin(), table.end(),
              [](const Entry& a, const Entry& b) { return a.id < b.id; });
    return table;
}

constexpr auto kTable = makeTable();

constexpr bool idsUnique() {
    for (std::size_t i = 1; i < kTable.size(); ++i) {
        if (kTable[i - 1].id >= kTable[i].id)
            return false;
    }
    return true;
}
static_assert(idsUnique(), "every event id must appear once in the catalog");

const Entry* find(uint32_t id) {
    const auto* it = std::lower_bound(kTable.begin(), kTable.end(), id,
                                      [](const Entry& e, uint32_t key) { return e.id < key; });
    return (it != kTable.end() && it->id == id) ? it : nullptr;
}

// ---- names of codes ----------------------------------------------------------------------

// Basic VMX exit reasons (Intel SDM appendix C; Xen's vmx.h).
constexpr std::string_view kVmxReasons[] = {
    "EXCEPTION_NMI",                // 0
    "EXTERNAL_INTERRUPT",           // 1
    "TRIPLE_FAULT",                 // 2
    "INIT",                         // 3
    "SIPI",                         // 4
    "IO_SMI",                       // 5
    "OTHER_SMI",                    // 6
    "PENDING_VIRT_INTR",            // 7
    "PENDING_VIRT_NMI",             // 8
    "TASK_SWITCH",                  // 9
    "CPUID",                        // 10
    "GETSEC",                       // 11
    "HLT",                          // 12
    "INVD",                         // 13
    "INVLPG",                       // 14
    "RDPMC",                        // 15
    "RDTSC",                        // 16
    "RSM",                          // 17
    "VMCALL",                       // 18
    "VMCLEAR",                      // 19
    "VMLAUNCH",                     // 20
    "VMPTRLD",                      // 21
    "VMPTRST",                      // 22
    "VMREAD",                       // 23
    "VMRESUME",                     // 24
    "VMWRITE",                      // 25
    "VMXOFF",                       // 26
    "VMXON",                        // 27
    "CR_ACCESS",                    // 28
    "DR_ACCESS",                    // 29
    "IO_INSTRUCTION",               // 30
    "MSR_READ",                     // 31
    "MSR_WRITE",                    // 32
    "INVALID_GUEST_STATE",          // 33
    "MSR_LOADING",                  // 34
    {},                             // 35
    "MWAIT_INSTRUCTION",            // 36
    "MONITOR_TRAP_FLAG",            // 37
    {},                             // 38
    "MONITOR_INSTRUCTION",          // 39
    "PAUSE_INSTRUCTION",            // 40
    "MCE_DURING_VMENTRY",           // 41
    {},                             // 42
    "TPR_BELOW_THRESHOLD",          // 43
    "APIC_ACCESS",                  // 44
    "EOI_INDUCED",                  // 45
    "ACCESS_GDTR_OR_IDTR",          // 46
    "ACCESS_LDTR_OR_TR",            // 47
    "EPT_VIOLATION",                // 48
    "EPT_MISCONFIG",                // 49
    "INVEPT",                       // 50
    "RDTSCP",                       // 51
    "VMX_PREEMPTION_TIMER_EXPIRED", // 52
    "INVVPID",                      // 53
    "WBINVD",                       // 54
    "XSETBV",                       // 55
    "APIC_WRITE",                   // 56
    "RDRAND",                       // 57
    "INVPCID",                      // 58
    "VMFUNC",                       // 59
    "ENCLS",                        // 60
    "RDSEED",                       // 61
    "PML_FULL",                     // 62
    "XSAVES",                       // 63
    "XRSTORS",                      // 64
    {},                             // 65
    "UMWAIT",                       // 66
    "TPAUSE",                       // 67
    {},                             // 68
    {},                             // 69
    {},                             // 70
    {},                             // 71
    {},                             // 72
    {},                             // 73
    "BUS_LOCK",                     // 74
    "NOTIFY",                       // 75
};

// SVM exit codes 0x00..0x8e (AMD APM vol. 2 appendix C; Xen's svm/vmcb.h).
constexpr std::string_view kSvmLowCodes[] = {
    "CR0_READ",
    "CR1_READ",
    "CR2_READ",
    "CR3_READ",
    "CR4_READ",
    "CR5_READ",
    "CR6_READ",
    "CR7_READ",
    "CR8_READ",
    "CR9_READ",
    "CR10_READ",
    "CR11_READ",
    "CR12_READ",
    "CR13_READ",
    "CR14_READ",
    "CR15_READ", // 0x00-0x0f
    "CR0_WRITE",
    "CR1_WRITE",
    "CR2_WRITE",
    "CR3_WRITE",
    "CR4_WRITE",
    "CR5_WRITE",
    "CR6_WRITE",
    "CR7_WRITE",
    "CR8_WRITE",
    "CR9_WRITE",
    "CR10_WRITE",
    "CR11_WRITE",
    "CR12_WRITE",
    "CR13_WRITE",
    "CR14_WRITE",
    "CR15_WRITE", // 0x10-0x1f
    "DR0_READ",
    "DR1_READ",
    "DR2_READ",
    "DR3_READ",
    "DR4_READ",
    "DR5_READ",
    "DR6_READ",
    "DR7_READ",
    "DR8_READ",
    "DR9_READ",
    "DR10_READ",
    "DR11_READ",
    "DR12_READ",
    "DR13_READ",
    "DR14_READ",
    "DR15_READ", // 0x20-0x2f
    "DR0_WRITE",
    "DR1_WRITE",
    "DR2_WRITE",
    "DR3_WRITE",
    "DR4_WRITE",
    "DR5_WRITE",
    "DR6_WRITE",
    "DR7_WRITE",
    "DR8_WRITE",
    "DR9_WRITE",
    "DR10_WRITE",
    "DR11_WRITE",
    "DR12_WRITE",
    "DR13_WRITE",
    "DR14_WRITE",
    "DR15_WRITE", // 0x30-0x3f
    "EXCEPTION_DE",
    "EXCEPTION_DB",
    "EXCEPTION_NMI",
    "EXCEPTION_BP",
    "EXCEPTION_OF",
    "EXCEPTION_BR",
    "EXCEPTION_UD",
    "EXCEPTION_NM",
    "EXCEPTION_DF",
    "EXCEPTION_09",
    "EXCEPTION_TS",
    "EXCEPTION_NP",
    "EXCEPTION_SS",
    "EXCEPTION_GP",
    "EXCEPTION_PF",
    "EXCEPTION_15", // 0x40-0x4f
    "EXCEPTION_MF",
    "EXCEPTION_AC",
    "EXCEPTION_MC",
    "EXCEPTION_XF",
    "EXCEPTION_VE",
    "EXCEPTION_CP",
    "EXCEPTION_22",
    "EXCEPTION_23",
    "EXCEPTION_24",
    "EXCEPTION_25",
    "EXCEPTION_26",
    "EXCEPTION_27",
    "EXCEPTION_28",
    "EXCEPTION_29",
    "EXCEPTION_30",
    "EXCEPTION_31", // 0x50-0x5f
    "INTR",
    "NMI",
    "SMI",
    "INIT",
    "VINTR",
    "CR0_SEL_WRITE",
    "IDTR_READ",
    "GDTR_READ",
    "LDTR_READ",
    "TR_READ",
    "IDTR_WRITE",
    "GDTR_WRITE",
    "LDTR_WRITE",
    "TR_WRITE",
    "RDTSC",
    "RDPMC", // 0x60-0x6f
    "PUSHF",
    "POPF",
    "CPUID",
    "RSM",
    "IRET",
    "SWINT",
    "INVD",
    "PAUSE",
    "HLT",
    "INVLPG",
    "INVLPGA",
    "IOIO",
    "MSR",
    "TASK_SWITCH",
    "FERR_FREEZE",
    "SHUTDOWN", // 0x70-0x7f
    "VMRUN",
    "VMMCALL",
    "VMLOAD",
    "VMSAVE",
    "STGI",
    "CLGI",
    "SKINIT",
    "RDTSCP",
    "ICEBP",
    "WBINVD",
    "MONITOR",
    "MWAIT",
    "MWAIT_CONDITIONAL",
    "XSETBV",
    "RDPRU", // 0x80-0x8e
};
static_assert(std::size(kSvmLowCodes) == 0x8f);

// Hypercall numbers (public/xen.h; 48 is x86's mca, an arch-specific slot).
constexpr std::string_view kHypercalls[] = {
    "set_trap_table",                // 0
    "mmu_update",                    // 1
    "set_gdt",                       // 2
    "stack_switch",                  // 3
    "set_callbacks",                 // 4
    "fpu_taskswitch",                // 5
    "sched_op_compat",               // 6
    "platform_op",                   // 7
    "set_debugreg",                  // 8
    "get_debugreg",                  // 9
    "update_descriptor",             // 10
    {},                              // 11
    "memory_op",                     // 12
    "multicall",                     // 13
    "update_va_mapping",             // 14
    "set_timer_op",                  // 15
    "event_channel_op_compat",       // 16
    "xen_version",                   // 17
    "console_io",                    // 18
    "physdev_op_compat",             // 19
    "grant_table_op",                // 20
    "vm_assist",                     // 21
    "update_va_mapping_otherdomain", // 22
    "iret",                          // 23
    "vcpu_op",                       // 24
    "set_segment_base",              // 25
    "mmuext_op",                     // 26
    "xsm_op",                        // 27
    "nmi_op",                        // 28
    "sched_op",                      // 29
    "callback_op",                   // 30
    "xenoprof_op",                   // 31
    "event_channel_op",              // 32
    "physdev_op",                    // 33
    "hvm_op",                        // 34
    "sysctl",                        // 35
    "domctl",                        // 36
    "kexec_op",                      // 37
    "tmem_op",                       // 38
    "argo_op",                       // 39
    "xenpmu_op",                     // 40
    "dm_op",                         // 41
    "hypfs_op",                      // 42
    {},                              // 43
    {},                              // 44
    {},                              // 45
    {},                              // 46
    {},                              // 47
    "mca",                           // 48 (arch_0)
    "arch_1",                        // 49
    "arch_2",                        // 50
    "arch_3",                        // 51
    "arch_4",                        // 52
    "arch_5",                        // 53
    "arch_6",                        // 54
    "arch_7",                        // 55
};

constexpr std::string_view kRunstateNames[] = {"running", "runnable", "blocked", "offline"};
constexpr std::string_view kBlkOps[] = {"read", "write", "flush", "discard"};

// ---- text helpers ------------------------------------------------------------------------

void appendUnsigned(std::string& out, uint64_t v) {
    char buf[24];
    const auto res = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, res.ptr);
}

void appendSigned(std::string& out, int64_t v) {
    char buf[24];
    const auto res = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, res.ptr);
}

void appendHex(std::string& out, uint64_t v) {
    char buf[20];
    const auto res = std::to_chars(buf, buf + sizeof buf, v, 16);
    out += "0x";
    out.append(buf, res.ptr);
}

// "0x%08x", the way xentrace_format shows raw words.
void appendHex8(std::string& out, uint32_t v) {
    static constexpr char kDigits[] = "0123456789abcdef";
    char buf[10] = {'0', 'x'};
    for (int i = 0; i < 8; ++i)
        buf[9 - i] = kDigits[(v >> (4 * i)) & 0xfu];
    out.append(buf, sizeof buf);
}

void appendRaw(std::string& out, const uint32_t* words, unsigned nwords) {
    out += '[';
    for (unsigned i = 0; i < nwords; ++i) {
        out += ' ';
        appendHex8(out, words[i]);
    }
    out += " ]";
}

constexpr uint64_t join64(uint32_t lo, uint32_t hi) {
    return (uint64_t{hi} << 32) | lo;
}

constexpr uint32_t lo16(uint32_t w) {
    return w & 0xffffu;
}

constexpr uint32_t hi16(uint32_t w) {
    return w >> 16;
}

constexpr int64_t asSigned(uint32_t w) {
    return static_cast<int32_t>(w);
}

// Writes "key=value" pairs separated by ", ".
class Fields {
public:
    explicit Fields(std::string& out)
        : m_out(out) {}

    Fields& dec(std::string_view k, uint64_t v) {
        key(k);
        appendUnsigned(m_out, v);
        return *this;
    }
    Fields& sdec(std::string_view k, int64_t v) {
        key(k);
        appendSigned(m_out, v);
        return *this;
    }
    Fields& hex(std::string_view k, uint64_t v) {
        key(k);
        appendHex(m_out, v);
        return *this;
    }
    Fields& text(std::string_view k, std::string_view v) {
        key(k);
        m_out += v;
        return *this;
    }
    // A name when known, else the hex code, so nothing is lost.
    Fields& named(std::string_view k, std::string_view name, uint64_t code) {
        if (name.empty())
            return hex(k, code);
        return text(k, name);
    }
    Fields& dv(std::string_view k, uint32_t dom, uint32_t vcpu) {
        key(k);
        m_out += 'd';
        appendUnsigned(m_out, dom);
        m_out += 'v';
        appendUnsigned(m_out, vcpu);
        return *this;
    }
    // The common packing { uint16_t vcpu, dom; } read as one little-endian word.
    Fields& packedVcpu(std::string_view k, uint32_t w) { return dv(k, hi16(w), lo16(w)); }
    // A pair of u32 words holding a u64, low word first.
    Fields& hex64(std::string_view k, const uint32_t* w) { return hex(k, join64(w[0], w[1])); }
    Fields& dec64(std::string_view k, const uint32_t* w) { return dec(k, join64(w[0], w[1])); }
    Fields& raw(std::string_view k, const uint32_t* words, unsigned n) {
        key(k);
        appendRaw(m_out, words, n);
        return *this;
    }

private:
    void key(std::string_view k) {
        if (!m_first)
            m_out += ", ";
        m_first = false;
        m_out += k;
        m_out += '=';
    }

    std::string& m_out;
    bool m_first = true;
};

bool is64(uint32_t id) {
    return (id & kFlag64) != 0;
}

void exitFields(Fields& f, bool svm, uint32_t reason) {
    if (svm) {
        f.named("reason", EventCatalog::svmExitReason(reason), reason);
        return;
    }
    // Bits 16-31 of a VMX exit reason are flags (e.g. bit 31: VM-entry failure).
    f.named("reason", EventCatalog::vmxExitReason(lo16(reason)), lo16(reason));
    if (hi16(reason) != 0)
        f.hex("reason_flags", reason & 0xffff0000u);
}

// PV_HYPERCALL_V2 / SUBCALL: word 0 = op (bits 0-19) plus 2 bits per argument (bits 20-31)
// saying whether it is absent (0), 32-bit (1) or 64-bit (2); the arguments follow packed.
void hypercallV2Fields(Fields& f, const uint32_t* w, unsigned n) {
    const uint32_t op = w[0] & 0x000fffffu;
    f.named("op", EventCatalog::hypercallName(op), op);
    unsigned next = 1;
    static constexpr std::string_view kArgKeys[] = {"a0", "a1", "a2", "a3", "a4", "a5"};
    for (unsigned i = 0; i < 6; ++i) {
        const uint32_t kind = (w[0] >> (20 + 2 * i)) & 3u;
        if (kind == 1 && next < n) {
            f.hex(kArgKeys[i], w[next]);
            next += 1;
        } else if (kind == 2 && next + 1 < n) {
            f.hex64(kArgKeys[i], w + next);
            next += 2;
        } else if (kind != 0) {
            break; // reserved kind or truncated record: keep the rest raw
        }
    }
    if (next < n)
        f.raw("rest", w + next, n - next);
}

// Decodes by layout and word count; false means "no known layout, print raw".
bool decode(Layout layout, uint32_t id, const uint32_t* w, unsigned n, Fields& f) {
    switch (layout) {
    case L::Raw:
        return n == 0;

    case L::LostRecords:
        if (n != 4)
            return false;
        // Unlike most records, this one packs { uint16_t dom, vcpu; }: domain in the low half.
        f.dec("lost", w[0]).dv("running", lo16(w[1]), hi16(w[1])).dec64("first_tsc", w + 2);
        return true;
    case L::CpuChange:
        if (n == 2) {
            f.dec("cpu", w[0]).dec("bytes", w[1]);
            return true;
        }
        if (n == 1) {
            f.dec("cpu", w[0]);
            return true;
        }
        return false;
    case L::TraceIrq:
        if (n != 4)
            return false;
        f.dec("vector", w[0]).dec("count", w[1]).dec("tot_cycles", w[2]).dec("max_cycles", w[3]);
        return true;

    case L::Runstate:
        if (n != 1)
            return false;
        f.packedVcpu("vcpu", w[0]);
        f.named("old", ev::runstateOld(id) < 4 ? kRunstateNames[ev::runstateOld(id)] : "",
                ev::runstateOld(id));
        f.named("new", ev::runstateNew(id) < 4 ? kRunstateNames[ev::runstateNew(id)] : "",
                ev::runstateNew(id));
        return true;
    case L::PackedVcpu:
        if (n != 1)
            return false;
        f.packedVcpu("vcpu", w[0]);
        return true;
    case L::Dom:
        if (n != 1)
            return false;
        f.dec("dom", w[0]);
        return true;
    case L::DomVcpu:
        if (n != 2)
            return false;
        f.dv("vcpu", w[0], w[1]);
        return true;
    case L::DomVcpuReason:
        if (n != 3)
            return false;
        f.dv("vcpu", w[0], w[1]).dec("reason", w[2]);
        return true;
    case L::SchedSwitch:
        if (n != 4)
            return false;
        f.dv("prev", w[0], w[1]).dv("next", w[2], w[3]);
        return true;
    case L::InfPrev:
        if (n == 3) { // dom, vcpu, runtime
            f.dv("vcpu", w[0], w[1]).dec("runtime_ns", w[2]);
            return true;
        }
        if (n == 2) { // older Xen: dom, runtime
            f.dec("dom", w[0]).dec("runtime_ns", w[1]);
            return true;
        }
        return false;
    case L::InfNext:
        // next_slice is an s_time_t truncated to 32 bits; -1 means "no time slice".
        if (n == 4) {
            f.dv("vcpu", w[0], w[1]).dec("runnable_ns", w[2]).sdec("next_slice_ns", asSigned(w[3]));
            return true;
        }
        if (n == 3) { // older Xen: dom, runnable, next slice
            f.dec("dom", w[0]).dec("runnable_ns", w[1]).sdec("next_slice_ns", asSigned(w[2]));
            return true;
        }
        return false;
    case L::InfCont:
        if (n != 4)
            return false;
        f.dv("vcpu", w[0], w[1]).dec("runtime_ns", w[2]).sdec("next_slice_ns", asSigned(w[3]));
        return true;

    case L::CsAccount:
        if (n != 3)
            return false;
        f.dv("vcpu", w[0], w[1]).dec("active", w[2]);
        return true;
    case L::CsStolen:
        if (n != 3)
            return false;
        f.dec("from_cpu", w[0]).dv("vcpu", w[1], w[2]);
        return true;
    case L::CsPicked:
        if (n != 3)
            return false;
        f.dv("vcpu", w[0], w[1]).dec("cpu", w[2]);
        return true;
    case L::Cpu:
        if (n != 1)
            return false;
        f.dec("cpu", lo16(w[0]));
        return true;
    case L::CsSchedule:
        if (n != 1)
            return false;
        f.dec("cpu", lo16(w[0])).dec("tasklet", (w[0] >> 16) & 0xffu).dec("idle", w[0] >> 24);
        return true;
    case L::VcpuRuntime:
        if (n != 2)
            return false;
        f.packedVcpu("vcpu", w[0]).dec("runtime_us", w[1]);
        return true;
    case L::CsStealCheck:
        if (n != 2)
            return false;
        f.dec("peer_cpu", w[0]).dec("checked", w[1]);
        return true;

    case L::C2RunqPos:
        if (n != 2)
            return false;
        f.packedVcpu("vcpu", w[0]).dec("pos", w[1]);
        return true;
    case L::C2CreditBurn:
        if (n == 4) { // budget is INT_MIN when the domain has no cap
            f.packedVcpu("vcpu", w[0]).sdec("credit", asSigned(w[1]));
            if (w[2] != 0x80000000u)
                f.sdec("budget", asSigned(w[2]));
            f.sdec("delta", asSigned(w[3]));
            return true;
        }
        if (n == 3) { // before caps existed
            f.packedVcpu("vcpu", w[0]).sdec("credit", asSigned(w[1])).sdec("delta", asSigned(w[2]));
            return true;
        }
        return false;
    case L::C2TickleCheck:
        if (n == 3) {
            f.packedVcpu("vcpu", w[0]).sdec("credit", asSigned(w[1])).sdec("score", asSigned(w[2]));
            return true;
        }
        if (n == 2) {
            f.packedVcpu("vcpu", w[0]).sdec("credit", asSigned(w[1]));
            return true;
        }
        return false;
    case L::C2CreditReset:
        if (n != 3 && n != 4)
            return false;
        f.packedVcpu("vcpu", w[0])
            .sdec("credit_start", asSigned(w[1]))
            .sdec("credit_end", asSigned(w[2]));
        if (n == 4) // older Xen also logged the reset multiplier
            f.dec("multiplier", w[3]);
        return true;
    case L::C2RunqAssign:
        if (n != 2)
            return false;
        f.packedVcpu("vcpu", w[0]).dec("rq_id", lo16(w[1]));
        return true;
    case L::C2UnitLoad:
        if (n == 4) {
            f.packedVcpu("vcpu", w[2]).hex64("avgload", w).dec("shift", w[3]);
            return true;
        }
        if (n == 3) {
            f.packedVcpu("vcpu", w[2]).hex64("avgload", w);
            return true;
        }
        return false;
    case L::C2RunqLoad:
        if (n != 5 && n != 6)
            return false;
        f.dec("rq_id", (w[4] >> 16) & 0xffu)
            .dec("load", lo16(w[4]))
            .hex64("rq_avgload", w)
            .hex64("b_avgload", w + 2)
            .dec("shift", w[4] >> 24);
        return true;
    case L::C2TickleNew:
        if (n != 2 && n != 3)
            return false;
        f.packedVcpu("vcpu", w[0]).dec("cpu", w[1]);
        if (n == 3)
            f.sdec("credit", asSigned(w[2]));
        return true;
    case L::C2MaxWeight:
        if (n != 1)
            return false;
        f.dec("rq_id", lo16(w[0])).dec("max_weight", hi16(w[0]));
        return true;
    case L::C2Migrate:
        if (n != 2)
            return false;
        f.packedVcpu("vcpu", w[0]).dec("rq_id", lo16(w[1])).dec("target_rq_id", hi16(w[1]));
        return true;
    case L::C2LoadCheck:
        if (n != 2)
            return false;
        f.dec("lrq_id", lo16(w[0])).dec("orq_id", hi16(w[0])).sdec("delta", asSigned(w[1]));
        return true;
    case L::C2LoadBalance:
        if (n != 5 && n != 6)
            return false;
        f.dec("lrq_id", lo16(w[4]))
            .dec("orq_id", hi16(w[4]))
            .hex64("l_bavgload", w)
            .hex64("o_bavgload", w + 2);
        return true;
    case L::C2PickedCpu:
        if (n != 4)
            return false;
        f.packedVcpu("vcpu", w[2])
            .sdec("rq_id", static_cast<int16_t>(lo16(w[3])))
            .dec("new_cpu", hi16(w[3]))
            .hex64("b_avgload", w);
        return true;
    case L::C2RunqCandidate:
        if (n == 3) { // tickled_cpu is -1 when no pCPU was tickled for it
            f.packedVcpu("vcpu", w[0]).sdec("credit", asSigned(w[2]));
            f.sdec("tickled_cpu", asSigned(w[1]));
            return true;
        }
        if (n == 2) {
            f.packedVcpu("vcpu", w[0]).sdec("credit", asSigned(w[1]));
            return true;
        }
        return false;
    case L::C2Schedule:
        if (n != 2)
            return false;
        f.dec("cpu", lo16(w[0]))
            .dec("rq_id", hi16(w[0]))
            .dec("tasklet", w[1] & 0xffu)
            .dec("idle", (w[1] >> 8) & 0xffu)
            .dec("smt_idle", (w[1] >> 16) & 0xffu)
            .dec("tickled", w[1] >> 24);
        return true;
    case L::C2CandCheck:
        if (n != 1)
            return false;
        f.packedVcpu("vcpu", w[0]);
        return true;

    case L::RtRunqPick: // packed: vcpu, deadline, budget
        if (n != 5)
            return false;
        f.packedVcpu("vcpu", w[0]).dec64("deadline_ns", w + 1).dec64("budget_ns", w + 3);
        return true;
    case L::RtBurn:
        if (n == 6) { // packed: vcpu, budget, delta, priority level, extratime
            f.packedVcpu("vcpu", w[0])
                .dec64("budget_ns", w + 1)
                .sdec("delta_ns", asSigned(w[3]))
                .dec("priority_level", w[4])
                .dec("extratime", w[5]);
            return true;
        }
        if (n == 4) {
            f.packedVcpu("vcpu", w[0]).dec64("budget_ns", w + 1).sdec("delta_ns", asSigned(w[3]));
            return true;
        }
        return false;
    case L::RtRepl:
        if (n == 6) { // vcpu, priority level, deadline, budget
            f.packedVcpu("vcpu", w[0])
                .dec("priority_level", w[1])
                .dec64("deadline_ns", w + 2)
                .dec64("budget_ns", w + 4);
            return true;
        }
        if (n == 5) {
            f.packedVcpu("vcpu", w[0]).dec64("deadline_ns", w + 1).dec64("budget_ns", w + 3);
            return true;
        }
        return false;
    case L::RtSchedule: // cpu:16 tasklet:8 tickled:4 idle:4
        if (n != 1)
            return false;
        f.dec("cpu", lo16(w[0]))
            .dec("tasklet", (w[0] >> 16) & 0xffu)
            .dec("tickled", (w[0] >> 24) & 0xfu)
            .dec("idle", w[0] >> 28);
        return true;

    case L::NullVcpuCpu:
        if (n != 2)
            return false;
        f.packedVcpu("vcpu", w[0]).dec("cpu", w[1]);
        return true;
    case L::NullMigrate:
        if (n != 2)
            return false;
        f.packedVcpu("vcpu", w[0]).dec("cpu", lo16(w[1])).dec("new_cpu", hi16(w[1]));
        return true;
    case L::NullSchedule: // unit and dom are -1 when the pCPU has no unit assigned
        if (n != 2)
            return false;
        f.dec("cpu", hi16(w[0])).dec("tasklet", lo16(w[0]));
        if (w[1] == 0xffffffffu)
            f.text("vcpu", "none");
        else
            f.packedVcpu("vcpu", w[1]);
        return true;

    case L::VmxExit:
    case L::SvmExit: {
        const bool svm = layout == L::SvmExit;
        if (is64(id) ? n != 3 : n != 2)
            return false;
        exitFields(f, svm, w[0]);
        f.hex("rip", is64(id) ? join64(w[1], w[2]) : w[1]);
        return true;
    }
    case L::PfXen: // error code, then the faulting address
        if (is64(id) ? n != 3 : n != 2)
            return false;
        f.hex("error_code", w[0]).hex("va", is64(id) ? join64(w[1], w[2]) : w[1]);
        return true;
    case L::PfInject:
        if (is64(id) ? n != 3 : n != 2)
            return false;
        f.hex("error_code", w[0]).hex("cr2", is64(id) ? join64(w[1], w[2]) : w[1]);
        return true;
    case L::InjExc:
        if (n != 2)
            return false;
        f.dec("vector", w[0]).hex("error_code", w[1]);
        return true;
    case L::InjVirq:
        if (n != 2)
            return false;
        f.dec("vector", w[0]).dec("fake", w[1]);
        return true;
    case L::Vector:
        if (n != 1)
            return false;
        f.dec("vector", w[0]);
        return true;
    case L::IoPortSize:
        if (n != 2)
            return false;
        f.hex("port", w[0]).dec("size", w[1]);
        return true;
    case L::CrAccess:
        if (is64(id) ? n != 3 : n != 2)
            return false;
        f.dec("cr", w[0]).hex("value", is64(id) ? join64(w[1], w[2]) : w[1]);
        return true;
    case L::MsrAccess:
        if (n != 3)
            return false;
        f.hex("msr", w[0]).hex64("value", w + 1);
        return true;
    case L::Cpuid:
        if (n == 6) {
            f.hex("leaf", w[0]).hex("subleaf", w[1]);
            f.hex("eax", w[2]).hex("ebx", w[3]).hex("ecx", w[4]).hex("edx", w[5]);
            return true;
        }
        if (n == 5) { // older Xen: no subleaf
            f.hex("leaf", w[0]).hex("eax", w[1]).hex("ebx", w[2]).hex("ecx", w[3]).hex("edx", w[4]);
            return true;
        }
        return false;
    case L::Intr: // VMX logs the vector, SVM logs nothing
        if (n == 0)
            return true;
        if (n != 1)
            return false;
        f.hex("vector", w[0]);
        return true;
    case L::Func:
        if (n != 1)
            return false;
        f.named("func", EventCatalog::hypercallName(w[0]), w[0]);
        return true;
    case L::Hlt:
        if (n != 1)
            return false;
        f.dec("intpending", w[0]);
        return true;
    case L::Invlpg:
        if (is64(id) ? n != 3 : n != 2)
            return false;
        f.dec("invlpga", w[0]).hex("va", is64(id) ? join64(w[1], w[2]) : w[1]);
        return true;
    case L::IoAssist: {
        // Address, then the data unless it was passed by pointer; both 64-bit with the flag.
        const unsigned width = is64(id) ? 2 : 1;
        if (n != width && n != 2 * width)
            return false;
        f.hex("addr", is64(id) ? join64(w[0], w[1]) : w[0]);
        if (n == 2 * width)
            f.hex("data", is64(id) ? join64(w[2], w[3]) : w[1]);
        return true;
    }
    case L::Value:
        if (is64(id) ? n != 2 : n != 1)
            return false;
        f.hex("value", is64(id) ? join64(w[0], w[1]) : w[0]);
        return true;
    case L::Value64:
        if (n != 2)
            return false;
        f.hex64("value", w);
        return true;
    case L::IntrWindow:
        if (n == 3) { // inj_vector is -1 when no event is being injected
            f.hex("vector", w[0]).dec("source", w[1]).sdec("inj_vector", asSigned(w[2]));
            return true;
        }
        if (n == 1) {
            f.hex("value", w[0]);
            return true;
        }
        return false;
    case L::Npf:
        if (n != 6)
            return false;
        f.hex64("gpa", w).hex64("mfn", w + 2).hex("qualification", w[4]).dec("p2mt", w[5]);
        return true;
    case L::ExitQual:
        if (n != 1)
            return false;
        f.hex("exit_qualification", w[0]);
        return true;
    case L::XcrAccess:
        if (n != 3)
            return false;
        f.dec("xcr", w[0]).hex64("value", w + 1);
        return true;
    case L::HpetStart:
        if (n != 6)
            return false;
        f.dec("timer", w[0]).dec("irq", w[1]).dec64("delta_ns", w + 2).dec64("period_ns", w + 4);
        return true;
    case L::DeltaPeriod32:
        if (n != 2)
            return false;
        f.dec("delta_ns", w[0]).dec("period_ns", w[1]);
        return true;
    case L::LapicStart:
        if (n != 5)
            return false;
        f.dec64("delta_ns", w).dec64("period_ns", w + 2).dec("irq", w[4]);
        return true;
    case L::TimerNo:
        if (n != 1)
            return false;
        f.dec("timer", w[0]);
        return true;
    case L::PicIntOutput:
        if (n != 3)
            return false;
        f.dec("int_output", w[0]).dec("is_master", w[1]).dec("irq", w[2]);
        return true;
    case L::Irq:
        if (n != 1)
            return false;
        f.dec("irq", w[0]);
        return true;
    case L::PicIntack:
        if (n != 2)
            return false;
        f.dec("is_master", w[0]).dec("irq", w[1]);
        return true;
    case L::PicPendIrq:
        if (n != 2)
            return false;
        f.dec("accept_pic_intr", w[0]).dec("int_output", w[1]);
        return true;
    case L::LapicPicIntr:
        if (n != 2)
            return false;
        f.dec("i8259_target", w[0]).dec("accept_pic_intr", w[1]);
        return true;

    case L::GrantDom:
        if (n != 1)
            return false;
        f.dec("dom", w[0]);
        return true;
    case L::SetP2m:
        if (n != 6)
            return false;
        f.dec("dom", lo16(w[5]))
            .hex64("gfn", w)
            .hex64("mfn", w + 2)
            .dec("p2mt", w[4])
            .dec("order", hi16(w[5]));
        return true;
    case L::GfnDomOrder:
        if (n != 4)
            return false;
        f.dec("dom", w[2]).hex64("gfn", w).dec("order", w[3]);
        return true;
    case L::Pod:
        if (n != 6)
            return false;
        f.dec("dom", w[4]).hex64("gfn", w).hex64("mfn", w + 2).dec("order", w[5]);
        return true;

    case L::PvHypercall:
        if (is64(id) ? n != 3 : n != 2) // rip (32 or 64 bits), then eax = op
            return false;
        f.named("op", EventCatalog::hypercallName(w[n - 1]), w[n - 1])
            .hex("rip", is64(id) ? join64(w[0], w[1]) : w[0]);
        return true;
    case L::PvTrap: {
        if (is64(id) ? n != 3 : n != 2) // rip, then trapnr:15 use_error_code:1 error_code:16
            return false;
        const uint32_t t = w[n - 1];
        f.dec("trap", t & 0x7fffu).hex("rip", is64(id) ? join64(w[0], w[1]) : w[0]);
        if ((t & 0x8000u) != 0)
            f.hex("error_code", hi16(t));
        return true;
    }
    case L::PvPageFault:
        if (is64(id)) {
            if (n != 5)
                return false;
            f.hex64("rip", w).hex64("addr", w + 2).hex("error_code", w[4]);
        } else {
            if (n != 3)
                return false;
            f.hex("eip", w[0]).hex("addr", w[1]).hex("error_code", w[2]);
        }
        return true;
    case L::PvOneAddr:
        if (is64(id) ? n != 2 : n != 1)
            return false;
        f.hex("rip", is64(id) ? join64(w[0], w[1]) : w[0]);
        return true;
    case L::PvTwoAddr:
        if (is64(id)) {
            if (n != 4)
                return false;
            f.hex64("va1", w).hex64("va2", w + 2);
        } else {
            if (n != 2)
                return false;
            f.hex("va1", w[0]).hex("va2", w[1]);
        }
        return true;
    case L::PvPtwr: // new pte (64), then addr and rip (32 each, or 64 with the flag)
        if (is64(id)) {
            if (n != 6)
                return false;
            f.hex64("pte", w).hex64("addr", w + 2).hex64("rip", w + 4);
        } else {
            if (n != 4)
                return false;
            f.hex64("pte", w).hex("addr", w[2]).hex("eip", w[3]);
        }
        return true;
    case L::PvHypercallV2:
        if (n < 1)
            return false;
        hypercallV2Fields(f, w, n);
        return true;

    case L::FreqChange:
        if (n != 2)
            return false;
        f.dec("old_mhz", w[0]).dec("new_mhz", w[1]);
        return true;
    case L::IdleEntry:
        if (n != 4)
            return false;
        f.dec("cstate", w[0]).dec("tick", w[1]).dec("expected_us", w[2]).dec("predicted_us", w[3]);
        return true;
    case L::IdleExit:
        // cstate, tick, then up to four IRQs that arrived while idle (unused slots are 0).
        if (n < 2)
            return false;
        f.dec("cstate", w[0]).dec("tick", w[1]);
        if (n > 2)
            f.raw("irqs", w + 2, n - 2);
        return true;
    case L::IrqVectorCpu:
        if (n != 3)
            return false;
        f.dec("irq", w[0]).hex("vector", w[1]).dec("cpu", w[2]);
        return true;
    case L::IrqVectorMask: // irq, vector, then the low words of the CPU mask
        if (n < 3)
            return false;
        f.dec("irq", w[0]).hex("vector", w[1]);
        if (n == 3)
            f.hex("cpu_mask", w[2]);
        else
            f.raw("cpu_mask", w + 2, n - 2);
        return true;
    case L::IrqUnmapped:
        if (n != 1)
            return false;
        f.hex("vector", w[0]);
        return true;
    case L::IrqHandled: // irq, then the low 32 bits of the TSC at entry and exit
        if (n != 3)
            return false;
        f.dec("irq", w[0]).dec("tsc_in", w[1]).dec("tsc_out", w[2]);
        return true;

    case L::BlkFrontQueue:
        if (n != 6)
            return false;
        f.dec("dev", w[0])
            .hex("req", w[1])
            .dec64("sector", w + 2)
            .dec("nr_sectors", w[4])
            .named("op", w[5] < std::size(kBlkOps) ? kBlkOps[w[5]] : "", w[5]);
        return true;
    case L::BlkDevReq:
        if (n != 2)
            return false;
        f.dec("dev", w[0]).hex("req", w[1]);
        return true;
    case L::BlkBackReq:
        if (n != 3)
            return false;
        f.dec("fe_dom", w[0]).dec("dev", w[1]).hex("req", w[2]);
        return true;
    case L::BlkBackDone:
        if (n != 4)
            return false;
        f.dec("fe_dom", w[0]).dec("dev", w[1]).hex("req", w[2]).sdec("status", asSigned(w[3]));
        return true;
    case L::BlkFrontResp:
        if (n != 3)
            return false;
        f.dec("dev", w[0]).hex("req", w[1]).sdec("status", asSigned(w[2]));
        return true;
    }
    return false;
}

} // namespace

const EventCatalog& EventCatalog::builtin() {
    static const EventCatalog catalog;
    return catalog;
}

std::string_view EventCatalog::name(uint32_t id) const {
    const Entry* e = find(id);
    return e ? e->name : std::string_view{};
}

std::string_view EventCatalog::className(uint32_t id) {
    switch ((id & ev::ClassMask) >> 16) {
    case 0x001:
        return "gen";
    case 0x002:
        return "sched";
    case 0x004:
        return "dom0op";
    case 0x008:
        return "hvm";
    case 0x010:
        return "mem";
    case 0x020:
        return "pv";
    case 0x040:
        return "shadow";
    case 0x080:
        return "hw";
    case 0x800:
        return "guest";
    default:
        return "unknown";
    }
}

void EventCatalog::formatFields(uint32_t id, const uint32_t* words, unsigned nwords,
                                std::string& out) const {
    if (words == nullptr)
        nwords = 0;
    const Entry* e = find(id);
    if (e != nullptr) {
        // Decode into a scratch tail so a layout that gives up leaves no half-written text.
        const std::size_t mark = out.size();
        Fields f(out);
        if (decode(e->layout, id, words, nwords, f))
            return;
        out.resize(mark);
    }
    if (nwords > 0)
        appendRaw(out, words, nwords);
}

std::string_view EventCatalog::vmxExitReason(uint32_t reason) {
    return reason < std::size(kVmxReasons) ? kVmxReasons[reason] : std::string_view{};
}

std::string_view EventCatalog::svmExitReason(uint32_t exitCode) {
    if (exitCode < std::size(kSvmLowCodes))
        return kSvmLowCodes[exitCode];
    switch (exitCode) {
    case 0x8f:
        return "EFER_WRITE_TRAP";
    case 0xa5:
        return "BUS_LOCK";
    case 0x400:
        return "NPF";
    case 0x401:
        return "AVIC_INCOMPLETE_IPI";
    case 0x402:
        return "AVIC_NOACCEL";
    case 0x403:
        return "VMGEXIT";
    case 0xffffffffu:
        return "INVALID";
    default:
        return {};
    }
}

std::string_view EventCatalog::hypercallName(uint32_t op) {
    return op < std::size(kHypercalls) ? kHypercalls[op] : std::string_view{};
}

std::size_t EventCatalog::size() const {
    return kTable.size();
}

} // namespace xenoscope::core
