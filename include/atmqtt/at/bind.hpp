// bind: a typed struct's members bound, once, to the values of a table row, in table order. The row says
// what each value is and checks it (at/decode.hpp); the binding only says where it goes.
//
//     struct pub_info {
//         bytes topic; std::int32_t qos; bytes message;
//         using binding = at::row_binding<my_grammar, row_pub, &pub_info::topic, &pub_info::qos, &pub_info::message>;
//     };
//     pub_info p{};
//     at::status st = at::decode_into(ev, p);    // ev: a line event (at::line_event(text) for a line as text)
//     at::result<pub_info> r = at::decode_as<pub_info>(ev);   // the same, returned by value
//
// decode_into reads the line once, value by value (detail::read_values), straight into the members: no
// decoded_line on the way, a few words of stack whatever the row. Every value of the row is read and
// checked, bound or not; errors and offsets are decode_with's. It reads with the grammar's read_syntax
// (syntax_of<G>, at/syntax.hpp): only what the table's lines use is linked. A struct may add rules between its values
// as a member `constexpr status check_rules(const at::event&) noexcept`, run after a clean read.
//
// Member types: integers and enums (an integer value, or a word's index), bytes (the text as on the wire,
// quotes stripped), std::optional of those (empty when the value is absent), bool (a value present),
// a C array (one value per element, while the row has values), value_list<T, N> (every value left, as
// many as there are, at most N: a repeated group); at::skip in the list drops a value. A value past the
// row's leaves the member as the struct's initializer made it.
//
// at::bound<&T::a, ...> without a row is the same list of members, applied with read_row(row, ev, out,
// {syntax, aliases}) to a row given at run time.
//
// `using binding = at::row_members<grammar, row>` / at::command_members<syntax, cmd, rules> bind the struct
// by the order of its members instead, member k to value k, so the struct's declaration is its only member
// list (and the binding does not name the struct: at::binding_of<T> is T's binding made for T); a member
// count that is not the row's does not compile (C++17 structured bindings: 1 to 6 members, in one class).
// A literal field (a key word) takes no member. at::row_members<grammar, row, First, Values> reads the
// row's first Values values (0: all) into the members First on (an answer without the command's first
// value). A struct with at::skip, a C array or members the row does not fill in order names its members.
#pragma once

#include <atmqtt/at/decode.hpp>
#include <atmqtt/at/encode_rules.hpp>
#include <atmqtt/at/event.hpp>
#include <atmqtt/at/grammar.hpp>
#include <atmqtt/at/writer.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/result.hpp>
#include <atmqtt/core/span.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

ATMQTT_BEGIN_NAMESPACE
namespace at {

// Up to N values of a repeated group, in wire order.
template <class T, std::size_t N>
struct value_list {
    std::uint8_t count = 0;
    T items[N] = {};

