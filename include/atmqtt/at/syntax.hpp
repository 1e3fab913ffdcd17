// Per-dialect lexical options. The AT core is dialect-independent: every irregularity one vendor's modems
// show (a space before ':', the fullwidth '：', '=' after a response prefix, the fullwidth '，' between
// fields, backslash escapes inside quotes) is switched on here, in the dialect's table, never by a
// vendor check in the code. Read by the tokenizer, the field lexer, the result-code classifier and the
// command writer.
#pragma once

#include <atmqtt/core/config.hpp>

#include <cstdint>

// Reader and writer functions marked with this are folded into every caller when optimising for speed
// (g++ -O2 leaves some out of line: a call per field or per line); left to the compiler otherwise (-Os;
// -O0, where coverage then counts one copy).
#if defined(__GNUC__) && defined(__OPTIMIZE__) && !defined(__OPTIMIZE_SIZE__)
#define ATMQTT_AT_SPEED_INLINE __attribute__((always_inline))
#else
#define ATMQTT_AT_SPEED_INLINE
#endif

ATMQTT_BEGIN_NAMESPACE
namespace at {

enum class field_type : std::uint8_t;  // at/grammar.hpp

// How a '"' (and the escape character itself) can appear inside a quoted string.
enum class quote_escape : std::uint8_t {
    none = 0,       // no escapes: a quoted string cannot contain '"'; '\' is an ordinary character
    backslash = 1,  // \" and \\ stand for " and \ ; any other '\' sequence is malformed
    hex = 2,        // \hh (two hex digits, either case) stands for the octet 0xhh, e.g. \22 for '"'
};

// Tolerances for response lines, one bit each. Combine with '|'.
enum class lex : std::uint16_t {
    none = 0,
    space_before_colon = 1u << 0,  // "+IMQTTCOUNT :5": spaces between the prefix and its ':'
    fullwidth_colon = 1u << 1,     // "+IMQTTCONN：0": U+FF1A (EF BC 9A) in place of ':'
    equals_as_colon = 1u << 2,     // "+IMQTTUNSUB=7,0": '=' in place of ':' after a response prefix
    fullwidth_comma = 1u << 3,     // "TIMEOUT，5": U+FF0C (EF BC 8C) in place of ',' between fields
    angle_lists = 1u << 4,         // "<0~65535>": '<...>' as a test-response list, like '(...)'
    keep_bare_spaces = 1u << 5,    // bare values keep their leading/trailing spaces (default: trimmed)
    empty_means_missing = 1u << 6, // "conn",,0 and a line that stops at its payload's length field: at_missing_field
    empty_is_absent = 1u << 7,     // an empty optional field is absent, a string or hex one too
};

constexpr lex operator|(lex a, lex b) noexcept {
    return static_cast<lex>(static_cast<std::uint16_t>(a) | static_cast<std::uint16_t>(b));
}

// What a dialect's response lines use, one bit each: a reader on read_syntax<...> (below) links no code
// for what its lines never have. reading_of(g) derives it from a grammar's tables, so it cannot drift.
enum class reading : std::uint16_t {
    selectors = 1u << 0,         // a row named by its first field's value
    hex = 1u << 1,               // hex fields
    words = 1u << 2,             // word and literal fields
    groups = 1u << 3,            // a repeated group
    payloads = 1u << 4,          // a raw payload field
    optional_lengths = 1u << 5,  // a payload's length field that may be absent
    aliases = 1u << 6,           // other spellings of prefixes
    rows = 1u << 7,              // rows of a multi-row answer (event::row), read against a line that may head
                                 // one alone: no selector or group, its first field optional
    all = 0xFFFF,
};

// A dialect's lexical options (4 bytes). The default is what every vendor manual agrees on plus the
// harmless tolerances (a space before ':' and the fullwidth colon never make a valid line ambiguous).
// Spaces after ':' and around ',' are always accepted; they are not options.
struct syntax {
    lex tolerate = lex::space_before_colon | lex::fullwidth_colon;
    quote_escape escape = quote_escape::none;
    std::uint8_t skips = 0;  // what its commands never write: kinds (bit 1 << field_type), bare text (default: none)

    constexpr bool allows(lex flag) const noexcept {  // every bit of flag
        return (static_cast<unsigned>(tolerate) & static_cast<unsigned>(flag)) == static_cast<unsigned>(flag);
    }
    static constexpr bool reads(reading) noexcept { return true; }  // a run-time syntax reads every line
    constexpr bool takes(field_type t) const noexcept { return (skips & kind(t)) == 0; }
    // Whether a command writes text without quotes (a selector or a string, word or literal not always quoted).
    constexpr bool writes_bare() const noexcept { return (skips & bare_bit) == 0; }
    static constexpr unsigned bare_bit = 1u << 7;
    // The bit of kind `t` in `skips`.
    static constexpr unsigned kind(field_type t) noexcept { return 1u << static_cast<unsigned>(t); }

