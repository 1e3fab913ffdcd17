// Renders a dialect's grammar tables as a Markdown command and URC reference. Host-only (std::string);
// the output is committed under docs/dialects/ and checked against the tables by
// tests/at/check_reference.sh, so the reference can never drift from what the code accepts.
#pragma once

#include <atmqtt/at/grammar.hpp>
#include <atmqtt/at/result_code.hpp>
#include <atmqtt/at/syntax.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace atref {

namespace at = atmqtt::at;

inline std::string str(std::string_view s) {
    return std::string(s.data(), s.size());
}

inline std::string quoting_name(at::quoting q) {
    switch (q) {
        case at::quoting::quoted:
            return "quoted";
        case at::quoting::bare:
            return "bare";
        case at::quoting::either:
            return "quoted when needed";
    }
    return "?";
}

inline std::string type_name(const at::field_spec& f) {
    switch (f.type) {
        case at::field_type::integer:
            return "integer";
        case at::field_type::string:
            return "string, " + quoting_name(f.quote);
        case at::field_type::hex:
            return std::string(f.lowercase_hex() ? "hex string (a-f), " : "hex string, ") +
                   quoting_name(f.quote);
        case at::field_type::word:
            return "word, " + quoting_name(f.quote);
        case at::field_type::literal:
            return "literal";
        case at::field_type::payload:
            return f.quote == at::quoting::either ? "raw payload, quoted or bare"
                                                  : "raw payload, " + quoting_name(f.quote);
    }
    return "?";
}

inline std::string values(const at::field_spec& f) {
    switch (f.type) {
        case at::field_type::integer:
            return std::to_string(f.min) + " to " + std::to_string(f.max);
        case at::field_type::string:
            return std::to_string(f.min) + " to " + std::to_string(f.max) + " bytes";
        case at::field_type::hex:
            return std::to_string(f.min) + " to " + std::to_string(f.max) + " bytes (2 digits each)";
        case at::field_type::word:
        case at::field_type::literal: {
            std::string out;
            for (std::size_t i = 0;; ++i) {
                std::string_view w = at::nth_word(f.words, i);
                if (w.empty()) break;
                if (!out.empty()) out += ", ";
                out += "`" + str(w) + "`";
            }
            return out;
        }
        case at::field_type::payload:
            return "any bytes";
    }
    return "";
}

// How a field appears in a syntax line: "<name>", "\"<name>\"" for quoted text, the literal itself.
inline std::string placeholder(const at::field_spec& f) {
    if (f.type == at::field_type::literal) return str(f.words);
    std::string p = "<" + str(f.name) + ">";
    bool quoted = f.quote == at::quoting::quoted && f.type != at::field_type::integer;
    return quoted ? "\"" + p + "\"" : p;
}

// "<a>,<b>[,<c>[,<d>]]" with a repeated tail "<t>,<q>[,<t>,<q>...]"; `first` is whether nothing
// (no selector) precedes the fields.
inline std::string field_syntax(atmqtt::span<const at::field_spec> fields, std::uint8_t repeat,
                                std::uint8_t repeat_min, std::uint8_t repeat_max, bool first,
                                std::size_t optional_length = at::no_index) {
    std::string out;
    std::size_t open = 0;
    std::size_t fixed = fields.size() - repeat;
    for (std::size_t i = 0; i < fixed; ++i) {
        const at::field_spec& f = fields[i];
        bool opt = f.is_optional() || i == optional_length;
        std::string sep = (first && i == 0) ? "" : ",";
        if (opt) {
            out += "[" + sep + placeholder(f);
            if (i == optional_length) {
                out += "]";  // only the length may be absent, not everything after it
            } else {
                ++open;
            }
        } else {
            out += sep + placeholder(f);
        }
    }
    std::string group;
    for (std::size_t i = fixed; i < fields.size(); ++i) group += "," + placeholder(fields[i]);
    if (repeat != 0) {
        std::string once = (first && fixed == 0) ? group.substr(1) : group;
        if (repeat_min == 0) {
            out += "[" + once + (repeat_max > 1 ? "...]" : "]");
        } else {
            out += once;
            if (repeat_max > 1) out += "[" + group + "...]";
        }
    }
    out += std::string(open, ']');
    return out;
}

inline std::string selector_text(std::string_view s, bool quoted) {
    return quoted ? "\"" + str(s) + "\"" : str(s);
}

