// timeline_bench: offscreen measurements of the timeline (a test tool, not
// shipped). Frame times: renders N frames of the timeline at 1920x1080 on a
// trace at random zoom levels, positions and scroll offsets, and prints the
// track count and p50/p90/p99/max of the whole frame and of its two shares
// (the index's draw lists, the widget's painting), then the same frames with
// every row blitted from an image of its own, side by side. UI blocking:
// loads a trace through TraceLoader while a 5 ms QTimer measures how late it
// fires, and prints the worst lateness.
//
//   timeline_bench --frames 500 TRACE
//   timeline_bench --frames 500 synthetic:20   (64 tracks of random intervals, 20 s)
//   timeline_bench --ui-block TRACE
//   timeline_bench --generate 700M OUT   (core's generator: 16 pCPUs, 64 tracks)

#include "core/index/indexbuilder.h"
#include "core/synth/synthesizer.h"
#include "core/synth/synthoptions.h"
#include "core/util/timebase.h"
#include "tests/widgets/timeline/fakeindex.h"
#include "widgets/loading/traceloader.h"
#include "widgets/timeline/timelineview.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QScrollBar>
#include <QTimer>

#include <algorithm>
#include <array>
#include <cstdio>
#include <ctime>
#include <random>

using namespace xenoscope;

namespace {

double percentile(std::vector<double> v, double p) {
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const auto rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size())));
    return v[std::clamp<size_t>(rank, 1, v.size()) - 1];
}

// The host: 16 pCPUs, 32 guest vCPUs and 16 idle vCPUs make 64
// tracks. "mixed" in shape (oversubscribed, one guest pinned, disk I/O) with
// more vCPUs per guest, and lost-record gaps so that their hatching is drawn.
constexpr const char* BenchDomains =
    "dom0:vcpus=4,hvm:vcpus=8:load=70:burst=3000:disk=1,hvm:vcpus=8:load=80:burst=5000,"
    "pv:vcpus=8:load=40:burst=1000:disk=1,hvm:vcpus=4:pin=8-15:load=60:burst=2000:disk=1";

// CPU time of the whole process (every thread), in ms: on a shared, loaded
// machine the wall clock also counts time spent waiting for a core.
double cpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

void printPercentiles(const char* what, const std::vector<double>& v) {
    std::printf("%s: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n", what, percentile(v, 50),
                percentile(v, 90), percentile(v, 99), percentile(v, 100));
}

int generate(const QString& size, const QString& out) {
    const auto bytes = core::parseSize(size.toStdString());
    if (!bytes) {
        std::fprintf(stderr, "bad size %s\n", qPrintable(size));
        return 2;
    }
    core::SynthOptions o;
    o.scenario = "mixed";
    o.pcpus = 16;
    std::string error;
    o.domains = *core::parseDomainSpec(BenchDomains, error);
    o.lostGaps = 50;
    o.targetBytes = *bytes;
    o.durationNs = 3'600'000'000'000; // the size decides
    core::TraceWriter writer(out.toStdString(), {});
    if (!writer.ok()) {
        std::fprintf(stderr, "%s\n", writer.error().c_str());
        return 1;
    }
    QElapsedTimer t;
    t.start();
    const core::Truth truth = core::synthesize(o, writer);
    std::printf("wrote %s: %llu bytes, %llu records in %.1f s\n", qPrintable(out),
                static_cast<unsigned long long>(truth.streamBytes),
                static_cast<unsigned long long>(truth.records),
                static_cast<double>(t.elapsed()) / 1e3);
    return 0;
}

