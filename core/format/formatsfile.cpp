#include "core/format/formatsfile.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <fstream>
#include <iterator>
#include <sstream>

namespace xenoscope::core {

namespace {

// The values xentrace_format offers to a format, by mapping key.
enum class Arg : uint8_t { Cpu, Tsc, Event, RelTsc, W1, W2, W3, W4, W5, W6, W7 };

std::optional<Arg> argFromKey(std::string_view key) {
    static constexpr std::array<std::pair<std::string_view, Arg>, 11> kKeys = {{
        {"cpu", Arg::Cpu},
        {"tsc", Arg::Tsc},
        {"event", Arg::Event},
        {"reltsc", Arg::RelTsc},
        {"1", Arg::W1},
        {"2", Arg::W2},
        {"3", Arg::W3},
        {"4", Arg::W4},
        {"5", Arg::W5},
        {"6", Arg::W6},
        {"7", Arg::W7},
    }};
    for (const auto& [name, arg] : kKeys) {
        if (name == key)
            return arg;
    }
    return std::nullopt;
}

constexpr uint8_t kFlagLeft = 1;  // '-'
constexpr uint8_t kFlagSign = 2;  // '+'
constexpr uint8_t kFlagBlank = 4; // ' '
constexpr uint8_t kFlagAlt = 8;   // '#'
constexpr uint8_t kFlagZero = 16; // '0'

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

// Python integer literal as eval() would read it in the formats file's first column.
std::optional<uint64_t> parseIntLiteral(std::string_view s) {
    int base = 10;
    if (s.size() > 2 && s[0] == '0') {
        const char p = s[1];
        if (p == 'x' || p == 'X')
            base = 16;
        else if (p == 'o' || p == 'O')
            base = 8;
        else if (p == 'b' || p == 'B')
            base = 2;
        if (base != 10)
            s.remove_prefix(2);
    }
    // Python allows single underscores between digits.
    std::string digits;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '_' && i > 0 && i + 1 < s.size() && s[i - 1] != '_')
            continue;
        digits += s[i];
    }
    if (digits.empty())
        return std::nullopt;
    // Python 3 rejects leading zeros in non-zero decimal literals.
    if (base == 10 && digits.size() > 1 && digits[0] == '0' &&
        digits.find_first_not_of('0') != std::string::npos)
        return std::nullopt;
    uint64_t value = 0;
    const auto res = std::from_chars(digits.data(), digits.data() + digits.size(), value, base);
    if (res.ec != std::errc{} || res.ptr != digits.data() + digits.size())
        return std::nullopt;
    return value;
}

void padTo(std::string& out, std::size_t width, std::size_t used, char fill) {
    if (width > used)
        out.append(width - used, fill);
}

// Python's %-formatting of a non-negative integer or float text: sign/prefix, zero padding
// between them and the digits ('0' flag), or blank padding on either side.
void emitNumber(std::string& out, std::string_view prefix, std::string_view digits, uint8_t flags,
                std::size_t width) {
    const std::size_t used = prefix.size() + digits.size();
    if ((flags & kFlagLeft) != 0) {
        out += prefix;
        out += digits;
        padTo(out, width, used, ' ');
    } else if ((flags & kFlagZero) != 0) {
        out += prefix;
        padTo(out, width, used, '0');
        out += digits;
    } else {
        padTo(out, width, used, ' ');
        out += prefix;
        out += digits;
    }
}

// Strings (%s of a number, %c) ignore '0' and the sign flags.
void emitText(std::string& out, std::string_view text, uint8_t flags, std::size_t width) {
    if ((flags & kFlagLeft) != 0) {
        out += text;
        padTo(out, width, text.size(), ' ');
    } else {
        padTo(out, width, text.size(), ' ');
        out += text;
    }
}

void appendUtf8(std::string& out, uint64_t cp) {
    // chr() of a value past U+10FFFF raises in Python; show the replacement character.
    if (cp > 0x10ffff)
        cp = 0xfffd;
    const auto c = static_cast<uint32_t>(cp);
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xc0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xe0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (c & 0x3f));
    } else {
        out += static_cast<char>(0xf0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3f));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (c & 0x3f));
    }
}

// One piece of a pre-parsed format: literal text (a range of the format string, so that a
// moved or copied Rule stays valid) or one conversion.
struct Piece {
    bool literal = true;
    uint32_t begin = 0; // literal: range in Rule::format
    uint32_t length = 0;
    Arg arg = Arg::Cpu; // conversion
    uint8_t flags = 0;
    char conv = 'd';
    uint32_t width = 0;
    int32_t precision = -1; // -1: none
};

} // namespace

