#include <atmqtt/at/writer.hpp>

#include <cstring>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "../catch.hpp"
#include "../run_time.hpp"
#include "test_dialect.hpp"

namespace at = atmqtt::at;
namespace td = test_dialect;
using at::form;
using at::value;
using atmqtt::errc;

namespace {

// A command line written in a constant expression (or at run time), with its verdict.
struct written {
    char data[160] = {};
    std::size_t size = 0;
    errc error = errc::ok;
    std::size_t offset = 0;
    constexpr std::string_view view() const { return std::string_view(data, size); }
};

constexpr written write(const at::syntax& lex, const at::command& c, form f,
                        std::initializer_list<value> args) {
    written w;
    atmqtt::result<std::size_t> r = at::write_command(
        lex, c, f, atmqtt::span<const value>(args.begin(), args.size()), atmqtt::mutable_bytes(w.data));
    if (r.ok()) w.size = *r;
    w.error = r.error();
    w.offset = r.offset();
    return w;
}
constexpr written write(const at::command& c, form f, std::initializer_list<value> args = {}) {
    return write(td::lexical, c, f, args);
}

// The whole point: a command line is a compile-time constant when its values are.
static_assert(write(td::open, form::set, {0, "broker.example", 1883}).view() ==
              "AT+TOPEN=0,\"broker.example\",1883\r");
static_assert(write(td::open, form::test).view() == "AT+TOPEN=?\r");
static_assert(write(td::open, form::read).view() == "AT+TOPEN?\r");
static_assert(write(td::disc, form::execute).view() == "AT+TDISC\r");
static_assert(write(td::cfg_keepalive_cmd, form::set, {0, 120}).view() == "AT+TCFG=\"keepalive\",0,120\r");
static_assert(write(td::sub, form::set, {1, 2, "a/b", 1, "c/#", 2}).view() ==
              "AT+TSUB=1,2,\"a/b\",1,\"c/#\",2\r");
static_assert(write(td::para, form::set, {{}, 2, {}, 1, {}, "3.1.1"}).view() ==
              "AT+TPARA=TIMEOUT,2,CLEAN,1,VERSION,3.1.1\r");
static_assert(write(td::pubhex, form::set, {"t", 0, value::binary(std::string_view("\x00\x7f\x80\xff", 4))})
                  .view() == "AT+TPUBHEX=t,0,007F80FF\r");
static_assert(write(td::open, form::set, {0, "h", 65536}).error == errc::out_of_range);
static_assert(write(td::open, form::set, {0, "h", 65536}).offset == 2);
static_assert(write(td::sub, form::read).error == errc::at_unsupported_form);
static_assert(at::command_size(td::lexical, td::open, form::test, {}).value() == 11);

std::string run(const at::command& c, form f, std::initializer_list<value> args = {}) {
    written w = write(c, f, args);
    INFO(std::string(atmqtt::to_string(w.error)) << " at " << w.offset);
    REQUIRE(w.error == errc::ok);
    // The size query agrees with the writer.
    auto size = at::command_size(td::lexical, c, f, atmqtt::span<const value>(args.begin(), args.size()));
    REQUIRE(size.ok());
    CHECK(*size == w.size);
    return std::string(w.view());
}

void refuses(const at::command& c, form f, std::initializer_list<value> args, errc expected,
             std::size_t offset, const at::syntax& lex = td::lexical) {
    written w = write(lex, c, f, args);
    CAPTURE(atmqtt::to_string(w.error), w.offset);
    CHECK(w.error == expected);
    CHECK(w.offset == offset);
    auto size = at::command_size(lex, c, f, atmqtt::span<const value>(args.begin(), args.size()));
    CHECK(size.error() == expected);
}

}  // namespace

// The values in an array, in a constant expression too.
constexpr bool braces() {
    char buf[40] = {};
    const value args[] = {1, "b", 2};
    auto n = at::write_command(td::lexical, td::open, form::set, args, atmqtt::mutable_bytes(buf));
    auto size = at::command_size(td::lexical, td::open, form::set, args);
    return n.ok() && size.ok() && *n == *size && std::string_view(buf, *n) == "AT+TOPEN=1,\"b\",2\r";
}
static_assert(braces());

// Typed structs keep optional parameters in std::optional: empty is omitted.
static_assert(write(td::conn, form::set, {0, "h", 1, std::optional<std::string_view>{}}).view() ==
              "AT+TCONN=0,\"h\",1\r");