// 16 pCPUs and 48 vCPUs (64 tracks) of random intervals, 200 µs on average
// over `seconds`: the widget's cost without any reader or index underneath.
std::shared_ptr<test::FakeIndex> synthetic(double seconds, uint64_t seed) {
    auto f = std::make_shared<test::FakeIndex>();
    const double hz = 2.8e9;
    f->hz_ = hz;
    f->window_ = {1'000'000, 1'000'000 + static_cast<uint64_t>(seconds * hz)};
    std::mt19937_64 rng(seed);
    std::exponential_distribution<double> gap(1.0 / (200e-6 * hz));
    for (uint16_t p = 0; p < 16; ++p)
        f->pcpus_.push_back(p);
    for (uint16_t d = 0; d < 4; ++d)
        for (uint16_t v = 0; v < 8; ++v)
            f->vcpus_.push_back(core::vcpuKey(d, v));
    for (uint16_t v = 0; v < 16; ++v)
        f->vcpus_.push_back(core::vcpuKey(core::IdleDomain, v));
    auto fill = [&](core::TrackRef t, auto value) {
        uint64_t at = f->window_.t0;
        while (at < f->window_.t1) {
            const uint64_t end = std::min(f->window_.t1, at + 1 + static_cast<uint64_t>(gap(rng)));
            const auto [val, pcpu] = value();
            f->add(t, at, end, val, pcpu);
            at = end;
        }
    };
    for (uint16_t p = 0; p < 16; ++p)
        fill({core::TrackRef::Kind::Pcpu, p}, [&] {
            const uint64_t r = rng() % 10;
            const core::VcpuKey who = r < 3 ? core::vcpuKey(core::IdleDomain, p)
                                            : core::vcpuKey(static_cast<uint16_t>(r % 4),
                                                            static_cast<uint16_t>(rng() % 8));
            return std::pair<uint32_t, uint16_t>(who, core::NoPcpu);
        });
    for (const core::VcpuKey v : f->vcpus_)
        fill({core::TrackRef::Kind::Vcpu, v}, [&] {
            const auto st = static_cast<uint32_t>(rng() % 3);
            return std::pair<uint32_t, uint16_t>(st, st == 0 ? static_cast<uint16_t>(rng() % 16)
                                                             : core::NoPcpu);
        });
    return f;
}

