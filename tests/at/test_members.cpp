// at::row_members / at::command_members: a struct bound by the order of its members, 1 to 6 of them, read
// and written as at::row_binding / command_binding would with the same members named (constant evaluation
// and run time), a repeated group as one member, a struct's own rules, members in a base struct.
#include <atmqtt/at/bind.hpp>

#include "../catch.hpp"
#include "../run_time.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

namespace at = atmqtt::at;
using atmqtt::bytes;
using atmqtt::errc;

namespace {

constexpr at::field_spec digits[] = {at::integer("a", 0, 9), at::integer("b", 0, 9), at::integer("c", 0, 9),
                                     at::integer("d", 0, 9), at::integer("e", 0, 9), at::integer("f", 0, 9),
                                     at::integer("g", 0, 9), at::integer("h", 0, 9)};
constexpr atmqtt::span<const at::field_spec> first(std::size_t n) { return {digits, n}; }
constexpr at::field_spec group[] = {at::integer("id", 0, 99), at::string("topic", 1, 8), at::integer("qos", 0, 2)};
// Key words between values (RisingHF's TIMEOUT,<v>,CLEAN,<v>): literals, no member's.
constexpr at::field_spec keyed[] = {at::literal("A"), at::integer("a", 0, 9), at::literal("B"), at::integer("b", 0, 9)};

constexpr at::line lines[] = {
    at::response("+R1", first(1)), at::response("+R2", first(2)), at::response("+R3", first(3)),
    at::response("+R4", first(4)), at::response("+R5", first(5)), at::response("+R6", first(6)),
    at::response("+R7", first(7)), at::response("+R8", first(8)), at::response("+Q2", first(2)),
    at::response("+G", group).repeating(2, 1, 3),
    at::response("+K", keyed),
};
constexpr at::syntax lexical{};
constexpr at::grammar grammar{"members", {}, lines, lexical, {}, {}, {}, {}};

constexpr at::command c1 = at::cmd("C1", at::form::set, first(1));
constexpr at::command c2 = at::cmd("C2", at::form::set, first(2));
constexpr at::command c3 = at::cmd("C3", at::form::set, first(3));
constexpr at::command c4 = at::cmd("C4", at::form::set, first(4));
constexpr at::command c5 = at::cmd("C5", at::form::set, first(5));
constexpr at::command c6 = at::cmd("C6", at::form::set, first(6));
constexpr at::command cg = at::cmd("CG", at::form::set, group).repeating(2, 1, 3);
constexpr at::command ck = at::cmd("CK", at::form::set, keyed);

using i32 = std::int32_t;
template <std::size_t Row>
using row = at::row_members<grammar, Row>;
template <const at::command& C>
using command = at::command_members<lexical, C, at::no_row_rules>;

// Row k's struct has k members; the command struct of the same values derives from it.
struct r1 { i32 a; using binding = row<0>; };
struct r2 { i32 a, b; using binding = row<1>; };
struct r3 { i32 a, b, c; using binding = row<2>; };
struct r4 { i32 a, b, c, d; using binding = row<3>; };
struct r5 { i32 a, b, c, d, e; using binding = row<4>; };
struct r6 { i32 a, b, c, d, e, f; using binding = row<5>; };
struct w1 : r1 { using binding = command<c1>; };
struct w2 : r2 { using binding = command<c2>; };
struct w3 : r3 { using binding = command<c3>; };
struct w4 : r4 { using binding = command<c4>; };
struct w5 : r5 { using binding = command<c5>; };
struct w6 : r6 { using binding = command<c6>; };

// The members' sum, weighted by position, after a decode: every member took its own value.
template <class T>
constexpr long weighted(bytes text) {
    T out{};
    if (!at::decode_into(at::line_event(text), out)) return -1;
    long sum = 0, k = 1;
    std::apply([&](const auto&... m) { ((sum += k++ * m), ...); }, at::detail::member_refs<at::binding_of<T>::size>(out));
    return sum;
}
// The command line a struct with members 1, 2, ... writes.
template <class T, class R>
constexpr bool writes(std::string_view want) {
    T c{};
    i32 v = 1;
    std::apply([&](auto&... m) { ((m = v++), ...); }, at::detail::member_refs<at::binding_of<R>::size>(static_cast<R&>(c)));
    char buf[32] = {};
    auto n = at::encode(c, atmqtt::mutable_bytes(buf));
    return n && *n == want.size() && std::string_view(buf, *n) == want && *at::encoded_size(c) == want.size();
}

// A rule between values: b must exceed a.
struct ordered {
    i32 a = 0, b = 0;
    using binding = row<8>;
    constexpr atmqtt::status check_rules(const at::event& e) const noexcept {
        if (b <= a) return {errc::out_of_range, e.text.size()};
        return {};
    }
};

struct topic_qos {
    std::string_view topic;
    i32 qos = 0;
    using binding = at::bound<&topic_qos::topic, &topic_qos::qos>;
};
struct grouped_line {
    i32 id = 0;
    at::value_list<i32, 6> values{};  // the repeated group: one member
    using binding = row<9>;
};
struct grouped_command {
    i32 id = 0;
    atmqtt::span<const topic_qos> topics;
    using binding = command<cg>;
};
constexpr topic_qos two_topics[] = {{"a", 1}, {"b/c", 2}};

}  // namespace