struct FormatsFile::Rule {
    uint32_t id = 0;
    std::string format;
    std::string name;
    std::vector<Piece> pieces;
};

namespace {

// Splits a Python %-format into pieces; returns an error message on failure.
std::string compile(const std::string& fmt, std::vector<Piece>& pieces) {
    const std::size_t n = fmt.size();
    std::size_t litStart = 0;
    auto flushLiteral = [&](std::size_t end) {
        if (end > litStart) {
            Piece p;
            p.begin = static_cast<uint32_t>(litStart);
            p.length = static_cast<uint32_t>(end - litStart);
            pieces.push_back(p);
        }
    };
    std::size_t i = 0;
    while (i < n) {
        if (fmt[i] != '%') {
            ++i;
            continue;
        }
        flushLiteral(i);
        const std::size_t specStart = i;
        ++i;
        if (i >= n)
            return "incomplete format at column " + std::to_string(specStart + 1);
        if (fmt[i] == '%') { // "%%": keep the second '%' as literal text
            litStart = i;
            ++i;
            continue;
        }
        if (fmt[i] != '(')
            return "conversion without a %(field) at column " + std::to_string(specStart + 1) +
                   " (xentrace_format passes a mapping)";
        // Mapping key up to the matching ')', nested parentheses counted as Python does.
        int depth = 1;
        const std::size_t keyStart = ++i;
        while (i < n && depth > 0) {
            if (fmt[i] == '(')
                ++depth;
            else if (fmt[i] == ')')
                --depth;
            ++i;
        }
        if (depth > 0)
            return "unclosed %( at column " + std::to_string(specStart + 1);
        const std::string_view key(fmt.data() + keyStart, i - 1 - keyStart);
        const auto arg = argFromKey(key);
        if (!arg)
            return "unknown field %(" + std::string(key) + ") at column " +
                   std::to_string(specStart + 1);
        Piece p;
        p.literal = false;
        p.arg = *arg;
        for (; i < n; ++i) {
            const char c = fmt[i];
            if (c == '-')
                p.flags |= kFlagLeft;
            else if (c == '+')
                p.flags |= kFlagSign;
            else if (c == ' ')
                p.flags |= kFlagBlank;
            else if (c == '#')
                p.flags |= kFlagAlt;
            else if (c == '0')
                p.flags |= kFlagZero;
            else
                break;
        }
        if (i < n && fmt[i] == '*')
            return "'*' width needs a tuple, not a mapping, at column " +
                   std::to_string(specStart + 1);
        uint64_t width = 0;
        for (; i < n && isDigit(fmt[i]); ++i) {
            width = width * 10 + static_cast<uint64_t>(fmt[i] - '0');
            if (width > 4096)
                return "width too large at column " + std::to_string(specStart + 1);
        }
        p.width = static_cast<uint32_t>(width);
        if (i < n && fmt[i] == '.') {
            ++i;
            if (i < n && fmt[i] == '*')
                return "'*' precision needs a tuple, not a mapping, at column " +
                       std::to_string(specStart + 1);
            uint64_t prec = 0;
            for (; i < n && isDigit(fmt[i]); ++i) {
                prec = prec * 10 + static_cast<uint64_t>(fmt[i] - '0');
                if (prec > 4096)
                    return "precision too large at column " + std::to_string(specStart + 1);
            }
            p.precision = static_cast<int32_t>(prec);
        }
        if (i < n && (fmt[i] == 'h' || fmt[i] == 'l' || fmt[i] == 'L'))
            ++i; // length modifiers are accepted and ignored by Python
        if (i >= n)
            return "incomplete format at column " + std::to_string(specStart + 1);
        const char conv = fmt[i];
        static constexpr std::string_view kConversions = "diuxXosracEeFfGg";
        if (kConversions.find(conv) == std::string_view::npos)
            return std::string("unsupported format character '") + conv + "' at column " +
                   std::to_string(i + 1);
        p.conv = conv;
        pieces.push_back(p);
        ++i;
        litStart = i;
    }
    flushLiteral(n);
    return {};
}

std::string extractName(std::string_view fmt) {
    std::size_t i = 0;
    while (i < fmt.size()) {
        while (i < fmt.size() && isSpace(fmt[i]))
            ++i;
        const std::size_t start = i;
        while (i < fmt.size() && !isSpace(fmt[i]))
            ++i;
        const std::string_view word = fmt.substr(start, i - start);
        if (word.empty())
            break;
        // "CPU%(cpu)d" and the TSC parts contain '%'; a literal "CPU3" is a CPU, not a name
        // (but "CPUID" is one).
        const bool cpuNumber = word.size() > 3 && word.substr(0, 3) == "CPU" &&
                               std::all_of(word.begin() + 3, word.end(), isDigit);
        if (word.find('%') != std::string_view::npos || cpuNumber)
            continue;
        if (word.front() == '[')
            return {};
        return std::string(word);
    }
    return {};
}

void renderInteger(std::string& out, const Piece& p, uint64_t v) {
    int base = 10;
    std::string_view prefix;
    switch (p.conv) {
    case 'x':
        base = 16;
        prefix = "0x";
        break;
    case 'X':
        base = 16;
        prefix = "0X";
        break;
    case 'o':
        base = 8;
        prefix = "0o";
        break;
    default:
        break;
    }
    char buf[80];
    std::size_t pos = 0;
    // Values are never negative, so the sign is '+', ' ' or nothing.
    if ((p.flags & kFlagSign) != 0)
        buf[pos++] = '+';
    else if ((p.flags & kFlagBlank) != 0)
        buf[pos++] = ' ';
    if (base != 10 && (p.flags & kFlagAlt) != 0) {
        buf[pos++] = prefix[0];
        buf[pos++] = prefix[1];
    }
    const std::string_view head(buf, pos);

    char digits[72];
    auto res = std::to_chars(digits, digits + sizeof digits, v, base);
    if (p.conv == 'X')
        std::transform(digits, res.ptr, digits, [](char c) {
            return (c >= 'a' && c <= 'f') ? static_cast<char>(c - 'a' + 'A') : c;
        });
    auto ndigits = static_cast<std::size_t>(res.ptr - digits);
    // Precision is a minimum digit count (Python keeps "0" for %.0d of 0).
    if (p.precision > 0 && static_cast<std::size_t>(p.precision) > ndigits) {
        std::string padded(static_cast<std::size_t>(p.precision) - ndigits, '0');
        padded.append(digits, ndigits);
        emitNumber(out, head, padded, p.flags, p.width);
        return;
    }
    emitNumber(out, head, std::string_view(digits, ndigits), p.flags, p.width);
}

void renderFloat(std::string& out, const Piece& p, uint64_t v) {
    const auto d = static_cast<double>(v);
    const int prec = p.precision < 0 ? 6 : p.precision;
    std::chars_format fmt = std::chars_format::general;
    switch (p.conv) {
    case 'e':
    case 'E':
        fmt = std::chars_format::scientific;
        break;
    case 'f':
    case 'F':
        fmt = std::chars_format::fixed;
        break;
    default:
        break;
    }
    // %g with precision 0 behaves as precision 1, like C; to_chars follows printf here.
    std::string buf(static_cast<std::size_t>(prec) + 400, '\0');
    const auto res = std::to_chars(buf.data(), buf.data() + buf.size(), d, fmt, prec);
    buf.resize(static_cast<std::size_t>(res.ptr - buf.data()));
    if (p.conv == 'E' || p.conv == 'F' || p.conv == 'G')
        std::transform(buf.begin(), buf.end(), buf.begin(), [](char c) {
            return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
        });
    std::string_view sign;
    if ((p.flags & kFlagSign) != 0)
        sign = "+";
    else if ((p.flags & kFlagBlank) != 0)
        sign = " ";
    emitNumber(out, sign, buf, p.flags, p.width);
}

} // namespace