int frames(const QString& path, int count, uint32_t seed, bool fake) {
    QElapsedTimer load;
    load.start();
    core::TraceIndexPtr index;
    if (path.startsWith(QLatin1String("synthetic:"))) {
        index = synthetic(path.mid(10).toDouble(), seed);
    } else if (fake) {
        index = test::FakeIndex::fromFile(path.toStdString());
    } else {
        core::IndexOptions options;
        options.useCache = false;
        index = core::IndexBuilder(options).build(path.toStdString()).index;
    }
    if (!index) {
        std::fprintf(stderr, "cannot read %s\n", qPrintable(path));
        return 1;
    }
    size_t intervals = 0;
    for (const uint16_t p : index->pcpus())
        intervals += index->intervalCount({core::TrackRef::Kind::Pcpu, p});
    for (const core::VcpuKey v : index->vcpus())
        intervals += index->intervalCount({core::TrackRef::Kind::Vcpu, v});
    std::printf("%s index of %s in %.1f s: %zu pCPUs, %zu vCPUs, %zu intervals\n",
                fake ? "fake" : "real", qPrintable(path), static_cast<double>(load.elapsed()) / 1e3,
                index->pcpus().size(), index->vcpus().size(), intervals);
    // As the loader does before it shows an index: zoom levels built up front.
    QElapsedTimer prepare;
    prepare.start();
    index->prepareDrawing();
    std::printf("zoom levels prepared in %.1f s\n", static_cast<double>(prepare.elapsed()) / 1e3);

    widgets::TimelineView view;
    const QSize size(1920, 1080);
    view.resize(size);
    view.setIndex(index, true);
    auto* vbar = view.findChild<QScrollBar*>(QStringLiteral("trackScrollBar"));
    const auto visibleTracks = [&] {
        std::vector<core::TrackRef> shown;
        const int h = view.trackArea().height();
        const int y0 = view.scrollOffset();
        for (const auto& r : view.trackLayout().rows())
            if (r.kind == widgets::TrackLayout::Row::Kind::Track && r.y + r.height > y0 &&
                r.y < y0 + h)
                shown.push_back(r.track);
        return shown;
    };
    const size_t tracks = index->pcpus().size() + index->vcpus().size();
    std::printf("frame %dx%d, %zu tracks (%zu pCPU + %zu vCPU), %zu track rows visible at the "
                "top, scroll range 0-%d px\n",
                size.width(), size.height(), tracks, index->pcpus().size(), index->vcpus().size(),
                visibleTracks().size(), vbar ? vbar->maximum() : 0);

    // The frames, drawn up front so that both ways of filling the rows'
    // pixels paint the same ones.
    struct Frame {
        core::TimeWindow range;
        int scroll = 0;
        double seconds = 0; // visible
    };
    const core::TimeWindow whole = index->window();
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::vector<Frame> plan;
    const double minLen = 2000.0; // ~1 µs
    const double maxLen = static_cast<double>(whole.length());
    for (int i = 0; i < count; ++i) {
        // Log-uniform zoom: as many frames at 1 µs as at the whole trace.
        const double len =
            std::exp(std::log(minLen) + unit(rng) * (std::log(maxLen) - std::log(minLen)));
        const double start = static_cast<double>(whole.t0) + unit(rng) * (maxLen - len);
        // Anywhere in the track list: over the frames every track is painted.
        const int scroll = vbar ? static_cast<int>(unit(rng) * (vbar->maximum() + 1)) : 0;
        plan.push_back({{static_cast<uint64_t>(start), static_cast<uint64_t>(start + len)},
                        scroll,
                        len / index->tscHz()});
    }

    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    struct Times {
        std::vector<double> ms, paintOnly, cpu;
    };
    std::array<Times, 2> times; // [0]: rows written in place (the viewer's way), [1]: blitted
    std::vector<double> lists, rows;
    std::vector<std::pair<double, double>> slowest; // (ms, visible length in s)
    auto show = [&](const Frame& fr) {
        view.setVisibleRange(fr.range, false);
        if (vbar)
            vbar->setValue(fr.scroll);
    };
    auto render = [&](Times& t, const Frame& fr, bool keepSlowest) {
        show(fr);
        QElapsedTimer timer;
        const double cpu0 = cpuMs();
        timer.start();
        QPainter p(&image);
        view.render(p, size, true);
        p.end();
        t.ms.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
        t.cpu.push_back(cpuMs() - cpu0);
        if (keepSlowest)
            slowest.emplace_back(t.ms.back(), fr.seconds);
        // The same frame again: the draw lists come from the view's cache, so
        // this is the widget's own cost (painting), as on hover or selection.
        QElapsedTimer again;
        again.start();
        QPainter p2(&image);
        view.render(p2, size, true);
        p2.end();
        t.paintOnly.push_back(static_cast<double>(again.nsecsElapsed()) / 1e6);
    };
    // The index's share first: the draw lists alone, for the same tracks and pixels.
    for (const Frame& fr : plan) {
        show(fr);
        const std::vector<core::TrackRef> shown = visibleTracks();
        rows.push_back(static_cast<double>(shown.size()));
        QElapsedTimer l;
        l.start();
        const auto w = view.visibleRange();
        const auto px = static_cast<uint32_t>(view.trackArea().width());
        for (const core::TrackRef t : shown)
            (void)index->drawList(t, w.t0, w.t1, px);
        lists.push_back(static_cast<double>(l.nsecsElapsed()) / 1e6);
    }
    // Then the frames, both ways, in alternating blocks of the same frames
    // (side by side in one run, neither always first).
    constexpr size_t Block = 25;
    for (size_t b = 0; b * Block < plan.size(); ++b) {
        const size_t end = std::min(plan.size(), (b + 1) * Block);
        for (const int way : b % 2 ? std::array<int, 2>{1, 0} : std::array<int, 2>{0, 1}) {
            view.setInPlaceRows(way == 0);
            for (size_t i = b * Block; i < end; ++i)
                render(times[static_cast<size_t>(way)], plan[i], way == 0);
        }
    }
    view.setInPlaceRows(true);
    std::sort(slowest.rbegin(), slowest.rend());
    for (size_t i = 0; i < std::min<size_t>(5, slowest.size()); ++i)
        std::printf("  slow frame: %.2f ms at %.6f s visible\n", slowest[i].first,
                    slowest[i].second);
    std::printf("track rows painted per frame: min %.0f, p50 %.0f, max %.0f (of %zu tracks)\n",
                percentile(rows, 0), percentile(rows, 50), percentile(rows, 100), tracks);
    printPercentiles("draw lists alone (index)", lists);
    printPercentiles("painting alone (lists cached)", times[0].paintOnly);
    std::printf("%d frames ", count);
    printPercentiles("(lists + painting)", times[0].ms);
    printPercentiles("frame CPU time, all threads", times[0].cpu);
    std::printf("the same frames with every row blitted from an image of its own:\n");
    printPercentiles("  painting alone (lists cached)", times[1].paintOnly);
    printPercentiles("  frames (lists + painting)", times[1].ms);
    std::printf("in place / blitted: frame p50 %.2f, p99 %.2f; painting alone p50 %.2f, p99 %.2f\n",
                percentile(times[0].ms, 50) / percentile(times[1].ms, 50),
                percentile(times[0].ms, 99) / percentile(times[1].ms, 99),
                percentile(times[0].paintOnly, 50) / percentile(times[1].paintOnly, 50),
                percentile(times[0].paintOnly, 99) / percentile(times[1].paintOnly, 99));
    image.save(QStringLiteral("/tmp/timeline-bench-last.png"));
    return 0;
}

