// On-target test runner: the host tests' byte vectors (generated into target_vectors.hpp by gen_vectors.py)
// run on the emulated Cortex-M4, each split at every offset. No exceptions, RTTI or heap: results go out
// through semihosting and the exit status. What is compared, per group:
//   - MQTT packet vectors: decode at each valid level, re-encode byte-exact, check_frame complete; every
//     prefix is incomplete (decode and check_frame) at its own end.
//   - refused MQTT packets: the exact errc and offset; every prefix incomplete or that same error.
//   - USR data-mode frame files: each frame decodes to its expected fields and re-encodes byte-exact.
//   - hostile dialect lines: the typed decoder the host test calls gives its exact errc and offset, or ok
//     (single lines, not streamed: no splits).
//   - dialect command vectors: written byte-exact from the vector's parameters through the dialect's table
//     (at::command_size / at::write_command); the bytes then tokenized in two pieces split at every offset
//     give one line, the command without its CR.
//   - dialect transcripts: fed in two pieces split at every offset, the tokenizer's events are the same as
//     for the whole log, and the .expected.jsonl's events are found in the log, in order: each echo's text,
//     each final result (at::classify_final), each data block after a prompt, and each response / URC with
//     its name and field values, decoded through the dialect's table (at::decode_with, and for answers to
//     AT+NAME=? at::decode_test_response). Prompts and unknown lines are the host tool's routing: not
//     compared. Every other line of the log may be anything (the expected events are a subsequence).
#include <atmqtt/at/decode.hpp>
#include <atmqtt/at/tokenizer.hpp>
#include <atmqtt/at/writer.hpp>
#include <atmqtt/core/hex.hpp>
#include <atmqtt/dialect/onemo/grammar.hpp>
#include <atmqtt/dialect/quectel/grammar.hpp>
#include <atmqtt/dialect/risinghf/grammar.hpp>
#include <atmqtt/dialect/usr/data_mode.hpp>
#include <atmqtt/dialect/usr/grammar.hpp>
#include <atmqtt/mqtt/decode.hpp>
#include <atmqtt/mqtt/encode.hpp>
#include <atmqtt/mqtt/framing.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "semihosting.hpp"
#include "target_vectors.hpp"

