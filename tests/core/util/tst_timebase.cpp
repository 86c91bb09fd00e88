// Time arguments as users type them, and the cycles <-> seconds edge.

#include "core/util/timebase.h"

#include <QTest>

using namespace xenoscope::core;

class TestTimeBase : public QObject {
    Q_OBJECT
private slots:
    void parseTime_data();
    void parseTime();
    void parseHz_data();
    void parseHz();
    void parseSize();
    void resolve();
    void formatDuration();
};

void TestTimeBase::parseTime_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<bool>("absolute");
    QTest::addColumn<double>("ns");
    QTest::addColumn<qulonglong>("tsc");
    QTest::newRow("us") << "250us" << true << false << 250e3 << 0ull;
    QTest::newRow("ms fraction") << "1.5ms" << true << false << 1.5e6 << 0ull;
    QTest::newRow("s") << "2s" << true << false << 2e9 << 0ull;
    QTest::newRow("ns") << "900ns" << true << false << 900.0 << 0ull;
    QTest::newRow("micro sign") << QStringLiteral("3µs") << true << false << 3e3 << 0ull;
    QTest::newRow("tsc") << "tsc:50475882825885" << true << true << 0.0 << 50475882825885ull;
    QTest::newRow("no unit") << "250" << false << false << 0.0 << 0ull;
    QTest::newRow("unknown unit") << "3h" << false << false << 0.0 << 0ull;
    QTest::newRow("negative") << "-1ms" << false << false << 0.0 << 0ull;
    QTest::newRow("tsc garbage") << "tsc:12x" << false << false << 0.0 << 0ull;
    QTest::newRow("empty") << "" << false << false << 0.0 << 0ull;
}

void TestTimeBase::parseTime() {
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(bool, absolute);
    QFETCH(double, ns);
    QFETCH(qulonglong, tsc);
    const auto spec = parseTimeSpec(text.toStdString());
    QCOMPARE(spec.has_value(), valid);
    if (!spec)
        return;
    QCOMPARE(spec->absolute, absolute);
    QCOMPARE(spec->ns, ns);
    QCOMPARE(qulonglong(spec->tsc), tsc);
}

void TestTimeBase::parseHz_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<double>("hz");
    QTest::newRow("G") << "2.8G" << 2.8e9;
    QTest::newRow("GHz") << "2.4GHz" << 2.4e9;
    QTest::newRow("M") << "2800M" << 2.8e9;
    QTest::newRow("plain") << "2800000000" << 2.8e9;
    QTest::newRow("bad") << "fast" << 0.0;
    QTest::newRow("zero") << "0" << 0.0;
}

void TestTimeBase::parseHz() {
    QFETCH(QString, text);
    QFETCH(double, hz);
    const auto v = xenoscope::core::parseHz(text.toStdString());
    QCOMPARE(v.value_or(0.0), hz);
}

void TestTimeBase::parseSize() {
    QCOMPARE(xenoscope::core::parseSize("700M").value_or(0), 700ull << 20);
    QCOMPARE(xenoscope::core::parseSize("2G").value_or(0), 2ull << 30);
    QCOMPARE(xenoscope::core::parseSize("4096").value_or(0), 4096ull);
    QCOMPARE(xenoscope::core::parseSize("1MiB").value_or(0), 1ull << 20);
    QVERIFY(!xenoscope::core::parseSize("lots"));
}

void TestTimeBase::resolve() {
    const TimeBase base{1'000'000, 2.8e9};
    QCOMPARE(parseTimeSpec("1ms")->resolve(base), 1'000'000ull + 2'800'000ull);
    QCOMPARE(parseTimeSpec("250us")->resolve(base), 1'000'000ull + 700'000ull);
    QCOMPARE(parseTimeSpec("tsc:42")->resolve(base), 42ull);
    QCOMPARE(base.seconds(2'800'000'000ull), 1.0);
}

void TestTimeBase::formatDuration() {
    QCOMPARE(QString::fromStdString(xenoscope::core::formatDuration(2.5)),
             QStringLiteral("2.500 s"));
    QCOMPARE(QString::fromStdString(xenoscope::core::formatDuration(0.0125)),
             QStringLiteral("12.500 ms"));
    QCOMPARE(QString::fromStdString(xenoscope::core::formatDuration(3e-6)),
             QStringLiteral("3.000 µs"));
    QCOMPARE(QString::fromStdString(xenoscope::core::formatDuration(4e-8)),
             QStringLiteral("40.000 ns"));
}

QTEST_GUILESS_MAIN(TestTimeBase)
#include "tst_timebase.moc"