int uiBlock(const QString& path) {
    widgets::TraceLoader loader;
    // As in the viewer: a full-HD timeline shows every snapshot at once (at
    // full zoom, its costliest frame), so drawing what is indexed so far is
    // measured together with the loader's own traffic.
    widgets::TimelineView view;
    view.resize(1920, 1080);
    view.show();
    int frames = 0;
    QObject::connect(&loader, &widgets::TraceLoader::indexed,
                     [&](const core::TraceIndexPtr& index, bool complete) {
                         view.setIndex(index, complete);
                         view.repaint(); // paint now, on this thread, as an expose would
                         ++frames;
                     });
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    tick.setInterval(5);
    QElapsedTimer clock;
    qint64 last = 0;
    std::vector<double> late;
    QObject::connect(&tick, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        late.push_back(static_cast<double>(now - last) / 1e6 - 5.0);
        last = now;
    });
    int rc = 0;
    auto done = [&](const char* how) {
        tick.stop();
        std::printf("%s after %.1f s, %d index snapshots drawn; UI thread: %zu ticks of 5 ms, "
                    "lateness p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
                    how, static_cast<double>(clock.elapsed()) / 1e3, frames, late.size(),
                    percentile(late, 50), percentile(late, 99), percentile(late, 100));
        QCoreApplication::quit();
    };
    QObject::connect(&loader, &widgets::TraceLoader::loaded, [&] { done("loaded"); });
    QObject::connect(&loader, &widgets::TraceLoader::failed, [&] {
        rc = 1;
        done("failed");
    });
    QObject::connect(&loader, &widgets::TraceLoader::cancelled, [&] {
        rc = 1;
        done("cancelled");
    });
    QTimer::singleShot(0, [&] {
        clock.start();
        last = 0;
        tick.start();
        loader.load(path);
    });
    QApplication::exec();
    return rc;
}

} // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("frames"), QStringLiteral("Frames to render."),
                      QStringLiteral("N"), QStringLiteral("500")});
    parser.addOption({QStringLiteral("seed"), QStringLiteral("Random seed."), QStringLiteral("S"),
                      QStringLiteral("1")});
    parser.addOption(
        {QStringLiteral("fake"), QStringLiteral("Use the test FakeIndex, not core's index.")});
    parser.addOption(
        {QStringLiteral("ui-block"), QStringLiteral("Measure UI-thread blocking while loading.")});
    parser.addOption({QStringLiteral("generate"),
                      QStringLiteral("Write a generated trace of SIZE to OUT."),
                      QStringLiteral("SIZE")});
    parser.addPositionalArgument(QStringLiteral("TRACE"), QStringLiteral("The trace."));
    parser.process(app);
    const QStringList args = parser.positionalArguments();
    if (args.size() != 1)
        parser.showHelp(2);
    if (parser.isSet(QStringLiteral("generate")))
        return generate(parser.value(QStringLiteral("generate")), args.front());
    if (parser.isSet(QStringLiteral("ui-block")))
        return uiBlock(args.front());
    return frames(args.front(), parser.value(QStringLiteral("frames")).toInt(),
                  parser.value(QStringLiteral("seed")).toUInt(),
                  parser.isSet(QStringLiteral("fake")));
}
