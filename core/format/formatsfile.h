#pragma once
// FormatsFile: reads the definitions file of Xen's xentrace_format ("formats": one
// "0xEVENTID <python %-format>" rule per line) and renders records with it exactly as
// xentrace_format would, so users can keep their own formats files.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace xenoscope::core {

// A line of a formats file that could not be used; the rest of the file still loads.
struct FormatsError {
    unsigned line = 0; // 1-based; 0 for errors about the whole file (e.g. cannot open)
    std::string message;
};

class FormatsFile {
public:
    FormatsFile();
    ~FormatsFile();
    FormatsFile(const FormatsFile&);
    FormatsFile(FormatsFile&&) noexcept;
    FormatsFile& operator=(const FormatsFile&);
    FormatsFile& operator=(FormatsFile&&) noexcept;

    // Parses the text of a formats file. Like xentrace_format: lines starting with '#' and
    // empty lines are skipped; a rule is an event id (a Python integer literal: 0x.., 0o..,
    // 0b.. or decimal) then whitespace then the format, kept verbatim to the end of the line
    // (trailing blanks included; only a final '\r' is dropped). A later rule for the same id
    // replaces an earlier one. Where xentrace_format would stop with an error (no format,
    // bad id, unknown "%(field)", bad conversion), the line is reported and skipped.
    static FormatsFile parse(std::string_view text, std::vector<FormatsError>& errors);
    // Reads and parses a file; nullopt (plus an error with line 0) when it cannot be read.
    static std::optional<FormatsFile> load(const std::string& path,
                                           std::vector<FormatsError>& errors);

    // The format of the rule for exactly this id, or nullptr. (render() additionally falls
    // back to the 0x00000000 rule, as xentrace_format does for unlisted events.)
    const std::string* formatFor(uint32_t id) const;

    // A short event name taken from the rule for exactly this id, empty when there is none.
    // Rule: split the format on blanks, skip every word that contains '%' (the CPU, TSC and
    // "(+reltsc)" conversions) or is "CPU" plus digits; the next word is the name, unless it
    // starts with '[' (the payload part), in which case the rule has no name. For the stock
    // file this yields e.g. "lost_records", "__enter_scheduler", "VMEXIT", "CPUID".
    std::string_view nameFor(uint32_t id) const;

    // Appends the record rendered with the rule for id (or the 0x00000000 rule), without a
    // line break; appends nothing when neither exists. Words past nwords read as 0, as
    // xentrace_format's zero-initialised d1..d7. Python %-semantics: flags "-+ #0", width,
    // precision, conversions d i u x X o s r a c e E f F g G (length letters h l L ignored).
    void render(uint32_t id, unsigned cpu, uint64_t tsc, uint64_t reltsc, const uint32_t* words,
                unsigned nwords, std::string& out) const;

    std::size_t size() const; // number of rules
    bool empty() const;

private:
    struct Rule;
    const Rule* findRule(uint32_t id) const;

    std::vector<Rule> m_rules; // sorted by id, unique
};

} // namespace xenoscope::core
