#include "core/synth/synthoptions.h"

#include <algorithm>
#include <charconv>

namespace xenoscope::core {

namespace {

std::vector<std::string_view> split(std::string_view text, char sep) {
    std::vector<std::string_view> parts;
    size_t start = 0;
    for (;;) {
        const size_t at = text.find(sep, start);
        parts.push_back(
            text.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
        if (at == std::string_view::npos)
            return parts;
        start = at + 1;
    }
}

std::optional<uint64_t> number(std::string_view s) {
    uint64_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || s.empty())
        return std::nullopt;
    return v;
}

// "0-3+6" -> bits 0,1,2,3,6.
std::optional<uint64_t> pinMask(std::string_view s) {
    uint64_t mask = 0;
    for (const auto part : split(s, '+')) {
        const auto range = split(part, '-');
        if (range.size() > 2)
            return std::nullopt;
        const auto lo = number(range.front());
        const auto hi = range.size() == 2 ? number(range.back()) : lo;
        if (!lo || !hi || *lo > *hi || *hi > 63)
            return std::nullopt;
        for (uint64_t p = *lo; p <= *hi; ++p)
            mask |= uint64_t{1} << p;
    }
    return mask;
}

} // namespace

std::optional<std::vector<DomainSpec>> parseDomainSpec(std::string_view text, std::string& error) {
    std::vector<DomainSpec> out;
    uint16_t nextId = 1;
    bool haveDom0 = false;
    for (const auto item : split(text, ',')) {
        const auto fields = split(item, ':');
        DomainSpec d;
        const std::string_view kind = fields.front();
        if (kind == "dom0") {
            if (haveDom0) {
                error = "dom0 given twice";
                return std::nullopt;
            }
            haveDom0 = true;
            d.id = 0;
            d.disk = false;
            d.loadPercent = 10;
            d.meanBurstNs = 200'000;
            d.weight = 512;
        } else if (kind == "pv" || kind == "hvm") {
            d.hvm = kind == "hvm";
            d.id = nextId++;
        } else {
            error = "domain kind must be dom0, pv or hvm, not '" + std::string(kind) + "'";
            return std::nullopt;
        }
        for (size_t i = 1; i < fields.size(); ++i) {
            const auto kv = split(fields[i], '=');
            if (kv.size() != 2) {
                error = "expected key=value, got '" + std::string(fields[i]) + "'";
                return std::nullopt;
            }
            const std::string_view key = kv[0];
            if (key == "pin") {
                const auto mask = pinMask(kv[1]);
                if (!mask) {
                    error = "bad pin list '" + std::string(kv[1]) + "' (e.g. 0-3+6)";
                    return std::nullopt;
                }
                d.affinity = *mask;
                continue;
            }
            const auto v = number(kv[1]);
            if (!v) {
                error = "bad number '" + std::string(kv[1]) + "' for " + std::string(key);
                return std::nullopt;
            }
            if (key == "vcpus" && *v >= 1 && *v <= 64)
                d.vcpus = static_cast<uint16_t>(*v);
            else if (key == "weight" && *v >= 1 && *v <= 65535)
                d.weight = static_cast<uint32_t>(*v);
            else if (key == "cap" && *v <= 6400)
                d.capPercent = static_cast<uint32_t>(*v);
            else if (key == "load" && *v <= 100)
                d.loadPercent = static_cast<uint32_t>(*v);
            else if (key == "burst" && *v >= 10 && *v <= 1'000'000)
                d.meanBurstNs = *v * 1000;
            else if (key == "disk" && *v <= 1)
                d.disk = *v == 1 && d.id != 0;
            else {
                error = "unknown key or value out of range: '" + std::string(fields[i]) + "'";
                return std::nullopt;
            }
        }
        out.push_back(d);
    }
    if (!haveDom0) {
        DomainSpec d0;
        d0.id = 0;
        d0.vcpus = 2;
        d0.disk = false;
        d0.loadPercent = 10;
        d0.meanBurstNs = 200'000;
        d0.weight = 512;
        out.insert(out.begin(), d0);
    }
    // dom0 first: the simulator numbers vCPUs in this order.
    std::stable_partition(out.begin(), out.end(), [](const DomainSpec& d) { return d.id == 0; });
    return out;
}

} // namespace xenoscope::core
