// bind: a typed struct's members bound, once, to the values of a table row, in table order. The row says
// what each value is and checks it (at/decode.hpp); the binding only says where it goes.
//
//     struct pub_info {
//         bytes topic; std::int32_t qos; bytes message;
//         using binding = at::row_binding<my_grammar, row_pub, &pub_info::topic, &pub_info::qos, &pub_info::message>;
//     };
//     pub_info p{};
//     at::status st = at::decode_into(ev, p);    // ev: a line event (or the line as text)
//     at::result<pub_info> r = at::decode_as<pub_info>(ev);   // the same, returned by value
//
// decode_into reads the line once, value by value (the one reader, at/decode.hpp's read_values: in code
// unrolled from the row where the build is for speed, its shared loop at -Os), straight into the members:
// no decoded_line on the way, a few words of stack whatever the row. Every value of the row is read and
// checked, bound or not; errors and offsets are decode_with's. A struct may add rules between its values
// as a member `constexpr status check_rules(const at::event&) noexcept`, run after a clean read.
//
// Member types: integers and enums (an integer value, or a word's index), bytes (the text as on the wire,
// quotes stripped), std::optional of those (empty when the value is absent), bool (a value present),
// a C array (one value per element, while the row has values), value_list<T, N> (every value left, as
// many as there are, at most N: a repeated group); at::skip in the list drops a value. A value past the
// row's leaves the member as the struct's initializer made it.
//
// at::bound<&T::a, ...> without a row is the same list of members, applied with read_row(row, ev, out,
// syntax, aliases) to a row given at run time.
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

template <class P>
struct member_of;
template <class T, class M>
struct member_of<M T::*> {
    using type = T;
};
// The class of the first member pointer that is not `skip`.
template <class... P>
struct first_owner;
template <class P, class... R>
struct first_owner<P, R...> : member_of<P> {};
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

// One member's share of the row's values: v, the i-th value it takes; whether it takes another. A C array
// takes one value per element, a value_list values while the row has some, anything else one value.
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
// How many values a member takes: one (at::skip too), a C array's size, or 0 for as many as come (a
// value_list).
template <class M>
constexpr std::size_t width_of(M*) noexcept {
    return 1;
}
template <class M, std::size_t N>
constexpr std::size_t width_of(M (*)[N]) noexcept {
    return N;
}
template <class M, std::size_t N>
constexpr std::size_t width_of(value_list<M, N>*) noexcept {
    return 0;
}
// Where the j-th value of a line goes: member `member` (size: nowhere), as its `element`-th; `known`
// unless a value_list (which takes as many as come) is before it.
struct place {
    bool known = true;
    std::size_t member = 0;
    std::size_t element = 0;
};
template <std::size_t N>
constexpr place place_of(const std::size_t (&widths)[N], std::size_t j) noexcept {
    for (std::size_t k = 0; k < N; ++k) {
        if (widths[k] == 0) return {false, k, 0};
        if (j < widths[k]) return {true, k, j};
        j -= widths[k];
    }
    return {true, N, 0};
}

// A struct's members as the values of a row go into them, in wire order: value after value to the member
// reached so far, which takes as many as it takes. `Members` names them: size, widths and put<K>(out, v, i)
// (member K takes v as its i-th value; whether it takes another). A fixed field's value whose member is
// known at compile time (fixed_row's, at index J) is stored there in code of its own.
template <class T, class Members>
struct member_sink {
    T& out;
    place at{};  // where the next value placed at run time goes

    constexpr void put(const field_value& v, std::size_t = 0) noexcept { put(v, std::make_index_sequence<Members::size>{}); }
    template <std::size_t J>
    constexpr void put(const field_value& v, std::integral_constant<std::size_t, J>) noexcept {
        constexpr place p = place_of(Members::widths, J);
        if constexpr (!p.known) put(v);
        else if constexpr (p.member < Members::size) Members::template put<p.member>(out, v, p.element);
    }

private:
    template <std::size_t... K>
    constexpr void put(const field_value& v, std::index_sequence<K...>) noexcept {
        bool more = false;
        static_cast<void>(((at.member == K && (more = Members::template put<K>(out, v, at.element), true)) || ...));
        if (more) {
            ++at.element;
        } else {
            ++at.member;
            at.element = 0;
        }
    }
};
// What a row is read with besides the row: the grammar's syntax and prefix aliases.
struct row_context {
    syntax lexical{};
    span<const prefix_alias> aliases{};
};
// G's syntax and aliases, copied at compile time (one per grammar): the grammar object (and every command
// it names) stays unlinked.
template <const grammar& G>
inline constexpr row_context context_of{G.lexical, G.prefix_aliases};

