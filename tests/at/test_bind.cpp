// at::bound: a struct's members bound to a decoded line's values in table order (integers, text,
// optional values, presence), with the row's checks done by the decoder.
#include <atmqtt/at/bind.hpp>

#include "../catch.hpp"
#include "test_dialect.hpp"

#include <iterator>
#include <optional>
#include <string>
#include <utility>

namespace at = atmqtt::at;
namespace td = test_dialect;
using atmqtt::bytes;

namespace {

struct recv {
    std::int32_t client = -1;
    std::int32_t msgid = -1;
    bytes topic{};
    std::optional<std::int32_t> length{};
    bytes payload{};
};
constexpr at::bound<&recv::client, &recv::msgid, &recv::topic, &recv::length, &recv::payload> make_recv{};

struct stat_seen {
    bool client = false;
    std::optional<bytes> err{};
    std::int32_t past_the_end = 7;  // no value 2: left as initialized
};
constexpr at::bound<&stat_seen::client, &stat_seen::err, &stat_seen::past_the_end> make_stat{};

constexpr recv decode_recv(bytes text) {
    recv out{};
    return decltype(make_recv)::read_row(td::recv_urc, at::line_event(text), out, {td::lexical}) ? out : recv{};
}

}  // namespace

TEST_CASE("bind: members take the line's values in table order") {
    constexpr recv with_len = decode_recv("+TRECV: 1,42,\"a/b\",5,hello");
    STATIC_REQUIRE(with_len.client == 1);
    STATIC_REQUIRE(with_len.msgid == 42);
    STATIC_REQUIRE(with_len.topic == "a/b");
    STATIC_REQUIRE(with_len.length.has_value());
    STATIC_REQUIRE(*with_len.length == 5);
    STATIC_REQUIRE(with_len.payload == "hello");
    constexpr recv without_len = decode_recv("+TRECV: 1,42,\"a/b\",\"hi, there\"");
    STATIC_REQUIRE(!without_len.length.has_value());
    STATIC_REQUIRE(without_len.payload == "hi, there");
    stat_seen s{};
    REQUIRE(decltype(make_stat)::read_row(td::stat_urc, at::line_event(bytes("+TSTAT: 0,3")), s, {td::lexical}));
    CHECK(s.client);
    REQUIRE(s.err.has_value());
    CHECK(*s.err == "3");
    CHECK(s.past_the_end == 7);
    // Fewer members than values: the values past the last member are read and checked, kept nowhere.
    stat_seen first{};
    REQUIRE(at::bound<&stat_seen::client>::read_row(td::stat_urc, at::line_event(bytes("+TSTAT: 0,3")), first, {td::lexical}));
    CHECK(first.client);
    CHECK(!first.err.has_value());
    CHECK(at::bound<&stat_seen::client>::read_row(td::stat_urc, at::line_event(bytes("+TSTAT: 0,x")), first, {td::lexical})
              .error() == atmqtt::errc::at_invalid_integer);
}

// ---- the typed path: straight into caller storage ----------------------------------------------------

// A row as firmware links it: the table's fields without their names, everything else the same.
constexpr bool unnamed_copy_of(std::size_t row, const at::line& copy) {
    const at::line& l = td::lines[row];
    if (copy.prefix != l.prefix || copy.selector != l.selector || copy.fields.size() != l.fields.size() ||
        copy.length != l.length || copy.repeat != l.repeat || copy.flags != l.flags)
        return false;
    for (std::size_t i = 0; i < l.fields.size(); ++i) {
        const at::field_spec& a = copy.fields[i];
        const at::field_spec& b = l.fields[i];
        if (!a.name.empty() || a.words != b.words || a.min != b.min || a.max != b.max || a.type != b.type ||
            a.quote != b.quote || a.flags != b.flags)
            return false;
    }
    return true;
}
static_assert(unnamed_copy_of(0, at::grammar_row<td::grammar, 0>));
static_assert(unnamed_copy_of(3, at::grammar_row<td::grammar, 3>));

// Every row packed (what firmware reads at run time), unpacked: the same line.
template <std::size_t... Row>
constexpr bool packed_rows_unpack(std::index_sequence<Row...>) {
    at::field_spec buf[8]{};
    return (unnamed_copy_of(Row, at::packed_line_of<td::grammar, Row>.unpacked(buf)) && ...);
}
static_assert(packed_rows_unpack(std::make_index_sequence<std::size(td::lines)>{}));

