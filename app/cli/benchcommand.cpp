// `xenoscope-cli bench scan FILE [--runs N]`: reader throughput, printed side by
// side so the cost of the full reader over a bare record walk shows as a ratio.
// `xenoscope-cli bench index FILE [--runs N]`: the viewer's index against the
// same bare walk: build (one and two threads), reopen from the cache, peak
// RSS per phase, and draw-list time for a full frame at several zoom levels.
// A benchmark prints figures; it never passes or fails.

#include "app/cli/benchcommand.h"

#include "app/cli/clioptions.h"
#include "core/analyses/analysispass.h"
#include "core/analyses/tracesummary.h"
#include "core/index/indexbuilder.h"
#include "core/index/indexcache.h"
#include "core/reader/chunkscanner.h"
#include "core/reader/chunkwalker.h"
#include "core/reader/tracereader.h"
#include "core/util/memorypolicy.h"

#include <fcntl.h>
#include <malloc.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
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

// The split read's per-pCPU lane alone: decode and owners, no merge.
class ChecksumSplitSink final : public core::SplitSink {
public:
    ChecksumSink inner;
    bool onPcpuRecord(const core::Record& r, const core::Owner& o) override {
        inner.onRecord(r, o);
        return false;
    }
    void onOrderedRecord(const core::Record&, const core::Owner&) override {}
};

// The decode walk: every record decoded with its owner, per pCPU, no merge.
void decodeWalk(const std::string& path, uint64_t& check) {
    core::Diagnostic error;
    auto reader = core::TraceReader::open(path, error);
    ChecksumSplitSink sink;
    reader->readSplit(sink);
    check += sink.inner.sum;
}

// Bare walk: hop headers chunk by chunk in file order; no merge, no decode.
void bareWalk(const core::TraceReader& reader, uint64_t& check) {
    core::ChunkTable table;
    core::ChunkScanner(reader.file()).scan(table, {}, nullptr);
    uint64_t n = 0;
    core::walkChunks(reader.file(), table,
                     [&](uint16_t, uint32_t header, const uint8_t*) { n += header >> 28; });
    check += n;
}

// Seconds `program --summary path` takes, output thrown away; a negative
// value when it cannot be started or fails. For a side-by-side figure with
// Xen's own xenalyze, which users have today.
double timeExternalSummary(const std::string& program, const std::string& path) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    std::string flag = "--summary";
    std::string file = path;
    std::string self = program;
    char* argv[] = {self.data(), flag.data(), file.data(), nullptr};
    pid_t pid = 0;
    int status = 0;
    const double s = timeIt([&] {
        if (posix_spawn(&pid, program.c_str(), &actions, nullptr, argv, environ) != 0) {
            pid = -1;
            return;
        }
        waitpid(pid, &status, 0);
    });
    posix_spawn_file_actions_destroy(&actions);
    return pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? s : -1;
}