static_assert(write(td::conn, form::set, {0, "h", 1, std::optional<std::string_view>{"id"}}).view() ==
              "AT+TCONN=0,\"h\",1,\"id\"\r");
static_assert(write(td::cfg_keepalive_cmd, form::set, {0, std::optional<int>{60}}).view() ==
              "AT+TCFG=\"keepalive\",0,60\r");
static_assert(write(td::cfg_timeout_cmd, form::set, {0, std::optional<int>{}, 3, 1}).view() ==
              "AT+TCFG=\"timeout\",0,,3,1\r");

TEST_CASE("writer: every form, exact bytes") {
    CHECK(run(td::open, form::test) == "AT+TOPEN=?\r");
    CHECK(run(td::open, form::read) == "AT+TOPEN?\r");
    CHECK(run(td::open, form::set, {5, "10.0.0.1", 1}) == "AT+TOPEN=5,\"10.0.0.1\",1\r");
    CHECK(run(td::disc, form::execute) == "AT+TDISC\r");
    CHECK(run(td::state, form::read) == "AT+TSTATE?\r");
    CHECK(run(td::cfg, form::test) == "AT+TCFG=?\r");
}

TEST_CASE("writer: refuses a form the command does not have") {
    refuses(td::sub, form::read, {}, errc::at_unsupported_form, 0);
    refuses(td::open, form::execute, {}, errc::at_unsupported_form, 0);
    refuses(td::disc, form::set, {1}, errc::at_unsupported_form, 0);
    refuses(td::state, form::test, {}, errc::at_unsupported_form, 0);
    refuses(td::cfg_keepalive_cmd, form::test, {}, errc::at_unsupported_form, 0);
}

TEST_CASE("writer: arguments on a form without parameters") {
    refuses(td::open, form::test, {1}, errc::at_too_many_fields, 0);
    refuses(td::open, form::read, {1}, errc::at_too_many_fields, 0);
    refuses(td::disc, form::execute, {"x"}, errc::at_too_many_fields, 0);
    // Omitted values are "nothing": fine.
    CHECK(run(td::disc, form::execute, {value()}) == "AT+TDISC\r");
}

TEST_CASE("writer: sub-commands write their selector as the first field") {
    CHECK(run(td::cfg_keepalive_cmd, form::set, {0, 3600}) == "AT+TCFG=\"keepalive\",0,3600\r");
    CHECK(run(td::cfg_keepalive_cmd, form::set, {2}) == "AT+TCFG=\"keepalive\",2\r");  // the query shape
    refuses(td::cfg_keepalive_cmd, form::set, {}, errc::at_missing_field, 0);  // client_idx is required
    refuses(td::cfg_keepalive_cmd, form::set, {0, 3601}, errc::out_of_range, 1);
    refuses(td::cfg_keepalive_cmd, form::set, {6}, errc::out_of_range, 0);
    refuses(td::cfg_keepalive_cmd, form::set, {0, 1, 2}, errc::at_too_many_fields, 2);
}

TEST_CASE("writer: an all-or-nothing optional tail") {
    CHECK(run(td::cfg_timeout_cmd, form::set, {0}) == "AT+TCFG=\"timeout\",0\r");
    CHECK(run(td::cfg_timeout_cmd, form::set, {0, 60, 10, 1}) == "AT+TCFG=\"timeout\",0,60,10,1\r");
    refuses(td::cfg_timeout_cmd, form::set, {0, 5}, errc::at_missing_field, 2);
    refuses(td::cfg_timeout_cmd, form::set, {0, 5, 3}, errc::at_missing_field, 3);
    refuses(td::cfg_timeout_cmd, form::set, {0, 5, 3, 1, 1}, errc::at_too_many_fields, 4);
    // An optional parameter left out before given ones writes an empty field (previous value kept).
    CHECK(run(td::cfg_timeout_cmd, form::set, {0, {}, 3, 1}) == "AT+TCFG=\"timeout\",0,,3,1\r");
    // A required one may not be left out.
    refuses(td::cfg_timeout_cmd, form::set, {0, 5, {}, 1}, errc::at_missing_field, 2);
    refuses(td::cfg_timeout_cmd, form::set, {{}, 5, 3, 1}, errc::at_missing_field, 0);
    // Trailing omitted values are not given at all.
    CHECK(run(td::cfg_timeout_cmd, form::set, {0, {}, {}, {}}) == "AT+TCFG=\"timeout\",0\r");
}