namespace {

struct bound_recv {
    std::int32_t client = -1;
    std::int32_t msgid = -1;
    bytes topic{};
    std::optional<std::int32_t> length{};
    bytes payload{};
    using binding = at::row_binding<td::grammar, 3, &bound_recv::client, &bound_recv::msgid, &bound_recv::topic,
                                    &bound_recv::length, &bound_recv::payload>;
};

enum class outcome : std::uint8_t { ok = 0, retried = 1, failed = 2 };

// +TSUB: <client>,<msgid>,<result>[,<value>...]: a C array takes one value per element, a value_list the
// rest; check_rules relates them.
struct bound_sub {
    std::int32_t ids[2] = {-1, -1};
    outcome result = outcome::failed;
    at::value_list<std::uint8_t, 4> values{};
    using binding = at::row_binding<td::grammar, td::sub_result_index, &bound_sub::ids, &bound_sub::result,
                                    &bound_sub::values>;
    constexpr atmqtt::status check_rules(const at::event& e) const noexcept {
        if (result == outcome::failed && values.size() != 0) return {atmqtt::errc::at_too_many_fields, e.text.size()};
        return {};
    }
};

// Only the first value bound: the others are still read and checked.
struct bound_client_only {
    std::int32_t client = -1;
    std::int32_t untouched = 9;
    using binding = at::row_binding<td::grammar, td::sub_result_index, &bound_client_only::client>;
};

// More members than the row has values: the extra ones keep their initializers.
struct bound_state {
    bool seen = false;
    std::int32_t past_the_end = 7;
    using binding = at::row_binding<td::grammar, 8, &bound_state::seen, &bound_state::past_the_end,
                                    &bound_state::past_the_end>;
};

constexpr atmqtt::errc error_of(atmqtt::status s) { return s.ok() ? atmqtt::errc::ok : s.error(); }
template <class T>
constexpr atmqtt::errc error_of(const atmqtt::result<T>& r) { return r.ok() ? atmqtt::errc::ok : r.error(); }

}  // namespace

TEST_CASE("bind: decode_into reads a line straight into the bound members") {
    constexpr auto with_len = at::decode_as<bound_recv>(at::line_event("+TRECV: 1,42,\"a/b\",5,hello"));
    STATIC_REQUIRE(with_len.ok());
    STATIC_REQUIRE(with_len->client == 1);
    STATIC_REQUIRE(with_len->msgid == 42);
    STATIC_REQUIRE(with_len->topic == "a/b");
    STATIC_REQUIRE(*with_len->length == 5);
    STATIC_REQUIRE(with_len->payload == "hello");
    constexpr auto without_len = at::decode_as<bound_recv>(at::line_event("+TRECV: 1,42,\"a/b\",\"hi, there\""));
    STATIC_REQUIRE(!without_len->length.has_value());
    STATIC_REQUIRE(without_len->payload == "hi, there");

    // A tokenizer event: the payload view decides where the payload ends.
    at::event ev{};
    ev.kind = at::event_kind::line;
    ev.text = "+TRECV: 0,7,\"t\",3,a,b";
    ev.payload = ev.text.substr(ev.text.size() - 3);
    ev.has_payload = true;
    bound_recv r{};
    REQUIRE(at::decode_into(ev, r).ok());
    CHECK(r.payload == "a,b");
    CHECK(r.msgid == 7);

    // Errors and offsets are decode_with's.
    for (bytes line : {bytes("+TRECV: 9,42,\"a/b\",5,hello"), bytes("+TRECV: 1,42,\"a/b\",6,hello"),
                       bytes("+TRECV: 1"), bytes("+TOPEN: 0,0"), bytes("+TRECV: 1,42,\"a/b")}) {
        auto d = at::decode_with<8>(td::recv_urc, at::line_event(line), td::lexical);
        bound_recv out{};
        atmqtt::status st = at::decode_into(at::line_event(line), out);
        REQUIRE(!d.ok());
        REQUIRE(!st.ok());
        CHECK(st.error() == d.error());
        CHECK(st.offset() == d.offset());
    }
}

