#include "widgets/timeline/timelinepalette.h"

#include <algorithm>
#include <array>

namespace xenoscope::widgets {

namespace {

// Paul Tol, "muted" (https://personal.sron.nl/~pault/): nine hues told apart
// under deuteranopia, protanopia and tritanopia; the pale grey is left out
// because it is the idle colour here.
constexpr std::array<QRgb, 9> Muted = {0x332288, 0x88ccee, 0x44aa99, 0x117733, 0x999933,
                                       0xddcc77, 0xcc6677, 0x882255, 0xaa4499};

} // namespace

TimelinePalette::TimelinePalette() = default;
TimelinePalette::~TimelinePalette() = default;

void TimelinePalette::setDomains(std::vector<uint16_t> domains) {
    std::sort(domains.begin(), domains.end());
    domains.erase(std::unique(domains.begin(), domains.end()), domains.end());
    domains.erase(std::remove(domains.begin(), domains.end(), core::IdleDomain), domains.end());
    domains_ = std::move(domains);
}

QColor TimelinePalette::domainColor(uint16_t domain) const {
    if (domain == core::IdleDomain)
        return idleColor();
    const auto it = std::lower_bound(domains_.begin(), domains_.end(), domain);
    // A domain the trace did not list (progressive loading): still a stable colour.
    const size_t slot = it != domains_.end() && *it == domain
                            ? static_cast<size_t>(it - domains_.begin())
                            : size_t{domain};
    return QColor::fromRgb(Muted[slot % Muted.size()]);
}

QColor TimelinePalette::occupantColor(core::VcpuKey who) const {
    if (who == core::NoVcpu)
        return unknownColor();
    return domainColor(core::keyDomain(who));
}

QColor TimelinePalette::stateColor(core::VcpuState state) {
    switch (state) {
    case core::VcpuState::Running:
        return {0x00, 0x9e, 0x73}; // Okabe-Ito bluish green
    case core::VcpuState::Runnable:
        return {0xe6, 0x9f, 0x00}; // Okabe-Ito orange: waiting for a pCPU stands out
    case core::VcpuState::Blocked:
        return {0xdc, 0xe6, 0xf0}; // quiet: blocked is the normal state of an idle guest
    case core::VcpuState::Offline:
        return {0x60, 0x60, 0x60};
    case core::VcpuState::Unknown:
        break;
    }
    return unknownColor();
}

QColor TimelinePalette::textOn(const QColor& background) {
    // Relative luminance (sRGB weights), threshold picked for 9-px labels.
    const double l = 0.2126 * static_cast<double>(background.redF()) +
                     0.7152 * static_cast<double>(background.greenF()) +
                     0.0722 * static_cast<double>(background.blueF());
    return l > 0.55 ? QColor(0x20, 0x20, 0x20) : QColor(Qt::white);
}

QColor TimelinePalette::folded(const QColor& c) {
    // A fifth of the way to white: integer blending, this runs per pixel column.
    const QRgb v = c.rgb();
    auto mix = [](int x) { return x + (255 - x) / 5; };
    return {mix(qRed(v)), mix(qGreen(v)), mix(qBlue(v))};
}

QBrush TimelinePalette::unknownBrush() {
    return {QColor(0x90, 0x90, 0x90), Qt::BDiagPattern};
}

QBrush TimelinePalette::lostBrush() {
    return {lostColor(), Qt::DiagCrossPattern};
}

} // namespace xenoscope::widgets