    constexpr std::size_t size() const noexcept { return count; }
    constexpr const T* begin() const noexcept { return items; }
    constexpr const T* end() const noexcept { return items + count; }
    constexpr const T& operator[](std::size_t i) const noexcept { return items[i]; }
};

namespace detail {

// The class of the first member pointer that is not `skip`.
template <class... P>
struct first_owner;
template <class T, class M, class... R>
struct first_owner<M T::*, R...> {
    using type = T;
};
template <class... R>
struct first_owner<std::nullptr_t, R...> : first_owner<R...> {};

template <class M>
constexpr void assign(M& m, const field_value& v) noexcept {
    static_assert(std::is_integral<M>::value || std::is_enum<M>::value, "bind: no conversion for this member type");
    m = static_cast<M>(v.number);
}
constexpr void assign(bytes& m, const field_value& v) noexcept { m = v.text; }
constexpr void assign(bool& m, const field_value& v) noexcept { m = v.present(); }
template <class M>
constexpr void assign(std::optional<M>& m, const field_value& v) noexcept {
    if (!v.present()) return;
    M value{};
    assign(value, v);
    m = value;
}

// One member's share of the row's values, the i-th value it takes; whether it takes another. A C array takes one value per element, a value_list
// values while the row has some, anything else one value.
template <class M>
constexpr bool put(M& m, const field_value& v, std::size_t) noexcept {
    assign(m, v);
    return false;
}
template <class M, std::size_t N>
constexpr bool put(M (&m)[N], const field_value& v, std::size_t i) noexcept {
    assign(m[i], v);
    return i + 1 < N;
}
template <class M, std::size_t N>
constexpr bool put(value_list<M, N>& m, const field_value& v, std::size_t) noexcept {
    assign(m.items[m.count++], v);
    return m.count < N;
}

// A binding as table data, one slot per member: how its values are stored. At run time the slots are per member type and the values go to the
// members' addresses as void*, so one loop (read_slots<void*>) serves every struct; constant evaluation,
// which cannot cast from void*, uses per-member slots that take the struct's address.
template <class Out>
using member_slot = bool (*)(Out at, const field_value& v, std::size_t i) noexcept;  // null: at::skip
template <class M>
bool store_as(void* at, const field_value& v, std::size_t i) noexcept {
    return put(*static_cast<M*>(at), v, i);
}
// A list of members `A` (by_pointer or by_order below): A::address<K>(t) is member K of t
// (null for at::skip).
template <class A, std::size_t K>
using member_type = std::remove_pointer_t<decltype(A::template address<K>(std::declval<typename A::type&>()))>;
template <class A, std::size_t K>
constexpr bool put_nth(typename A::type* out, const field_value& v, std::size_t i) noexcept {
    return put(*A::template address<K>(*out), v, i);
}
template <class A, class Out, std::size_t K>
constexpr member_slot<Out> slot_of() noexcept {
    if constexpr (std::is_null_pointer<member_type<A, K>>::value) {
        return nullptr;
    } else if constexpr (std::is_same<Out, void*>::value) {
        return &store_as<member_type<A, K>>;
    } else {
        return &put_nth<A, K>;
    }
}

// The members named by member pointers, at::skip for a value that goes nowhere.
template <auto... Members>
struct by_pointer {
    using type = typename first_owner<decltype(Members)...>::type;
    static constexpr std::size_t size = sizeof...(Members);
    template <std::size_t K, class U>
    static constexpr auto address(U& t) noexcept {
        constexpr auto member = std::get<K>(std::make_tuple(Members...));
        if constexpr (std::is_null_pointer<decltype(member)>::value) return nullptr;
        else return &(t.*member);
    }
};

// The members of t in declaration order, as a tuple of references.
template <std::size_t N, class T>
constexpr auto member_refs(T& t) noexcept {
    static_assert(N >= 1 && N <= 6, "at::row_members / command_members: 1 to 6 members");
    if constexpr (N == 1) {
        auto& [a] = t;
        return std::tie(a);
    } else if constexpr (N == 2) {
        auto& [a, b] = t;
        return std::tie(a, b);
    } else if constexpr (N == 3) {
        auto& [a, b, c] = t;
        return std::tie(a, b, c);
    } else if constexpr (N == 4) {
        auto& [a, b, c, d] = t;
        return std::tie(a, b, c, d);
    } else if constexpr (N == 5) {
        auto& [a, b, c, d, e] = t;
        return std::tie(a, b, c, d, e);
    } else {
        auto& [a, b, c, d, e, f] = t;
        return std::tie(a, b, c, d, e, f);
    }
}

// The fields of a row or the parameters of a command.
constexpr span<const field_spec> fields_of(const line& l) noexcept { return l.fields; }
constexpr span<const field_spec> fields_of(const command& c) noexcept { return c.params; }

// Of fields `f`, the member value k goes to, counting from member `first`: one each but a literal's (a key
// word: read and checked, written from the table).
constexpr std::size_t member_of(span<const field_spec> f, std::size_t first, std::size_t k) noexcept {
    for (std::size_t i = 0; i < k; ++i) first += f[i].type == field_type::literal ? 0u : 1u;
    return first;
}

// T's members in order (row_members / command_members, below): the first Values values of row or command
// `X` (a repeated group one value; 0: all) to T's members First on, one each but a literal's.
template <class T, const auto& X, std::size_t First = 0, std::size_t Values = 0>
struct by_order {
    using type = T;
    static constexpr std::size_t size =
        Values != 0 ? Values : X.repeat == 0 ? fields_of(X).size() : fields_of(X).size() - X.repeat + 1u;
    template <std::size_t K, class U>
    static constexpr auto address(U& t) noexcept {
        if constexpr (fields_of(X)[K].type == field_type::literal) return nullptr;
        else return &std::get<member_of(fields_of(X), First, K)>(member_refs<member_of(fields_of(X), First, size)>(t));
    }
};

// What a row is read with besides the row: the grammar's syntax (a syntax value, or the grammar's
// read_syntax: syntax_of) and prefix aliases.
template <class Lex = syntax>
struct row_context {
    Lex lexical{};
    span<const prefix_alias> aliases{};
};

// The typed decode's sink: each value to its member's slot (slot k stores at targets[k]; a slot that
// returns true takes the next value too).
template <class Out>
struct slot_sink : value_sink {
    const member_slot<Out>* slots;
    const Out* targets;
    std::size_t n;
    std::size_t k = 0;  // the member
    std::size_t i = 0;  // its value
    constexpr slot_sink(const member_slot<Out>* s, const Out* t, std::size_t count) noexcept
        : value_sink{&call}, slots(s), targets(t), n(count) {}
    static constexpr status call(value_sink& self, const field_value& v) noexcept {
        slot_sink& me = static_cast<slot_sink&>(self);
        if (me.k < me.n) {
            if (me.slots[me.k] != nullptr && me.slots[me.k](me.targets[me.k], v, me.i)) {
                ++me.i;
            } else {
                ++me.k;
                me.i = 0;
            }
        }
        return {};
    }
};

// The typed decode: `e` read against `row` (read_values), each value handed to its member's slot.
template <class Out, class Lex>
constexpr status read_slots(const line& row, const event& e, const row_context<Lex>& c, const member_slot<Out>* slots,
                            const Out* targets, std::size_t n) noexcept {
    slot_sink<Out> sink(slots, targets, n);
    read_end end{};
    return read_values(row, e, c.lexical, c.aliases, sink, end);
}

template <class T, class = void>
struct has_rules : std::false_type {};
template <class T>
struct has_rules<T, std::void_t<decltype(std::declval<T&>().check_rules(std::declval<const event&>()))>>
    : std::true_type {};

// A member that takes one value (not a C array or a value_list; at::skip takes one).
template <class M>
struct takes_one_value : std::bool_constant<!std::is_array<M>::value> {};
template <class M, std::size_t N>
struct takes_one_value<value_list<M, N>> : std::false_type {};

// The members of one struct in the order of the row's values, from the list `A`: the reader's slots, the
// read (see the header comment) and the writer's arguments.
template <class A, class = std::make_index_sequence<A::size>>
struct member_list;
template <class A, std::size_t... K>
struct member_list<A, std::index_sequence<K...>> : A {
    using type = typename A::type;
    static constexpr member_slot<void*> slots[] = {slot_of<A, void*, K>()...};
    static constexpr member_slot<type*> typed[] = {slot_of<A, type*, K>()...};
    static constexpr bool one_value_each = (takes_one_value<member_type<A, K>>::value && ...);