inline std::string set_syntax(const at::command& c) {
    std::string s = "AT+" + str(c.name) + "=";
    bool first = true;
    if (!c.selector.empty()) {
        s += selector_text(c.selector, c.selector_quoted());
        first = false;
    }
    return s + field_syntax(c.params, c.repeat, c.repeat_min, c.repeat_max, first);
}

inline std::string line_syntax(const at::line& l) {
    std::string s = str(l.prefix);
    if (l.selector.empty() && l.fields.empty()) return s;
    s += ": ";
    bool first = true;
    if (!l.selector.empty()) {
        s += selector_text(l.selector, l.selector_quoted());
        first = false;
    }
    std::size_t optional_length = l.is(at::line::length_optional_bit) ? l.length : at::no_index;
    return s + field_syntax(l.fields, l.repeat, l.repeat_min, l.repeat_max, first, optional_length);
}

// The default column: a number, a word, a text in backticks, or "(empty)" for the manual's "empty".
inline std::string default_text(const at::field_spec& f) {
    if (!f.has_default()) return "";
    if (f.type == at::field_type::word) return "`" + str(at::default_word(f)) + "`";
    if (f.has_text_default()) return f.words.empty() ? "(empty)" : "`" + str(f.words) + "`";
    return std::to_string(f.def);
}

inline std::string field_table(atmqtt::span<const at::field_spec> fields, std::uint8_t repeat,
                               std::uint8_t repeat_min, std::uint8_t repeat_max, bool command_params,
                               std::size_t optional_length = at::no_index) {
    std::string out = "| # | Name | Type | Values | Default | Presence |\n|---|---|---|---|---|---|\n";
    std::size_t fixed = fields.size() - repeat;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        const at::field_spec& f = fields[i];
        std::string presence;
        if (i >= fixed) {
            presence =
                "repeated " + std::to_string(repeat_min) + " to " + std::to_string(repeat_max) + " times";
        } else if (i == optional_length) {
            presence = "may be absent";
        } else if (f.type == at::field_type::literal) {
            presence = command_params ? "written automatically" : "fixed";
        } else if (f.is_optional()) {
            presence = "optional (with everything after it)";
        } else {
            presence = "required";
        }
        out += "| " + std::to_string(i + 1) + " | `" + str(f.name) + "` | " + type_name(f) + " | " +
               values(f) + " | " + default_text(f) + " | " + presence + " |\n";
    }
    return out;
}

inline std::string command_title(const at::command& c) {
    std::string t = "AT+" + str(c.name);
    if (!c.selector.empty()) t += "=" + selector_text(c.selector, c.selector_quoted());
    return t;
}

inline std::string response_prefix(const at::command& c) {
    return c.response_prefix.empty() ? "+" + str(c.name) : str(c.response_prefix);
}

inline std::string line_title(const at::line& l) {
    std::string t = str(l.prefix);
    if (!l.selector.empty()) t += ": " + selector_text(l.selector, l.selector_quoted());
    return t;
}

// The manual's field names that the typed structs replace with the shared vocabulary (docs/at-core.md
// "Vocabulary"). `row`: the command name (a line's prefix without '+') or selector it applies to (empty: every row);
// `deferred`: only in deferred results. Every other value keeps the manual's name.
struct typed_name {
    std::string_view row, field, member;
    bool deferred = false;
};
inline constexpr typed_name typed_names[] = {
    {"", "msgid", "packet_id"}, {"", "mid", "packet_id"}, {"", "packetid", "packet_id"},
    {"", "connect_id", "client_idx"}, {"", "retained", "retain"}, {"", "will_fg", "will_flag"}, {"", "willen", "will_flag"},
    {"", "willtopic", "will_topic"}, {"", "willmessage", "will_msg"}, {"", "user", "username"}, {"", "passwd", "password"},
    {"QMTOPEN", "host_name", "host"}, {"IMQTTADDR", "addr", "host"}, {"MQTTSVR", "server", "host"},
    {"QMTPUBEX", "length", "payload_len"}, {"MQTTPUB", "msg_len", "payload_len"}, {"IMQTTPUBEX", "size", "payload_len"},
    {"pubnmi", "data_len", "payload_len"}, {"pingresp", "ping_ret", "result"}, {"suback", "code", "granted_qos"},
    {"IMQTTRCVPUB", "messagelen", "payload_len"}, {"IMQTTRCVPUB", "message", "payload"},
    {"IMQTTRECV", "messagelen", "payload_len"}, {"IMQTTRECV", "message", "payload"}, {"IMQTTSTATE", "status", "state"},
    {"", "status", "result", true}, {"", "qos", "granted_qos", true},
};