    // A copy with one more tolerance, for building a dialect's constant.
    constexpr syntax with(lex flag) const noexcept { return syntax{tolerate | flag, escape, skips}; }
    // A copy skipping `bits` too (kind(t), bare_bit): a dialect's narrower writer syntax for the rows that
    // write none of them (fixed_syntax widens it for a row that does).
    constexpr syntax skipping(unsigned bits) const noexcept {
        return syntax{tolerate, escape, static_cast<std::uint8_t>(skips | bits)};
    }
    // What a command row writes, as bits of `skips`.
    template <class Row>
    static constexpr unsigned written_by(const Row& row) noexcept {
        unsigned bits = row.selector.empty() || row.selector_quoted() ? 0u : bare_bit;
        for (const auto& p : row.params) {
            const bool text = p.type != decltype(p.type)::integer && p.type != decltype(p.type)::hex;
            bits |= kind(p.type) | (text && p.quote != decltype(p.quote)::quoted ? bare_bit : 0u);
        }
        return bits;
    }
    // A copy skipping what none of `rows` (the dialect's command table) writes: the writer on
    // fixed_syntax<S> then links no code for it.
    template <class Rows>
    constexpr syntax writing(const Rows& rows) const noexcept {
        unsigned taken = 0;
        for (const auto& row : rows) taken |= written_by(row);
        return syntax{tolerate, escape, static_cast<std::uint8_t>(~taken)};
    }
    // A copy writing what `row` writes too (a row outside the table, e.g. a client driver's variant).
    template <class Row>
    constexpr syntax also_writing(const Row& row) const noexcept {
        return syntax{tolerate, escape, static_cast<std::uint8_t>(skips & ~written_by(row))};
    }
};

// The features of grammar `g`'s lines (see reading); with `own` (one of them, a bound row), hex and words
// only where `own` has them: a program decoding no row with them links no code for them (per row for every
// feature, programs would link one reader per feature set).
template <class Grammar, class Line = void>
constexpr reading reading_of(const Grammar& g, const Line* own = nullptr) noexcept {
    unsigned bits = 0;
    const auto add = [&bits](bool used, reading f) { bits |= used ? static_cast<unsigned>(f) : 0u; };
    add(!g.prefix_aliases.empty(), reading::aliases);
    for (const auto& l : g.lines) {
        add(!l.selector.empty(), reading::selectors);
        add(l.repeat != 0, reading::groups);
        add(l.is(l.length_optional_bit), reading::optional_lengths);
        add(l.selector.empty() && l.repeat == 0 && !l.fields.empty() && l.fields[0].is_optional(), reading::rows);
        const bool mine = own == nullptr || &l == own;
        for (const auto& f : l.fields) {
            using type = decltype(f.type);
            add(mine && f.type == type::hex, reading::hex);
            add(mine && (f.type == type::word || f.type == type::literal), reading::words);
            add(f.type == type::payload, reading::payloads);
        }
    }
    return static_cast<reading>(bits);
}

// A syntax known at compile time, read like a syntax value (`s.escape`, `s.allows(flag)`, `s.reads(f)`,
// `s.takes(t)`): constant, so what a dialect lacks compiles out -- the readers (decode.hpp, classify.hpp)
// on the reading features of its line table (syntax_of), the writer on what its commands write
// (fixed_syntax). By value, so every reader of one dialect shares one instantiation.
template <quote_escape Escape, lex Tolerate, reading Reads, std::uint8_t Skips = 0>
struct read_syntax {
    static constexpr syntax value{Tolerate, Escape, Skips};
    static constexpr quote_escape escape = Escape;
    static constexpr bool allows(lex flag) noexcept { return value.allows(flag); }
    static constexpr bool reads(reading f) noexcept { return (static_cast<unsigned>(Reads) & static_cast<unsigned>(f)) != 0; }
    static constexpr bool takes(field_type t) noexcept { return value.takes(t); }
    static constexpr bool writes_bare() noexcept { return value.writes_bare(); }
    constexpr operator syntax() const noexcept { return value; }
};
// The reader's syntax of grammar G: its lexical options and what its lines use.
template <const auto& G>
using syntax_of = read_syntax<G.lexical.escape, G.lexical.tolerate, reading_of(G)>;
// The writer's syntax S (syntax::writing: what the dialect's commands write), taking also what `Writes`
// names (a typed row's syntax::written_by): only the rows that write what S skips link that code.
template <const syntax& S, unsigned Writes = 0>
using fixed_syntax = read_syntax<S.escape, S.tolerate, reading::all, S.skips & ~Writes>;

// Everything on: for log decoders that must read any vendor's output.
constexpr syntax tolerant_syntax() noexcept { return syntax{}.with(lex::equals_as_colon | lex::fullwidth_comma); }

// The UTF-8 encodings of the fullwidth punctuation some manuals print.
namespace detail {
constexpr unsigned char fullwidth_lead0 = 0xEF;
constexpr unsigned char fullwidth_lead1 = 0xBC;
constexpr unsigned char fullwidth_colon_last = 0x9A;  // U+FF1A '：'
constexpr unsigned char fullwidth_comma_last = 0x8C;  // U+FF0C '，'
}  // namespace detail

}  // namespace at
ATMQTT_END_NAMESPACE