// A table's fields as firmware reads them: without their names (the host tool, the reference generator
// and the fuzz dictionaries read names from the dialect's own tables, which firmware then never links).
template <std::size_t N>
constexpr std::array<field_spec, N> unnamed(span<const field_spec> fields) noexcept {
    std::array<field_spec, N> out{};
    for (std::size_t i = 0; i < N; ++i) {
        out[i] = fields[i];
        out[i].name = {};
    }
    return out;
}
template <const grammar& G, std::size_t Row>
struct unnamed_row {
    static constexpr std::array<field_spec, G.lines[Row].fields.size()> fields =
        unnamed<G.lines[Row].fields.size()>(G.lines[Row].fields);
    static constexpr line row = G.lines[Row].with_fields({fields.data(), fields.size()});
};

// Row `Row` of G as read_values walks it where a build is for speed (ATMQTT_AT_FAST_PATHS): each field's
// code unrolled, the row's and the field's properties constants (static members named as line's and
// field_spec's), so that the compiler keeps only what a field needs; the one reader's source either way.
template <const line& L>
struct constant_line {
    static constexpr std::uint8_t length = L.length;
    static constexpr std::uint8_t repeat = L.repeat;
    static constexpr std::uint8_t repeat_min = L.repeat_min;
    static constexpr std::uint8_t repeat_max = L.repeat_max;
    static constexpr bool length_optional() noexcept { return L.length_optional(); }
    static constexpr bool length_may_count_hex() noexcept { return L.length_may_count_hex(); }
};
template <const line& L, std::size_t K>
struct constant_spec {
    static constexpr field_type type = L.fields[K].type;
    static constexpr quoting quote = L.fields[K].quote;
    static constexpr std::int32_t min = L.fields[K].min;
    static constexpr std::int32_t max = L.fields[K].max;
    static constexpr std::string_view words = L.fields[K].words;
    static constexpr bool is_optional() noexcept { return L.fields[K].is_optional(); }
};
template <const grammar& G, std::size_t Row>
struct fixed_row {
    static constexpr const line& L = unnamed_row<G, Row>::row;
    static constexpr std::size_t fixed = L.fields.size() - L.repeat;
    static constexpr row_opening opened = opening_of(L, G.prefix_aliases);

    constexpr constant_line<unnamed_row<G, Row>::row> row() const noexcept { return {}; }
    template <std::size_t K>
    constexpr constant_spec<unnamed_row<G, Row>::row, K> spec(std::integral_constant<std::size_t, K>) const noexcept {
        return {};
    }
    constexpr const row_opening& opening(span<const prefix_alias>) const noexcept { return opened; }
    template <class F>
    constexpr void each(bool group, F&& f) const noexcept {
        if (group) each_of<fixed>(f, std::make_index_sequence<L.repeat>{});
        else each_of<0>(f, std::make_index_sequence<fixed>{});
    }

private:
    template <std::size_t From, class F, std::size_t... K>
    static constexpr void each_of(F& f, std::index_sequence<K...>) noexcept {
        static_cast<void>((f(std::integral_constant<std::size_t, From + K>{}) && ...));
    }
};

// At run time the members are reached by address, each stored by a function of its type (store_as<M>,
// one per member type in a program, not per struct): one sink, slot_sink, serves every struct. (Constant
// evaluation, which cannot cast from void*, puts into the members through member_sink.)
using member_slot = bool (*)(void* at, const field_value& v, std::size_t i) noexcept;  // null: at::skip
template <class M>
bool store_as(void* at, const field_value& v, std::size_t i) noexcept {
    return put(*static_cast<M*>(at), v, i);
}
struct slot_sink {
    const member_slot* slots;
    void* const* at;
    std::size_t size;
    std::size_t member = 0;
    std::size_t element = 0;