FormatsFile::FormatsFile() = default;
FormatsFile::~FormatsFile() = default;
FormatsFile::FormatsFile(const FormatsFile&) = default;
FormatsFile::FormatsFile(FormatsFile&&) noexcept = default;
FormatsFile& FormatsFile::operator=(const FormatsFile&) = default;
FormatsFile& FormatsFile::operator=(FormatsFile&&) noexcept = default;

FormatsFile FormatsFile::parse(std::string_view text, std::vector<FormatsError>& errors) {
    FormatsFile file;
    unsigned lineNo = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos)
            end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        ++lineNo;
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        // xentrace_format skips comments and empty lines; we also skip blank-only lines.
        if (line.empty() || line.front() == '#')
            continue;
        if (std::all_of(line.begin(), line.end(), isSpace))
            continue;
        if (isSpace(line.front())) {
            errors.push_back({lineNo, "line starts with blanks instead of an event id"});
            continue;
        }
        std::size_t i = 0;
        while (i < line.size() && !isSpace(line[i]))
            ++i;
        const std::string_view idText = line.substr(0, i);
        while (i < line.size() && isSpace(line[i]))
            ++i;
        if (i >= line.size()) {
            errors.push_back({lineNo, "event id without a format"});
            continue;
        }
        const auto id = parseIntLiteral(idText);
        if (!id) {
            errors.push_back({lineNo, "bad event id '" + std::string(idText) + "'"});
            continue;
        }
        if (*id > 0x0fffffffu) {
            errors.push_back({lineNo, "event id '" + std::string(idText) +
                                          "' is wider than 28 bits and can never match"});
            continue;
        }
        Rule rule;
        rule.id = static_cast<uint32_t>(*id);
        rule.format = std::string(line.substr(i));
        if (std::string err = compile(rule.format, rule.pieces); !err.empty()) {
            errors.push_back({lineNo, std::move(err)});
            continue;
        }
        rule.name = extractName(rule.format);
        file.m_rules.push_back(std::move(rule));
    }
    // Later rules win, as with xentrace_format's dict: stable sort, keep the last per id.
    std::stable_sort(file.m_rules.begin(), file.m_rules.end(),
                     [](const Rule& a, const Rule& b) { return a.id < b.id; });
    std::vector<Rule> unique;
    unique.reserve(file.m_rules.size());
    for (auto& r : file.m_rules) {
        if (!unique.empty() && unique.back().id == r.id)
            unique.back() = std::move(r);
        else
            unique.push_back(std::move(r));
    }
    file.m_rules = std::move(unique);
    return file;
}