int benchScan(const QString& file, int runs, const QString& xenalyze) {
    const std::string path = file.toStdString();
    core::Diagnostic error;
    auto reader = core::TraceReader::open(path, error);
    if (!reader) {
        printDiagnostics(path, {error});
        return ExitUnusable;
    }
    const double mb = static_cast<double>(reader->file().fileSize()) / 1e6;
    std::vector<double> bare, full, split, analyses1, analyses, figures, external;
    uint64_t records = 0;
    uint64_t check = 0;
    for (int i = 0; i < runs; ++i) {
        // Bare walk: hop headers chunk by chunk in file order; no merge, no decode.
        bare.push_back(timeIt([&] { bareWalk(*reader, check); }));
        // Full reader: layout scan, per-pCPU merge, TSC-less timing, owner tracking, decode.
        full.push_back(timeIt([&] {
            auto fresh = core::TraceReader::open(path, error);
            ChecksumSink sink;
            fresh->read(sink);
            records = sink.records;
            check += sink.sum;
        }));
        // The same without the merge (what per-pCPU probes get).
        split.push_back(timeIt([&] { decodeWalk(path, check); }));
        // Every analysis of `summary` in its one pass (probes, no index), on
        // one thread and on two (two walks at once, `summary`'s default).
        core::AnalysisResults results;
        for (const int threads : {1, 2})
            (threads == 1 ? analyses1 : analyses).push_back(timeIt([&] {
                auto fresh = core::TraceReader::open(path, error);
                core::AnalysisPass pass;
                pass.setThreads(threads);
                results = pass.run(*fresh);
                check += results.span.records;
            }));
        // What `summary` computes from the pass's results for the whole trace.
        figures.push_back(timeIt([&] {
            core::SummaryOptions options;
            options.tscHz = results.tscHzEstimate.value_or(0);
            const auto summary = core::summarizeTrace(results, options);
            check += summary.latency.all.count + summary.hypervisor.vcpus.size();
        }));
        if (!xenalyze.isEmpty())
            external.push_back(timeExternalSummary(xenalyze.toStdString(), path));
    }
    const double b = median(bare), f = median(full), sp = median(split), a1 = median(analyses1),
                 a = median(analyses), fig = median(figures);
    std::printf("bench scan: %s (%.1f MB%s, %llu records), median of %d runs\n", path.c_str(), mb,
                reader->file().compressed() ? ", zstd" : "",
                static_cast<unsigned long long>(records), runs);
    // Ratios to both walks: the issues' goals are multiples of "the bare
    // walk", calibrated by xenalyze at about 7x it, which is what xenalyze
    // takes of the decode walk here (README, Benchmarks).
    std::printf("%-36s %9s %9s %13s %8s %9s\n", "pass", "seconds", "MB/s", "records/s", "x walk",
                "x decode");
    auto line = [&](const char* what, double s, bool rate) {
        if (rate)
            std::printf("%-36s %9.3f %9.1f %13.0f %8.2f %9.2f\n", what, s, mb / s,
                        static_cast<double>(records) / s, s / b, s / sp);
        else
            std::printf("%-36s %9.3f %9s %13s %8.2f %9.2f\n", what, s, "", "", s / b, s / sp);
    };
    line("bare record walk (headers)", b, true);
    line("full decode + merge (reader)", f, true);
    line("decode walk (per-pCPU lane, no merge)", sp, true);
    line("all analyses, 1 thread", a1, true);
    line("all analyses, 2 threads (summary)", a, true);
    line("summary figures from the results", fig, false);
    line("summary: pass (2 threads) + figures", a + fig, true);
    if (!xenalyze.isEmpty()) {
        if (std::any_of(external.begin(), external.end(), [](double x) { return x < 0; })) {
            std::printf("%s --summary failed or could not be started\n",
                        xenalyze.toLocal8Bit().constData());
        } else {
            const double x = median(external);
            line("xenalyze --summary (external)", x, true);
            std::printf("xenalyze --summary / (pass + figures): %.2f\n", x / (a + fig));
        }
    }
    std::fprintf(stderr, "(checksum %llu)\n", static_cast<unsigned long long>(check));
    return ExitOk;
}

// Peak RSS of `phase` run alone in a forked child: the child's ru_maxrss
// (wait4), so each phase is measured from a clean process image instead of
// inheriting the parent's high-water mark. KiB; 0 when fork fails.
template <class F> long peakRssKiB(F&& phase) {
    std::fflush(nullptr);
    // The child starts with (and counts) the parent's resident pages: hand
    // the parent's free heap back first, or a phase that allocates on
    // another thread (whose arena cannot reuse it) is charged for it.
    malloc_trim(0);
    const pid_t pid = fork();
    if (pid < 0)
        return 0;
    if (pid == 0) {
        phase();
        _exit(0);
    }
    int status = 0;
    rusage usage{};
    if (wait4(pid, &status, 0, &usage) != pid)
        return 0;
    return usage.ru_maxrss;
}