    // Where the members of `out` are, in slot order (null: at::skip).
    static constexpr std::array<void*, A::size> addresses(type& out) noexcept { return {A::template address<K>(out)...}; }

    // Reads `e` against `row` into out's members, with the syntax and aliases `c` (`{syntax, aliases}`).
    template <class Lex = syntax>
    static constexpr status read_row(const line& row, const event& e, type& out, const row_context<Lex>& c = {}) noexcept {
        type* const whole[] = {((void)K, &out)...};
        const status st = ::atmqtt::detail::in_constant_evaluation()
                              ? read_slots<type*>(row, e, c, typed, whole, A::size)
                              : read_slots<void*>(row, e, c, slots, addresses(out).data(), A::size);
        return rules(e, out, st);
    }

    // The struct's own rules between its values after a clean read `st`, if it has any.
    static constexpr status rules(const event& e, type& out, status st = {}) noexcept {
        if constexpr (has_rules<type>::value) {
            if (st) return out.check_rules(e);
        }
        static_cast<void>(e);
        static_cast<void>(out);
        return st;
    }

    // The members as a command's arguments, in order.
    template <class Arguments>
    static constexpr void add_to(Arguments& a, const type& t) noexcept {
        (a.add_at(A::template address<K>(t)), ...);
    }
};

}  // namespace detail

// In a member list: a value that goes nowhere (a key word between values, say); still read and checked.
inline constexpr std::nullptr_t skip = nullptr;

// The members of one struct, in the order of the row's values.
template <auto... Members>
using bound = detail::member_list<detail::by_pointer<Members...>>;

namespace detail {
// A table's fields as firmware reads them: without their names (the host tool, the reference generator
// and the fuzz dictionaries read names from the dialect's own tables, which firmware then never links).
template <const grammar& G, std::size_t Row>
struct unnamed_row {
    static constexpr auto fields = [] {
        std::array<field_spec, G.lines[Row].fields.size()> out{};
        for (std::size_t i = 0; i < out.size(); ++i) {
            out[i] = G.lines[Row].fields[i];
            out[i].name = {};
        }
        return out;
    }();
    static constexpr line row =
        with_member(G.lines[Row], &line::fields, span<const field_spec>(fields.data(), fields.size()));
};
}  // namespace detail

// ---- the typed decode's straight path ----------------------------------------------------------------
// Where the row is known at compile time (row_binding) and the build is for speed (ATMQTT_AT_FAST_PATHS),
// the plain common line is read in straight-line code: the row's own prefix and ':', then each field in
// turn through quick_field (bare digits, a quoted string) or payload_value, each value checked against
// the row and stored straight into its member. Anything else (another spelling of the prefix, blanks, an
// absent or empty field, a word, a selector, a repeated group, an error) leaves the struct as it was
// and read_values reads the line: the same values, or the error and its offset.
namespace detail {

// G's syntax and aliases, copied at compile time (one per grammar and reading): the grammar object (and
// every command it names) stays unlinked. Reads: the features read (a bound row's: reading_of(G, row)).
template <const grammar& G, reading Reads = reading_of(G)>
inline constexpr row_context<read_syntax<G.lexical.escape, G.lexical.tolerate, Reads>> context_of{{}, G.prefix_aliases};

constexpr command as_command(const line& l) noexcept {
    return cmd(l.prefix, form{}, l.fields).with_selector(l.selector).repeating(l.repeat, l.repeat_min, l.repeat_max);
}
// Row `Row` of G as a command row (its prefix the name), for the writer's packing.
template <const grammar& G, std::size_t Row>
inline constexpr command row_as_command = as_command(G.lines[Row]);

template <const grammar& G>
inline constexpr std::size_t widest_line = [] {
    std::size_t n = 1;
    for (const line& l : G.lines) n = l.fields.size() > n ? l.fields.size() : n;
    return n;
}();

}  // namespace detail

// A line as firmware holds it: its fields packed as a command row's parameters (the writer's packing,
// at/packed_row.hpp: what the reader reads of a field, in 8 bytes instead of a field_spec's 32), and what
// a line has besides.
struct packed_line {
    packed_row row;
    std::uint8_t length, flags;