namespace {

namespace at = atmqtt::at;
namespace mqtt = atmqtt::mqtt;
using atmqtt::bytes;
using atmqtt::errc;
using namespace target_vectors;

// ---- reporting ----------------------------------------------------------------------------------------

struct tally {
    unsigned long cases = 0, splits = 0, failures = 0;
};
tally total;

void print(const char* s) { semihosting::write(s); }
void print(unsigned long n) {
    char buf[24];
    std::size_t i = sizeof buf;
    do {
        buf[--i] = static_cast<char>('0' + n % 10);
        n /= 10;
    } while (n != 0);
    semihosting::write(buf + i, sizeof buf - i);
}

// One failure: what, which vector, a number that locates it (a split offset, an index) and optionally a
// second one. The first 50 print.
void fail(const char* what, const char* name, std::size_t where, const char* also = nullptr, std::size_t n = 0) {
    if (++total.failures <= 50) {
        print("FAIL ");
        print(what);
        print(": ");
        print(name);
        print(" @ ");
        print(static_cast<unsigned long>(where));
        if (also != nullptr) {
            print(also);
            print(static_cast<unsigned long>(n));
        }
        print("\n");
    }
}

void report(const char* group, const tally& before) {
    print(group);
    print(": ");
    print(total.cases - before.cases);
    print(" vectors, ");
    print(total.splits - before.splits);
    print(" splits, ");
    print(total.failures - before.failures);
    print(" failures\n");
}

// ---- MQTT ---------------------------------------------------------------------------------------------

char packet_out[512];

void check_packet(const mqtt_vector& v) {
    const bytes wire(v.wire, v.size);
    for (unsigned bit = 1; bit <= 2; bit <<= 1) {
        if ((v.levels & bit) == 0) continue;
        const mqtt::protocol_level level = bit == 1 ? mqtt::protocol_level::v3_1 : mqtt::protocol_level::v3_1_1;
        const auto p = mqtt::decode(wire, level);
        if (!p.ok()) {
            fail("packet does not decode", v.name, p.offset());
            continue;
        }
        const auto size = mqtt::encoded_size(*p, level);
        const auto n = mqtt::encode(*p, atmqtt::mutable_bytes(packet_out, sizeof packet_out), level);
        if (!size.ok() || !n.ok() || *size != v.size || *n != v.size || bytes(packet_out, *n) != wire)
            fail("packet does not re-encode byte-exact", v.name, bit);
    }
    const mqtt::frame_status whole = mqtt::check_frame(wire);
    if (whole.state != mqtt::frame_state::complete || whole.size != v.size) fail("check_frame", v.name, v.size);
    for (std::size_t k = 0; k < v.size; ++k, ++total.splits) {
        const bytes prefix = wire.substr(0, k);
        const auto p = mqtt::decode(prefix, (v.levels & 2) != 0 ? mqtt::protocol_level::v3_1_1 : mqtt::protocol_level::v3_1);
        if (p.error() != errc::incomplete || p.offset() != k) fail("prefix is not incomplete", v.name, k);
        if (mqtt::check_frame(prefix).state != mqtt::frame_state::need_more) fail("check_frame of a prefix", v.name, k);
    }
}

// tests/mqtt/vectors.hpp check_refused, on target.
void check_refused(const mqtt_refused& c) {
    const bytes wire(c.wire, c.size);
    const mqtt::protocol_level level = c.v3_1 ? mqtt::protocol_level::v3_1 : mqtt::protocol_level::v3_1_1;
    const auto r = mqtt::decode(wire, level);
    if (r.error() != c.expected || r.offset() != c.offset) fail("refused packet: errc or offset", c.name, r.offset());
    for (std::size_t k = 0; k < c.size; ++k, ++total.splits) {
        const auto p = mqtt::decode(wire.substr(0, k), level);
        const bool fine = p.error() == errc::incomplete ? p.offset() == k : p.error() == c.expected && p.offset() == c.offset;
        if (!fine) fail("refused packet prefix", c.name, k);
    }
}

// tests/hostile/test_dialects.cpp check_all, on target: the typed decoder's errc and offset, or ok.
void check_hostile(const hostile_line& h) {
    const line_outcome r = h.decode(bytes(h.line, h.size));
    if (r.error != h.expected || (r.error != errc::ok && r.offset != h.offset)) fail("hostile line", h.decoder, r.offset);
}

// tests/dialects/test_usr_transcripts.cpp's frame files, on target: each USR data-mode frame decodes to the
// expected fields and re-encodes byte-exact (frames have no stream to split: the caller gives boundaries).
void check_usr_frame(const usr_frame& v) {
    const bytes frame(v.bytes, v.size);
    const auto r = atmqtt::usr::decode_frame(frame, v.mode, v.uplink ? atmqtt::usr::direction::uplink : atmqtt::usr::direction::downlink);
    if (!r.ok()) return fail("USR frame does not decode", v.file, r.offset());
    char fields[512];
    std::size_t n = 0;
    auto add = [&](bytes b) {
        for (char c : b)
            if (n < sizeof fields) fields[n++] = c;
    };
    auto add_number = [&](unsigned x) {
        char d[4] = {static_cast<char>('0' + x / 100), static_cast<char>('0' + x / 10 % 10), static_cast<char>('0' + x % 10)};
        add(bytes(d + (x >= 100 ? 0 : x >= 10 ? 1 : 2), x >= 100 ? 3 : x >= 10 ? 2 : 1));
    };
    add(atmqtt::usr::to_string(r->kind));
    for (unsigned x : {unsigned{r->slot}, unsigned{r->qos}, unsigned{r->retain}}) add("\x1f"), add_number(x);
    add("\x1f"), add(r->topic), add("\x1f"), add(r->payload);
    if (bytes(fields, n) != bytes(v.fields, v.fields_size)) fail("USR frame fields", v.file, n);
    char out[512];
    const auto size = atmqtt::usr::encoded_size(*r);
    const auto w = atmqtt::usr::encode(*r, atmqtt::mutable_bytes(out, sizeof out));
    if (!size.ok() || !w.ok() || *size != v.size || bytes(out, *w) != frame) fail("USR frame does not re-encode byte-exact", v.file, 0);
}

// ---- dialects -----------------------------------------------------------------------------------------


struct dialect {
    const at::grammar* grammar;
    atmqtt::span<const at::payload_rule> rules;
};
const dialect dialects[] = {  // gen_vectors.py's DIALECTS order
    {&atmqtt::quectel::grammar, at::payload_rules_of<atmqtt::quectel::grammar>},
    {&atmqtt::onemo::grammar, at::payload_rules_of<atmqtt::onemo::grammar>},
    {&atmqtt::usr::grammar, at::payload_rules_of<atmqtt::usr::grammar>},
    {&atmqtt::risinghf::grammar, at::payload_rules_of<atmqtt::risinghf::grammar>},
};

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

using at::detail::equal_nocase;  // the classifier's own compare of names and selectors

// The JSON key of a table name (the tool's key_of): lowercase, anything but [a-z0-9] as '_'.
bool key_is(std::string_view name, std::string_view key) {
    if (name.size() != key.size()) return false;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const char l = lower(name[i]);
        if (((l >= 'a' && l <= 'z') || (l >= '0' && l <= '9') ? l : '_') != key[i]) return false;
    }
    return true;
}