inline std::string names_in_typed_api(const at::grammar& g) {
    std::string found;
    auto note = [&](std::string_view name, std::string_view prefix, std::string_view selector,
                    atmqtt::span<const at::field_spec> fields, bool deferred) {
        for (const typed_name& t : typed_names) {
            if ((t.deferred && !deferred) || (!t.row.empty() && t.row != name && t.row != prefix && t.row != selector)) continue;
            for (const at::field_spec& f : fields) {
                const std::string where = !t.row.empty() ? " (" + str(t.row) + ")" : t.deferred ? " (deferred results)" : "";
                const std::string item = "`<" + str(t.field) + ">`" + where + " is `" + str(t.member) + "`";
                if (f.name == t.field && found.find(item) == std::string::npos) found += (found.empty() ? "" : ", ") + item;
            }
        }
    };
    for (const at::command& c : g.commands) note(c.name, "", c.selector, c.params, false);
    for (const at::line& l : g.lines)
        note("", l.prefix.substr(1), l.selector, l.fields, l.is(at::line::deferred_bit));
    std::string out = "## Names in the typed API\n\n";
    out += "The dialect's typed structs (commands and responses) name their members after the fields below\n"
           "(the manual's names)";
    if (found.empty()) return out + ".\n\n";
    return out + ", except: " + found + " (docs/at-core.md, \"Vocabulary\").\n\n";
}

