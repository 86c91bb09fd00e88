#include "widgets/properties/tracesummaryview.h"

#include "core/format/eventcatalog.h"
#include "core/format/record.h"
#include "core/util/timebase.h"

#include <QFileInfo>
#include <QFrame>
#include <QGridLayout>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

#include <algorithm>

namespace xenoscope::widgets {

namespace {

constexpr int TileColumns = 4;

QString eventName(uint32_t id) {
    const auto name = core::EventCatalog::builtin().name(id);
    return name.empty() ? QStringLiteral("0x%1").arg(id, 8, 16, QLatin1Char('0'))
                        : QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size()));
}

QLocale groupingLocale() {
    QLocale locale;
    locale.setNumberOptions(locale.numberOptions() & ~QLocale::OmitGroupSeparator);
    return locale;
}

QFont scaledFont(const QFont& base, double factor, bool bold) {
    QFont font = base;
    font.setPointSizeF(base.pointSizeF() * factor);
    font.setBold(bold);
    return font;
}

} // namespace

TraceSummaryView::TraceSummaryView(QWidget* parent)
    : QWidget(parent)
    , title_(new QLabel(this))
    , subtitle_(new QLabel(this))
    , grid_(new QGridLayout) {
    title_->setFont(scaledFont(font(), 1.6, true));
    title_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    subtitle_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    subtitle_->setForegroundRole(QPalette::PlaceholderText);

    grid_->setSpacing(12);
    duration_ = addTile(0, tr("Duration"));
    records_ = addTile(1, tr("Records"));
    pcpus_ = addTile(2, tr("Physical CPUs"));
    domains_ = addTile(3, tr("Domains"));
    events_ = addTile(4, tr("Event ids"));
    rate_ = addTile(5, tr("TSC rate"));
    lost_ = addTile(6, tr("Lost records"));
    problems_ = addTile(7, tr("Problems"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 20, 24, 20);
    layout->setSpacing(6);
    layout->addWidget(title_);
    layout->addWidget(subtitle_);
    layout->addSpacing(16);
    layout->addLayout(grid_);
    layout->addStretch(1);
}

TraceSummaryView::~TraceSummaryView() = default;

TraceSummaryView::Tile TraceSummaryView::addTile(int index, const QString& caption) {
    auto* frame = new QFrame(this);
    frame->setFrameShape(QFrame::StyledPanel);
    frame->setBackgroundRole(QPalette::Base);
    frame->setAutoFillBackground(true);
    auto* captionLabel = new QLabel(caption, frame);
    captionLabel->setForegroundRole(QPalette::PlaceholderText);
    Tile tile;
    tile.value = new QLabel(frame);
    tile.value->setFont(scaledFont(font(), 1.8, true));
    tile.value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    tile.detail = new QLabel(frame);
    tile.detail->setForegroundRole(QPalette::PlaceholderText);
    tile.detail->setWordWrap(true);
    auto* layout = new QVBoxLayout(frame);
    layout->setContentsMargins(14, 10, 14, 12);
    layout->addWidget(captionLabel);
    layout->addWidget(tile.value);
    layout->addWidget(tile.detail);
    layout->addStretch(1);
    grid_->addWidget(frame, index / TileColumns, index % TileColumns);
    grid_->setColumnStretch(index % TileColumns, 1);
    return tile;
}

void TraceSummaryView::setTraceInfo(const TraceInfoPtr& info) {
    const QLocale locale = groupingLocale();
    auto number = [&](uint64_t n) { return locale.toString(static_cast<qulonglong>(n)); };
    if (!info) {
        title_->clear();
        subtitle_->clear();
        for (Tile* tile :
             {&duration_, &records_, &pcpus_, &domains_, &events_, &rate_, &lost_, &problems_}) {
            tile->value->clear();
            tile->detail->clear();
        }
        return;
    }
    const QString path = QFile::decodeName(QByteArray::fromStdString(info->path));
    const double hz = info->tscHzUsed;
    title_->setText(QFileInfo(path).fileName());
    subtitle_->setText(
        info->compressed
            ? tr("%1 · %2, zstd-compressed")
                  .arg(path, locale.formattedDataSize(static_cast<qint64>(info->bytes)))
            : tr("%1 · %2").arg(path, locale.formattedDataSize(static_cast<qint64>(info->bytes))));

    duration_.value->setText(hz > 0 ? QString::fromStdString(core::formatDuration(
                                          static_cast<double>(info->spanCycles()) / hz))
                                    : tr("unknown"));
    duration_.detail->setText(tr("%1 TSC cycles").arg(number(info->spanCycles())));

    records_.value->setText(number(info->stats.records));
    records_.detail->setText(tr("%1 in %n chunk(s)", nullptr, static_cast<int>(info->chunks))
                                 .arg(locale.formattedDataSize(static_cast<qint64>(
                                     info->compressed ? info->streamBytes : info->bytes))));

    pcpus_.value->setText(number(info->pcpus.size()));
    const auto busiest =
        std::max_element(info->pcpus.begin(), info->pcpus.end(),
                         [](const auto& a, const auto& b) { return a.records < b.records; });
    pcpus_.detail->setText(
        busiest == info->pcpus.end()
            ? QString()
            : tr("busiest: pCPU %1 (%2 records)").arg(busiest->pcpu).arg(number(busiest->records)));

    const auto guests =
        std::count_if(info->domains.begin(), info->domains.end(),
                      [](const auto& d) { return d.domain != 0 && d.domain != core::IdleDomain; });
    domains_.value->setText(number(info->domains.size()));
    domains_.detail->setText(tr("dom0, %n guest(s) and idle", nullptr, static_cast<int>(guests)));

    events_.value->setText(number(info->events.size()));
    const auto commonest =
        std::max_element(info->events.begin(), info->events.end(),
                         [](const auto& a, const auto& b) { return a.count < b.count; });
    events_.detail->setText(
        commonest == info->events.end()
            ? QString()
            : tr("most common: %1 (%2)").arg(eventName(commonest->id), number(commonest->count)));

    rate_.value->setText(tr("%1 GHz").arg(locale.toString(hz / 1e9, 'f', 3)));
    rate_.detail->setText(info->tscHzOverridden ? tr("given by the user")
                          : info->tscHzEstimate ? tr("estimated from %n scheduler slice(s)",
                                                     nullptr, static_cast<int>(info->tscHzSamples))
                                                : tr("assumed: no usable scheduler slices"));

    lost_.value->setText(number(info->lostRecords));
    lost_.detail->setText(tr("in %n gap(s)", nullptr, static_cast<int>(info->stats.lost.size())));

    problems_.value->setText(number(info->errors.size()));
    problems_.detail->setText(info->errors.empty() ? tr("the file reads cleanly")
                                                   : tr("see the Problems panel"));
}

} // namespace xenoscope::widgets