const command_arg* find_arg(const command_vector& v, const at::field_spec& p, int item) {
    if (p.type == at::field_type::literal) return nullptr;
    for (std::size_t i = 0; i < v.arg_count; ++i)
        if (v.args[i].item == item && key_is(p.name, v.args[i].key)) return &v.args[i];
    return nullptr;
}

char hex_store[1024];
std::size_t hex_used = 0;

at::value to_value(const command_arg* a, const at::field_spec& p) {
    if (a == nullptr || a->kind == 0) return at::value();
    if (a->kind == 1) return at::value(a->number);
    if (p.type != at::field_type::hex) return at::value(std::string_view(a->text, a->size));
    // Hex parameters take hex text; the writer takes the octets.
    char* out = hex_store + hex_used;
    const auto n = atmqtt::hex_decode(bytes(a->text, a->size), atmqtt::mutable_bytes(out, sizeof hex_store - hex_used));
    if (!n) return at::value();
    hex_used += *n;
    return at::value::binary(bytes(out, *n));
}

at::value args[64];
char command_out[1024];

void check_command(const command_vector& v) {
    const at::grammar& g = *dialects[v.dialect].grammar;
    // (std::string_view::substr may throw: it would link abort() and the C library's heap.)
    std::size_t slash = 0;
    while (v.command[slash] != '\0' && v.command[slash] != '/') ++slash;
    const std::string_view name(v.command, slash);
    const std::string_view selector(v.command[slash] == '/' ? v.command + slash + 1 : "");
    const std::string_view f(v.form);
    const at::form form = f == "test" ? at::form::test : f == "read" ? at::form::read : f == "execute" ? at::form::execute : at::form::set;
    // Commands may share a name and selector (OneMO's AT+MQTTSUB and its list form): the first of them
    // that writes the vector's bytes is the one, as `atmqtt at encode` chooses.
    const bytes want(v.bytes, v.size);
    bool named = false, written = false;
    std::size_t offset = 0;
    for (const at::command& c : g.commands) {
        if (written || !equal_nocase(c.name, name) || !equal_nocase(c.selector, selector)) continue;
        named = true;
        std::size_t n = 0;
        hex_used = 0;
        const std::size_t fixed = c.params.size() - c.repeat;
        for (std::size_t i = 0; i < fixed && n < 64; ++i) args[n++] = to_value(find_arg(v, c.params[i], -1), c.params[i]);
        for (int k = 0; c.repeat != 0 && find_arg(v, c.params[fixed], k) != nullptr; ++k)
            for (std::size_t i = fixed; i < c.params.size() && n < 64; ++i) args[n++] = to_value(find_arg(v, c.params[i], k), c.params[i]);
        const atmqtt::span<const at::value> a(args, n);
        const auto size = at::command_size(g.lexical, c, form, a);
        const auto w = at::write_command(g.lexical, c, form, a, atmqtt::mutable_bytes(command_out, sizeof command_out));
        written = size.ok() && w.ok() && *size == v.size && bytes(command_out, *w) == want;
        if (!written && offset == 0) offset = w.ok() ? *w : w.offset();
    }
    if (!named) {
        fail("command not in the table", v.where, 0);
        return;
    }
    if (!written) {
        fail("command not written byte-exact", v.where, offset);
        return;
    }
    // The written command through the tokenizer, split at every offset: one line, without its CR.
    static at::tokenizer<1024> tok;
    const bytes line = want.size() > 0 && want.back() == '\r' ? want.substr(0, want.size() - 1) : want;
    for (std::size_t k = 0; k <= want.size(); ++k, ++total.splits) {
        tok = at::tokenizer<1024>({}, g.lexical);
        std::size_t lines = 0;
        bool right = true;
        for (const bytes piece : {want.substr(0, k), want.substr(k), bytes("\r\n")}) {
            (void)tok.feed(piece);
            for (at::event e = tok.next(); e; e = tok.next()) {
                ++lines;
                right = right && e.kind == at::event_kind::line && e.text == line;
            }
        }
        if (lines != 1 || !right) fail("command bytes do not tokenize as one line", v.where, k);
    }
}