    // The line a reader reads, its fields made in `buf` (room for row.size()).
    constexpr line unpacked(field_spec* buf) const noexcept {
        for (std::size_t i = 0; i < row.size(); ++i) buf[i] = row.param(i);
        return {{}, row.name(), row.selector(), {buf, row.size()}, length, row.repeat, row.repeat_min, row.repeat_max, flags};
    }
};
// Row `Row` of grammar `G`, packed at compile time.
template <const grammar& G, std::size_t Row>
inline constexpr packed_line packed_line_of{packed_of<detail::row_as_command<G, Row>>, G.lines[Row].length, G.lines[Row].flags};

namespace detail {

// A bound row as run-time code reads it: packed, and its members' slots (in packed_line's tail padding).
struct packed_binding : packed_line {
    std::uint8_t members;
    const member_slot<void*>* slots;
};

// The typed decode at run time, one call per decode whatever the struct: the row made on the stack, read
// into the members at `where`.
template <const grammar& G, reading Reads>
[[gnu::noinline]] status read_packed(const packed_binding& b, const event& e, void* const* where) noexcept {
    field_spec fields[widest_line<G>];
    return read_slots<void*>(b.unpacked(fields), e, context_of<G, Reads>, b.slots, where, b.members);
}

// The members `B` (a member_list) of one struct bound to row `Row` of grammar `G` (the table's syntax and
// prefix aliases apply).
template <const grammar& G, std::size_t Row, class B>
struct row_reader : B {
    static_assert(Row < G.lines.size(), "row_binding: no such row");
    static constexpr const line& row = unnamed_row<G, Row>::row;
    static constexpr std::size_t index = Row;  // in G.lines: what a classifier's answer is compared with
    static constexpr packed_binding packed_read{packed_line_of<G, Row>, B::size, B::slots};  // what read() reads at run time

