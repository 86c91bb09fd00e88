// Damaged files made by mutating a generated trace at random (seeded: every
// run tries the same files): bit flips, truncations, overwritten words and
// blocks, inserted bytes, zeroed runs. The reader, the pass, the index, its
// cache and the summary figures must take every one (the ASan/UBSan build
// runs this too) with every problem naming a byte inside the file, memory
// bounded by the records rather than by what damaged timestamps say, and
// the cache reopening to the same index.

#include "indexfixture.h"

#include "core/analyses/tracesummary.h"
#include "core/index/traceindeximpl.h"
#include "core/probes/hvmprobe.h"
#include "core/util/diagnostic.h"

#include <QFile>
#include <QTest>

#include <algorithm>
#include <random>

using namespace xenoscope;
using namespace xenoscope::core;

namespace {

std::string readAll(const std::string& path) {
    QFile in(QString::fromStdString(path));
    if (!in.open(QIODevice::ReadOnly))
        return {};
    return in.readAll().toStdString();
}

void writeAll(const std::string& path, const std::string& bytes) {
    QFile out(QString::fromStdString(path));
    if (out.open(QIODevice::WriteOnly | QIODevice::Truncate))
        out.write(bytes.data(), static_cast<qint64>(bytes.size()));
}

// One random mutation of `bytes` (never empty afterwards).
std::string mutate(std::string bytes, std::mt19937_64& rng, int kind) {
    auto below = [&](size_t n) { return static_cast<size_t>(rng() % std::max<size_t>(n, 1)); };
    const size_t size = bytes.size();
    switch (kind) {
    case 0: // bit flips
        for (size_t n = 1 + below(64); n > 0; --n)
            bytes[below(size)] ^= static_cast<char>(1u << below(8));
        break;
    case 1: // truncated
        bytes.resize(1 + below(size - 1));
        break;
    case 2: { // 32-bit words overwritten with extremes, ids and random values
        static constexpr uint32_t Values[] = {0,          0xffffffff, 0x7fffffff, 0x80000000,
                                              0x0001f001, 0x0001f002, 0x0001f003, 0x00081001};
        for (size_t n = 1 + below(16); n > 0; --n) {
            const size_t at = below(size / 4) * 4;
            const uint32_t v = below(3) == 0 ? static_cast<uint32_t>(rng()) : Values[below(8)];
            for (size_t b = 0; b < 4 && at + b < size; ++b)
                bytes[at + b] = static_cast<char>(v >> (8 * b));
        }
        break;
    }
    case 3: { // a block copied over another place
        const size_t from = below(size), to = below(size);
        const size_t n = std::min({1 + below(65536), size - from, size - to});
        bytes.replace(to, n, bytes.substr(from, n));
        break;
    }
    case 4: { // random bytes inserted
        std::string extra(1 + below(64), '\0');
        for (char& c : extra)
            c = static_cast<char>(rng());
        bytes.insert(below(size), extra);
        break;
    }
    default: { // a run zeroed
        const size_t at = below(size);
        std::fill_n(bytes.begin() + static_cast<std::ptrdiff_t>(at),
                    std::min<size_t>(1 + below(4096), size - at), '\0');
        break;
    }
    }
    return bytes;
}

} // namespace

class TestMutatedTraces : public QObject {
    Q_OBJECT
private slots:
    void everyDamagedFileIsRead_data() {
        QTest::addColumn<int>("kind");
        QTest::addColumn<quint64>("seed");
        const char* names[] = {"bit flips", "truncated", "words", "block", "inserted", "zeroed"};
        for (int kind = 0; kind < 6; ++kind)
            for (quint64 seed = 1; seed <= 8; ++seed)
                QTest::newRow(qPrintable(QStringLiteral("%1 %2").arg(names[kind]).arg(seed)))
                    << kind << seed;
    }

    void everyDamagedFileIsRead() {
        QFETCH(int, kind);
        QFETCH(quint64, seed);
        static QTemporaryDir dir;
        static const std::string original =
            readAll(test::synthTrace(dir, QStringLiteral("original.xt"), 30'000'000));
        QVERIFY(!original.empty());
        std::mt19937_64 rng(seed * 7919 + static_cast<quint64>(kind));
        const std::string bytes = mutate(original, rng, kind);
        const std::string path =
            dir.filePath(QStringLiteral("damaged-%1-%2.xt").arg(kind).arg(seed)).toStdString();
        writeAll(path, bytes);

        IndexOptions options;
        options.cacheNextToTrace = false;
        options.cacheDir = dir.filePath(QStringLiteral("cache")).toStdString();
        const IndexOutcome built = IndexBuilder(options).open(path);
        QVERIFY(built.info);
        QVERIFY(!built.fromCache);
        for (const Diagnostic& d : built.info->errors)
            QVERIFY2(d.offset <= bytes.size(), describe(path, d).c_str());
        if (!built.index) {
            // Unusable: said so, with a reason.
            QVERIFY(!built.info->errors.empty());
            return;
        }
        const AnalysisResults& r = built.index->results();
        // Every hypervisor span is closed by a record or at T1 on a pCPU,
        // and pieces past each span's first are bounded (HvmProbe).
        size_t spans = 0;
        for (const VcpuHvmSpans& v : r.hvm.vcpus)
            spans += v.spans.size();
        const uint64_t records = built.info->stats.records;
        QVERIFY2(spans <= 2 * (records + r.span.pcpus.size()) + HvmProbe::MinPieceBudget,
                 qPrintable(QStringLiteral("%1 spans from %2 records").arg(spans).arg(records)));
        QVERIFY(records <= bytes.size() / 4);

        SummaryOptions so;
        so.tscHz = built.info->tscHzUsed;
        const TraceSummary s = summarizeTrace(r, so);
        QCOMPARE(s.window, r.span.window);

        const IndexOutcome reopened = IndexBuilder(options).open(path);
        QVERIFY2(reopened.fromCache, reopened.cacheProblem.c_str());
        QVERIFY(reopened.index);
        const AnalysisResults& again = reopened.index->results();
        QCOMPARE(again.span.window, r.span.window);
        QCOMPARE(again.events.total, r.events.total);
        QCOMPARE(again.hvm.cutSpans, r.hvm.cutSpans);
        QCOMPARE(again.hvm.vcpus.size(), r.hvm.vcpus.size());
    }
};

QTEST_GUILESS_MAIN(TestMutatedTraces)
#include "tst_mutatedtraces.moc"