int benchIndex(const QString& file, int runs) {
    core::returnLargeBlocksPromptly(); // the viewer's allocator policy
    const std::string path = file.toStdString();
    core::Diagnostic error;
    auto reader = core::TraceReader::open(path, error);
    if (!reader) {
        printDiagnostics(path, {error});
        return ExitUnusable;
    }
    const double mb = static_cast<double>(reader->file().fileSize()) / 1e6;
    const std::string cacheDir =
        (std::filesystem::temp_directory_path() / ("xenoscope-bench-" + std::to_string(getpid())))
            .string();
    auto builder = [&](int threads, bool cache) {
        core::IndexOptions o;
        o.threads = threads;
        o.useCache = cache;
        o.cacheDir = cacheDir;
        o.cacheNextToTrace = false;
        return core::IndexBuilder(o);
    };
    uint64_t check = 0;
    // Peak RSS first, while this process is still small: a forked child
    // starts with (and ru_maxrss counts) the parent's resident pages. The
    // reopen child finds no cache yet, so it is measured after the save below.
    const long rssBare = peakRssKiB([&] { bareWalk(*reader, check); });
    const long rssBuild = peakRssKiB([&] { (void)builder(2, false).build(path); });
    std::vector<double> bare, decode, one, two, reopen, levels;
    std::shared_ptr<const core::TraceIndexImpl> index;
    for (int i = 0; i < runs; ++i) {
        bare.push_back(timeIt([&] { bareWalk(*reader, check); }));
        decode.push_back(timeIt([&] { decodeWalk(path, check); }));
        one.push_back(timeIt([&] { index = builder(1, false).build(path).index; }));
        index.reset();
        two.push_back(timeIt([&] { index = builder(2, false).build(path).index; }));
    }
    if (!index) {
        std::fprintf(stderr, "xenoscope-cli: %s: nothing could be indexed\n", path.c_str());
        return ExitUnusable;
    }
    // Write the cache once (as the viewer does after its first build), then reopen.
    std::string problem;
    const uint64_t cacheBytes =
        core::IndexCache(cacheDir, false).save(path, index->parts(), problem);
    index.reset();
    const long rssReopen = peakRssKiB([&] { (void)builder(2, true).open(path); });
    bool reopenedFromCache = true;
    for (int i = 0; i < runs; ++i) {
        // Outside the timing: freeing the previous run's index is not part of a reopen.
        index.reset();
        reopen.push_back(timeIt([&] {
            auto out = builder(2, true).open(path);
            reopenedFromCache = reopenedFromCache && out.fromCache;
            index = std::move(out.index);
        }));
    }

    // The viewer builds every track's levels of detail off the UI thread
    // once an index is there (TraceLoader); timed on its own, so that the
    // draw lists below are frames only.
    for (int i = 0; i < runs; ++i) {
        index = builder(2, true).open(path).index;
        levels.push_back(timeIt([&] { index->prepareDrawing(); }));
    }
    const auto records = index->info().stats.records;
    const auto footprint = index->footprint();

    std::printf("bench index: %s (%.1f MB%s, %llu records, %zu intervals + %zu overlay), median "
                "of %d runs\n",
                path.c_str(), mb, reader->file().compressed() ? ", zstd" : "",
                static_cast<unsigned long long>(records), footprint.intervals, footprint.overlays,
                runs);
    // Ratios to both walks, as bench scan prints them (README, Benchmarks).
    std::printf("%-36s %10s %8s %9s %14s\n", "phase", "seconds", "x walk", "x decode",
                "peak RSS MiB");
    const double b = median(bare), dw = median(decode);
    auto row = [&](const char* name, double sec, long rss) { // rss 0: not measured
        std::printf("%-36s %10.3f %8.2f %9.2f ", name, sec, sec / b, sec / dw);
        if (rss > 0)
            std::printf("%14.1f\n", static_cast<double>(rss) / 1024.0);
        else
            std::printf("%14s\n", "");
    };
    row("bare record walk (headers)", b, rssBare);
    row("decode walk (per-pCPU lane, no merge)", dw, 0);
    row("index build, 1 thread", median(one), 0);
    row("index build, 2 threads", median(two), rssBuild);
    row("reopen from cache", median(reopen), rssReopen);
    row("levels of detail, after a reopen", median(levels), 0);
    if (!reopenedFromCache)
        std::printf("warning: a reopen did not come from the cache (it rebuilt the index)\n");
    std::printf("cache: %.1f MiB on disk%s%s\n",
                static_cast<double>(cacheBytes) / (1024.0 * 1024.0), problem.empty() ? "" : "; ",
                problem.c_str());

    // Draw lists: 64 tracks (cycling through the trace's) x 1920 px per frame.
    std::vector<core::TrackRef> tracks;
    for (uint16_t p : index->pcpus())
        tracks.push_back({core::TrackRef::Kind::Pcpu, p});
    for (core::VcpuKey v : index->vcpus())
        tracks.push_back({core::TrackRef::Kind::Vcpu, v});
    const core::TimeWindow w = index->window();
    struct Zoom {
        const char* name;
        uint64_t length;
    };
    const auto tenUs = static_cast<uint64_t>(index->tscHz() * 10e-6);
    const Zoom zooms[] = {{"full trace", w.length()},
                          {"1/4", w.length() / 4},
                          {"1/16", w.length() / 16},
                          {"1/64", w.length() / 64},
                          {"1/256", w.length() / 256},
                          {"1/4096", w.length() / 4096},
                          {"10 us", std::max<uint64_t>(tenUs, 1)}};
    std::printf("%-36s %10s %10s %12s\n", "draw lists, 64 tracks x 1920 px", "ms/frame", "max ms",
                "spans/frame");
    constexpr int Frames = 32;
    for (const Zoom& z : zooms) {
        std::vector<double> ms;
        size_t spans = 0;
        for (int f = 0; f < Frames; ++f) {
            const uint64_t room = w.length() > z.length ? w.length() - z.length : 0;
            const uint64_t t0 = w.t0 + room / Frames * static_cast<uint64_t>(f);
            spans = 0;
            ms.push_back(1000.0 * timeIt([&] {
                             for (size_t t = 0; t < 64; ++t) {
                                 const auto d = index->drawList(tracks[t % tracks.size()], t0,
                                                                t0 + z.length, 1920);
                                 spans += d.spans.size() + d.overlays.size();
                             }
                         }));
        }
        std::printf("%-36s %10.3f %10.3f %12zu\n", z.name, median(ms),
                    *std::max_element(ms.begin(), ms.end()), spans);
    }
    std::error_code ec;
    std::filesystem::remove_all(cacheDir, ec);
    std::fprintf(stderr, "(checksum %llu)\n", static_cast<unsigned long long>(check));
    return ExitOk;
}

} // namespace