    using type = typename B::type;

    // Reads: what the reader reads (default the row's features; a reader of the whole table shares its
    // reader with reading_of(G)).
    template <reading Reads = reading_of(G, &G.lines[Row])>
    static constexpr status read(const event& e, type& out) noexcept {
        constexpr bool plain = ATMQTT_AT_FAST_PATHS && plain_prefix(row.prefix, G.prefix_aliases);
        if constexpr (straight() && plain) {
            if (read_straight(e, out, std::make_index_sequence<row.fields.size()>{})) return B::rules(e, out);
        }
        // (A build for speed reads the unnamed row: no unpacking on the way.)
        if (ATMQTT_AT_FAST_PATHS || ::atmqtt::detail::in_constant_evaluation())
            return B::read_row(row, e, out, context_of<G, Reads>);
        return B::rules(e, out, read_packed<G, Reads>(packed_read, e, B::addresses(out).data()));
    }
    // Against another row of G with the same values (a struct shared by two rows).
    static constexpr status read(const line& other, const event& e, type& out) noexcept {
        return B::read_row(other, e, out, context_of<G>);
    }

    // Whether the straight path can read the row.
    static constexpr bool straight() noexcept {
        if (!ATMQTT_AT_FAST_PATHS || !row.selector.empty() || row.repeat != 0 || B::size > row.fields.size())
            return false;
        for (const field_spec& f : row.fields)
            if (f.type != field_type::integer && f.type != field_type::string && f.type != field_type::payload)
                return false;
        return B::one_value_each;
    }

    struct cursor {
        std::size_t pos = 0;
        bool done = false;
        std::ptrdiff_t length = -1;  // the length field's value, once read
    };

    template <std::size_t K>
    static constexpr bool field(const event& e, cursor& c, type& out) noexcept {
        constexpr field_spec spec = row.fields[K];
        field_value v{};
        if constexpr (spec.type == field_type::payload) {
            if (c.done || !payload_value(row, e, c.pos, c.length, v)) return false;
            c.done = true;  // the payload ends the line
        } else {
            constexpr bool length_optional = K == row.length && row.is(line::length_optional_bit);
            if (!quick_field(e.text, c.pos, c.done, spec, length_optional, G.lexical.escape, v)) return false;
            if constexpr (K == row.length) c.length = v.number;
        }
        if constexpr (K < B::size) {
            auto member = B::template address<K>(out);
            if constexpr (!std::is_null_pointer<decltype(member)>::value) assign(*member, v);
        }
        return true;
    }