TEST_CASE("bind: arrays, value lists, enums, rules and unbound values") {
    constexpr auto acked = at::decode_as<bound_sub>(at::line_event("+TSUB: 1,12,0,1,2,0"));
    STATIC_REQUIRE(acked.ok());
    STATIC_REQUIRE(acked->ids[0] == 1);
    STATIC_REQUIRE(acked->ids[1] == 12);
    STATIC_REQUIRE(acked->result == outcome::ok);
    STATIC_REQUIRE(acked->values.size() == 3);
    STATIC_REQUIRE(acked->values[1] == 2);
    constexpr auto none = at::decode_as<bound_sub>(at::line_event("+TSUB: 1,12,2"));
    STATIC_REQUIRE(none.ok());
    STATIC_REQUIRE(none->values.size() == 0);
    STATIC_REQUIRE(none->values.begin() == none->values.end());
    // check_rules runs after a clean read
    STATIC_REQUIRE(error_of(at::decode_as<bound_sub>(at::line_event("+TSUB: 1,12,2,1"))) == atmqtt::errc::at_too_many_fields);
    STATIC_REQUIRE(error_of(at::decode_as<bound_sub>(at::line_event("+TSUB: 1,12,0,1,2,0,1,2"))) == atmqtt::errc::at_too_many_fields);
    STATIC_REQUIRE(error_of(at::decode_as<bound_sub>(at::line_event("+TSUB: 1,12"))) == atmqtt::errc::at_missing_field);

    // Integers the fast digit path leaves to the full lexer: a blank before the comma, ten digits, a sign.
    STATIC_REQUIRE(at::decode_as<bound_client_only>(at::line_event("+TSUB: 3 ,12,0"))->client == 3);
    STATIC_REQUIRE(at::decode_as<bound_client_only>(at::line_event("+TSUB: 03,12,0"))->client == 3);
    STATIC_REQUIRE(error_of(at::decode_as<bound_client_only>(at::line_event("+TSUB: 1234567890,12,0"))) == atmqtt::errc::out_of_range);
    STATIC_REQUIRE(error_of(at::decode_as<bound_client_only>(at::line_event("+TSUB: -1,12,0"))) == atmqtt::errc::out_of_range);
    STATIC_REQUIRE(error_of(at::decode_as<bound_client_only>(at::line_event("+TSUB: 3x,12,0"))) == atmqtt::errc::at_invalid_integer);
    {
        bound_client_only run{};
        const std::string_view ten = "+TSUB: 1234567890,12,0";
        const atmqtt::status st = at::decode_into(at::line_event(bytes(ten.data(), ten.size())), run);
        CHECK(st.error() == atmqtt::errc::out_of_range);
        CHECK(st.offset() == 7);
        CHECK(at::decode_into(at::line_event(bytes("+TSUB: 3 ,12,0")), run).ok());
        CHECK(run.client == 3);
    }
    constexpr auto first = at::decode_as<bound_client_only>(at::line_event("+TSUB: 3,12,0,1"));
    STATIC_REQUIRE(first->client == 3);
    STATIC_REQUIRE(first->untouched == 9);
    STATIC_REQUIRE(error_of(at::decode_as<bound_client_only>(at::line_event("+TSUB: 3,0,0"))) == atmqtt::errc::out_of_range);

    constexpr auto state = at::decode_as<bound_state>(at::line_event("+TSTAT: 0,3"));
    STATIC_REQUIRE(state->seen);
    STATIC_REQUIRE(state->past_the_end == 3);
    bound_state tail{};
    REQUIRE(at::decode_into(at::line_event(bytes("+TSTAT: 0,4")), tail).ok());
    CHECK(tail.past_the_end == 4);

    // Another row of the same grammar with the same values.
    bound_client_only other{};
    REQUIRE(at::decode_into(td::lines[td::pub_result_index], at::event{at::event_kind::line, "+TPUB: 2,5,0"}, other).ok());
    CHECK(other.client == 2);
    CHECK(error_of(at::decode_into(td::lines[td::pub_result_index], at::event{at::event_kind::line, "+TSUB: 2,5,0"},
                                   other)) == atmqtt::errc::at_unknown_response);

    // bound<...>::read_row: the row, syntax and aliases given at run time.
    stat_seen s{};
    REQUIRE(decltype(make_stat)::read_row(td::stat_urc, at::event{at::event_kind::line, "+TSTAT: 1,2"}, s, {td::lexical})
                .ok());
    CHECK(s.client);
    CHECK(*s.err == "2");
}

