#pragma once
// TimelinePalette: the colours of the timeline, in one place so that the
// tracks, the legend, the exports and the screenshot tests agree. Domains get
// Paul Tol's "muted" qualitative palette (colour-blind safe) in order of
// domain id, so a domain keeps its colour for the whole session; runstates
// use Okabe-Ito hues that stay apart from one another for every kind of
// colour vision; idle is a quiet light grey and unknown a hatched grey.

#include "core/probes/vcpukey.h"
#include "core/probes/vcpustate.h"

#include <QBrush>
#include <QColor>

#include <cstdint>
#include <vector>

namespace xenoscope::widgets {

class TimelinePalette {
public:
    TimelinePalette();
    ~TimelinePalette();

    // The domains of the trace, any order; assigns colours by ascending id.
    void setDomains(std::vector<uint16_t> domains);

    QColor domainColor(uint16_t domain) const;
    // A pCPU's occupant: its domain's colour, idle grey, or unknown grey.
    QColor occupantColor(core::VcpuKey who) const;
    static QColor stateColor(core::VcpuState state);
    static QColor idleColor() { return {0xe4, 0xe6, 0xea}; }
    static QColor unknownColor() { return {0xb8, 0xb8, 0xb8}; }
    // An idle vCPU running: the pCPU had nothing to do.
    static QColor idleRunningColor() { return {0xc4, 0xcf, 0xca}; }
    static QColor hypervisorColor() { return {0x00, 0x72, 0xb2}; }
    static QColor lostColor() { return {0xd5, 0x5e, 0x00}; }
    static QColor selectionColor() { return {0x33, 0x66, 0xcc}; }
    static QColor markerAColor() { return {0x00, 0x80, 0x60}; }
    static QColor markerBColor() { return {0xb0, 0x30, 0x60}; }
    static QColor highlightColor() { return {0xff, 0xe0, 0x80}; }
    // Readable text over `background` (black or white by luminance).
    static QColor textOn(const QColor& background);
    // Folded spans (many intervals in a pixel) are drawn a step lighter.
    static QColor folded(const QColor& c);
    // The brush for "nothing known here": diagonal hatching.
    static QBrush unknownBrush();
    static QBrush lostBrush();

private:
    std::vector<uint16_t> domains_; // ascending; index = colour slot
};

} // namespace xenoscope::widgets