    void put(const field_value& v, std::size_t = 0) noexcept {
        if (member == size) return;
        if (slots[member] != nullptr && slots[member](at[member], v, element)) {
            ++element;
        } else {
            ++member;
            element = 0;
        }
    }
};

// The typed decode's run-time read: `e` against `row` into the members at `at`. Out of line, so that its
// sinks are in its frame, not in that of a caller that decodes several structs.
[[gnu::noinline]] inline status read_slots(const line& row, const event& e, const row_context& c, const member_slot* slots,
                                           void* const* at, std::size_t n) noexcept {
    slot_sink sink{slots, at, n};
    return read_into(row, e, c.lexical, c.aliases, sink);
}

template <class T, class = void>
struct has_rules : std::false_type {};
template <class T>
struct has_rules<T, std::void_t<decltype(std::declval<T&>().check_rules(std::declval<const event&>()))>>
    : std::true_type {};

// The members `Members` of T read from a line against `row` (read_values), then T's own rules between its
// values (after a clean read), if it has any.
template <class T, class Members>
struct member_reader {
    // Against row `Row` of G: unrolled where the build is for speed, else the one shared loop.
    template <const grammar& G, std::size_t Row>
    static constexpr status read(const event& e, T& out) noexcept {
        if constexpr (ATMQTT_AT_FAST_PATHS) {
            // the values of the repeated group (and any after a value_list) placed at run time from where
            // the fixed fields leave off
            constexpr place group_at = place_of(Members::widths, fixed_row<G, Row>::fixed);
            member_sink<T, Members> sink{out, group_at};
            return rules(read_values(fixed_row<G, Row>{}, e, context_of<G>.lexical, context_of<G>.aliases, sink, nullptr),
                         e, out);
        } else {
            return read_here(unnamed_row<G, Row>::row, e, out, context_of<G>);
        }
    }
    // Against a row given at run time: out of line, so that a caller reading one line as any of several
    // structs (a session's answers) keeps no member addresses in its own frame.
    [[gnu::noinline]] static constexpr status read_row(const line& row, const event& e, T& out, const row_context& c) noexcept {
        return read_here(row, e, out, c);
    }
    static constexpr status read_here(const line& row, const event& e, T& out, const row_context& c) noexcept {
        member_sink<T, Members> typed{out};  // constant evaluation's way (no cast from void* there)
        if (::atmqtt::detail::in_constant_evaluation()) return rules(read_into(row, e, c.lexical, c.aliases, typed), e, out);
        const auto at = Members::addresses(out);
        return rules(read_slots(row, e, c, Members::slots, at.data(), Members::size), e, out);
    }
    static constexpr status rules(status st, const event& e, T& out) noexcept {
        if constexpr (has_rules<T>::value) {
            if (st) return out.check_rules(e);
        } else {
            static_cast<void>(e);
            static_cast<void>(out);
        }
        return st;
    }
};

template <std::size_t K, auto First, auto... Rest>
constexpr auto nth_member() noexcept {
    if constexpr (K == 0) {
        return First;
    } else {
        return nth_member<K - 1, Rest...>();
    }
}
template <class T, auto Member>
constexpr member_slot slot_of() noexcept {
    if constexpr (std::is_null_pointer<decltype(Member)>::value) return nullptr;
    else return &store_as<std::remove_reference_t<decltype(std::declval<T&>().*Member)>>;
}
template <auto Member, class T>
constexpr void* address_of(T& out) noexcept {
    if constexpr (std::is_null_pointer<decltype(Member)>::value) return nullptr;
    else return &(out.*Member);
}
template <class T, auto Member>
constexpr std::size_t member_width() noexcept {
    if constexpr (std::is_null_pointer<decltype(Member)>::value) return 1;
    else return width_of(static_cast<std::remove_reference_t<decltype(std::declval<T&>().*Member)>*>(nullptr));
}
// A member list as member_sink reads it: member K at out.*Member (at::skip: nowhere).
template <class T, auto... Members>
struct pointed_members {
    static constexpr std::size_t size = sizeof...(Members);
    static constexpr std::size_t widths[size] = {member_width<T, Members>()...};
    static constexpr member_slot slots[size] = {slot_of<T, Members>()...};
    static std::array<void*, size> addresses(T& out) noexcept { return {address_of<Members>(out)...}; }
    template <std::size_t K>
    static constexpr bool put(T& out, const field_value& v, std::size_t i) noexcept {
        constexpr auto m = nth_member<K, Members...>();
        if constexpr (std::is_null_pointer<decltype(m)>::value) {
            static_cast<void>(out);
            static_cast<void>(v);
            static_cast<void>(i);
            return false;
        } else {
            return detail::put(out.*m, v, i);
        }
    }
};

}  // namespace detail