std::optional<FormatsFile> FormatsFile::load(const std::string& path,
                                             std::vector<FormatsError>& errors) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        errors.push_back({0, "cannot open " + path});
        return std::nullopt;
    }
    std::ostringstream buf;
    buf << in.rdbuf();
    if (in.bad()) {
        errors.push_back({0, "cannot read " + path});
        return std::nullopt;
    }
    return parse(buf.str(), errors);
}

const FormatsFile::Rule* FormatsFile::findRule(uint32_t id) const {
    const auto it = std::lower_bound(m_rules.begin(), m_rules.end(), id,
                                     [](const Rule& r, uint32_t key) { return r.id < key; });
    return (it != m_rules.end() && it->id == id) ? &*it : nullptr;
}

const std::string* FormatsFile::formatFor(uint32_t id) const {
    const Rule* r = findRule(id);
    return r ? &r->format : nullptr;
}

std::string_view FormatsFile::nameFor(uint32_t id) const {
    const Rule* r = findRule(id);
    return r ? std::string_view(r->name) : std::string_view{};
}

void FormatsFile::render(uint32_t id, unsigned cpu, uint64_t tsc, uint64_t reltsc,
                         const uint32_t* words, unsigned nwords, std::string& out) const {
    // xentrace_format looks the event up with the header's flag bits masked off.
    const Rule* rule = findRule(id & 0x0fffffffu);
    if (rule == nullptr)
        rule = findRule(0);
    if (rule == nullptr)
        return;
    for (const Piece& p : rule->pieces) {
        if (p.literal) {
            out.append(rule->format, p.begin, p.length);
            continue;
        }
        uint64_t v = 0;
        switch (p.arg) {
        case Arg::Cpu:
            v = cpu;
            break;
        case Arg::Tsc:
            v = tsc;
            break;
        case Arg::Event:
            v = id & 0x0fffffffu;
            break;
        case Arg::RelTsc:
            v = reltsc;
            break;
        default: {
            const auto index = static_cast<unsigned>(p.arg) - static_cast<unsigned>(Arg::W1);
            v = (words != nullptr && index < nwords) ? words[index] : 0;
            break;
        }
        }
        switch (p.conv) {
        case 's':
        case 'r':
        case 'a': {
            char buf[24];
            const auto res = std::to_chars(buf, buf + sizeof buf, v);
            std::string_view text(buf, static_cast<std::size_t>(res.ptr - buf));
            if (p.precision >= 0 && static_cast<std::size_t>(p.precision) < text.size())
                text = text.substr(0, static_cast<std::size_t>(p.precision));
            emitText(out, text, p.flags, p.width);
            break;
        }
        case 'c': {
            std::string ch;
            appendUtf8(ch, v);
            // Python pads %c by characters, not bytes.
            emitText(out, ch, p.flags, p.width + static_cast<uint32_t>(ch.size()) - 1);
            break;
        }
        case 'e':
        case 'E':
        case 'f':
        case 'F':
        case 'g':
        case 'G':
            renderFloat(out, p, v);
            break;
        default:
            renderInteger(out, p, v);
            break;
        }
    }
}

std::size_t FormatsFile::size() const {
    return m_rules.size();
}

bool FormatsFile::empty() const {
    return m_rules.empty();
}

} // namespace xenoscope::core