int runBench(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Benchmarks. 'bench scan FILE': reader and analysis-pass throughput. 'bench index FILE': "
        "index build, reopen, peak RSS and draw lists."));
    parser.addOption({QStringLiteral("runs"),
                      QStringLiteral("Runs per figure (median is printed)."), QStringLiteral("N"),
                      QStringLiteral("5")});
    parser.addOption({QStringLiteral("xenalyze"),
                      QStringLiteral("bench scan: also time this xenalyze binary's --summary on "
                                     "the same file, side by side."),
                      QStringLiteral("PATH")});
    parser.addPositionalArgument(QStringLiteral("WHAT"), QStringLiteral("scan or index"));
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The trace."));
    if (!parseArgs(parser, args))
        return ExitUnusable;
    const auto pos = parser.positionalArguments();
    const int runs = std::max(1, parser.value(QStringLiteral("runs")).toInt());
    if (pos.size() == 2 && pos[0] == QLatin1String("scan"))
        return benchScan(pos[1], runs, parser.value(QStringLiteral("xenalyze")));
    if (pos.size() == 2 && pos[0] == QLatin1String("index"))
        return benchIndex(pos[1], runs);
    return usageError(QStringLiteral("usage: bench scan|index FILE [--runs N]"));
}

} // namespace xenoscope::cli