TEST_CASE("bind: the straight path (a row known at compile time) and read_values agree") {
    // Plain lines go the straight way, the others to read_values: the same values, errors and offsets.
    for (bytes line : {bytes("+TRECV: 1,42,\"a/b\",5,hello"), bytes("+TRECV: 1,42,\"a/b\",\"hi, there\""),
                       bytes("+TRECV: 1, 42,\"a/b\",5,hello"), bytes("+TRECV:1,42,\"a/b\",2,hi"),
                       bytes("+TRECV : 1,42,\"a/b\",2,hi"), bytes("+TRECV: 1,42,a/b,2,hi"),
                       bytes("+TRECV: 1,42,\"a/b\" ,2,hi"), bytes("+TRECV: 1,42,\"\",2,hi"),
                       bytes("+TRECV: 1,42,\"a/b\",2"), bytes("+TRECV: 1,42,\"a/b\""), bytes("+TRECV: 1,42"),
                       bytes("+TRECV: 1,42,\"a/b\",3,hi"), bytes("+TRECV: 1,9999999999,\"a/b\",2,hi"),
                       bytes("+TRECV: 1,42,\"a/b\",,hi"), bytes("+TRECV: 1,42,\"a/b\",5, hello"),
                       bytes("+TRECV"), bytes("+TRECVX: 1")}) {
        INFO(std::string(line.data(), line.size()));
        auto d = at::decode_with<8>(td::recv_urc, at::line_event(line), td::lexical, td::prefix_aliases);
        bound_recv out{};
        const atmqtt::status st = at::decode_into(at::line_event(line), out);
        REQUIRE(st.ok() == d.ok());
        if (!st) {
            CHECK(st.error() == d.error());
            CHECK(st.offset() == d.offset());
            continue;
        }
        recv want{};  // read_values' reading
        REQUIRE(decltype(make_recv)::read_row(td::recv_urc, at::line_event(line), want, {td::lexical, td::prefix_aliases}));
        CHECK(out.client == want.client);
        CHECK(out.msgid == want.msgid);
        CHECK(out.topic == want.topic);
        CHECK(out.length == want.length);
        CHECK(out.payload == want.payload);
    }
    // A topic longer than the row allows: out_of_range at its quote, either way.
    const std::string long_topic = "+TRECV: 1,42,\"" + std::string(257, 't') + "\",2,hi";
    bound_recv too_long{};
    const atmqtt::status st = at::decode_into(at::line_event(bytes(long_topic.data(), long_topic.size())), too_long);
    CHECK(st.error() == atmqtt::errc::out_of_range);
    CHECK(st.offset() == 13);
    // A row event (a row of a multi-row answer) never goes the straight way.
    bound_recv row{};
    CHECK(at::decode_into(at::row_event("1,42,\"a/b\",5,hello"), row).error() == atmqtt::errc::at_type_mismatch);
}

TEST_CASE("read_values: a prefix with a byte split_prefix stops at is read by split_prefix's rules") {
    static constexpr at::field_spec one[] = {at::integer("n", 0, 9)};
    const at::line odd = at::response("+T=X", one);
    auto d = at::decode_with<2>(odd, at::line_event(bytes("+T=X: 4")));
    REQUIRE(d.ok());
    CHECK(d->values[0].number == 4);
    CHECK(d->prefix == "+T=X");
    CHECK(at::decode_with<2>(odd, at::line_event(bytes("+T=X: 4")), td::lexical.with(at::lex::equals_as_colon)).error() ==
          atmqtt::errc::at_unknown_response);
    const at::line spaced = at::response("+T ", one);  // never a table's, but the reader does not take it for "+T"
    CHECK(at::decode_with<2>(spaced, at::line_event(bytes("+T : 4"))).error() == atmqtt::errc::at_unknown_response);
    const at::line unnamed = at::response("", one);
    CHECK(at::decode_with<2>(unnamed, at::line_event(bytes(": 4"))).error() == atmqtt::errc::at_unknown_response);
    CHECK(at::decode_with<2>(odd, at::line_event(bytes("+T=Y: 4"))).error() == atmqtt::errc::at_unknown_response);
    // An error stops the read: no value after it, and the sink's own error stops it too.
    int seen = 0;
    const atmqtt::status st = at::for_each_value(odd, at::line_event("+T=X: 12"), [&seen](const at::field_value&) -> atmqtt::status {
        ++seen;
        return {};
    });
    CHECK(st.error() == atmqtt::errc::out_of_range);
    CHECK(st.offset() == 6);
    CHECK(seen == 0);
    CHECK(at::for_each_value(odd, at::line_event("+T=X: 4"), [](const at::field_value&) -> atmqtt::status {
              return {atmqtt::errc::capacity_exceeded, 1};
          }).error() == atmqtt::errc::capacity_exceeded);
    const at::line aliased = at::response("+TURX", one);  // an alias spelling as a row's prefix: read through the aliases
    CHECK(at::decode_with<2>(aliased, at::line_event(bytes("+TURX: 4")), td::lexical, td::prefix_aliases).error() ==
          atmqtt::errc::at_unknown_response);
}