TEST_CASE("members: 1 to 6 members take the row's values in order") {
    STATIC_REQUIRE(weighted<r1>("+R1: 7") == 7);
    STATIC_REQUIRE(weighted<r2>("+R2: 1,2") == 1 + 4);
    STATIC_REQUIRE(weighted<r3>("+R3: 1,2,3") == 1 + 4 + 9);
    STATIC_REQUIRE(weighted<r4>("+R4: 1,2,3,4") == 30);
    STATIC_REQUIRE(weighted<r5>("+R5: 1,2,3,4,5") == 55);
    STATIC_REQUIRE(weighted<r6>("+R6: 1,2,3,4,5,6") == 91);
    // At run time through the address slots: the same values.
    const std::string r6_line = "+R6: 6,5,4,3,2,1";
    CHECK(weighted<r6>(bytes(r6_line.data(), r6_line.size())) == 56);
    const std::string r3_line = "+R3: 1,2,3";
    CHECK(weighted<r3>(bytes(r3_line.data(), r3_line.size())) == 14);
    // Checked by the row: a value out of range, another prefix.
    STATIC_REQUIRE(at::decode_as<r2>(at::line_event("+R2: 1,10")).error() == errc::out_of_range);
    STATIC_REQUIRE(at::decode_as<r2>(at::line_event("+R2: 1,10")).offset() == 7);
    STATIC_REQUIRE(at::decode_as<r2>(at::line_event("+R3: 1,2,3")).error() == errc::at_unknown_response);
    CHECK(at::decode_as<r2>(at::line_event(bytes(r3_line.data(), r3_line.size()))).error() == errc::at_unknown_response);
    // Against another row of the same values.
    r2 other{};
    CHECK(at::decode_into(grammar.lines[8], at::line_event(bytes("+Q2: 3,4")), other).ok());
    CHECK((other.a == 3 && other.b == 4));
}

TEST_CASE("members: 1 to 6 members are a command's arguments in order") {
    STATIC_REQUIRE(writes<w1, r1>("AT+C1=1\r"));
    STATIC_REQUIRE(writes<w2, r2>("AT+C2=1,2\r"));
    STATIC_REQUIRE(writes<w3, r3>("AT+C3=1,2,3\r"));
    STATIC_REQUIRE(writes<w4, r4>("AT+C4=1,2,3,4\r"));
    STATIC_REQUIRE(writes<w5, r5>("AT+C5=1,2,3,4,5\r"));
    STATIC_REQUIRE(writes<w6, r6>("AT+C6=1,2,3,4,5,6\r"));
    CHECK(writes<w6, r6>("AT+C6=1,2,3,4,5,6\r"));
    w2 bad{};
    bad.b = 10;
    auto n = at::encode(bad, atmqtt::mutable_bytes{});
    CHECK(n.error() == errc::out_of_range);
    CHECK(n.offset() == 1);
}

TEST_CASE("members: a struct's own rules run after a clean read") {
    STATIC_REQUIRE(at::decode_as<ordered>(at::line_event("+Q2: 1,2"))->b == 2);
    STATIC_REQUIRE(at::decode_as<ordered>(at::line_event("+Q2: 2,1")).error() == errc::out_of_range);
    STATIC_REQUIRE(at::decode_as<ordered>(at::line_event("+Q2: 2,x")).error() == errc::at_invalid_integer);
    const std::string line = "+Q2: 2,2";
    CHECK(at::decode_as<ordered>(at::line_event(bytes(line.data(), line.size()))).error() == errc::out_of_range);
}

