#include <atmqtt/at/grammar.hpp>
#include <atmqtt/at/syntax.hpp>

#include <type_traits>

#include "../catch.hpp"

namespace at = atmqtt::at;
using at::lex;

// The default: no escapes; a space before ':' and the fullwidth colon tolerated; everything else off.
constexpr at::syntax def{};
static_assert(def.escape == at::quote_escape::none);
static_assert(def.allows(lex::space_before_colon));
static_assert(def.allows(lex::fullwidth_colon));
static_assert(!def.allows(lex::equals_as_colon));
static_assert(!def.allows(lex::fullwidth_comma));
static_assert(!def.allows(lex::angle_lists));
static_assert(!def.allows(lex::keep_bare_spaces));
static_assert(def.allows(lex::none));  // asking for nothing is always allowed

// with() adds one option and keeps the rest.
constexpr at::syntax risinghf = def.with(lex::equals_as_colon).with(lex::fullwidth_comma);
static_assert(risinghf.allows(lex::equals_as_colon) && risinghf.allows(lex::fullwidth_comma));
static_assert(risinghf.allows(lex::space_before_colon) && risinghf.allows(lex::fullwidth_colon));
static_assert(risinghf.allows(lex::equals_as_colon | lex::fullwidth_comma));
static_assert(!risinghf.allows(lex::equals_as_colon | lex::angle_lists));  // both must be on
static_assert(risinghf.escape == at::quote_escape::none);
constexpr at::syntax escaped = at::syntax{risinghf.tolerate, at::quote_escape::backslash, risinghf.skips};
static_assert(escaped.escape == at::quote_escape::backslash && escaped.tolerate == risinghf.tolerate);

// Strict: nothing tolerated.
constexpr at::syntax strict{lex::none};
static_assert(!strict.allows(lex::space_before_colon) && !strict.allows(lex::fullwidth_colon));

// The log decoder's preset accepts every separator spelling.
static_assert(at::tolerant_syntax().allows(lex::space_before_colon | lex::fullwidth_colon | lex::equals_as_colon |
                                           lex::fullwidth_comma));

// The same options as a type (the writer's fixed_syntax): read like the value.
static_assert(at::fixed_syntax<escaped>::escape == at::quote_escape::backslash);
static_assert(at::fixed_syntax<risinghf>::allows(lex::fullwidth_comma) && !at::fixed_syntax<strict>::allows(lex::space_before_colon));

// writing(rows): only the parameter kinds the rows take, the other options kept; by default every kind.
constexpr at::field_spec kinds_params[] = {at::integer("n", 0, 9), at::word("w", "ON|OFF")};
constexpr at::command kinds_rows[] = {at::cmd("X", at::form::set, kinds_params)};
constexpr at::syntax writing = escaped.writing(kinds_rows);
static_assert(writing.takes(at::field_type::integer) && writing.takes(at::field_type::word));
static_assert(!writing.takes(at::field_type::string) && !writing.takes(at::field_type::hex) &&
              !writing.takes(at::field_type::literal));
static_assert(writing.escape == escaped.escape && writing.tolerate == escaped.tolerate);
static_assert(!writing.with(lex::angle_lists).takes(at::field_type::hex) && def.takes(at::field_type::hex));
static_assert(!at::fixed_syntax<writing>::takes(at::field_type::hex) && at::fixed_syntax<def>::takes(at::field_type::literal));
// Bare text: a parameter of text not always quoted, or a bare selector; integers and hex do not count.
constexpr at::field_spec quoted_params[] = {at::integer("n", 0, 9), at::string("s", 0, 9), at::hex("h", 0, 9, at::quoting::either)};
constexpr at::command quoted_rows[] = {at::cmd("Q", at::form::set, quoted_params).with_selector("x")};
constexpr at::command bare_rows[] = {at::cmd("B", at::form::set).with_selector("x", at::quoting::bare)};
static_assert(!def.writing(quoted_rows).writes_bare() && at::fixed_syntax<writing>::writes_bare());  // (a bare word)
static_assert(def.writing(quoted_rows).also_writing(bare_rows[0]).writes_bare() && writing.also_writing(quoted_rows[0]).takes(at::field_type::hex));
static_assert(def.writing(bare_rows).writes_bare() && def.writes_bare() && writing.with(lex::none).takes(at::field_type::word));
// skipping(bits): a narrower copy (kind(t), bare_bit); fixed_syntax<S, written_by(row)> takes what the row
// writes again, and nothing else.
constexpr at::syntax narrow = writing.skipping(at::syntax::kind(at::field_type::word) | at::syntax::bare_bit);
static_assert(!narrow.takes(at::field_type::word) && !narrow.writes_bare() && narrow.takes(at::field_type::integer));
static_assert(narrow.escape == writing.escape && narrow.tolerate == writing.tolerate);
static_assert(writing.skipping(0).skips == writing.skips);
using widened = at::fixed_syntax<narrow, at::syntax::written_by(kinds_rows[0])>;
using not_widened = at::fixed_syntax<narrow, at::syntax::written_by(quoted_rows[0])>;
static_assert(widened::takes(at::field_type::word) && widened::writes_bare());
static_assert(!not_widened::takes(at::field_type::word) && !not_widened::takes(at::field_type::literal));