// ---- commands: members as arguments ----------------------------------------------------------------

namespace {

struct open_cmd {
    std::int32_t client = 0;
    std::string_view host{};
    std::int32_t port = 0;
    using binding = at::command_binding<td::lexical, td::open, at::no_row_rules, &open_cmd::client, &open_cmd::host,
                                        &open_cmd::port>;
};
struct sub_topic {
    std::string_view topic{};
    std::int32_t qos = 0;
    using binding = at::bound<&sub_topic::topic, &sub_topic::qos>;
};
// A rule between parameters, table data packed with the row: client 0 exactly when the first QoS is 0.
inline constexpr at::row_rule sub_rule_rows[] = {{"TSUB", "", {at::param_rule::zero_together, 0, 3}}};
inline constexpr at::row_rules sub_rules{sub_rule_rows};
struct sub_cmd {
    std::int32_t client = 0;
    std::int32_t msgid = 0;
    atmqtt::span<const sub_topic> topics{};
    using binding = at::command_binding<td::lexical, td::sub, sub_rules, &sub_cmd::client, &sub_cmd::msgid,
                                        &sub_cmd::topics>;
};

constexpr std::string_view encoded(const open_cmd& c, char* buf, std::size_t n) {
    auto r = at::encode(c, atmqtt::mutable_bytes(buf, n));
    return r ? std::string_view(buf, *r) : std::string_view{};
}

}  // namespace

TEST_CASE("bind: at::encode writes a bound command through the table") {
    char buf[64] = {};
    CHECK(encoded(open_cmd{0, "broker", 1883}, buf, sizeof buf) == "AT+TOPEN=0,\"broker\",1883\r");
    CHECK(at::encoded_size(open_cmd{0, "broker", 1883}).value() == 25);
    STATIC_REQUIRE(at::encoded_size(open_cmd{0, "broker", 1883}).value() == 25);
    CHECK(at::encoded_size(open_cmd{0, "broker", 0}).error() == atmqtt::errc::out_of_range);
    CHECK(at::encoded_size(open_cmd{0, "broker", 0}).offset() == 2);
    STATIC_REQUIRE(at::binding_of<open_cmd>::capacity == 3);

    const sub_topic two[] = {{"a", 1}, {"b/c", 2}};
    auto n = at::encode(sub_cmd{1, 2, two}, atmqtt::mutable_bytes(buf, sizeof buf));
    REQUIRE(n.ok());
    CHECK(std::string_view(buf, *n) == "AT+TSUB=1,2,\"a\",1,\"b/c\",2\r");
    STATIC_REQUIRE(at::binding_of<sub_cmd>::capacity == 2 + 4 * 2);
    CHECK(at::encoded_size(sub_cmd{0, 3, two}).error() == atmqtt::errc::out_of_range);  // the rule
    CHECK(at::encoded_size(sub_cmd{0, 3, two}).offset() == 0);
    const sub_topic five[] = {{"a", 0}, {"a", 0}, {"a", 0}, {"a", 0}, {"a", 0}};
    auto over = at::encoded_size(sub_cmd{1, 2, five});
    CHECK(over.error() == atmqtt::errc::at_too_many_fields);
    CHECK(over.offset() == 10);
}
