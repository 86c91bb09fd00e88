// `xenoscope-cli bench scan FILE [--runs N]`: reader throughput, printed side by
// side so the cost of the full reader over a bare record walk shows as a ratio.
// A benchmark prints figures; it never passes or fails.

#include "app/cli/benchcommand.h"

#include "app/cli/clioptions.h"
#include "core/reader/chunkscanner.h"
#include "core/reader/chunkwalker.h"
#include "core/reader/tracereader.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

namespace xenoscope::cli {

namespace {

using Clock = std::chrono::steady_clock;

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty()      ? 0
           : v.size() % 2 ? v[v.size() / 2]
                          : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

template <class F> double timeIt(F&& f) {
    const auto start = Clock::now();
    f();
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// Touches every field so the compiler cannot drop the work.
class ChecksumSink final : public core::RecordSink {
public:
    uint64_t sum = 0;
    uint64_t records = 0;
    void onRecord(const core::Record& r, const core::Owner& o) override {
        sum += r.tsc ^ r.event ^ r.words[0] ^ o.domain;
        ++records;
    }
};

int benchScan(const QString& file, int runs) {
    const std::string path = file.toStdString();
    core::Diagnostic error;
    auto reader = core::TraceReader::open(path, error);
    if (!reader) {
        printDiagnostics(path, {error});
        return ExitUnusable;
    }
    const double mb = static_cast<double>(reader->file().fileSize()) / 1e6;
    std::vector<double> bare, full;
    uint64_t records = 0;
    uint64_t check = 0;
    for (int i = 0; i < runs; ++i) {
        // Bare walk: hop headers chunk by chunk in file order; no merge, no decode.
        bare.push_back(timeIt([&] {
            core::ChunkTable table;
            core::ChunkScanner(reader->file()).scan(table, {}, nullptr);
            uint64_t n = 0;
            core::walkChunks(reader->file(), table,
                             [&](uint16_t, uint32_t header, const uint8_t*) { n += header >> 28; });
            check += n;
        }));
        // Full reader: layout scan, per-pCPU merge, TSC-less timing, owner tracking, decode.
        full.push_back(timeIt([&] {
            auto fresh = core::TraceReader::open(path, error);
            ChecksumSink sink;
            fresh->read(sink);
            records = sink.records;
            check += sink.sum;
        }));
    }
    const double b = median(bare), f = median(full);
    std::printf("bench scan: %s (%.1f MB%s, %llu records), median of %d runs\n", path.c_str(), mb,
                reader->file().compressed() ? ", zstd" : "",
                static_cast<unsigned long long>(records), runs);
    std::printf("%-34s %10s %10s %14s %8s\n", "pass", "seconds", "MB/s", "records/s", "ratio");
    std::printf("%-34s %10.3f %10.1f %14.0f %8.2f\n", "bare record walk", b, mb / b,
                static_cast<double>(records) / b, 1.0);
    std::printf("%-34s %10.3f %10.1f %14.0f %8.2f\n", "full decode + merge (reader)", f, mb / f,
                static_cast<double>(records) / f, f / b);
    std::fprintf(stderr, "(checksum %llu)\n", static_cast<unsigned long long>(check));
    return ExitOk;
}

} // namespace

int runBench(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Benchmarks. 'bench scan FILE': reader throughput."));
    parser.addOption({QStringLiteral("runs"),
                      QStringLiteral("Runs per figure (median is printed)."), QStringLiteral("N"),
                      QStringLiteral("5")});
    parser.addPositionalArgument(QStringLiteral("WHAT"), QStringLiteral("scan"));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The trace."));
    if (!parseArgs(parser, args))
        return ExitUnusable;
    const auto pos = parser.positionalArguments();
    const int runs = std::max(1, parser.value(QStringLiteral("runs")).toInt());
    if (pos.size() == 2 && pos[0] == QLatin1String("scan"))
        return benchScan(pos[1], runs);
    return usageError(QStringLiteral("usage: bench scan FILE [--runs N]"));
}

} // namespace xenoscope::cli
