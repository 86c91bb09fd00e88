// Tests of EventCatalog. Expected values are facts from Xen's sources (public/trace.h,
// xen.h, the scheduler and VMX/SVM code) and shared/spec/disk-io-events.md, worked out by
// hand from the record layouts, not copied from the catalog's output.

#include "core/format/eventcatalog.h"
#include "core/format/record.h"

#include <QTest>

#include <string>
#include <vector>

using xenoscope::core::EventCatalog;
namespace ev = xenoscope::core::ev;

namespace {

QString qs(std::string_view s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

QString fields(uint32_t id, const QList<uint>& words) {
    const std::vector<uint32_t> w(words.begin(), words.end());
    std::string out;
    EventCatalog::builtin().formatFields(id, w.data(), static_cast<unsigned>(w.size()), out);
    return QString::fromStdString(out);
}

} // namespace

class TestEventCatalog : public QObject {
    Q_OBJECT

private slots:
    void names_data();
    void names();
    void everyRunstatePairIsNamed();
    void unknownIdsHaveNoName_data();
    void unknownIdsHaveNoName();
    void className_data();
    void className();
    void vmxExitReason_data();
    void vmxExitReason();
    void svmExitReason_data();
    void svmExitReason();
    void hypercallName_data();
    void hypercallName();
    void formatFields_data();
    void formatFields();
    void formatFieldsAppends();
};

void TestEventCatalog::names_data() {
    QTest::addColumn<uint>("id");
    QTest::addColumn<QString>("name");

    QTest::newRow("lost records") << 0x0001f001u << "lost_records";
    QTest::newRow("cpu change") << 0x0001f003u << "cpu_change";
    QTest::newRow("continue running") << 0x00021002u << "continue_running";
    QTest::newRow("TRC_SCHED_WAKE") << 0x00028004u << "domain_wake";
    QTest::newRow("TRC_SCHED_SWITCH") << 0x0002800au << "sched_switch";
    QTest::newRow("SWITCH_INFPREV") << 0x0002800eu << "switch_infprev";
    QTest::newRow("SWITCH_INFNEXT") << 0x0002800fu << "switch_infnext";
    QTest::newRow("SWITCH_INFCONT") << 0x00028011u << "switch_infcont";
    // TRC_SCHED_CLASS_EVT(CSCHED, 6) = 0x22000 | 0 << 9 | 6
    QTest::newRow("credit tickle") << 0x00022006u << "csched:tickle";
    // TRC_SCHED_CLASS_EVT(CSCHED2, 6) = 0x22000 | 1 << 9 | 6
    QTest::newRow("credit2 tickle") << 0x00022206u << "csched2:tickle";
    // TRC_CSCHED2_RUNQ_CANDIDATE is event 20 = 0x14
    QTest::newRow("credit2 runq_candidate") << 0x00022214u << "csched2:runq_candidate";
    QTest::newRow("credit2 pick_cpu (event 19)") << 0x00022213u << "csched2:pick_cpu";
    // RTDS is scheduler 4: 0x22000 | 4 << 9 = 0x22800
    QTest::newRow("rtds tickle") << 0x00022801u << "rtds:tickle";
    // null is scheduler 5: 0x22000 | 5 << 9 = 0x22a00
    QTest::newRow("null schedule") << 0x00022a05u << "null:schedule";
    QTest::newRow("dom0 domain create") << 0x00041001u << "domain_create";
    QTest::newRow("VMENTRY") << 0x00081001u << "VMENTRY";
    QTest::newRow("VMX_EXIT") << 0x00081002u << "VMEXIT";
    QTest::newRow("VMX_EXIT64") << 0x00081102u << "VMEXIT";
    QTest::newRow("SVM_EXIT64") << 0x00081103u << "VMEXIT";
    QTest::newRow("PF_XEN64") << 0x00082101u << "PF_XEN";
    QTest::newRow("IOPORT_WRITE") << 0x00082216u << "IOPORT_WRITE";
    QTest::newRow("emul hpet start") << 0x00084001u << "hpet_start_timer";
    QTest::newRow("grant map") << 0x0010f001u << "page_grant_map";
    QTest::newRow("grant unmap") << 0x0010f002u << "page_grant_unmap";
    QTest::newRow("PV_HYPERCALL_V2") << 0x0020100du << "hypercall";
    QTest::newRow("PV_TRAP 64") << 0x00201103u << "trap";
    QTest::newRow("PV subcall") << 0x0020200eu << "hypercall_subcall";
    // shadow events carry (paging levels - 2) << 8: 4-level guests use 0x2xx
    QTest::newRow("shadow 4-level") << 0x0040f201u << "shadow_not_shadow";
    QTest::newRow("PM idle entry") << 0x00801002u << "cpu_idle_entry";
    QTest::newRow("IRQ handled") << 0x00802008u << "irq_handled";
    QTest::newRow("blk front queue") << 0x0800f101u << "blk_front_queue";
    QTest::newRow("blk back done") << 0x0800f105u << "blk_back_done";
    QTest::newRow("blk front done") << 0x0800f108u << "blk_front_done";
}

void TestEventCatalog::names() {
    QFETCH(uint, id);
    QFETCH(QString, name);
    QCOMPARE(qs(EventCatalog::builtin().name(id)), name);
}

void TestEventCatalog::everyRunstatePairIsNamed() {
    const auto& catalog = EventCatalog::builtin();
    for (uint32_t from = 0; from < 4; ++from) {
        for (uint32_t to = 0; to < 4; ++to) {
            const uint32_t id = 0x00021001u | (from << 8) | (to << 4);
            QVERIFY(ev::isRunstateChange(id));
            QCOMPARE(qs(catalog.name(id)), QStringLiteral("runstate_change"));
            QCOMPARE(qs(EventCatalog::className(id)), QStringLiteral("sched"));
        }
    }
}

void TestEventCatalog::unknownIdsHaveNoName_data() {
    QTest::addColumn<uint>("id");
    QTest::newRow("zero") << 0u;
    QTest::newRow("sched verbose past the end") << 0x0002809fu;
    QTest::newRow("credit2 event 18 is unused") << 0x00022212u;
    QTest::newRow("ARINC653 defines no events") << 0x00022601u;
    QTest::newRow("runstate with old state 4") << 0x00021401u;
    QTest::newRow("undefined guest sub id") << 0x0800f1ffu;
    QTest::newRow("all bits") << 0x0fffffffu;
}

void TestEventCatalog::unknownIdsHaveNoName() {
    QFETCH(uint, id);
    QVERIFY(EventCatalog::builtin().name(id).empty());
}

void TestEventCatalog::className_data() {
    QTest::addColumn<uint>("id");
    QTest::addColumn<QString>("cls");
    QTest::newRow("gen") << 0x0001f000u << "gen";
    QTest::newRow("sched") << 0x0002f000u << "sched";
    QTest::newRow("dom0op") << 0x0004f000u << "dom0op";
    QTest::newRow("hvm") << 0x0008f000u << "hvm";
    QTest::newRow("mem") << 0x0010f000u << "mem";
    QTest::newRow("pv") << 0x0020f000u << "pv";
    QTest::newRow("shadow") << 0x0040f000u << "shadow";
    QTest::newRow("hw") << 0x0080f000u << "hw";
    QTest::newRow("guest") << 0x0800f000u << "guest";
    QTest::newRow("guest block event") << 0x0800f103u << "guest";
    QTest::newRow("two class bits") << 0x0003f000u << "unknown";
    QTest::newRow("no class") << 0x00000001u << "unknown";
}

void TestEventCatalog::className() {
    QFETCH(uint, id);
    QFETCH(QString, cls);
    QCOMPARE(qs(EventCatalog::className(id)), cls);
}

void TestEventCatalog::vmxExitReason_data() {
    QTest::addColumn<uint>("reason");
    QTest::addColumn<QString>("name");
    QTest::newRow("0") << 0u << "EXCEPTION_NMI";
    QTest::newRow("1") << 1u << "EXTERNAL_INTERRUPT";
    QTest::newRow("10") << 10u << "CPUID";
    QTest::newRow("12") << 12u << "HLT";
    QTest::newRow("28") << 28u << "CR_ACCESS";
    QTest::newRow("30") << 30u << "IO_INSTRUCTION";
    QTest::newRow("48") << 48u << "EPT_VIOLATION";
    QTest::newRow("52") << 52u << "VMX_PREEMPTION_TIMER_EXPIRED";
    QTest::newRow("35 is reserved") << 35u << "";
    QTest::newRow("out of range") << 1000u << "";
}

void TestEventCatalog::vmxExitReason() {
    QFETCH(uint, reason);
    QFETCH(QString, name);
    QCOMPARE(qs(EventCatalog::vmxExitReason(reason)), name);
}

void TestEventCatalog::svmExitReason_data() {
    QTest::addColumn<uint>("code");
    QTest::addColumn<QString>("name");
    QTest::newRow("0x00") << 0x00u << "CR0_READ";
    QTest::newRow("0x4e") << 0x4eu << "EXCEPTION_PF";
    QTest::newRow("0x60") << 0x60u << "INTR";
    QTest::newRow("0x72") << 0x72u << "CPUID";
    QTest::newRow("0x78") << 0x78u << "HLT";
    QTest::newRow("0x7b") << 0x7bu << "IOIO";
    QTest::newRow("0x7c") << 0x7cu << "MSR";
    QTest::newRow("0x81") << 0x81u << "VMMCALL";
    QTest::newRow("0x400") << 0x400u << "NPF";
    QTest::newRow("unknown") << 0x300u << "";
}

void TestEventCatalog::svmExitReason() {
    QFETCH(uint, code);
    QFETCH(QString, name);
    QCOMPARE(qs(EventCatalog::svmExitReason(code)), name);
}

void TestEventCatalog::hypercallName_data() {
    QTest::addColumn<uint>("op");
    QTest::addColumn<QString>("name");
    QTest::newRow("1") << 1u << "mmu_update";
    QTest::newRow("12") << 12u << "memory_op";
    QTest::newRow("13") << 13u << "multicall";
    QTest::newRow("20") << 20u << "grant_table_op";
    QTest::newRow("24") << 24u << "vcpu_op";
    QTest::newRow("29") << 29u << "sched_op";
    QTest::newRow("32") << 32u << "event_channel_op";
    QTest::newRow("34") << 34u << "hvm_op";
    QTest::newRow("41") << 41u << "dm_op";
    QTest::newRow("11 is unused") << 11u << "";
    QTest::newRow("out of range") << 1000u << "";
}

void TestEventCatalog::hypercallName() {
    QFETCH(uint, op);
    QFETCH(QString, name);
    QCOMPARE(qs(EventCatalog::hypercallName(op)), name);
}

void TestEventCatalog::formatFields_data() {
    QTest::addColumn<uint>("id");
    QTest::addColumn<QList<uint>>("words");
    QTest::addColumn<QString>("expected");

    // SWITCH_INFPREV: old Xen (dom, runtime) vs current (dom, vcpu, runtime).
    QTest::newRow("infprev old layout")
        << 0x0002800eu << QList<uint>{1, 12345} << "dom=1, runtime_ns=12345";
    QTest::newRow("infprev new layout")
        << 0x0002800eu << QList<uint>{1, 2, 12345} << "vcpu=d1v2, runtime_ns=12345";
    // SWITCH_INFNEXT: (dom, runnable, slice) vs (dom, vcpu, runnable, slice).
    QTest::newRow("infnext old layout") << 0x0002800fu << QList<uint>{3, 500, 30000000}
                                        << "dom=3, runnable_ns=500, next_slice_ns=30000000";
    QTest::newRow("infnext new layout") << 0x0002800fu << QList<uint>{3, 1, 500, 30000000}
                                        << "vcpu=d3v1, runnable_ns=500, next_slice_ns=30000000";
    QTest::newRow("infprev bad count") << 0x0002800eu << QList<uint>{7} << "[ 0x00000007 ]";
    QTest::newRow("sched switch to idle")
        << 0x0002800au << QList<uint>{0, 1, 32767, 1} << "prev=d0v1, next=d32767v1";
    QTest::newRow("wake") << 0x00028004u << QList<uint>{5, 0} << "vcpu=d5v0";
    // RUNSTATE_CHANGE running(0) -> runnable(1): 0x00021001 | 0 << 8 | 1 << 4; the word
    // holds the vcpu in the low 16 bits and the domain in the high 16 bits.
    QTest::newRow("runstate running->runnable")
        << 0x00021011u << QList<uint>{0x00010002} << "vcpu=d1v2, old=running, new=runnable";
    QTest::newRow("runstate blocked->runnable")
        << 0x00021211u << QList<uint>{0x00000000} << "vcpu=d0v0, old=blocked, new=runnable";
    QTest::newRow("continue running") << 0x00021002u << QList<uint>{0x00030001} << "vcpu=d3v1";
    // LOST_RECORDS: count, dom low 16 / vcpu high 16, first lost TSC (lo, hi).
    // 0x1'89abcdef = 4294967296 + 2309737967 = 6604705263.
    QTest::newRow("lost records") << 0x0001f001u << QList<uint>{10, 0x00020001, 0x89abcdef, 0x1}
                                  << "lost=10, running=d1v2, first_tsc=6604705263";
    QTest::newRow("vmx exit HLT") << 0x00081002u << QList<uint>{12, 0xfffff800}
                                  << "reason=HLT, rip=0xfffff800";
    QTest::newRow("vmx exit64 IO") << 0x00081102u << QList<uint>{30, 0x81234567, 0xffffffff}
                                   << "reason=IO_INSTRUCTION, rip=0xffffffff81234567";
    QTest::newRow("vmx exit entry failure")
        << 0x00081002u << QList<uint>{0x80000021, 0x1000}
        << "reason=INVALID_GUEST_STATE, reason_flags=0x80000000, rip=0x1000";
    QTest::newRow("svm exit HLT") << 0x00081003u << QList<uint>{0x78, 0x1000}
                                  << "reason=HLT, rip=0x1000";
    QTest::newRow("vmx exit wrong count")
        << 0x00081102u << QList<uint>{30, 0x1000} << "[ 0x0000001e 0x00001000 ]";
    // PV_HYPERCALL_V2: op 29 with A0 = 01b (one 32-bit argument) in bits 20-21.
    QTest::newRow("hypercall v2 sched_op")
        << 0x0020100du << QList<uint>{0x0010001d, 3} << "op=sched_op, a0=0x3";
    // A0 = 10b (64-bit), A1 = 01b (32-bit): 0x2 << 20 | 0x1 << 22 | 12 (memory_op)
    QTest::newRow("hypercall v2 memory_op")
        << 0x0020100du << QList<uint>{0x0060000c, 0x1000, 0x1, 7}
        << "op=memory_op, a0=0x100001000, a1=0x7";
    QTest::newRow("grant map") << 0x0010f001u << QList<uint>{3} << "dom=3";
    QTest::newRow("blk front queue") << 0x0800f101u << QList<uint>{51712, 7, 2048, 0, 8, 1}
                                     << "dev=51712, req=0x7, sector=2048, nr_sectors=8, op=write";
    QTest::newRow("blk back done")
        << 0x0800f105u << QList<uint>{1, 51712, 7, 0} << "fe_dom=1, dev=51712, req=0x7, status=0";
    // credit2 runq_candidate: { u16 unit, dom; u32 tickled_cpu; i32 credit }
    QTest::newRow("csched2 runq_candidate")
        << 0x00022214u << QList<uint>{0x00010002, 0xffffffff, 500}
        << "vcpu=d1v2, credit=500, tickled_cpu=-1";
    QTest::newRow("csched2 tickle") << 0x00022206u << QList<uint>{3} << "cpu=3";
    QTest::newRow("unknown id raw")
        << 0x0002809fu << QList<uint>{1, 2} << "[ 0x00000001 0x00000002 ]";
    QTest::newRow("no payload") << 0x00081001u << QList<uint>{} << "";
    QTest::newRow("unexpected payload") << 0x00081001u << QList<uint>{5} << "[ 0x00000005 ]";
}

void TestEventCatalog::formatFields() {
    QFETCH(uint, id);
    QFETCH(QList<uint>, words);
    QFETCH(QString, expected);
    QCOMPARE(fields(id, words), expected);
}

void TestEventCatalog::formatFieldsAppends() {
    const uint32_t w[] = {4};
    std::string out = "prefix: ";
    EventCatalog::builtin().formatFields(0x0010f002u, w, 1, out);
    QCOMPARE(QString::fromStdString(out), QStringLiteral("prefix: dom=4"));

    // A layout that gives up must not leave half-written text behind.
    out = "x ";
    EventCatalog::builtin().formatFields(0x0002800au, w, 1, out);
    QCOMPARE(QString::fromStdString(out), QStringLiteral("x [ 0x00000004 ]"));
}

QTEST_GUILESS_MAIN(TestEventCatalog)
#include "tst_eventcatalog.moc"