TEST_CASE("writer: nested optionals") {
    CHECK(run(td::cfg_will_cmd, form::set, {1}) == "AT+TCFG=\"will\",1\r");
    CHECK(run(td::cfg_will_cmd, form::set, {1, 0}) == "AT+TCFG=\"will\",1,0\r");
    CHECK(run(td::cfg_will_cmd, form::set, {1, 1, 2, 1, "w/t", ""}) ==
          "AT+TCFG=\"will\",1,1,2,1,\"w/t\",\"\"\r");
    refuses(td::cfg_will_cmd, form::set, {1, 1, 2}, errc::at_missing_field, 3);
    CHECK(run(td::conn, form::set, {0, "h", 1883}) == "AT+TCONN=0,\"h\",1883\r");
    CHECK(run(td::conn, form::set, {0, "h", 1883, "id"}) == "AT+TCONN=0,\"h\",1883,\"id\"\r");
    CHECK(run(td::conn, form::set, {0, "h", 1883, "id", "u", "p"}) ==
          "AT+TCONN=0,\"h\",1883,\"id\",\"u\",\"p\"\r");
    refuses(td::conn, form::set, {0, "h"}, errc::at_missing_field, 2);
    refuses(td::conn, form::set, {}, errc::at_missing_field, 0);
}

TEST_CASE("writer: repeated groups") {
    CHECK(run(td::sub, form::set, {0, 1, "a", 0}) == "AT+TSUB=0,1,\"a\",0\r");
    CHECK(run(td::sub, form::set, {0, 65535, "a", 0, "b", 1, "c", 2, "d/+", 1}) ==
          "AT+TSUB=0,65535,\"a\",0,\"b\",1,\"c\",2,\"d/+\",1\r");
    refuses(td::sub, form::set, {0, 1}, errc::at_missing_field, 2);       // no group
    refuses(td::sub, form::set, {0}, errc::at_missing_field, 1);          // not even msgid
    refuses(td::sub, form::set, {0, 1, "a"}, errc::at_missing_field, 3);  // half a group
    refuses(td::sub, form::set, {0, 1, "a", 0, "b", 1, "c", 2, "d", 1, "e", 0}, errc::at_too_many_fields, 10);
    refuses(td::sub, form::set, {0, 1, "a", 0, "b", 3}, errc::out_of_range, 5);     // qos of group 2
    refuses(td::sub, form::set, {0, 1, "a", 0, "", 1}, errc::out_of_range, 4);      // empty topic
    refuses(td::sub, form::set, {0, 0, "a", 0}, errc::out_of_range, 1);             // msgid 0
    refuses(td::sub, form::set, {0, 1, "a", 0, {}, 1}, errc::at_missing_field, 4);  // group member omitted
}

TEST_CASE("writer: integers") {
    refuses(td::open, form::set, {0, "h", 0}, errc::out_of_range, 2);
    refuses(td::open, form::set, {-1, "h", 1}, errc::out_of_range, 0);
    refuses(td::open, form::set, {0, "h", std::numeric_limits<long long>::min()}, errc::out_of_range, 2);
    refuses(td::open, form::set, {0, "h", std::numeric_limits<unsigned long long>::max()}, errc::out_of_range,
            2);
    refuses(td::open, form::set, {0, "h", "1883"}, errc::at_type_mismatch, 2);
    refuses(td::open, form::set, {0, "h", value::binary("\x07")}, errc::at_type_mismatch, 2);
    CHECK(run(td::open, form::set, {0, "h", 65535u}) == "AT+TOPEN=0,\"h\",65535\r");
    CHECK(run(td::open, form::set, {std::uint8_t{3}, "h", std::int16_t{80}}) == "AT+TOPEN=3,\"h\",80\r");

    // Negative numbers and the extremes of the 32-bit range a field can declare.
    static constexpr at::field_spec wide[] = {
        at::integer("v", std::numeric_limits<std::int32_t>::min(), std::numeric_limits<std::int32_t>::max())};
    static constexpr at::command c = at::cmd("TWIDE", form::set, wide);
    CHECK(run(c, form::set, {-1}) == "AT+TWIDE=-1\r");
    CHECK(run(c, form::set, {0}) == "AT+TWIDE=0\r");
    CHECK(run(c, form::set, {-2147483647 - 1}) == "AT+TWIDE=-2147483648\r");
    CHECK(run(c, form::set, {2147483647}) == "AT+TWIDE=2147483647\r");
    refuses(c, form::set, {2147483648LL}, errc::out_of_range, 0);
    refuses(c, form::set, {-2147483649LL}, errc::out_of_range, 0);
    refuses(c, form::set, {2147483648u}, errc::out_of_range, 0);
}

