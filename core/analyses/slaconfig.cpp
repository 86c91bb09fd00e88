#include "core/analyses/slaconfig.h"

#include <charconv>
#include <fstream>
#include <sstream>

namespace xenoscope::core {

namespace {

bool toU32(const std::string& s, uint32_t& out) {
    const auto* end = s.data() + s.size();
    const auto r = std::from_chars(s.data(), end, out);
    return r.ec == std::errc() && r.ptr == end;
}

// "0-3,6" -> 0 1 2 3 6
bool parsePcpus(const std::string& text, std::vector<uint16_t>& out) {
    std::stringstream in(text);
    std::string part;
    while (std::getline(in, part, ',')) {
        const auto dash = part.find('-');
        uint32_t a = 0, b = 0;
        if (dash == std::string::npos) {
            if (!toU32(part, a))
                return false;
            b = a;
        } else if (!toU32(part.substr(0, dash), a) || !toU32(part.substr(dash + 1), b)) {
            return false;
        }
        if (a > b || b > 0xffff)
            return false;
        for (uint32_t p = a; p <= b; ++p)
            out.push_back(static_cast<uint16_t>(p));
    }
    return !out.empty();
}

} // namespace

const SlaDomain* SlaConfig::find(uint16_t domain) const {
    for (const auto& d : domains)
        if (d.domain == domain)
            return &d;
    return nullptr;
}

std::optional<SlaConfig> SlaConfig::parse(const std::string& text, std::string& error) {
    SlaConfig config;
    std::stringstream in(text);
    std::string line;
    for (size_t n = 1; std::getline(in, line); ++n) {
        if (const auto hash = line.find('#'); hash != std::string::npos)
            line.resize(hash);
        std::stringstream words(line);
        std::string word;
        if (!(words >> word))
            continue;
        const auto fail = [&](const std::string& why) {
            error = "line " + std::to_string(n) + ": " + why;
            return std::nullopt;
        };
        SlaDomain d;
        uint32_t dom = 0;
        if (!toU32(word, dom) || dom > 0xffff)
            return fail("'" + word + "' is not a domain id");
        d.domain = static_cast<uint16_t>(dom);
        while (words >> word) {
            const auto eq = word.find('=');
            if (eq == std::string::npos)
                return fail("expected key=value, got '" + word + "'");
            const std::string key = word.substr(0, eq);
            const std::string value = word.substr(eq + 1);
            bool ok = true;
            if (key == "weight")
                ok = toU32(value, d.weight) && d.weight > 0;
            else if (key == "cap")
                ok = toU32(value, d.capPercent);
            else if (key == "vcpus")
                ok = toU32(value, d.vcpus);
            else if (key == "pcpus")
                ok = parsePcpus(value, d.pcpus);
            else
                return fail("unknown key '" + key + "' (weight, cap, vcpus, pcpus)");
            if (!ok)
                return fail("bad value for " + key + ": '" + value + "'");
        }
        if (config.find(d.domain))
            return fail("domain " + std::to_string(d.domain) + " given twice");
        config.domains.push_back(std::move(d));
    }
    return config;
}

std::optional<SlaConfig> SlaConfig::load(const std::string& path, std::string& error) {
    std::ifstream f(path);
    if (!f) {
        error = "cannot open " + path;
        return std::nullopt;
    }
    std::stringstream all;
    all << f.rdbuf();
    return parse(all.str(), error);
}

} // namespace xenoscope::core