// In a member list: a value that goes nowhere (a key word between values, say); still read and checked.
inline constexpr std::nullptr_t skip = nullptr;

// The members of one struct, in the order of the row's values.
template <auto First, auto... Rest>
struct bound {
    using type = typename detail::first_owner<decltype(First), decltype(Rest)...>::type;
    static constexpr std::size_t size = 1 + sizeof...(Rest);
    using reader = detail::member_reader<type, detail::pointed_members<type, First, Rest...>>;

    // f(member) for every member, in order (the encoder's way through a struct).
    template <class F>
    static constexpr void each(const type& t, F&& f) noexcept {
        f(t.*First);
        (f(t.*Rest), ...);
    }

    // Reads `e` against `row` into out's members (see the header comment).
    static constexpr status read_row(const line& row, const event& e, type& out, const syntax& s = {},
                                     span<const prefix_alias> aliases = {}) noexcept {
        return reader::read_row(row, e, out, detail::row_context{s, aliases});
    }
};

// Row `Row` of grammar `G`, copied at compile time: code that reads through it links that row's fields
// only, not the grammar's whole line table (and every row in it), and no field names.
template <const grammar& G, std::size_t Row>
inline constexpr const line& grammar_row = detail::unnamed_row<G, Row>::row;

// The members of one struct bound to row `Row` of grammar `G` (the table's syntax and prefix aliases apply).
template <const grammar& G, std::size_t Row, auto... Members>
struct row_binding : bound<Members...> {
    static_assert(Row < G.lines.size(), "row_binding: no such row");
    static constexpr const line& row = grammar_row<G, Row>;
    static constexpr std::size_t index = Row;  // in G.lines: what a classifier's answer is compared with

    using type = typename bound<Members...>::type;

    static constexpr status read(const event& e, type& out) noexcept {
        return row_binding::reader::template read<G, Row>(e, out);
    }
    // Against another row of G with the same values (a struct shared by two rows), given at run time.
    static constexpr status read(const line& other, const event& e, type& out) noexcept {
        return row_binding::reader::read_row(other, e, out, detail::context_of<G>);
    }
};

// A line event read into a struct that names its row (`using binding = at::row_binding<...>`). `out` is
// value-initialised first: a struct reused for line after line (a URC handler's storage) keeps nothing
// of the previous line (an absent optional, a shorter repeated group, check_rules' counters).
template <class T>
constexpr status decode_into(const event& e, T& out) noexcept {
    out = T{};
    return T::binding::read(e, out);
}
// The same for a line given as text (a payload then runs to the line end).
template <class T>
constexpr status decode_into(bytes text, T& out) noexcept {
    return decode_into(line_event(text), out);
}
// Against `row` instead of T's own (a row of the same grammar with the same values: a row a classifier
// named, when one struct serves two rows).
template <class T>
constexpr status decode_into(const line& row, const event& e, T& out) noexcept {
    out = T{};
    return T::binding::read(row, e, out);
}

