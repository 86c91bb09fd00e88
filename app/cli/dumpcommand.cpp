// `xenoscope-cli dump FILE [--from T] [--to T] [--pcpu N]... [--event ID]... [--formats FILE]`:
// one decoded line per record, in time order.

#include "app/cli/dumpcommand.h"

#include "app/cli/clioptions.h"
#include "app/cli/eventnames.h"
#include "core/format/eventcatalog.h"
#include "core/reader/tracereader.h"
#include "core/reader/tscrateestimator.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <set>
#include <string>

namespace xenoscope::cli {

namespace {

// Prints records that pass the filters, as they come.
class DumpSink final : public core::RecordSink {
public:
    uint64_t from = 0;
    uint64_t to = UINT64_MAX;
    std::set<uint16_t> pcpus;
    std::set<uint32_t> events;
    const EventNames* names = nullptr;
    core::TimeBase base;
    uint64_t printed = 0;

    void onRecord(const core::Record& r, const core::Owner& owner) override {
        if (r.tsc < from || r.tsc > to)
            return;
        if (!pcpus.empty() && !pcpus.count(r.pcpu))
            return;
        if (!events.empty() && !events.count(r.event))
            return;
        line_.clear();
        if (names->formats() && names->formats()->formatFor(r.event)) {
            names->formats()->render(r.event, r.pcpu, r.tsc,
                                     r.tsc >= lastPrinted_ ? r.tsc - lastPrinted_ : 0,
                                     r.words.data(), r.nwords, line_);
        } else {
            char head[160];
            const double ns =
                r.tsc >= base.t0 ? base.ns(r.tsc - base.t0) : -base.ns(base.t0 - r.tsc);
            char who[32] = "-";
            if (owner.known)
                std::snprintf(who, sizeof who, "d%uv%u", owner.domain, owner.vcpu);
            std::snprintf(head, sizeof head, "%18.0f ns %16" PRIu64 "%c p%-3u %-10s ", ns, r.tsc,
                          r.hasTsc ? ' ' : '~', r.pcpu, who);
            line_ += head;
            const auto name = names->name(r.event);
            if (name.empty()) {
                char hex[16];
                std::snprintf(hex, sizeof hex, "0x%08x", r.event);
                line_ += hex;
            } else {
                line_.append(name);
            }
            const auto pad = line_.size() < 80 ? 80 - line_.size() : 1;
            line_.append(pad, ' ');
            catalog_.formatFields(r.event, r.words.data(), r.nwords, line_);
        }
        line_ += '\n';
        std::fwrite(line_.data(), 1, line_.size(), stdout);
        lastPrinted_ = r.tsc;
        ++printed;
    }

private:
    const core::EventCatalog& catalog_ = core::EventCatalog::builtin();
    std::string line_;
    uint64_t lastPrinted_ = 0;
};

std::optional<uint32_t> parseEvent(const QString& text) {
    bool ok = false;
    const uint32_t id = text.toUInt(&ok, 0);
    if (ok)
        return id & 0x0fffffff;
    return std::nullopt;
}

} // namespace

int runDump(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Decoded records in time order: time since the trace start (ns), TSC ('~' marks a record "
        "without its own TSC, timed by its pCPU's previous one), pCPU, the vCPU running there, "
        "event and fields."));
    parser.addOption({QStringLiteral("from"),
                      QStringLiteral("Start (250us, 1.5ms, 2s, 900ns, tsc:N)."),
                      QStringLiteral("T")});
    parser.addOption({QStringLiteral("to"), QStringLiteral("End, inclusive (same forms)."),
                      QStringLiteral("T")});
    parser.addOption({QStringLiteral("pcpu"), QStringLiteral("Only this pCPU (repeatable)."),
                      QStringLiteral("N")});
    parser.addOption({QStringLiteral("event"),
                      QStringLiteral("Only this event id, e.g. 0x0002800a (repeatable)."),
                      QStringLiteral("ID")});
    parser.addOption(EventNames::formatsOption());
    parser.addOption({QStringLiteral("cpu-hz"), QStringLiteral("TSC rate instead of the estimate."),
                      QStringLiteral("HZ")});
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The trace."));
    if (!parseArgs(parser, args))
        return ExitUnusable;
    const auto hz = cpuHzOption(parser);
    const auto from = timeOption(parser, QStringLiteral("from"));
    const auto to = timeOption(parser, QStringLiteral("to"));
    if (!hz || !from || !to)
        return ExitUnusable;
    if (parser.positionalArguments().size() != 1)
        return usageError(QStringLiteral("dump takes exactly one FILE"));

    DumpSink sink;
    for (const auto& p : parser.values(QStringLiteral("pcpu"))) {
        bool ok = false;
        const uint32_t n = p.toUInt(&ok);
        if (!ok || n > 0xffff)
            return usageError(QStringLiteral("--pcpu: '%1' is not a pCPU number").arg(p));
        sink.pcpus.insert(static_cast<uint16_t>(n));
    }
    for (const auto& e : parser.values(QStringLiteral("event"))) {
        const auto id = parseEvent(e);
        if (!id)
            return usageError(
                QStringLiteral("--event: '%1' is not an event id (e.g. 0x0002800a)").arg(e));
        sink.events.insert(*id);
    }
    EventNames names;
    if (!names.load(parser))
        return ExitUnusable;
    sink.names = &names;

    const std::string path = parser.positionalArguments().front().toStdString();
    auto reader = openScannedTrace(path);
    if (!reader)
        return ExitUnusable;
    sink.base = timeBaseBeforePass(*reader, *hz);
    const TscRange range = resolveRange(*from, *to, sink.base);
    sink.from = range.from;
    sink.to = range.to;

    reader->read(sink);
    std::fflush(stdout);
    const auto diagnostics = reader->diagnostics();
    printDiagnostics(path, diagnostics);
    return diagnostics.empty() ? ExitOk : ExitPartial;
}

} // namespace xenoscope::cli