    // True with every value in `out`; false with `out` as it was. (The values go to a local copy first: kept
    // in registers, not stored through `out` on the way.)
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
// g++ 12 -O2 takes the copy of a disengaged std::optional member's payload for a read of it (false positive)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
    template <std::size_t... K>
    static constexpr bool read_straight(const event& e, type& out, std::index_sequence<K...>) noexcept {
        cursor c{};
        if (e.row || !own_prefix(e.text, row.prefix, c.pos)) return false;
        c.done = c.pos >= e.text.size();
        type values = out;
        bool ok = true;
        ((ok = ok && field<K>(e, c, values)), ...);
        if (!ok || !c.done) return false;
        out = values;
        return true;
    }
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
};

}  // namespace detail

// Row `Row` of grammar `G`, copied at compile time: code that reads through it links that row's fields
// only, not the grammar's whole line table (and every row in it), and no field names.
template <const grammar& G, std::size_t Row>
inline constexpr const line& grammar_row = detail::unnamed_row<G, Row>::row;

// The members of one struct bound to row `Row` of grammar `G`.
template <const grammar& G, std::size_t Row, auto... Members>
using row_binding = detail::row_reader<G, Row, bound<Members...>>;

// A line event read into a struct that names its row (`using binding = at::row_binding<...>`). `out` is
// value-initialised first: a struct reused for line after line (a URC handler's storage) keeps nothing
// of the previous line (an absent optional, a shorter repeated group, check_rules' counters).
template <class T>
constexpr status decode_into(const event& e, T& out) noexcept {
    out = T{};
    return binding_of<T>::read(e, out);
}
// Against `row` instead of T's own (a row of the same grammar with the same values: a row a classifier
// named, when one struct serves two rows).
template <class T>
constexpr status decode_into(const line& row, const event& e, T& out) noexcept {
    out = T{};
    return binding_of<T>::read(row, e, out);
}

// decode_into, the struct returned by value (for small structs and constant expressions).
template <class T>
constexpr result<T> decode_as(const event& e) noexcept {
    // A value-initialised T right inside the result (errc::ok: a success), decoded in place: no copy of T.
    result<T> out(errc::ok, e.text.size());
    status st = binding_of<T>::read(e, *out);
    if (!st) return {st.error(), st.offset()};
    return out;
}

// ---- commands: a struct's members as a command's arguments --------------------------------------------
//
//     struct open { std::int32_t id = 0; std::string_view host; std::int32_t port = 0;
//                   using binding = at::command_binding<lexical, cmd_open, at::no_row_rules, &open::id, &open::host,
//                                                       &open::port>; };
//     at::encode(open{0, "broker", 1883}, out);   // "AT+OPEN=0,\"broker\",1883\r", checked by the table
//
// Members: integers, enums and bools (for a word parameter the word at that index), text (anything a
// string_view takes), std::optional of those (empty: omitted), a struct with its own
// `binding = at::bound<...>` for a group of parameters (in an optional: all or none), and for a repeated
// group a span of elements, each a value or such a struct.
// The arguments live on the stack only as many as the command can take (its fixed parameters plus
// repeat_max groups); a longer span is at_too_many_fields where the table's arity check puts it. `Rules`
// are the dialect's checks between parameters, run after the writer's own (offsets are argument indexes).

namespace detail {
template <class T, class = void>
struct has_binding : std::false_type {};
template <class T>
struct has_binding<T, std::void_t<typename T::binding>> : std::true_type {};
template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

template <std::size_t Capacity>
struct argument_list {
    value v[Capacity]{};
    std::size_t n = 0;
    std::size_t overflow = 0;  // Capacity, once more arguments were given
    const packed_row* row = nullptr;  // for the words of enum and bool members

    constexpr void add(const value& x) noexcept {
        if (n < Capacity) v[n++] = x;
        else overflow = Capacity;
    }
    // An enum or bool is an integer, or for a word parameter the word at that index (none: "?", which
    // the writer refuses as at_invalid_enum).
    constexpr void add_index(std::int64_t i) noexcept {
        const bool has = n < row->size() || row->repeat != 0;  // (values() names the row)
        const field_spec p = has ? param_at(*row, n) : field_spec{};
        if (p.type != field_type::word) return add(value(i));
        std::string_view w = nth_word(p.words, static_cast<std::size_t>(i));  // none past the end
        add(w.empty() ? value(std::string_view("?")) : value(w));
    }
    template <class E>
    constexpr void add(span<const E> group) noexcept {
        for (const E& e : group) add(e);
    }
    template <class M>
    constexpr void add(const M& m) noexcept {
        if constexpr (std::is_enum<M>::value || std::is_same<M, bool>::value) {
            add_index(static_cast<std::int64_t>(m));
        } else if constexpr (is_optional<M>::value) {
            if (m) add(*m);
            else add(value());
        } else if constexpr (has_binding<M>::value) {
            binding_of<M>::add_to(*this, m);
        } else {
            add(value(m));
        }
    }
    // A member's value; none (at::skip, a literal's place): omitted, so the writer puts a literal's word.
    template <class M>
    constexpr void add_at(const M* m) noexcept { add(*m); }
    constexpr void add_at(std::nullptr_t) noexcept { add(value()); }
    constexpr span<const value> view() const noexcept { return {v, n}; }
};

}  // namespace detail

namespace detail {
// A typed command's set form: the writer, then its row's rules (packed with it) on the arguments it
// accepted, before a line too long for the buffer; one call per command written, whatever the struct.
// `overflow`: the capacity the arguments overran (0: none). Checked: a dialect with a rule table (its
// other commands' rows carry no rules).
template <bool Checked, class Cursor, class Lex>
constexpr result<std::size_t> write_set(Cursor& out, const Lex& lexical, const packed_row& row, span<const value> args,
                                        std::size_t overflow) noexcept {
    if (overflow != 0) return {errc::at_too_many_fields, overflow};
    if constexpr (!Checked) return write_into(out, lexical, row, form::set, args);
    result<std::size_t> n = write_into(out, lexical, row, form::set, args);
    status rule = n || n.error() == errc::buffer_too_small ? check_param_rules(row.rule_list(), args) : status{};
    return rule ? n : result<std::size_t>(rule.error(), rule.offset());
}

// A struct bound to command row `C` (the set form) of a dialect with syntax `S` and the rules between
// parameters `Rules` (the dialect's row_rules, or no_row_rules: table data, the row's rules packed with it);
// `Binding::add_to(a, c)` (a member_list) puts the members of `c` into the arguments `a`, in parameter order.
template <const syntax& S, const command& C, const row_rules& Rules, class Binding>
struct command_row_binding {
    using type = typename Binding::type;
    static constexpr const command& row = C;
    // The row as the writer reads it: packed at compile time, without names (at/packed_row.hpp).
    static constexpr const packed_row& packed = packed_of<C, Rules>;
    // As many arguments as the row takes: its fixed parameters and repeat_max groups (more is
    // at_too_many_fields at the capacity, where the writer's arity check would put it).
    static constexpr std::size_t capacity = C.params.size() + std::size_t{C.repeat} * (C.repeat_max - 1u);