// decode_into, the struct returned by value (for small structs and constant expressions).
template <class T>
constexpr result<T> decode_as(const event& e) noexcept {
    // A value-initialised T right inside the result (errc::ok: a success), decoded in place and returned
    // as the one named result (no copy of T).
    result<T> out(errc::ok, e.text.size());
    const status st = T::binding::read(e, *out);
    if (!st) out = result<T>(st.error(), st.offset());
    return out;
}
template <class T>
constexpr result<T> decode_as(bytes text) noexcept {
    return decode_as<T>(line_event(text));
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
// are the dialect's checks between parameters, run before the writer (offsets are argument indexes).

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
    bool overflow = false;
    const packed_row* row = nullptr;  // for the words of enum and bool members

    constexpr void add(const value& x) noexcept {
        if (n < Capacity) v[n++] = x;
        else overflow = true;
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
        if constexpr (std::is_enum<M>::value) {
            add_index(static_cast<std::int64_t>(m));
        } else if constexpr (std::is_same<M, bool>::value) {
            add_index(m ? 1 : 0);
        } else if constexpr (is_optional<M>::value) {
            if (m) add(*m);
            else add(value());
        } else if constexpr (has_binding<M>::value && !std::is_convertible<const M&, value>::value) {
            argument_list* self = this;  // named: clang takes a bare `this` in a generic lambda for unused
            M::binding::each(m, [self](const auto& x) { self->add(x); });
        } else {
            add(value(m));
        }
    }
    constexpr span<const value> view() const noexcept { return {v, n}; }
};

}  // namespace detail

namespace detail {
// A typed command's set form: its row's rules (packed with it), then the writer; one call per command
// written, whatever the struct. `overflow`: the capacity the arguments overran (0: none).
// Checked: a dialect with a rule table (its other commands' rows carry no rules).
template <bool Checked, class Cursor, class Lex>
constexpr result<std::size_t> write_set(Cursor& out, const Lex& lexical, const packed_row& row, span<const value> args,
                                        std::size_t overflow) noexcept {
    if (overflow != 0) return {errc::at_too_many_fields, overflow};
    if constexpr (Checked) {
        status rule = check_param_rules(row.rule_list(), row, args);
        if (!rule) return {rule.error(), rule.offset()};
    }
    return write_into(out, lexical, row, form::set, args);
}

// A struct bound to command row `C` (the set form) of a dialect with syntax `S` and the rules between
// parameters `Rules` (the dialect's row_rules, or no_row_rules: table data, the row's rules packed with it);
// `Binding::add_to(a, c)` puts the members of `c` into the arguments `a`, in parameter order.
template <const syntax& S, const command& C, const row_rules& Rules, class Binding, class T>
struct command_row_binding {
    using type = T;
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
        // The syntax as a type: the dialect's tables stay unlinked, and so do the escapes it has not.
        return detail::write_set<checked>(out, fixed_syntax<S>{}, packed, a.view(), a.overflow ? capacity : 0);
    }
};
}  // namespace detail

// A struct's members `Members` bound to command row `C` (see detail::command_row_binding).
template <const syntax& S, const command& C, const row_rules& Rules, auto... Members>
struct command_binding : detail::command_row_binding<S, C, Rules, command_binding<S, C, Rules, Members...>,
                                                     typename detail::first_owner<decltype(Members)...>::type> {
    template <class Arguments>
    static constexpr void add_to(Arguments& a, const typename command_binding::type& c) noexcept {
        (a.add(c.*Members), ...);
    }
};

// One struct written with a command's set form (Write: its command_binding) and read from a line (Read: its
// row_binding), e.g. a setting and its query answer: the binding of both, `row` the command's.
template <class Write, class Read>
struct written_and_read : Write, Read {
    using type = typename Write::type;
    using Write::row;
};

// Writes the command line of `c` (with its CR) into `out`; the value is the number of bytes written.
template <class T>
constexpr result<std::size_t> encode(const T& c, mutable_bytes out) noexcept {
    detail::line_cursor cursor(out);
    return T::binding::write(c, cursor);
}
// The bytes encode would write, with the same checks.
template <class T>
constexpr result<std::size_t> encoded_size(const T& c) noexcept {
    detail::line_cursor cursor;
    return T::binding::write(c, cursor);
}

}  // namespace at
ATMQTT_END_NAMESPACE