// A value is two words on a 32-bit target: an integer beyond 32 bits reads back as one past that range.
static_assert(value(7).as_integer() == 7 && value(-7).as_integer() == -7);
static_assert(value(2147483647).as_integer() == 2147483647 && value(-2147483647 - 1).as_integer() == -2147483648LL);
static_assert(value(2147483648LL).as_integer() == 2147483648LL);
static_assert(value(std::numeric_limits<long long>::max()).as_integer() == 2147483648LL);
static_assert(value(std::numeric_limits<long long>::min()).as_integer() == -2147483649LL);
static_assert(value(std::numeric_limits<unsigned long long>::max()).as_integer() == 2147483648LL);
static_assert(value("abc").as_integer() == 0 && value(5).as_bytes().empty());
static_assert(value("abc").as_bytes() == "abc" && value("abc").type() == value::kind::text);
static_assert(value::binary("\x01").type() == value::kind::binary && value::binary("\x01").as_bytes().size() == 1);

TEST_CASE("writer: values at run time: 32-bit integers, one past the range beyond, text and binary views") {
    CHECK(value(at_run_time(-7)).as_integer() == -7);
    CHECK(value(at_run_time(4000000000u)).as_integer() == 2147483648LL);
    CHECK(value(at_run_time(65535u)).as_integer() == 65535);
    CHECK(value(at_run_time(std::numeric_limits<long long>::max())).as_integer() == 2147483648LL);
    CHECK(value(at_run_time(std::numeric_limits<long long>::min())).as_integer() == -2147483649LL);
    CHECK(value(at_run_time(std::optional<int>{})).is_omitted());
    const value t(at_run_time(std::string_view("topic")));
    CHECK(t.type() == value::kind::text);
    CHECK(t.as_bytes() == "topic");
    CHECK(t.as_integer() == 0);
    const value b = value::binary(at_run_time(atmqtt::bytes("\x00\xff", 2)));
    CHECK(b.type() == value::kind::binary);
    CHECK(b.as_bytes().size() == 2);
    CHECK(value(at_run_time(3)).as_bytes().empty());
    CHECK(value().as_integer() == 0);
}

TEST_CASE("writer: one cursor writes or counts") {
    at::detail::line_cursor count;
    count.put('a');
    count.put(atmqtt::bytes("bcd"));
    CHECK(count.written() == 4);
    CHECK(!count.failed());
    char buf[4] = {};
    at::detail::line_cursor out{atmqtt::mutable_bytes(buf, sizeof buf)};
    out.put(atmqtt::bytes("abc"));
    out.put('d');
    CHECK(std::string_view(buf, 4) == "abcd");
    CHECK(!out.failed());
    out.put('e');  // no room: failed, nothing written past the buffer
    CHECK(out.failed());
    out.put(atmqtt::bytes(""));  // stays failed
    CHECK(out.failed());
    CHECK(out.written() == 4);
    at::detail::line_cursor small{atmqtt::mutable_bytes(buf, 2)};
    small.put(atmqtt::bytes("xyz"));  // too long as a whole: nothing of it written
    CHECK(small.failed());
    CHECK(buf[0] == 'a');
    small.put('q');
    CHECK(buf[0] == 'a');
}