// ---- transcripts --------------------------------------------------------------------------------------

constexpr std::size_t value_capacity = 128;
using decoded = at::decoded_line<value_capacity>;

// name, then 0x1F and each value: what gen_vectors.py's canonical() makes of an expected event.
class canonical_text {
public:
    void clear() { n_ = 0; }
    void add(bytes b) {
        for (char c : b) add(c);
    }
    void add(char c) {
        if (n_ < sizeof buf_) buf_[n_++] = c;
    }
    void add_number(std::int64_t v) {
        if (v < 0) add('-');
        std::uint64_t u = v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
        char d[24];
        std::size_t i = 0;
        do {
            d[i++] = static_cast<char>('0' + u % 10);
            u /= 10;
        } while (u != 0);
        while (i > 0) add(d[--i]);
    }
    void add_value(const at::field_value& v, const at::syntax& s) {
        add('\x1f');
        if (v.kind == at::value_kind::integer) return add_number(v.number);
        if (v.kind == at::value_kind::text && v.quoted) {  // escapes decoded, as the tool prints it
            const auto n = v.decode_text(s, atmqtt::mutable_bytes(buf_ + n_, sizeof buf_ - n_));
            if (n.ok()) {
                n_ += *n;
                return;
            }
        }
        add(v.text);
    }
    bytes view() const { return {buf_, n_}; }
    bool overflowed() const { return n_ == sizeof buf_; }

private:
    char buf_[2048];
    std::size_t n_ = 0;
};

canonical_text canon;

void describe(const decoded& d, const at::syntax& s) {
    const at::line& l = *d.desc;
    canon.clear();
    canon.add('R');
    bytes name = d.prefix.empty() ? bytes(l.prefix) : d.prefix;
    if (!name.empty() && name[0] == '+') name = name.substr(1);
    canon.add(name);
    if (!l.selector.empty()) {
        canon.add('/');
        canon.add(bytes(l.selector));
    }
    const std::size_t fixed = l.fields.size() - l.repeat;
    for (std::size_t f = 0; f < l.fields.size(); ++f) {
        if (l.fields[f].type == at::field_type::literal) continue;
        for (std::size_t i = 0; i < d.count; ++i) {
            if (d.values[i].spec != f || (f < fixed && !d.values[i].present())) continue;
            canon.add_value(d.values[i], s);
            if (f < fixed) break;
        }
    }
}

// One pass over a transcript, in the pieces given.
class transcript_run {
public:
    transcript_run(const transcript& t) : t_(t), g_(*dialects[t.dialect].grammar) {
        tok_ = at::tokenizer<2048>(dialects[t.dialect].rules, g_.lexical);
    }

    void feed(bytes piece) {
        (void)tok_.feed(piece);
        for (at::event e = tok_.next(); e; e = tok_.next()) on_event(e);
    }
    void finish() {
        if (!tok_.idle() && !tok_.mid_payload()) feed(bytes("\r\n"));
    }

    std::uint32_t hash() const { return hash_; }
    std::size_t matched() const { return next_; }

private:
    void mix(std::size_t v) {
        for (int i = 0; i < 4; ++i) hash_ = (hash_ ^ ((v >> (8 * i)) & 0xFF)) * 16777619u;
    }
    void mix(bytes b) {
        mix(b.size());
        for (char c : b) mix(static_cast<unsigned char>(c));
    }

    // The canonical text just built is the next expected event: consume it.
    bool offer() {
        if (next_ == t_.event_count || canon.view() != bytes(t_.events[next_].text, t_.events[next_].size)) return false;
        ++next_;
        return true;
    }