inline std::string markdown_reference(const at::grammar& g) {
    std::string out;
    out += "# AT command reference: `" + str(g.name) + "` dialect\n\n";
    out +=
        "Generated by `atmqtt_atref` (tools/atref) from the dialect's grammar tables. Do not edit: change "
        "the\n"
        "tables and regenerate; `tests/at/check_reference.sh` fails when this file and the tables "
        "differ.\n\n";
    out +=
        "Notation: `<name>` is a value, `\"<name>\"` a quoted string, `[...]` an optional part, `...` a\n"
        "repetition. Every command line ends with CR. Responses end with CR LF.\n\n";

    out += "## Lexical rules\n\n";
    const char* escape =
        g.lexical.escape == at::quote_escape::none        ? "none (a quoted string cannot contain `\"`)"
        : g.lexical.escape == at::quote_escape::backslash ? "backslash (`\\\"` and `\\\\`)"
                                                          : "hex (`\\hh`, e.g. `\\22` for `\"`)";
    out += "- Escapes inside quoted strings: " + std::string(escape) + "\n";
    struct tol {
        at::lex flag;
        const char* text;
    };
    const tol tolerances[] = {
        {at::lex::space_before_colon, "spaces between a response prefix and its `:`"},
        {at::lex::fullwidth_colon, "the fullwidth colon `：` (U+FF1A) after a response prefix"},
        {at::lex::equals_as_colon, "`=` in place of `:` after a response prefix"},
        {at::lex::fullwidth_comma, "the fullwidth comma `，` (U+FF0C) between fields"},
        {at::lex::angle_lists, "`<...>` lists in test responses"},
        {at::lex::keep_bare_spaces, "spaces kept around bare values"},
    };
    for (const tol& t : tolerances)
        if (g.lexical.allows(t.flag)) out += "- Tolerated on input: " + std::string(t.text) + "\n";
    out +=
        "- Final result codes: `OK`, `ERROR`, `+CME ERROR: <err>`, `+CMS ERROR: <err>`, `CONNECT`, `NO "
        "CARRIER`,\n"
        "  `NO DIALTONE`, `BUSY`, `NO ANSWER`";
    for (const at::final_alias& a : g.finals)
        out += ", `" + str(a.text) + (a.text.empty() || a.text[0] != '+' ? "`" : ": <err>`") + " (" +
               str(at::to_string(a.kind)) + ")";
    out += "\n\n";

    out += names_in_typed_api(g);

    out += "## Commands\n\n";
    out += "| Command | Forms | Information response | Result after OK |\n|---|---|---|---|\n";
    for (const at::command& c : g.commands) {
        std::string forms;
        auto add = [&](at::form f, const char* name) {
            if (!c.has(f)) return;
            if (!forms.empty()) forms += ", ";
            forms += name;
        };
        add(at::form::test, "test");
        add(at::form::read, "read");
        add(at::form::set, "set");
        add(at::form::execute, "execute");
        std::string deferred = c.deferred != at::no_index ? "`" + line_title(g.lines[c.deferred]) + "`" : "";
        out += "| `" + command_title(c) + "` | " + forms + " | `" + response_prefix(c) + "` | " + deferred +
               " |\n";
    }
    out += "\n";

    for (const at::command& c : g.commands) {
        out += "### `" + command_title(c) + "`\n\n";
        out += "| Form | Command line |\n|---|---|\n";
        if (c.has(at::form::test)) out += "| test | `AT+" + str(c.name) + "=?` |\n";
        if (c.has(at::form::read)) out += "| read | `AT+" + str(c.name) + "?` |\n";
        if (c.has(at::form::set)) out += "| set | `" + set_syntax(c) + "` |\n";
        if (c.has(at::form::execute)) out += "| execute | `AT+" + str(c.name) + "` |\n";
        out += "\n";
        if (!c.params.empty())
            out += field_table(c.params, c.repeat, c.repeat_min, c.repeat_max, true) + "\n";
        out += "Information responses start with `" + response_prefix(c) + "`.";
        if (c.is(at::command::prompt_bit))
            out += " The set form answers with a `>` prompt; the data follows, then the final result.";
        if (c.is(at::command::connect_bit))
            out += " The set form answers `CONNECT` (not a final result here); the data follows, then the"
                   " responses and the final result.";
        if (c.deferred != at::no_index)
            out += " After `OK` the result arrives later as `" + line_title(g.lines[c.deferred]) + "`.";
        out += "\n\n";
    }

    out += "## Responses and URCs\n\n";
    if (!g.prefix_aliases.empty()) {
        out += "Also accepted in place of a prefix:";
        for (const at::prefix_alias& a : g.prefix_aliases)
            out += (&a == g.prefix_aliases.begin() ? " `" : ", `") + str(a.alias) + "` for `" +
                   str(a.prefix) + "`";
        out += ".\n\n";
    }
    out += "| Line | Kind | Raw payload |\n|---|---|---|\n";
    for (std::size_t li = 0; li < g.lines.size(); ++li) {
        const at::line& l = g.lines[li];
        std::string kind = l.is(at::line::unsolicited_bit) ? "URC" : "response";
        // Every command whose later result this line is (RisingHF's +IMQTTPUB answers AT+IMQTTPUB and
        // AT+IMQTTPUBIN), in table order, each name once (a command may have several rows).
        std::string results;
        for (const at::command& c : g.commands) {
            std::string name = "`AT+" + str(c.name) + "`";
            if (c.deferred != li || (", " + results + ",").find(" " + name + ",") != std::string::npos) continue;
            results += (results.empty() ? "" : ", ") + name;
        }
        if (!results.empty()) kind += ", result of " + results;
        std::string payload = l.payload_index() != at::no_index ? "yes" : "";
        out += "| `" + line_title(l) + "` | " + kind + " | " + payload + " |\n";
    }
    out += "\n";

    for (const at::line& l : g.lines) {
        // Several shapes may share a prefix (Quectel's +QMTRECV): number them so headings stay unique.
        std::size_t shapes = 0, shape = 0;
        for (const at::line& o : g.lines) {
            if (line_title(o) != line_title(l)) continue;
            ++shapes;
            if (&o == &l) shape = shapes;
        }
        std::string suffix =
            shapes > 1 ? " (shape " + std::to_string(shape) + " of " + std::to_string(shapes) + ")" : "";
        out += "### `" + line_title(l) + "`" + suffix + "\n\n";
        out += "`" + line_syntax(l) + "`\n\n";
        std::size_t optional_length = l.is(at::line::length_optional_bit) ? l.length : at::no_index;
        if (!l.fields.empty())
            out += field_table(l.fields, l.repeat, l.repeat_min, l.repeat_max, false, optional_length) + "\n";
        if (l.payload_index() != at::no_index) {
            const at::field_spec& p = l.fields[l.payload_index()];
            out += "The payload `" + str(p.name) + "` is exactly `" + str(l.fields[l.length].name) +
                   "` bytes long and may contain commas, quotes, CR and LF.";
            if (l.is(at::line::length_optional_bit))
                out += " When `" + str(l.fields[l.length].name) +
                       "` is absent the payload runs to the end of the line.";
            out += "\n\n";
        }
    }
    if (!g.errors.empty()) {
        out += "## Error codes\n\n| Code | Name | Meaning |\n|---|---|---|\n";
        for (const at::error_entry& e : g.errors) {
            std::string code = std::to_string(e.first);
            if (e.last != e.first) code += " to " + std::to_string(e.last);
            out += "| " + code + " | `" + str(e.name) + "` | " + str(e.description) + " |\n";
        }
        out += "\n";
    }
    while (out.size() >= 2 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n') out.pop_back();
    return out;
}

// Fuzzing dictionaries (libFuzzer / AFL format): one quoted token a line, each token once.
class dictionary {
public:
    explicit dictionary(const std::string& title) : out_("# " + title + "\n") {}

    void add(const std::string& token) {
        if (token.empty()) return;
        for (const std::string& t : seen_)
            if (t == token) return;
        seen_.push_back(token);
        std::string escaped;
        for (char ch : token) {
            auto c = static_cast<unsigned char>(ch);
            if (c == '"' || c == '\\') {
                escaped += '\\';
                escaped += static_cast<char>(c);
            } else if (c < 0x20 || c >= 0x7f) {
                const char* digits = "0123456789abcdef";
                escaped += "\\x";
                escaped += digits[c >> 4];
                escaped += digits[c & 15];
            } else {
                escaped += static_cast<char>(c);
            }
        }
        out_ += "\"" + escaped + "\"\n";
    }

    // A dialect's tokens: command heads, response prefixes with their separators, selectors,
    // enumeration words and literals, so fuzzers reach the table-driven paths.
    void add_grammar(const at::grammar& g) {
        auto add_fields = [&](atmqtt::span<const at::field_spec> fields) {
            for (const at::field_spec& f : fields) {
                if (f.type != at::field_type::word && f.type != at::field_type::literal) continue;
                for (std::size_t i = 0; !at::nth_word(f.words, i).empty(); ++i)
                    add(str(at::nth_word(f.words, i)));
            }
        };
        for (const at::command& c : g.commands) {
            add("AT+" + str(c.name));
            if (!c.selector.empty()) add(selector_text(c.selector, c.selector_quoted()));
            add_fields(c.params);
        }
        for (const at::line& l : g.lines) {
            add(str(l.prefix));
            if (l.prefix[0] == '+') add(str(l.prefix) + ": ");
            if (!l.selector.empty()) add(selector_text(l.selector, l.selector_quoted()));
            add_fields(l.fields);
        }
        for (const at::final_alias& a : g.finals) add(str(a.text));
        for (const at::prefix_alias& a : g.prefix_aliases) add(str(a.alias) + ": ");
    }

    // The AT core's own tokens, whatever the dialect: the final result codes of at/result_code.hpp, the
    // '>' prompt, the line ends, the command forms and the field separators (the fullwidth ones too).
    void add_core() {
        for (int k = 1; k <= static_cast<int>(at::final_kind::no_answer); ++k) {
            const auto kind = static_cast<at::final_kind>(k);
            if (kind == at::final_kind::ext_error) continue;  // no standard word: only a dialect's alias
            const std::string w = str(at::to_string(kind));
            if (w[0] != '+') add(w);
            else for (const char* sep : {": ", ":"}) add(w + sep);  // +CME ERROR: <err>
        }
        for (const char* t : {">", "> ", "\r\n", "\r", "\n", "\r\r\n", "\"", ",", ":", ": ", "\"\"", "\\\"",
                              "AT+", "at+", "AT", "=", "?", "=?", "(", ")", "-"})
            add(t);
        const char lead[] = {static_cast<char>(at::detail::fullwidth_lead0), static_cast<char>(at::detail::fullwidth_lead1)};
        add(std::string(lead, 2) + static_cast<char>(at::detail::fullwidth_colon_last));
        add(std::string(lead, 2) + static_cast<char>(at::detail::fullwidth_comma_last));
    }

    const std::string& text() const { return out_; }

private:
    std::string out_;
    std::vector<std::string> seen_;
};

// One dialect's dictionary (fuzz/at_<dialect>.dict).
inline std::string fuzz_dictionary(const at::grammar& g) {
    dictionary d(str(g.name) + " dialect tokens, generated by atmqtt_atref --dict");
    d.add_grammar(g);
    return d.text();
}

// The shared AT dictionary (fuzz/at.dict): the AT core's tokens, then the union of the dialects'.
inline std::string fuzz_dictionary_all(atmqtt::span<const at::grammar* const> grammars) {
    dictionary d("AT core and all dialect tokens, generated by atmqtt_atref --dict all");
    d.add_core();
    for (const at::grammar* g : grammars) d.add_grammar(*g);
    return d.text();
}

}  // namespace atref
