#include "core/probes/diskeventmap.h"

#include "core/format/record.h"

#include <charconv>
#include <fstream>
#include <sstream>

namespace xenoscope::core {

namespace {

std::string_view trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r");
    if (b == std::string_view::npos)
        return {};
    const auto e = s.find_last_not_of(" \t\r");
    return s.substr(b, e - b + 1);
}

std::optional<uint32_t> parseId(std::string_view s) {
    int base = 10;
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s.remove_prefix(2);
    }
    uint64_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
    // Event ids are 28 bits: the top nibble of the header word is the word count.
    if (ec != std::errc() || end != s.data() + s.size() || s.empty() || v > 0x0fffffff)
        return std::nullopt;
    return static_cast<uint32_t>(v);
}

constexpr size_t KeyCount = DiskRecordCount + 2;

std::string_view keyName(size_t i) {
    if (i < DiskRecordCount)
        return DiskRecordNames[i];
    return i == DiskRecordCount ? "grant_map" : "grant_unmap";
}

} // namespace

DiskEventMap::DiskEventMap()
    : grantMap(ev::GrantMap)
    , grantUnmap(ev::GrantUnmap) {
    for (size_t k = 0; k < DiskRecordCount; ++k)
        records[k] = ev::GuestClass | static_cast<uint32_t>(0x101 + k);
}

std::optional<DiskEventMap> DiskEventMap::parse(std::string_view text,
                                                std::vector<Problem>& problems) {
    DiskEventMap map;
    std::array<uint32_t*, KeyCount> slots{};
    for (size_t k = 0; k < DiskRecordCount; ++k)
        slots[k] = &map.records[k];
    slots[DiskRecordCount] = &map.grantMap;
    slots[DiskRecordCount + 1] = &map.grantUnmap;
    std::array<size_t, KeyCount> setOn{}; // line that set the key, 0: default
    const size_t before = problems.size();

    size_t lineNo = 0;
    while (!text.empty()) {
        ++lineNo;
        const auto nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        if (const auto hash = line.find('#'); hash != std::string_view::npos)
            line = line.substr(0, hash);
        line = trim(line);
        if (line.empty())
            continue;
        const auto eq = line.find('=');
        if (eq == std::string_view::npos) {
            problems.push_back({lineNo, "expected 'key = id', got '" + std::string(line) + "'"});
            continue;
        }
        const std::string_view key = trim(line.substr(0, eq));
        const std::string_view value = trim(line.substr(eq + 1));
        size_t which = KeyCount;
        for (size_t i = 0; i < KeyCount; ++i)
            if (keyName(i) == key)
                which = i;
        if (which == KeyCount) {
            problems.push_back({lineNo, "unknown key '" + std::string(key) + "'"});
            continue;
        }
        const auto id = parseId(value);
        if (!id) {
            problems.push_back({lineNo, "bad event id '" + std::string(value) + "' for " +
                                            std::string(key) +
                                            " (expected a 28-bit number such as 0x0800f101)"});
            continue;
        }
        if (setOn[which] != 0)
            problems.push_back({lineNo, std::string(key) + " is already set on line " +
                                            std::to_string(setOn[which])});
        *slots[which] = *id;
        setOn[which] = lineNo;
    }
    // One id cannot stand for two stages: the chain would be ambiguous.
    for (size_t i = 0; i < KeyCount; ++i)
        for (size_t j = i + 1; j < KeyCount; ++j)
            if (*slots[i] == *slots[j]) {
                std::ostringstream msg;
                msg << keyName(i) << " and " << keyName(j) << " both use 0x" << std::hex
                    << *slots[i];
                problems.push_back({std::max(setOn[i], setOn[j]), msg.str()});
            }
    if (problems.size() != before)
        return std::nullopt;
    return map;
}

std::optional<DiskEventMap> DiskEventMap::load(const std::string& path,
                                               std::vector<Problem>& problems) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        problems.push_back({0, "cannot read " + path});
        return std::nullopt;
    }
    std::ostringstream text;
    text << in.rdbuf();
    return parse(text.str(), problems);
}

} // namespace xenoscope::core