TEST_CASE("writer: quoted strings") {
    CHECK(run(td::open, form::set, {0, std::string_view("a b,c", 5), 1}) == "AT+TOPEN=0,\"a b,c\",1\r");
    refuses(td::open, form::set, {0, "", 1}, errc::out_of_range, 1);
    refuses(td::open, form::set, {0, 1, 1}, errc::at_type_mismatch, 1);
    std::string host(100, 'h');
    CHECK(run(td::open, form::set, {0, host, 1}) == "AT+TOPEN=0,\"" + host + "\",1\r");
    host += 'h';
    refuses(td::open, form::set, {0, host, 1}, errc::too_long, 1);

    SECTION("backslash escapes carry quote and backslash, not CR/LF") {
        CHECK(run(td::open, form::set, {0, "a\"b\\c", 1}) == "AT+TOPEN=0,\"a\\\"b\\\\c\",1\r");
        refuses(td::open, form::set, {0, "a\rb", 1}, errc::at_unescapable_character, 1);
        refuses(td::open, form::set, {0, "a\nb", 1}, errc::at_unescapable_character, 1);
    }
    SECTION("no escapes: a quote cannot be carried, a backslash is ordinary") {
        at::syntax plain{};
        refuses(td::open, form::set, {0, "a\"b", 1}, errc::at_unescapable_character, 1, plain);
        refuses(td::open, form::set, {0, "\r", 1}, errc::at_unescapable_character, 1, plain);
        written w = write(plain, td::open, form::set, {0, "a\\b", 1});
        CHECK(w.view() == "AT+TOPEN=0,\"a\\b\",1\r");
    }
    SECTION("hex escapes carry everything") {
        at::syntax hexesc = at::syntax{at::syntax{}.tolerate, at::quote_escape::hex};
        written w = write(hexesc, td::open, form::set, {0, "q\"b\\s\r\n", 1});
        CHECK(w.error == errc::ok);
        CHECK(w.view() == "AT+TOPEN=0,\"q\\22b\\5Cs\\0D\\0A\",1\r");
    }
}

TEST_CASE("writer: bare strings") {
    CHECK(run(td::user, form::set, {"name001", "pwd001"}) == "AT+TUSER=name001,pwd001\r");
    CHECK(run(td::user, form::set, {"name001"}) == "AT+TUSER=name001\r");
    CHECK(run(td::user, form::set, {"a b"}) == "AT+TUSER=a b\r");
    refuses(td::user, form::set, {"a,b"}, errc::at_comma_in_bare_string, 0);
    refuses(td::user, form::set, {"u", "p,w"}, errc::at_comma_in_bare_string, 1);
    refuses(td::user, form::set, {"a\"b"}, errc::at_unescapable_character, 0);
    refuses(td::user, form::set, {"a\rb"}, errc::at_unescapable_character, 0);
    refuses(td::user, form::set, {"u", "\n"}, errc::at_unescapable_character, 1);
    refuses(td::user, form::set, {std::string(33, 'x')}, errc::too_long, 0);
    // What a reader would trim or take for a list cannot be written bare.
    refuses(td::user, form::set, {" a"}, errc::at_unescapable_character, 0);
    refuses(td::user, form::set, {"a\t"}, errc::at_unescapable_character, 0);
    refuses(td::user, form::set, {"(a)"}, errc::at_unescapable_character, 0);
    CHECK(run(td::user, form::set, {"a(b)"}) == "AT+TUSER=a(b)\r");
    // Right after '=', a bare '?' would make the line the test form AT+TUSER=? (fuzz_at_encode finding).
    refuses(td::user, form::set, {"?"}, errc::at_unescapable_character, 0);
    refuses(td::user, form::set, {"?x"}, errc::at_unescapable_character, 0);
    CHECK(run(td::user, form::set, {"x", "?"}) == "AT+TUSER=x,?\r");
    CHECK(run(td::user, form::set, {"<a>"}) == "AT+TUSER=<a>\r");  // '<' lists are off in the test dialect
    refuses(td::user, form::set, {"<a>"}, errc::at_unescapable_character, 0,
            td::lexical.with(at::lex::angle_lists));
    CHECK(write(td::lexical.with(at::lex::keep_bare_spaces), td::user, form::set, {" a "}).view() ==
          "AT+TUSER= a \r");
    // The fullwidth comma separates fields only where the dialect says so.
    CHECK(run(td::user, form::set,
              {"a\xEF\xBC\x8C"
               "b"}) ==
          "AT+TUSER=a\xEF\xBC\x8C"
          "b\r");
    refuses(td::user, form::set,
            {"a\xEF\xBC\x8C"
             "b"},
            errc::at_comma_in_bare_string, 0, td::lexical.with(at::lex::fullwidth_comma));
}

