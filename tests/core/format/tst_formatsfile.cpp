// Tests of FormatsFile. The expected renderings were produced by Python 3's own
// "format % mapping" operator (what xentrace_format runs), with the mapping xentrace_format
// builds: cpu, tsc, event, reltsc and '1'..'7' (missing words 0).

#include "core/format/formatsfile.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <string>
#include <vector>

using xenoscope::core::FormatsError;
using xenoscope::core::FormatsFile;

namespace {

QString qs(std::string_view s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

// The start of the stock formats file, plus broken lines (numbers noted on the right).
constexpr std::string_view kSample =
    "# xentrace_format definitions\n" // 1
    "0x00000000  CPU%(cpu)d  %(tsc)d (+%(reltsc)8d)  unknown (0x%(event)016x)  [ "
    "0x%(1)08x 0x%(2)08x 0x%(3)08x 0x%(4)08x 0x%(5)08x 0x%(6)08x 0x%(7)08x ]\n" // 2
    "\n"                                                                        // 3
    "0x0002800e  CPU%(cpu)d  %(tsc)d (+%(reltsc)8d)  switch_infprev    [ dom:vcpu = "
    "0x%(1)04x%(2)04x, runtime = %(3)d ]\n"                                              // 4
    "0x00028008\n"                                                                       // 5
    "0x00028009  CPU%(cpu)d  bad %(8)d\n"                                                // 6
    "zzz  CPU%(cpu)d  nonsense\n"                                                        // 7
    "0x0002800a  CPU%(cpu)d  %(1)q\n"                                                    // 8
    "0x0002800f  CPU%(cpu)d  first_version\n"                                            // 9
    "0x0002800f  CPU%(cpu)d  %(tsc)d (+%(reltsc)8d)  switch_infnext [ x = %(1)d ]\r\n"   // 10
    "0x00081001  CPU%(cpu)d  %(tsc)d (+%(reltsc)8d)  VMENTRY\n"                          // 11
    "0x0008200A  CPU%(cpu)d  %(tsc)d (+%(reltsc)8d)  DR_READ    \n"                      // 12
    "0x0008200E  CPU%(cpu)d  %(tsc)d (+%(reltsc)8d)  CPUID       [ func = 0x%(1)08x ]\n" // 13
    "0x00028001  CPU7  [ domid = 0x%(1)08x ]";                                           // 14

QString render(const FormatsFile& f, uint32_t id, unsigned cpu, uint64_t tsc, uint64_t reltsc,
               const QList<uint>& words) {
    const std::vector<uint32_t> w(words.begin(), words.end());
    std::string out;
    f.render(id, cpu, tsc, reltsc, w.data(), static_cast<unsigned>(w.size()), out);
    return QString::fromStdString(out);
}

} // namespace

class TestFormatsFile : public QObject {
    Q_OBJECT

private slots:
    void parseReportsMalformedLines();
    void singleLine_data();
    void singleLine();
    void nameFor_data();
    void nameFor();
    void renderMatchesPython_data();
    void renderMatchesPython();
    void renderFallsBackToDefaultRule();
    void renderWithoutRules();
    void load();
};

void TestFormatsFile::parseReportsMalformedLines() {
    std::vector<FormatsError> errors;
    const FormatsFile f = FormatsFile::parse(kSample, errors);

    std::vector<unsigned> lines;
    for (const auto& e : errors) {
        QVERIFY(!e.message.empty());
        lines.push_back(e.line);
    }
    QCOMPARE(lines, (std::vector<unsigned>{5, 6, 7, 8}));
    QCOMPARE(f.size(), std::size_t{7}); // 0x0, 0x28001, 0x2800e, 0x2800f, 0x81001, 0x8200a/e

    QVERIFY(f.formatFor(0x0002800a) == nullptr);
    QVERIFY(f.formatFor(0x00028009) == nullptr);
    // The later rule for an id wins (a Python dict), and its final '\r' is dropped.
    QVERIFY(f.formatFor(0x0002800f) != nullptr);
    QCOMPARE(QString::fromStdString(*f.formatFor(0x0002800f)),
             QStringLiteral("CPU%(cpu)d  %(tsc)d (+%(reltsc)8d)  switch_infnext [ x = %(1)d ]"));
    // Trailing blanks belong to the format, as with xentrace_format's regex.
    QCOMPARE(QString::fromStdString(*f.formatFor(0x0008200a)),
             QStringLiteral("CPU%(cpu)d  %(tsc)d (+%(reltsc)8d)  DR_READ    "));
}

void TestFormatsFile::singleLine_data() {
    QTest::addColumn<QString>("line");
    QTest::addColumn<bool>("ok");

    QTest::newRow("plain") << "0x1 hello" << true;
    QTest::newRow("tab separated") << "0x1\thello %(1)d" << true;
    QTest::newRow("decimal id") << "4098 x" << true;
    QTest::newRow("octal id") << "0o17 x" << true;
    QTest::newRow("percent escape") << "0x1 100%%" << true;
    QTest::newRow("length modifier") << "0x1 %(1)ld" << true;
    QTest::newRow("all flags") << "0x1 %(1)-+ #010.5d" << true;
    QTest::newRow("comment") << "# 0x1 %(9)d" << true;
    QTest::newRow("blank only") << "   " << true;
    QTest::newRow("id only") << "0x1" << false;
    QTest::newRow("id and blanks") << "0x1   " << false;
    QTest::newRow("leading blank") << "  0x1 hello" << false;
    QTest::newRow("bad id") << "1x2 hello" << false;
    QTest::newRow("decimal with leading zero") << "012 hello" << false;
    QTest::newRow("id too wide") << "0x10000000 hello" << false;
    QTest::newRow("unknown field") << "0x1 %(9)d" << false;
    QTest::newRow("no mapping key") << "0x1 %d" << false;
    QTest::newRow("star width") << "0x1 %(1)*d" << false;
    QTest::newRow("trailing percent") << "0x1 50%" << false;
    QTest::newRow("unclosed key") << "0x1 %(1d" << false;
    QTest::newRow("bad conversion") << "0x1 %(1)y" << false;
    QTest::newRow("missing conversion") << "0x1 %(1)08" << false;
}

void TestFormatsFile::singleLine() {
    QFETCH(QString, line);
    QFETCH(bool, ok);
    std::vector<FormatsError> errors;
    const std::string text = line.toStdString();
    FormatsFile::parse(text, errors);
    QCOMPARE(errors.empty(), ok);
    if (!ok) {
        QCOMPARE(errors.size(), std::size_t{1});
        QCOMPARE(errors.front().line, 1u);
    }
}

void TestFormatsFile::nameFor_data() {
    QTest::addColumn<uint>("id");
    QTest::addColumn<QString>("name");
    QTest::newRow("default rule") << 0u << "unknown";
    QTest::newRow("infprev") << 0x0002800eu << "switch_infprev";
    QTest::newRow("infnext (later rule)") << 0x0002800fu << "switch_infnext";
    QTest::newRow("VMENTRY") << 0x00081001u << "VMENTRY";
    QTest::newRow("DR_READ") << 0x0008200au << "DR_READ";
    QTest::newRow("CPUID is a name, not a CPU") << 0x0008200eu << "CPUID";
    QTest::newRow("literal CPU number, no name") << 0x00028001u << "";
    QTest::newRow("no rule") << 0x00028004u << "";
}

void TestFormatsFile::nameFor() {
    QFETCH(uint, id);
    QFETCH(QString, name);
    std::vector<FormatsError> errors;
    const FormatsFile f = FormatsFile::parse(kSample, errors);
    QCOMPARE(qs(f.nameFor(id)), name);
}

void TestFormatsFile::renderMatchesPython_data() {
    QTest::addColumn<QString>("format");
    QTest::addColumn<uint>("cpu");
    QTest::addColumn<quint64>("tsc");
    QTest::addColumn<quint64>("reltsc");
    QTest::addColumn<uint>("event");
    QTest::addColumn<QList<uint>>("words");
    QTest::addColumn<QString>("expected");

    QTest::newRow("stock switch_infprev")
        << "CPU%(cpu)d  %(tsc)d (+%(reltsc)8d)  switch_infprev    [ dom:vcpu = "
           "0x%(1)04x%(2)04x, runtime = %(3)d ]"
        << 3u << Q_UINT64_C(123456789012) << Q_UINT64_C(4567) << 0x0002800eu
        << QList<uint>{1, 2, 30000}
        << "CPU3  123456789012 (+    4567)  switch_infprev    [ dom:vcpu = 0x00010002, "
           "runtime = 30000 ]";
    QTest::newRow("stock default rule, missing words are 0")
        << "CPU%(cpu)d  %(tsc)d (+%(reltsc)8d)  unknown (0x%(event)016x)  [ 0x%(1)08x "
           "0x%(2)08x 0x%(3)08x 0x%(4)08x 0x%(5)08x 0x%(6)08x 0x%(7)08x ]"
        << 0u << Q_UINT64_C(5) << Q_UINT64_C(0) << 0x0002809fu << QList<uint>{0xdeadbeef, 7}
        << "CPU0  5 (+       0)  unknown (0x000000000002809f)  [ 0xdeadbeef 0x00000007 "
           "0x00000000 0x00000000 0x00000000 0x00000000 0x00000000 ]";
    QTest::newRow("flags and conversions")
        << "%(1)#x|%(1)#o|%(1)X|%(2)-6d|%(2)+d|%(2) d|%(2)05.3d|%(3).0d|%(1)#010x|%(2)10.4s|"
           "%(2)-4s|%(4)3c|100%%"
        << 1u << Q_UINT64_C(0) << Q_UINT64_C(0) << 1u << QList<uint>{255, 42, 0, 65}
        << "0xff|0o377|FF|42    |+42| 42|00042|0|0x000000ff|        42|42  |  A|100%";
    QTest::newRow("floats") << "%(1)e %(2).2f %(3)g %(1)08.1f %(3)G" << 0u << Q_UINT64_C(0)
                            << Q_UINT64_C(0) << 1u << QList<uint>{12345, 7, 1000000000}
                            << "1.234500e+04 7.00 1e+09 012345.0 1E+09";
    QTest::newRow("64-bit values")
        << "%(tsc)020d %(reltsc)x %(event)i %(cpu)u %(7)o" << 12u
        << Q_UINT64_C(18446744073709551615) << Q_UINT64_C(4294967296) << 0x0fffffffu
        << QList<uint>{0, 0, 0, 0, 0, 0, 8} << "18446744073709551615 100000000 268435455 12 10";
}

void TestFormatsFile::renderMatchesPython() {
    QFETCH(QString, format);
    QFETCH(uint, cpu);
    QFETCH(quint64, tsc);
    QFETCH(quint64, reltsc);
    QFETCH(uint, event);
    QFETCH(QList<uint>, words);
    QFETCH(QString, expected);

    std::vector<FormatsError> errors;
    const std::string text =
        "0x" + QString::number(event, 16).toStdString() + "  " + format.toStdString() + "\n";
    const FormatsFile f = FormatsFile::parse(text, errors);
    QVERIFY(errors.empty());
    QCOMPARE(render(f, event, cpu, tsc, reltsc, words), expected);
}

void TestFormatsFile::renderFallsBackToDefaultRule() {
    std::vector<FormatsError> errors;
    const FormatsFile f = FormatsFile::parse(kSample, errors);
    // No rule for 0x00028004: xentrace_format uses the 0x00000000 rule.
    QCOMPARE(render(f, 0x00028004, 1, 100, 10, {5, 0}),
             QStringLiteral("CPU1  100 (+      10)  unknown (0x0000000000028004)  [ 0x00000005 "
                            "0x00000000 0x00000000 0x00000000 0x00000000 0x00000000 "
                            "0x00000000 ]"));
    // The header's flag bits are not part of the event.
    QCOMPARE(render(f, 0x00081001u | 0x90000000u, 2, 7, 0, {}),
             QStringLiteral("CPU2  7 (+       0)  VMENTRY"));
}

void TestFormatsFile::renderWithoutRules() {
    std::vector<FormatsError> errors;
    const FormatsFile f = FormatsFile::parse("0x00081001 VMENTRY\n", errors);
    std::string out = "keep";
    f.render(0x00028004, 0, 0, 0, nullptr, 0, out);
    QCOMPARE(QString::fromStdString(out), QStringLiteral("keep"));
}

void TestFormatsFile::load() {
    std::vector<FormatsError> errors;
    QVERIFY(!FormatsFile::load("/nonexistent/formats", errors).has_value());
    QCOMPARE(errors.size(), std::size_t{1});
    QCOMPARE(errors.front().line, 0u);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string path = dir.filePath(QStringLiteral("formats")).toStdString();
    {
        std::ofstream out(path, std::ios::binary);
        out << kSample;
    }
    errors.clear();
    const auto f = FormatsFile::load(path, errors);
    QVERIFY(f.has_value());
    QCOMPARE(f->size(), std::size_t{7});
    QCOMPARE(errors.size(), std::size_t{4});
}

QTEST_GUILESS_MAIN(TestFormatsFile)
#include "tst_formatsfile.moc"