    void on_event(const at::event& e) {
        // Data arrives in pieces that follow the split: the block's bytes, not its pieces, go into the hash
        // and are compared once the block is complete.
        if (e.kind == at::event_kind::data) {
            if (data_.view().empty()) data_.add('D');
            for (char c : e.text) mix(static_cast<unsigned char>(c)), data_.add(c);
            if (e.remaining == 0) {
                canon = data_;
                data_.clear();
                offer();
            }
            return;
        }
        mix(static_cast<std::size_t>(e.kind));
        mix(e.text);
        mix(e.payload);
        mix(static_cast<std::size_t>(e.error));
        mix(e.offset);
        if (e.kind == at::event_kind::prompt && data_length_ > 0 && tok_.expect_data(data_length_).ok()) data_length_ = 0;
        if (e.kind != at::event_kind::line) return;
        const bytes t = e.text;
        if (t.size() >= 2 && lower(t[0]) == 'a' && lower(t[1]) == 't') {
            canon.clear();
            canon.add('E');
            canon.add(t);
            offer();
            return on_echo(t);
        }
        const at::final_result fr = at::classify_final(t, g_.lexical, g_.finals);
        if (fr.is_final() && fr.kind != at::final_kind::connect) {  // CONNECT opens a data phase instead
            describe_final(fr, t);
            offer();
            return;
        }
        const auto pl = at::split_prefix(t, g_.lexical);
        if (pl.ok() && !pl->name.empty() && pl->name[0] == '+') {
            // Copied: the line is a view into the tokenizer's buffer, which the next line overwrites.
            std::size_t n = 0;
            for (; n < pl->name.size() && n < sizeof prefix_store_; ++n) prefix_store_[n] = pl->name[n];
            prefix_ = bytes(prefix_store_, n);
            return match(e);
        }
        // An unprefixed row of a multi-row answer belongs to the prefix of the header line before it.
        if (prefix_.empty() || prefix_.size() + 2 + t.size() > sizeof joined_) return;
        std::size_t n = 0;
        for (char c : prefix_) joined_[n++] = c;
        joined_[n++] = ':';
        joined_[n++] = ' ';
        for (char c : t) joined_[n++] = c;
        at::event j{};
        j.kind = at::event_kind::line;
        j.text = bytes(joined_, n);
        match(j);
    }

    // The next expected event, if one of the table's lines decodes this line into it (or, after an
    // AT+NAME=? echo, the test answer of a command of that name).
    void match(const at::event& e) {
        if (next_ == t_.event_count) return;
        for (const at::line& l : g_.lines) {
            if (!at::is_candidate(l, at::key_of(e.text, g_.lexical, g_.prefix_aliases))) continue;
            const auto r = at::decode_with<value_capacity>(l, e, g_.lexical, g_.prefix_aliases);
            if (!r.ok()) continue;
            describe(*r, g_.lexical);
            if (offer()) return;
        }
        const auto pl = at::split_prefix(e.text, g_.lexical);
        if (!test_form_ || !pl.ok()) return;
        const std::string_view prefix = at::canonical_prefix(g_.prefix_aliases, std::string_view(pl->name.data(), pl->name.size()));
        for (const at::command& c : g_.commands) {
            if (!equal_nocase(c.name, echo_name_)) continue;
            const auto r = at::decode_test_response<value_capacity>(c, prefix, e.text, g_.lexical);
            if (!r.ok()) continue;
            canon.clear();
            canon.add('R');
            canon.add(bytes(prefix.substr(prefix.empty() || prefix[0] != '+' ? 0 : 1)));
            if (!r->selector.empty()) {
                canon.add('/');
                canon.add(bytes(c.selector));
            }
            for (std::size_t i = 0; i < r->count; ++i) canon.add_value(r->values[i], g_.lexical);
            if (offer()) return;
        }
    }