TEST_CASE("members: a repeated group is one member") {
    constexpr auto g = at::decode_as<grouped_line>(at::line_event("+G: 5,\"a\",1,\"b\",2"));
    STATIC_REQUIRE(g->id == 5);
    STATIC_REQUIRE(g->values.size() == 4);
    STATIC_REQUIRE(g->values[3] == 2);
    STATIC_REQUIRE(at::decode_as<grouped_line>(at::line_event("+G: 5")).error() == errc::at_missing_field);
    STATIC_REQUIRE(at::binding_of<grouped_command>::capacity == 3 + 2 * 2);
    char buf[32] = {};
    auto n = at::encode(grouped_command{7, two_topics}, atmqtt::mutable_bytes(buf));
    REQUIRE(n.ok());
    CHECK(std::string(buf, *n) == "AT+CG=7,\"a\",1,\"b/c\",2\r");
}

// The same two values bound by member pointers (at/bind.hpp's row_binding).
struct named {
    i32 a = 0, b = 0;
    using binding = at::row_binding<grammar, 1, &named::a, &named::b>;
};

TEST_CASE("members: the constant-evaluation slots store as the run-time ones do") {
    // read_row takes the `typed` slots only in constant evaluation (static_asserts above); called here at
    // run time so that both kinds of slot are seen to store the value in the same member.
    at::field_value v{};
    v.kind = at::value_kind::integer;
    v.number = at_run_time(7);
    r3 by_order{};
    CHECK_FALSE(at::binding_of<r3>::typed[1](&by_order, v, 0));
    CHECK(by_order.b == 7);
    named by_pointer{};
    CHECK_FALSE(at::binding_of<named>::typed[1](&by_pointer, v, 0));
    CHECK(by_pointer.b == 7);
    CHECK(by_order.a == 0);
    CHECK(by_pointer.a == 0);
}

// Literal fields take no member, read or written; First / Values: the row's first values into members
// from First on.
struct keyed_pair {
    i32 a = 0, b = 0;
    using binding = at::written_and_read<command<ck>, row<10>>;
};
struct after_id {
    i32 id = -1, b = 0, c = 0;  // +R2's two values go to b and c
    using binding = at::row_members<grammar, 1, 1>;
};
struct leading_two {
    i32 a = 0, b = 0;  // +R4's first two values
    using binding = at::row_members<grammar, 3, 0, 2>;
};

TEST_CASE("members: literal fields, First and Values") {
    STATIC_REQUIRE(at::decode_as<keyed_pair>(at::line_event("+K: A,3,B,4"))->a == 3);
    STATIC_REQUIRE(at::decode_as<keyed_pair>(at::line_event("+K: A,3,B,4"))->b == 4);
    STATIC_REQUIRE(at::decode_as<keyed_pair>(at::line_event("+K: A,3,C,4")).error() == errc::at_invalid_enum);
    CHECK(at::decode_as<keyed_pair>(at::line_event(at_run_time(bytes("+K: A,3,B,4"))))->b == 4);
    char buf[32] = {};
    auto n = at::encode(keyed_pair{3, 4}, atmqtt::mutable_bytes(buf));
    REQUIRE(n.ok());
    CHECK(std::string(buf, *n) == "AT+CK=A,3,B,4\r");
    STATIC_REQUIRE(at::decode_as<after_id>(at::line_event("+R2: 5,6"))->id == -1);
    STATIC_REQUIRE(at::decode_as<after_id>(at::line_event("+R2: 5,6"))->c == 6);
    CHECK(at::decode_as<after_id>(at::line_event(at_run_time(bytes("+R2: 5,6"))))->b == 5);
    STATIC_REQUIRE(at::decode_as<leading_two>(at::line_event("+R4: 1,2,3,4"))->b == 2);
    STATIC_REQUIRE(at::decode_as<leading_two>(at::line_event("+R4: 1,2,3,x")).error() == errc::at_invalid_integer);  // read, not kept
    CHECK(at::decode_as<leading_two>(at::line_event(at_run_time(bytes("+R4: 1,2,3,4"))))->a == 1);
}