    // The arguments of `c`, in parameter order (a dialect with rules of its own checks these).
    static constexpr detail::argument_list<capacity> values(const type& c) noexcept {
        detail::argument_list<capacity> a;
        a.row = &packed;
        Binding::add_to(a, c);
        return a;
    }

    template <class Cursor>
    static constexpr result<std::size_t> write(const type& c, Cursor& out) noexcept {
        detail::argument_list<capacity> a = values(c);
        constexpr bool checked = Rules.size() != 0;
        // The syntax as a type: the dialect's tables stay unlinked, and so do the escapes it has not; widened
        // by what the row writes, so a row outside a narrow syntax links its kinds, the other rows not.
        return detail::write_set<checked>(out, fixed_syntax<S, syntax::written_by(C)>{}, packed, a.view(),
                                          a.overflow);
    }
};
}  // namespace detail

// A struct's members `Members` bound to command row `C` (see detail::command_row_binding).
template <const syntax& S, const command& C, const row_rules& Rules, auto... Members>
using command_binding = detail::command_row_binding<S, C, Rules, bound<Members...>>;

// The members in order of the struct that names it (`using binding = at::row_members<G, Row>`) bound to
// row `Row` of grammar `G`: row_binding without the member list. The row's first Values values (0: all)
// go to the members First on; a literal field takes none.
template <const grammar& G, std::size_t Row, std::size_t First = 0, std::size_t Values = 0>
struct row_members {
    template <class T>
    using of = detail::row_reader<G, Row, detail::member_list<detail::by_order<T, detail::unnamed_row<G, Row>::row, First, Values>>>;
};

// The same bound to command row `C`: command_binding without the member list (a literal parameter takes
// no member: the writer puts the table's word).
template <const syntax& S, const command& C, const row_rules& Rules>
struct command_members {
    template <class T>
    using of = detail::command_row_binding<S, C, Rules, detail::member_list<detail::by_order<T, C>>>;
};

// One struct written with a command's set form (Write: its command_binding) and read from a line (Read: its
// row_binding), e.g. a setting and its query answer: the binding of both, `row` the command's.
template <class Write, class Read>
struct written_and_read {
    template <class T>
    struct of : detail::bound_for<Write, T>::type, detail::bound_for<Read, T>::type {
        using type = T;
        using detail::bound_for<Write, T>::type::row;
    };
};

// Writes the command line of `c` (with its CR) into `out`; the value is the number of bytes written.
template <class T>
constexpr result<std::size_t> encode(const T& c, mutable_bytes out) noexcept {
    detail::line_cursor cursor(out);
    return binding_of<T>::write(c, cursor);
}
// The bytes encode would write, with the same checks.
template <class T>
constexpr result<std::size_t> encoded_size(const T& c) noexcept {
    detail::line_cursor cursor;
    return binding_of<T>::write(c, cursor);
}

}  // namespace at
ATMQTT_END_NAMESPACE