    // 'F', the result's name (the line without blanks; the error prefix for +CME / +CMS / a vendor's extended
    // error), then its code, or its text for an error that has one, as the tool prints it.
    void describe_final(const at::final_result& fr, bytes t) {
        canon.clear();
        canon.add('F');
        if (fr.kind == at::final_kind::cme_error || fr.kind == at::final_kind::cms_error) {
            canon.add(bytes(fr.kind == at::final_kind::cme_error ? "CME ERROR" : "CMS ERROR"));
        } else {
            const auto pl = at::split_prefix(t, g_.lexical);
            bytes name = fr.kind == at::final_kind::ext_error && pl.ok() ? pl->name : t;
            while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
            while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) name.remove_prefix(1);
            if (fr.kind == at::final_kind::ext_error && !name.empty() && name[0] == '+') name.remove_prefix(1);
            canon.add(name);
        }
        if (fr.has_code) {
            canon.add('\x1f');
            canon.add_number(fr.code);
        } else if (!fr.argument.empty() && fr.kind != at::final_kind::ok) {
            canon.add('\x1f');
            canon.add(fr.argument);
        }
    }

    // An echoed command that prompts for data: its last positive integer parameter is the block's length.
    void on_echo(bytes t) {
        prefix_ = {};
        data_length_ = 0;
        std::size_t i = 2;
        while (i < t.size() && t[i] == ' ') ++i;
        if (i < t.size() && t[i] == '+') ++i;
        while (i < t.size() && t[i] == ' ') ++i;
        const std::size_t start = i;
        while (i < t.size() && t[i] != '=' && t[i] != '?' && t[i] != ' ') ++i;
        const std::string_view name(t.data() + start, i - start);
        echo_name_ = {};
        for (std::size_t n = 0; n < name.size() && n < sizeof echo_store_; ++n) echo_store_[n] = name[n];
        echo_name_ = std::string_view(echo_store_, name.size() < sizeof echo_store_ ? name.size() : sizeof echo_store_);
        while (i < t.size() && t[i] == ' ') ++i;
        test_form_ = i + 1 < t.size() && t[i] == '=' && t[i + 1] == '?';
        if (i + 1 >= t.size() || t[i] != '=' || t[i + 1] == '?') return;
        bool prompts = false;
        for (const at::command& c : g_.commands)
            prompts = prompts || (c.is(at::command::prompt_bit) && equal_nocase(c.name, name));
        if (!prompts) return;
        at::field_reader r(t.substr(i + 1), g_.lexical);
        while (!r.done()) {
            const auto f = r.next();
            if (!f.ok()) break;
            const auto v = f->integer();
            if (v.ok() && *v > 0) data_length_ = static_cast<std::size_t>(*v);
        }
    }

    const transcript& t_;
    const at::grammar& g_;
    static at::tokenizer<2048> tok_;
    std::uint32_t hash_ = 2166136261u;
    std::size_t next_ = 0;
    std::size_t data_length_ = 0;
    bytes prefix_{};  // of the last prefixed line (in prefix_store_)
    char prefix_store_[64];
    canonical_text data_;  // 'D' and the data block so far
    std::string_view echo_name_{};  // the command of the last echo (in echo_store_), and whether it was =?
    char echo_store_[32];
    bool test_form_ = false;
    char joined_[2200];
};
at::tokenizer<2048> transcript_run::tok_;

void check_transcript(const transcript& t) {
    const bytes log(t.log, t.size);
    std::uint32_t whole_hash = 0;
    for (std::size_t k = t.size + 1; k-- > 0; ++total.splits) {  // k == size first: the whole log
        transcript_run run(t);
        run.feed(log.substr(0, k));
        run.feed(log.substr(k));
        run.finish();
        if (k == t.size) whole_hash = run.hash();
        if (run.hash() != whole_hash) fail("tokenizer events depend on the split", t.name, k);
        if (run.matched() != t.event_count)
            fail("expected event not found in the log, split", t.name, k, ", first missing: event ", run.matched());
    }
}

// One group of vectors through its check, then its counts.
template <class Vector, std::size_t N>
void run(const char* group, const Vector (&vectors)[N], void (*check)(const Vector&)) {
    const tally before = total;
    for (const Vector& v : vectors) ++total.cases, check(v);
    report(group, before);
}

}  // namespace

extern "C" int target_main() {
    print("atmqtt on-target vectors (Cortex-M4, sizeof(std::size_t) = ");
    print(static_cast<unsigned long>(sizeof(std::size_t)));
    print(")\n");
    run("MQTT packet vectors", mqtt_vectors, check_packet);
    run("MQTT refused (malformed and hostile) packets", refused_vectors, check_refused);
    run("USR data-mode frames", usr_frames, check_usr_frame);
    run("hostile dialect lines (typed decoders)", hostile_lines, check_hostile);
    run("dialect command vectors", command_vectors, check_command);
    run("dialect transcripts", transcripts, check_transcript);
    std::size_t events = 0;
    for (const transcript& t : transcripts) events += t.event_count;
    print("  (");
    print(static_cast<unsigned long>(events));
    print(" expected events found at every split: echoes, final results, data blocks, responses and URCs)\n");
    report("total", tally{});
    return total.cases != 0 && total.failures == 0 ? 0 : 1;
}