// reading_of(grammar): what the table's lines use; read_syntax: a syntax and those features as a type.
constexpr at::field_spec plain_fields[] = {at::integer("n", 0, 9), at::string("s", 0, 9)};
constexpr at::field_spec rich_fields[] = {at::integer("len", 0, 99), at::hex("h", 0, 9), at::word("w", "ON|OFF"),
                                          at::payload("p")};
constexpr at::line plain_lines[] = {at::response("+P", plain_fields)};
constexpr at::line rich_lines[] = {at::response("+P", plain_fields).with_selector("x").repeating(1, 0, 3),
                                   at::response("+R", rich_fields).with_length(0, true)};
constexpr at::prefix_alias rich_aliases[] = {{"+Q", "+P"}};
constexpr at::grammar plain_grammar{"plain", {}, plain_lines, escaped};
constexpr at::grammar rich_grammar{"rich", {}, rich_lines, def, {}, {}, rich_aliases};
static_assert(static_cast<unsigned>(at::reading_of(plain_grammar)) == 0);  // integers and strings only
static_assert(static_cast<unsigned>(at::reading_of(rich_grammar)) == 0x7F);  // every feature but rows
// rows: a line that may head a multi-row answer alone (no selector or group, its first field optional).
constexpr at::field_spec header_fields[] = {at::integer("n", 0, 9).optional(), at::string("s", 0, 9)};
constexpr at::line header_lines[] = {at::response("+H", header_fields), at::response("+S", header_fields).with_selector("x")};
constexpr at::grammar header_grammar{"header", {}, header_lines, def};
static_assert(static_cast<unsigned>(at::reading_of(header_grammar)) == 0x81);  // rows and selectors
// reading_of(grammar, row): hex and words only where that row has them, the other features the table's.
static_assert(static_cast<unsigned>(at::reading_of(rich_grammar, &rich_lines[0])) == 0x79);
static_assert(static_cast<unsigned>(at::reading_of(rich_grammar, &rich_lines[1])) == 0x7F);
static_assert(static_cast<unsigned>(at::reading_of(plain_grammar, &plain_lines[0])) == 0);
using plain_reader = at::syntax_of<plain_grammar>;
static_assert(!plain_reader::reads(at::reading::selectors) && !plain_reader::reads(at::reading::words) &&
              !plain_reader::reads(at::reading::payloads) && !plain_reader::reads(at::reading::aliases));
static_assert(at::syntax_of<rich_grammar>::reads(at::reading::optional_lengths) && at::syntax(plain_reader{}).escape == escaped.escape);
static_assert(plain_reader::escape == escaped.escape && plain_reader::allows(lex::fullwidth_comma) &&
              !plain_reader::allows(lex::angle_lists));
static_assert(def.reads(at::reading::hex) && at::syntax::reads(at::reading::all));  // a run-time syntax: everything
// One dialect, one reader type: the same options and features give the same type.
static_assert(std::is_same<at::syntax_of<plain_grammar>,
                           at::read_syntax<escaped.escape, escaped.tolerate, at::reading_of(plain_grammar)>>::value);

// A few bytes: cheap to keep in every dialect table.
static_assert(sizeof(at::syntax) <= 4);

TEST_CASE("syntax: constexpr options") { STATIC_REQUIRE(risinghf.allows(lex::equals_as_colon)); }
