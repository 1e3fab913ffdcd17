// The typed encoder's member types (at/bind.hpp: command_binding) and what at/encode_rules.hpp adds, on
// a small table of its own: enums and bools as words, optional groups, repeated groups, the rules
// (value holes, default-filled gaps) and the forms without parameters.
#include <atmqtt/at/bind.hpp>
#include <atmqtt/at/encode_rules.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "../catch.hpp"

namespace at = atmqtt::at;
using atmqtt::bytes;
using atmqtt::errc;
using atmqtt::mutable_bytes;
using atmqtt::span;

namespace {

inline constexpr at::syntax lexical{};
enum class mode : std::uint8_t { low, high };

inline constexpr at::field_spec set_p[] = {
    at::integer("id", 0, 5),
    at::word("mode", "LOW|HIGH"),
    at::word("on", "OFF|ON"),
    at::integer("keep", 0, 100).defaults_to(50).optional(),
    at::string("name", 0, 8).optional(),
};
inline constexpr at::field_spec group_p[] = {at::integer("id", 0, 5), at::string("topic", 1, 8), at::integer("qos", 0, 2)};
inline constexpr at::field_spec list_p[] = {at::integer("id", 0, 5), at::string("topic", 1, 8)};
inline constexpr at::field_spec gap_p[] = {
    at::integer("id", 0, 5),
    at::string("label", 0, 8).defaults_to_text("x").optional(),
    at::integer("n", 0, 9).optional(),
    at::integer("m", 0, 9).optional(),
};
inline constexpr at::command set_row = at::cmd("XSET", at::form::test | at::form::read | at::form::set, set_p);
inline constexpr at::command group_row = at::cmd("XSUB", at::form::set, group_p).repeating(2, 1, 2);
inline constexpr at::command list_row = at::cmd("XUNS", at::form::set, list_p).repeating(1, 1, 2);
inline constexpr at::command gap_row = at::cmd("XGAP", at::form::set, gap_p);
inline constexpr at::command bare_row = at::cmd("XRUN", at::form::execute);
inline constexpr at::encoder<lexical> encode_plain{};
inline constexpr at::encoded_size_of<lexical> plain_size{};

struct settings {
    std::int32_t id = 0;
    mode level = mode::low;
    bool on = false;
    std::optional<std::int32_t> keep{};
    std::optional<std::string_view> name{};
    using binding = at::command_binding<lexical, set_row, at::no_row_rules, &settings::id, &settings::level, &settings::on, &settings::keep,
                                      &settings::name>;
};
struct topic_qos {
    bytes topic{};
    std::int32_t qos = 0;
    using binding = at::bound<&topic_qos::topic, &topic_qos::qos>;
};
struct sub {
    std::int32_t id = 0;
    span<const topic_qos> topics{};
    using binding = at::command_binding<lexical, group_row, at::no_row_rules, &sub::id, &sub::topics>;
};
struct uns {
    std::int32_t id = 0;
    span<const bytes> topics{};
    using binding = at::command_binding<lexical, list_row, at::no_row_rules, &uns::id, &uns::topics>;
};
struct pair {
    std::int32_t n = 0;
    std::int32_t m = 0;
    using binding = at::bound<&pair::n, &pair::m>;
};
struct gap {
    std::int32_t id = 0;
    std::optional<std::string_view> label{};
    std::optional<pair> both{};
    using binding = at::command_binding<lexical, gap_row, at::no_row_rules, &gap::id, &gap::label, &gap::both>;
};
// More values than the row takes: the writer counts them.
struct surplus {
    std::int32_t a = 0, b = 0, c = 0, d = 0, e = 0;
    mode f = mode::low;  // past the parameters: no word to look up
    using binding = at::command_binding<lexical, set_row, at::no_row_rules, &surplus::a, &surplus::b, &surplus::c, &surplus::d, &surplus::e, &surplus::f>;
};

template <class T>
std::string written(const T& c) {
    char buf[64];
    auto n = at::encode(c, mutable_bytes(buf, sizeof buf));
    auto size = at::encoded_size(c);
    if (!n) {
        CHECK(size.error() == n.error());
        return "error " + std::string(atmqtt::to_string(n.error())) + " @" + std::to_string(n.offset());
    }
    CHECK(*size == *n);
    return std::string(buf, *n);
}

constexpr bool writes(const settings& c, std::string_view want) {
    char buf[48] = {};
    auto n = at::encode(c, mutable_bytes(buf, sizeof buf));
    if (!n || *n != want.size()) return false;
    for (std::size_t i = 0; i < want.size(); ++i)
        if (buf[i] != want[i]) return false;
    return true;
}

}  // namespace