TEST_CASE("writer: strings quoted only when needed") {
    CHECK(run(td::pubhex, form::set, {"a/b", 1, value::binary("A")}) == "AT+TPUBHEX=a/b,1,41\r");
    CHECK(run(td::pubhex, form::set, {"a,b", 1, value::binary("A")}) == "AT+TPUBHEX=\"a,b\",1,41\r");
    CHECK(run(td::pubhex, form::set, {" a", 1, value::binary("A")}) == "AT+TPUBHEX=\" a\",1,41\r");
    CHECK(run(td::pubhex, form::set, {"a\"", 1, value::binary("A")}) == "AT+TPUBHEX=\"a\\\"\",1,41\r");
    CHECK(run(td::pubhex, form::set, {"(a)", 1, value::binary("A")}) == "AT+TPUBHEX=\"(a)\",1,41\r");
    CHECK(run(td::pubhex, form::set, {"?", 1, value::binary("A")}) == "AT+TPUBHEX=\"?\",1,41\r");
    CHECK(run(td::pubhex, form::set, {"a?", 1, value::binary("A")}) == "AT+TPUBHEX=a?,1,41\r");
    CHECK(run(td::pubhex, form::set, {"a\t", 1, value::binary("A")}) == "AT+TPUBHEX=\"a\t\",1,41\r");
    refuses(td::pubhex, form::set, {"a\r", 1, value::binary("A")}, errc::at_unescapable_character, 0);
    refuses(td::pubhex, form::set, {"a,\"", 1, value::binary("A")}, errc::at_unescapable_character, 0,
            at::syntax{});
}

TEST_CASE("writer: hex strings from binary") {
    CHECK(
        run(td::pubhex, form::set, {"t", 2, value::binary(std::string_view("\x00\x01\xab\xCD\xff", 5)), 1}) ==
        "AT+TPUBHEX=t,2,0001ABCDFF,1\r");
    CHECK(run(td::pubhex, form::set, {"t", 2, value::binary("test message!!")}) ==
          "AT+TPUBHEX=t,2,74657374206D6573736167652121\r");
    refuses(td::pubhex, form::set, {"t", 2, value::binary("")}, errc::out_of_range, 2);
    const std::string big(513, 'x');
    refuses(td::pubhex, form::set, {"t", 2, value::binary(std::string_view(big))}, errc::too_long, 2);
    refuses(td::pubhex, form::set, {"t", 2, "41"}, errc::at_type_mismatch, 2);
    refuses(td::pubhex, form::set, {"t", 2, value::binary("A"), 2}, errc::out_of_range, 3);
}

TEST_CASE("writer: lower-case hex where the dialect writes it so") {
    static constexpr at::field_spec params[] = {at::hex("message", 1, 16, at::quoting::bare).lowercase()};
    static constexpr at::command c = at::cmd("THEX", form::set, params);
    CHECK(run(c, form::set, {value::binary("test message!!")}) == "AT+THEX=74657374206d6573736167652121\r");
    CHECK(run(c, form::set, {value::binary(std::string_view("\x00\x9a\xff", 3))}) == "AT+THEX=009aff\r");
}

TEST_CASE("writer: words and literals") {
    CHECK(run(td::mode, form::set, {"ON"}) == "AT+TMODE=ON\r");
    CHECK(run(td::mode, form::set, {"OFF"}) == "AT+TMODE=OFF\r");
    refuses(td::mode, form::set, {"on"}, errc::at_invalid_enum, 0);
    refuses(td::mode, form::set, {"O"}, errc::at_invalid_enum, 0);
    refuses(td::mode, form::set, {1}, errc::at_type_mismatch, 0);
    CHECK(run(td::para, form::set, {"TIMEOUT", 3, "CLEAN", 0, "VERSION", "3.1"}) ==
          "AT+TPARA=TIMEOUT,3,CLEAN,0,VERSION,3.1\r");
    refuses(td::para, form::set, {"TIMEOUTX", 3, "CLEAN", 0, "VERSION", "3.1"}, errc::at_invalid_enum, 0);
    refuses(td::para, form::set, {{}, 3, 7, 0, {}, "3.1"}, errc::at_invalid_enum, 2);
    refuses(td::para, form::set, {{}, 3, {}, 0, {}, "3.2"}, errc::at_invalid_enum, 5);
    refuses(td::para, form::set, {{}, 4, {}, 0, {}, "3.1"}, errc::out_of_range, 1);
    refuses(td::para, form::set, {{}, 3, {}, 0}, errc::at_missing_field, 4);
}

TEST_CASE("writer: a prompt command is written like any other") {
    CHECK(run(td::pub, form::set, {0, 1, 1, 0, "t/p", 5}) == "AT+TPUB=0,1,1,0,\"t/p\",5\r");
    refuses(td::pub, form::set, {0, 1, 1, 0, "t/p", 1501}, errc::out_of_range, 5);
}

TEST_CASE("writer: never writes past the buffer") {
    const std::string expected = "AT+TSUB=0,1,\"a/b\",1,\"c\",2\r";
    const value args[] = {0, 1, "a/b", 1, "c", 2};
    for (std::size_t size = 0; size <= expected.size() + 2; ++size) {
        char storage[64];
        std::memset(storage, '#', sizeof storage);
        auto r =
            at::write_command(td::lexical, td::sub, form::set, args, atmqtt::mutable_bytes(storage, size));
        CAPTURE(size);
        for (std::size_t i = size; i < sizeof storage; ++i) REQUIRE(storage[i] == '#');
        if (size < expected.size()) {
            CHECK(r.error() == errc::buffer_too_small);
        } else {
            REQUIRE(r.ok());
            CHECK(*r == expected.size());
            CHECK(std::string(storage, *r) == expected);
        }
    }
    // The value errors win over buffer size: a refusal is reported as what it is.
    char tiny[2];
    const value bad[] = {0, 1, "a", 3};
    CHECK(at::write_command(td::lexical, td::sub, form::set, bad, atmqtt::mutable_bytes(tiny)).error() ==
          errc::out_of_range);
}

#include <atmqtt/at/fields.hpp>

#include <random>

namespace {

// Reads a written set-form line back with the field lexer and checks every value came through unchanged.
void reads_back(const at::syntax& lex, const at::command& c, const std::vector<value>& args,
                std::string_view line) {
    std::string head = "AT+" + std::string(c.name) + "=";
    REQUIRE(line.substr(0, head.size()) == head);
    REQUIRE(line.back() == '\r');
    std::string_view params = line.substr(head.size(), line.size() - head.size() - 1);
    at::field_reader reader(params, lex);
    if (!c.selector.empty()) {
        auto sel = reader.next();
        REQUIRE(sel.ok());
        CHECK(std::string(sel->text) == std::string(c.selector));
    }
    std::size_t n = args.size();
    while (n != 0 && args[n - 1].is_omitted()) --n;
    if (params.empty()) {  // "AT+X=": the lexer sees no field; the writer wrote one empty bare value
        CHECK(n == 1);
        CHECK(args[0].as_bytes().empty());
        return;
    }
    for (std::size_t i = 0; i < n; ++i) {
        CAPTURE(i);
        auto f = reader.next();
        REQUIRE(f.ok());
        const at::field_spec& spec = c.params[i];
        const value& v = args[i];
        if (v.is_omitted() && spec.type != at::field_type::literal) {
            CHECK(f->kind == at::field_kind::empty);
            continue;
        }
        switch (spec.type) {
            case at::field_type::integer: {
                auto got = f->integer();
                REQUIRE(got.ok());
                CHECK(*got == v.as_integer());
                break;
            }
            case at::field_type::hex: {
                std::string expected;
                for (char ch : v.as_bytes()) {
                    auto b = static_cast<unsigned char>(ch);
                    expected += "0123456789ABCDEF"[b >> 4];
                    expected += "0123456789ABCDEF"[b & 15];
                }
                CHECK(std::string(f->text) == expected);
                break;
            }
            default: {
                std::string_view expected = spec.type == at::field_type::literal ? spec.words : v.as_bytes();
                char buf[512];
                auto size = f->decode(atmqtt::mutable_bytes(buf));
                REQUIRE(size.ok());
                CHECK(std::string(buf, *size) == std::string(expected));
                if (spec.quote == at::quoting::quoted) CHECK(f->kind == at::field_kind::quoted);
                if (spec.quote == at::quoting::bare) CHECK(f->kind != at::field_kind::quoted);
            }
        }
    }
    CHECK(reader.done());
}

}  // namespace