TEST_CASE("encode_bound: members in parameter order, enums and bools as words, optionals left out") {
    STATIC_REQUIRE(writes(settings{1, mode::high, true, 7, std::string_view("n")}, "AT+XSET=1,HIGH,ON,7,\"n\"\r"));
    CHECK(written(settings{1, mode::high, true, 7, std::string_view("n")}) == "AT+XSET=1,HIGH,ON,7,\"n\"\r");
    CHECK(written(settings{0, mode::low, false, {}, {}}) == "AT+XSET=0,LOW,OFF\r");
    CHECK(written(settings{0, mode::low, false, {}, std::string_view("n")}) == "AT+XSET=0,LOW,OFF,,\"n\"\r");
    CHECK(written(settings{0, static_cast<mode>(7), false, {}, {}}) == "error at_invalid_enum @1");
    CHECK(written(settings{9, mode::low, false, {}, {}}) == "error out_of_range @0");
    CHECK(written(surplus{}) == "error at_too_many_fields @5");
    char one[4];
    CHECK(at::encode(settings{}, mutable_bytes(one, sizeof one)).error() == errc::buffer_too_small);
}

TEST_CASE("encode_bound: repeated groups from spans of bound structs or of text, and their capacity") {
    STATIC_REQUIRE(at::binding_of<sub>::capacity == 5);
    STATIC_REQUIRE(at::binding_of<uns>::capacity == 3);
    const topic_qos two[] = {{"a", 1}, {"b", 2}};
    const topic_qos three[] = {{"a", 1}, {"b", 2}, {"c", 0}};
    CHECK(written(sub{1, two}) == "AT+XSUB=1,\"a\",1,\"b\",2\r");
    CHECK(written(sub{1, three}) == "error at_too_many_fields @5");
    CHECK(written(sub{1, {}}) == "error at_missing_field @1");
    const bytes topics[] = {"a", "b"};
    CHECK(written(uns{2, topics}) == "AT+XUNS=2,\"a\",\"b\"\r");
    CHECK(at::binding_of<sub>::values(sub{1, three}).overflow == at::binding_of<sub>::capacity);
}

// A value hole as a rule row: XSET's parameter 3 is not 1~9.
inline constexpr at::row_rule hole_rows[] = {{"XSET", "", {at::param_rule::hole, 3, 0, 1, 9}}};
inline constexpr at::row_rules hole_rules{hole_rows};

TEST_CASE("encode_bound: rules are table data: value holes") {
    // the row's packed rules checked over the arguments (a gap taking its default: OneMO's encode)
    auto values = [&](const auto& c) {
        using binding = at::binding_of<std::decay_t<decltype(c)>>;
        auto a = binding::values(c);
        constexpr const at::packed_row& row = at::packed_of<binding::row, hole_rules>;
        return at::check_param_rules(row.rule_list(), span<const at::value>(a.v, a.n));
    };
    CHECK(values(settings{0, mode::low, false, 5, {}}).error() == errc::out_of_range);
    CHECK(values(settings{0, mode::low, false, 5, {}}).offset() == 3);
    REQUIRE(values(settings{0, mode::low, false, 10, {}}).ok());
    // another row's parameter 3 is not in the hole
    CHECK(values(gap{0, std::string_view("l"), pair{5, 1}}).ok());
    CHECK(written(gap{0, std::string_view("l"), pair{1, 2}}) == "AT+XGAP=0,\"l\",1,2\r");
    CHECK(written(gap{0, {}, {}}) == "AT+XGAP=0\r");
    // the generic path reads the same rule row
    const at::value hole_args[] = {0, 1, 0, 5};
    CHECK(at::check_row_rules(hole_rules, set_row, at::form::set, hole_args).error() == errc::out_of_range);
    // without rules, a gap is an empty field
    CHECK(written(gap{0, {}, pair{1, 2}}) == "AT+XGAP=0,,1,2\r");
}

TEST_CASE("encode_bound: forms without parameters") {
    char buf[16];
    auto t = encode_plain(at::test(set_row), mutable_bytes(buf, sizeof buf));
    REQUIRE(t.ok());
    CHECK(std::string(buf, *t) == "AT+XSET=?\r");
    auto r = encode_plain(at::read(set_row), mutable_bytes(buf, sizeof buf));
    REQUIRE(r.ok());
    CHECK(std::string(buf, *r) == "AT+XSET?\r");
    auto e = encode_plain(at::execute(bare_row), mutable_bytes(buf, sizeof buf));
    REQUIRE(e.ok());
    CHECK(std::string(buf, *e) == "AT+XRUN\r");
    CHECK(*plain_size(at::execute(bare_row)) == 8);
    CHECK(plain_size(at::execute(set_row)).error() == errc::at_unsupported_form);
}