namespace {
constexpr at::syntax plain_syntax{};
constexpr at::syntax hex_syntax = at::syntax{at::syntax{}.tolerate, at::quote_escape::hex};
constexpr at::syntax angle_syntax = at::tolerant_syntax().with(at::lex::angle_lists);
constexpr at::syntax spaces_syntax = td::lexical.with(at::lex::keep_bare_spaces);

// The writer with the syntax fixed at compile time (what a dialect's typed encoder links).
template <const at::syntax& S>
atmqtt::result<std::size_t> write_fixed(const at::command& c, atmqtt::span<const value> args, atmqtt::mutable_bytes out) {
    at::detail::line_cursor cursor(out);
    return at::detail::write_into(cursor, at::fixed_syntax<S>{}, at::packed_row(c), form::set, args);
}
}  // namespace

TEST_CASE("writer: what it writes, the field lexer reads back unchanged") {
    std::mt19937 rng(20261122);
    const char alphabet[] = {'a', 'Z', '0',  ' ',  '\t', ',', '"',    '\\',   '(',   ')',
                             '<', '>', '\r', '\n', '=',  ':', '\x8c', '\xef', '\xbc'};
    auto random_text = [&](std::size_t max_len) {
        std::string t(rng() % (max_len + 1), 'x');
        for (char& ch : t) ch = alphabet[rng() % sizeof alphabet];
        return t;
    };
    const at::syntax dialects[] = {td::lexical, plain_syntax, hex_syntax, angle_syntax, spaces_syntax};
    using fixed_writer = atmqtt::result<std::size_t> (*)(const at::command&, atmqtt::span<const value>,
                                                         atmqtt::mutable_bytes);
    const fixed_writer fixed[] = {write_fixed<td::lexical>, write_fixed<plain_syntax>, write_fixed<hex_syntax>,
                                  write_fixed<angle_syntax>, write_fixed<spaces_syntax>};
    const at::command* commands[] = {&td::open, &td::user, &td::pubhex, &td::para, &td::cfg_timeout_cmd};
    std::size_t written = 0;
    std::size_t refused = 0;
    for (int round = 0; round < 4000; ++round) {
        const std::size_t which = rng() % (sizeof dialects / sizeof dialects[0]);
        const at::syntax& lex = dialects[which];
        const at::command& c = *commands[rng() % (sizeof commands / sizeof commands[0])];
        std::vector<std::string> texts;  // storage for the views
        texts.reserve(c.params.size());
        std::vector<value> args;
        for (const at::field_spec& p : c.params) {
            switch (p.type) {
                case at::field_type::integer:
                    args.emplace_back(p.min + static_cast<std::int64_t>(
                                                  rng() % static_cast<std::uint32_t>(p.max - p.min + 1)));
                    break;
                case at::field_type::string:
                    texts.push_back(random_text(12));
                    args.emplace_back(std::string_view(texts.back()));
                    break;
                case at::field_type::hex:
                    texts.push_back(random_text(8));
                    if (texts.back().empty()) texts.back() = "x";
                    args.push_back(value::binary(texts.back()));
                    break;
                case at::field_type::word:
                    args.emplace_back(at::nth_word(p.words, rng() % 2));
                    break;
                default:
                    args.emplace_back(value());
                    break;
            }
        }
        if (rng() % 4 == 0 && c.params.size() > 1 && c.params[1].is_optional()) args[1] = value();
        char buf[256];
        auto r = at::write_command(lex, c, form::set, atmqtt::span<const value>(args.data(), args.size()),
                                   atmqtt::mutable_bytes(buf));
        char fixed_buf[256];  // the same verdict and bytes with the syntax fixed at compile time
        auto f = fixed[which](c, atmqtt::span<const value>(args.data(), args.size()), atmqtt::mutable_bytes(fixed_buf));
        CHECK(f.error() == r.error());
        CHECK(f.offset() == r.offset());
        if (r.ok()) CHECK(std::string_view(fixed_buf, *f) == std::string_view(buf, *r));
        if (!r.ok()) {
            // Refusals are only ever about what the text cannot carry or its length.
            CAPTURE(atmqtt::to_string(r.error()));
            CHECK((r.error() == errc::at_unescapable_character ||
                   r.error() == errc::at_comma_in_bare_string || r.error() == errc::out_of_range ||
                   r.error() == errc::at_missing_field));
            ++refused;
            continue;
        }
        ++written;
        CAPTURE(std::string(buf, *r));
        reads_back(lex, c, args, std::string_view(buf, *r));
    }
    CHECK(written > 1000);
    CHECK(refused > 100);
}
