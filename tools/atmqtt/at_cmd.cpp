// `atmqtt at decode|encode`: what a modem sent (with command echo) -> JSON events, and JSON commands -> the
// exact command bytes, for any dialect in the registry (dialects.cpp).
//
// decode: the input goes through the AT tokenizer (N bytes at a time with --chunk N), echo lines start a
// transaction for the command they name (found in the grammar by name, selector and form), the tool's
// router (transaction.hpp, over at::classify) routes every other line, and every response / URC line is decoded against the grammar (at/decode.hpp).
// A dialect's unterminated replies (dialect::bare_replies, USR's `a+ok`) are matched at line starts before
// the tokenizer; --data-mode decodes data-mode frames with the dialect's frame decoder instead.
#include <atmqtt/at/decode.hpp>
#include <atmqtt/at/decode_command.hpp>
#include <atmqtt/at/event.hpp>
#include <atmqtt/at/grammar.hpp>
#include <atmqtt/at/result_code.hpp>
#include <atmqtt/at/tokenizer.hpp>
#include <atmqtt/at/writer.hpp>

#include "command.hpp"
#include "dialects.hpp"
#include "json.hpp"
#include "transaction.hpp"

#include <charconv>
#include <cstdint>
#include <deque>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace atmqtt_tool {
namespace {

namespace at = atmqtt::at;
using atmqtt::errc;

std::string usage_text() {
    return "usage: atmqtt at decode --dialect D [--chunk N] [FILE]\n"
           "       atmqtt at decode --dialect usr --data-mode transparent|distribution [--direction up|down] [FILE]\n"
           "       atmqtt at encode --dialect D [FILE]\n"
           "\n"
           "  D = " + dialect_names() + "\n"
           "\n"
           "decode  reads what a modem sent (command echoes included) and prints one JSON object per event:\n"
           "          {\"event\":\"echo\",\"text\":\"AT+...\"}\n"
           "          {\"event\":\"response\",\"name\":\"NAME\",\"fields\":{...}}   a line of the echoed command\n"
           "          {\"event\":\"urc\",\"name\":\"NAME[/selector]\",\"fields\":{...}}   unsolicited or deferred\n"
           "          {\"event\":\"final\",\"result\":\"OK\"}  {\"event\":\"final\",\"result\":\"CME ERROR\",\"code\":601}\n"
           "          {\"event\":\"prompt\"}  {\"event\":\"data\",\"text\":\"...\"}  {\"event\":\"unknown\",\"text\":\"...\"}\n"
           "          {\"event\":\"prompt\",\"text\":\"CONNECT\"}   CONNECT opening a command's data phase (AT+QFUPL)\n"
           "          {\"event\":\"error\",\"error\":\"<errc>\",\"offset\":N}   N: byte offset within the line\n"
           "        Field keys are the grammar's names lowercased, other characters as '_'; integers are\n"
           "        numbers; text that is not UTF-8 goes under key_hex as lowercase hex; repeated groups are\n"
           "        arrays; answers to =? keep every element as text. --chunk N feeds N bytes at a time\n"
           "        (the output does not depend on it). Exit status 1 when an error event was printed.\n"
           "        usr: the module's `a` and `+ok` of the +++ escape, which arrive without a line end\n"
           "        (`a+okAT+WKMOD=...`), are read at any line start: {\"event\":\"prompt\"} then\n"
           "        {\"event\":\"final\",\"result\":\"+ok\"}.\n"
           "        onemo: after the last of several +MQTTURC: \"publish\" pieces of one message,\n"
           "          {\"event\":\"message\",\"fields\":{\"connect_id\":..,\"mid\":..,\"topic\":\"..\",\"payload\":\"..\"}}\n"
           "        (topic_hex / payload_hex when not UTF-8); pieces lost before another message starts:\n"
           "        {\"event\":\"error\",\"error\":\"at_payload_mismatch\",\"offset\":N} (N: the bytes received).\n"
           "--data-mode M  (usr: transparent = AT+MQTTMOD=0, distribution = AT+MQTTMOD=1) decodes data-mode\n"
           "        frames instead, one frame per input line (the LF separates, it is not part of the frame):\n"
           "          {\"frame\":\"preset_publish\",\"pubnum\":1,\"payload\":\"...\"}  frame kinds and keys:\n"
           "          transparent_publish|transparent_message: payload; preset_publish: pubnum, payload;\n"
           "          preset_message: subnum, payload; temporary_publish: topic, qos, retain, payload;\n"
           "          temporary_subscribe|temporary_unsubscribe: topic, qos; temporary_message: topic, payload\n"
           "        (payload_hex / topic_hex when not UTF-8). A frame that breaks the rules:\n"
           "        {\"event\":\"error\",\"error\":\"<errc>\",\"offset\":N} (N: offset in the frame), exit status 1.\n"
           "        --direction up: frames the host sends; down (default): frames the module sends.\n"
           "        --chunk has no effect there.\n"
           "encode  reads JSON lines {\"command\":\"NAME[/selector]\",\"form\":\"test|read|set|execute\",\n"
           "        \"params\":{...}} (form defaults to set; repeated parameters as arrays; hex parameters as\n"
           "        hex text; a \"bytes\" member is ignored) and prints each command's bytes (ending in CR)\n"
           "        on its own line. The table's checks and the dialect's rules between parameters apply\n"
           "        (as in its typed encode). Bad input: {\"error\":\"<errc>\",\"offset\":N} (N: offset in the\n"
           "        JSON text), exit status 1.\n";
}

// ---- small helpers -------------------------------------------------------------------------------------

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool equal_nocase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

// The manual's parameter name as a JSON key: lowercased, every other character than [a-z0-9] as '_'.
std::string key_of(std::string_view name) {
    std::string k;
    for (char c : name) {
        char l = lower(c);
        k += (l >= 'a' && l <= 'z') || (l >= '0' && l <= '9') ? l : '_';
    }
    return k;
}

std::string hex_of(std::string_view b) {
    std::string out;
    json::append_hex(out, b);
    return out;
}

std::string quoted(std::string_view s) {
    std::string out;
    json::append_string(out, s);
    return out;
}

// Builds one JSON object member by member (the writer's number() is unsigned; AT integers may be negative).
struct object_builder {
    std::string out = "{";
    void raw(std::string_view key, std::string_view json_value) {
        if (out.size() > 1) out += ',';
        json::append_string(out, key);
        out += ':';
        out += json_value;
    }
    void text(std::string_view key, std::string_view s) { raw(key, quoted(s)); }
    std::string done() { return out + "}"; }
};

// ---- decode --------------------------------------------------------------------------------------------

constexpr std::size_t line_capacity = 8192;
constexpr std::size_t value_capacity = 128;
using decoded = at::decoded_line<value_capacity>;

class session {
public:
    explicit session(const dialect& d)
        : g_(*d.grammar), field_key_(d.field_key), bare_(d.bare_replies), rules_(make_rules(g_)),
          tok_(atmqtt::span<const at::payload_rule>(rules_.data(), rules_.size()), g_.lexical), tx_(g_),
          joiner_(d.make_joiner != nullptr ? d.make_joiner() : nullptr) {}

    void feed(atmqtt::bytes chunk) {
        if (bare_.empty()) {
            tokenize(chunk);
            return;
        }
        // The dialect has replies without a terminator: every line start is looked at here, one byte at a
        // time, so a reply split over chunks is still found and the events do not depend on the chunking.
        std::size_t pos = 0;
        while (pos < chunk.size()) {
            if (tok_.idle() && bare_step(chunk[pos])) {
                ++pos;
                continue;
            }
            // At a line start one byte (the tokenizer may be at a line start again right after it), else up
            // to and including the line end.
            std::size_t end = pos + 1;
            if (!tok_.idle())
                while (end < chunk.size() && chunk[end - 1] != '\r' && chunk[end - 1] != '\n') ++end;
            tokenize(chunk.substr(pos, end - pos));
            pos = end;
        }
    }

    // The input ended: a last line without its terminator still counts.
    // A payload or data block cut short is shown as far as it came, then at_payload_truncated (offset:
    // the bytes still missing).
    void finish() {
        flush_held();
        if (tok_.mid_payload()) {
            const std::size_t missing = tok_.pending();
            if (!data_.empty()) emit_data();
            emit_error(errc::at_payload_truncated, missing);
            return;
        }
        if (!tok_.idle()) feed(atmqtt::bytes("\r\n"));
        if (!data_.empty()) emit_data();
    }

    const std::string& output() const { return out_; }
    bool had_error() const { return had_error_; }

private:
    void tokenize(atmqtt::bytes chunk) {
        (void)tok_.feed(chunk);  // never at_busy: every chunk is read to its end before the next
        while (true) {
            at::event e = tok_.next();
            if (!e) break;
            on_event(e);
        }
    }

    // One byte at a line start: true when it belongs to (the start of) a bare reply. Otherwise the bytes
    // held so far go to the tokenizer as ordinary text and the byte is not consumed.
    bool bare_step(char c) {
        held_ += c;
        bool started = false;
        for (const bare_reply& b : bare_) {
            if (b.text.substr(0, held_.size()) != held_) continue;
            if (b.text.size() == held_.size()) {  // the first reply matched whole
                held_.clear();
                if (b.prompt) emit_event("prompt");
                std::string line(b.line);
                line += "\r\n";
                tokenize(atmqtt::bytes(line));
                return true;
            }
            started = true;
        }
        if (started) return true;
        held_.pop_back();
        flush_held();
        return false;
    }

    void flush_held() {
        if (held_.empty()) return;
        std::string h;
        h.swap(held_);
        tokenize(atmqtt::bytes(h));
    }

    static std::vector<at::payload_rule> make_rules(const at::grammar& g) {
        // The same rules as at::payload_rules_of<grammar>, built at run time: the lines', then the aliases'.
        std::vector<at::payload_rule> r(at::put_payload_rules(g, nullptr, 0));
        at::put_payload_rules(g, r.data(), r.size());
        return r;
    }

    void emit(const std::string& json) {
        out_ += json;
        out_ += '\n';
    }
    void emit_event(std::string_view kind) {
        object_builder o;
        o.text("event", kind);
        emit(o.done());
    }
    void emit_text(std::string_view kind, std::string_view text) {
        object_builder o;
        o.text("event", kind);
        if (json::valid_utf8(text))
            o.text("text", text);
        else
            o.text("text_hex", hex_of(text));
        emit(o.done());
    }
    void emit_error(errc code, std::size_t offset) {
        object_builder o;
        o.text("event", "error");
        o.text("error", atmqtt::to_string(code));
        o.raw("offset", std::to_string(offset));
        emit(o.done());
        had_error_ = true;
    }
    void emit_data() {
        emit_text("data", data_);
        data_.clear();
    }

    void on_event(const at::event& e) {
        switch (e.kind) {
            case at::event_kind::none: return;
            case at::event_kind::error: emit_error(e.error, e.offset); return;
            case at::event_kind::data:
                data_.append(e.text.data(), e.text.size());
                if (e.remaining == 0) emit_data();
                return;
            case at::event_kind::prompt: {
                (void)tx_.on_event(e);  // the prompt is shown whether or not the transaction expected it
                emit_event("prompt");
                if (data_length_ > 0) {
                    if (tok_.expect_data(data_length_).ok()) data_length_ = 0;
                }
                return;
            }
            case at::event_kind::line: on_line(e); return;
        }
    }

    static bool is_echo(atmqtt::bytes t) { return t.size() >= 2 && lower(t[0]) == 'a' && lower(t[1]) == 't'; }

    // ---- echo: begin a transaction for the command it names ----

    void on_echo(atmqtt::bytes t) {
        emit_text("echo", t);
        if (tx_.pending()) tx_.abort();
        last_prefix_.clear();
        std::size_t i = 2;
        while (i < t.size() && t[i] == ' ') ++i;
        if (i < t.size() && (t[i] == '+' || t[i] == '&' || t[i] == '$' || t[i] == '#' || t[i] == '%')) ++i;
        while (i < t.size() && t[i] == ' ') ++i;
        std::size_t start = i;
        while (i < t.size() && t[i] != '=' && t[i] != '?') ++i;
        std::string_view name(t.data() + start, i - start);
        while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
        atmqtt::bytes params{};
        if (i + 1 < t.size() && t[i] == '=' && t[i + 1] == '?') {
            form_ = at::form::test;
        } else if (i < t.size() && t[i] == '?') {
            form_ = at::form::read;
        } else if (i < t.size() && t[i] == '=') {
            form_ = at::form::set;
            params = t.substr(i + 1);
        } else {
            form_ = at::form::execute;
        }
        atmqtt::bytes selector{};
        at::field_reader reader(params, g_.lexical);
        if (!reader.done()) {
            auto f = reader.next();
            if (f.ok()) selector = f->text;
        }
        cmd_ = find_command(name, selector);
        // Forms of one command with their own answer rows are commands of one name (OneMO's AT+MQTTSUB
        // list form): the one the line decodes as, so that its responses get their row.
        if (cmd_ != nullptr && form_ == at::form::set) {
            at::decoded_command<40> d;
            if (at::decode_command(g_.commands, t, d, g_.lexical) && d.desc->name == cmd_->name && d.desc->selector == cmd_->selector)
                cmd_ = d.desc;
        }
        // A command spelled like a prefix alias (Quectel's AT+QMTCCLOSE for AT+QMTCLOSE) is that command.
        for (const at::prefix_alias& a : g_.prefix_aliases) {
            if (cmd_ != nullptr) break;
            if (a.alias.size() > 1 && a.alias[0] == '+' && equal_nocase(a.alias.substr(1), name))
                cmd_ = find_command(a.prefix.substr(a.prefix[0] == '+' ? 1 : 0), selector);
        }
        if (cmd_ != nullptr) {
            current_ = *cmd_;
        } else {
            current_ = at::cmd("", at::form{});
        }
        current_.forms = 15;  // a log shows what was sent, supported or not
        (void)tx_.begin(current_, form_);
        // The data block after a '>' prompt: the command's last integer parameter gives its length.
        data_length_ = 0;
        if (cmd_ != nullptr && cmd_->is(at::command::prompt_bit) && form_ == at::form::set) {
            at::field_reader r(params, g_.lexical);
            while (!r.done()) {
                auto f = r.next();
                if (!f.ok()) break;
                auto n = f->integer();
                if (n.ok() && *n > 0) data_length_ = static_cast<std::size_t>(*n);
            }
        }
    }

    const at::command* find_command(std::string_view name, atmqtt::bytes selector) const {
        const at::command* plain_with_form = nullptr;
        const at::command* plain = nullptr;
        const at::command* any = nullptr;
        for (const at::command& c : g_.commands) {
            if (!equal_nocase(c.name, name)) continue;
            if (!c.selector.empty()) {
                if (form_ == at::form::set && equal_nocase(c.selector, selector) && c.has(form_)) return &c;
            } else {
                if (c.has(form_) && plain_with_form == nullptr) plain_with_form = &c;
                if (plain == nullptr) plain = &c;
            }
            if (any == nullptr) any = &c;
        }
        return plain_with_form != nullptr ? plain_with_form : plain != nullptr ? plain : any;
    }

    // ---- lines ----

    void on_line(const at::event& e) {
        const atmqtt::bytes t = e.text;
        if (is_echo(t)) {
            on_echo(t);
            return;
        }
        at::final_result fr = at::classify_final(t, g_.lexical, g_.finals);
        if (fr.kind == at::final_kind::connect &&
            !(tx_.pending() && current_.is(at::command::connect_bit) && form_ == at::form::set)) {
            emit_text("unknown", t);  // a data phase the table does not describe; the final result follows
            return;
        }
        auto r = tx_.on_event(e);
        if (!r.ok()) {
            if (fr.is_final()) {
                emit_final(fr, t);
            } else if (tx_.pending()) {
                on_response(e);  // another command's response line, inside this command: still its answer
            } else {
                emit_decoded("urc", e, true);  // a response nobody waits for: shown for what it is
            }
            return;
        }
        switch (r->kind) {
            case route::prompt: emit_text("prompt", t); return;  // CONNECT opening a data phase (AT+QFUPL)
            case route::final_ok:
            case route::final_error: emit_final(r->final, t); return;
            case route::response: on_response(e); return;
            case route::deferred:
            case route::urc:
                emit_decoded("urc", e, true);
                join(e.text);
                return;
            default: emit_text("unknown", t); return;
        }
    }

    void emit_final(const at::final_result& fr, atmqtt::bytes t) {
        std::string result;
        auto trimmed = [](atmqtt::bytes b) {
            while (!b.empty() && (b.back() == ' ' || b.back() == '\t')) b.remove_suffix(1);
            while (!b.empty() && (b.front() == ' ' || b.front() == '\t')) b.remove_prefix(1);
            return std::string(b.data(), b.size());
        };
        switch (fr.kind) {
            case at::final_kind::cme_error: result = "CME ERROR"; break;
            case at::final_kind::cms_error: result = "CMS ERROR"; break;
            case at::final_kind::ext_error: {
                auto pl = at::split_prefix(t, g_.lexical);
                result = pl.ok() ? trimmed(pl->name) : trimmed(t);
                if (!result.empty() && result[0] == '+') result.erase(0, 1);
                break;
            }
            default: result = trimmed(t); break;
        }
        object_builder o;
        o.text("event", "final");
        o.text("result", result);
        if (fr.has_code) {
            o.raw("code", std::to_string(fr.code));
        } else if (!fr.argument.empty() && fr.kind != at::final_kind::ok && fr.kind != at::final_kind::connect) {
            o.text("text", std::string_view(fr.argument.data(), fr.argument.size()));
        }
        emit(o.done());
    }

    void on_response(const at::event& e) {
        // Unprefixed rows of a multi-row answer belong to the prefix of the header line before them.
        auto pl = at::split_prefix(e.text, g_.lexical);
        bool prefixed = pl.ok() && !pl->name.empty() && pl->name[0] == '+';
        if (!prefixed) {
            if (last_prefix_.empty()) {
                emit_text("unknown", e.text);
                return;
            }
            std::string head = last_prefix_ + ": ";
            std::string joined = head + std::string(e.text.data(), e.text.size());
            at::event j = e;
            j.text = atmqtt::bytes(joined);
            if (e.has_payload) {
                j.payload = atmqtt::bytes(joined).substr(head.size() + static_cast<std::size_t>(e.payload.data() - e.text.data()),
                                                         e.payload.size());
            }
            emit_decoded("response", j, false, head.size());
            return;
        }
        last_prefix_.assign(pl->name.data(), pl->name.size());
        if (form_ == at::form::test) {
            auto r = decode_preferring(e, false);
            if (r.ok()) {
                emit_fields("response", *r);
                return;
            }
            emit_test_response(e, *pl);
            return;
        }
        emit_decoded("response", e, false);
    }

    // Decodes against the grammar, trying first the lines that fit the context: deferred results and
    // URCs after a final result or outside a command, the other lines for a command's own responses.
    atmqtt::result<decoded> decode_preferring(const at::event& e, bool late) const {
        // The row the command sent names for its responses (at::command::answered_by), whatever the shape.
        if (cmd_ != nullptr && cmd_->answer < g_.lines.size() &&
            at::is_candidate(g_.lines[cmd_->answer], at::key_of(e.text, g_.lexical, g_.prefix_aliases)))
            return at::decode_with<value_capacity>(g_.lines[cmd_->answer], e, g_.lexical, g_.prefix_aliases);
        atmqtt::result<decoded> best(errc::at_unknown_response, 0);
        bool tried = false;
        for (int pass = 0; pass < 2; ++pass) {
            for (const at::line& l : g_.lines) {
                bool preferred = late ? (l.is(at::line::deferred_bit) || l.is(at::line::unsolicited_bit))
                                      : !l.is(at::line::deferred_bit);
                if (preferred != (pass == 0)) continue;
                if (!at::is_candidate(l, at::key_of(e.text, g_.lexical, g_.prefix_aliases))) continue;
                auto r = at::decode_with<value_capacity>(l, e, g_.lexical, g_.prefix_aliases);
                if (r.ok()) return r;
                if (!tried || r.offset() > best.offset()) best = atmqtt::result<decoded>(r.error(), r.offset());
                tried = true;
            }
        }
        return best;
    }

    void emit_decoded(std::string_view kind, const at::event& e, bool late, std::size_t shift = 0) {
        auto r = decode_preferring(e, late);
        if (r.ok()) {
            emit_fields(kind, *r);
            return;
        }
        // No descriptor, or bytes after a closed quote (the text cannot be read as fields at all): not
        // something the dialect describes. Any other failure is a line of a known kind that breaks its rules.
        if (r.error() == errc::at_unknown_response || r.error() == errc::at_unexpected_character) {
            emit_text("unknown", shift == 0 ? e.text : e.text.substr(shift));
            return;
        }
        emit_error(r.error(), r.offset() >= shift ? r.offset() - shift : 0);
    }

    // A URC that may be a piece of a split message: after the last piece, the joined message.
    void join(atmqtt::bytes line) {
        if (!joiner_) return;
        frame_result r = joiner_->on_urc(std::string_view(line.data(), line.size()));
        if (r.error != errc::ok) emit_error(r.error, r.offset);
        if (!r.json.empty()) emit(r.json);
    }

    void emit_test_response(const at::event& e, const at::prefixed_line& pl) {
        std::string_view prefix = at::canonical_prefix(g_.prefix_aliases, std::string_view(pl.name.data(), pl.name.size()));
        // An aliased prefix is read as the prefix it stands for (the text is rewritten to carry it).
        std::string rewritten(e.text.data(), e.text.size());
        const std::size_t name_end = static_cast<std::size_t>(pl.name.data() - e.text.data()) + pl.name.size();
        if (prefix.size() != pl.name.size() && name_end <= rewritten.size())
            rewritten = std::string(prefix) + rewritten.substr(name_end);
        const atmqtt::bytes text(rewritten);
        at::command none = at::cmd("", at::form{});
        const at::command* c = cmd_ != nullptr ? cmd_ : &none;
        // A test command of a command with sub-commands lists each of them: pick it by its first element.
        atmqtt::result<decoded> r(errc::at_unknown_response, 0);
        bool found = false;
        if (cmd_ != nullptr) {
            for (const at::command& k : g_.commands) {
                if (k.selector.empty() || !equal_nocase(k.name, cmd_->name)) continue;
                r = at::decode_test_response<value_capacity>(k, prefix, text, g_.lexical);
                if (r.ok()) {
                    c = &k;
                    found = true;
                    break;
                }
            }
        }
        if (!found) r = at::decode_test_response<value_capacity>(*c, prefix, text, g_.lexical);
        if (!r.ok()) {
            if (r.error() == errc::at_unknown_response)
                emit_text("unknown", e.text);
            else
                emit_error(r.error(), r.offset());
            return;
        }
        // Keys: the command's parameters when they match the elements one to one (or one element stands
        // for the repeated group); else the fields of a response line with this prefix and as many fields;
        // else the parameters (or that line's fields) by position, "unknown_<n>" past them.
        const std::size_t count = r->count;
        const std::size_t fixed = c->params.size() - c->repeat;
        const bool list_form = c->repeat > 1 && count == fixed + 1;
        atmqtt::span<const at::field_spec> names = c->params;
        if (count != c->params.size() && !list_form) {
            const at::line* any = nullptr;
            const at::line* exact = nullptr;
            for (const at::line& l : g_.lines) {
                if (l.prefix != prefix || !l.selector.empty() || l.is(at::line::deferred_bit)) continue;
                if (any == nullptr) any = &l;
                if (exact == nullptr && l.fields.size() == count) exact = &l;
            }
            if (exact != nullptr)
                names = exact->fields;
            else if (c->params.empty() && any != nullptr)
                names = any->fields;
        }
        object_builder fields;
        for (std::size_t i = 0; i < count; ++i) {
            const at::field_value& v = r->values[i];
            const std::size_t spec = v.spec == at::no_index ? i : v.spec;
            std::string key;
            if (names.data() == c->params.data() && list_form && spec == fixed) {
                key = "list_of";
                for (std::size_t k = fixed; k < c->params.size(); ++k) key += "_" + key_of(c->params[k].name);
            } else if (spec < names.size()) {
                key = key_of(names[spec].name);
            } else {
                key = "unknown_" + std::to_string(spec + 1);
            }
            bool hex = false;
            std::string j = value_json(v, hex);
            fields.raw(key + (hex ? "_hex" : ""), j);
        }
        std::string name(prefix);
        if (!name.empty() && name[0] == '+') name.erase(0, 1);
        if (!r->selector.empty()) name += "/" + std::string(c->selector);
        object_builder o;
        o.text("event", "response");
        o.text("name", name);
        o.raw("fields", fields.done());
        emit(o.done());
    }

    // The JSON of one value (a string's key may get a _hex suffix).
    std::string value_json(const at::field_value& v, bool& as_hex) const {
        as_hex = false;
        switch (v.kind) {
            case at::value_kind::integer: return std::to_string(v.number);
            case at::value_kind::text: {
                std::string s(v.text.data(), v.text.size());
                auto n = v.decode_text(g_.lexical);
                if (n.ok() && v.quoted) {
                    s.assign(*n, '\0');
                    (void)v.decode_text(g_.lexical, atmqtt::mutable_bytes(s.data(), s.size()));
                }
                if (!json::valid_utf8(s)) {
                    as_hex = true;
                    return quoted(hex_of(s));
                }
                return quoted(s);
            }
            default: {
                std::string_view s(v.text.data(), v.text.size());
                if (!json::valid_utf8(s)) {
                    as_hex = true;
                    return quoted(hex_of(s));
                }
                return quoted(s);
            }
        }
    }

    void emit_fields(std::string_view kind, const decoded& d) {
        object_builder fields;
        std::string name;
        {
            const at::line& l = *d.desc;
            std::size_t fixed = l.fields.size() - l.repeat;
            for (std::size_t s = 0; s < l.fields.size(); ++s) {
                if (l.fields[s].type == at::field_type::literal) continue;
                std::string key = key_of(l.fields[s].name);
                if (s < fixed) {
                    for (std::size_t i = 0; i < d.count; ++i) {
                        if (d.values[i].spec != s || !d.values[i].present()) continue;
                        bool hex = false;
                        std::string j = value_json(d.values[i], hex);
                        fields.raw(key + (hex ? "_hex" : ""), j);
                        break;
                    }
                    continue;
                }
                bool scalar = false;
                if (field_key_ != nullptr) {
                    std::string k = field_key_(l, s, d.values.data(), d.count, scalar);
                    if (!k.empty()) key = k;
                }
                std::vector<std::string> items;
                bool any_hex = false;
                for (std::size_t i = 0; i < d.count; ++i) {
                    if (d.values[i].spec != s) continue;
                    bool hex = false;
                    items.push_back(value_json(d.values[i], hex));
                    any_hex = any_hex || hex;
                }
                if (items.empty()) continue;
                if (any_hex) {  // one encoding for the whole array
                    items.clear();
                    for (std::size_t i = 0; i < d.count; ++i)
                        if (d.values[i].spec == s) items.push_back(quoted(hex_of(std::string_view(d.values[i].text.data(), d.values[i].text.size()))));
                }
                if (scalar && items.size() == 1) {
                    fields.raw(key + (any_hex ? "_hex" : ""), items[0]);
                    continue;
                }
                std::string arr = "[";
                for (std::size_t i = 0; i < items.size(); ++i) arr += (i ? "," : "") + items[i];
                arr += "]";
                fields.raw(key + (any_hex ? "_hex" : ""), arr);
            }
            name = d.prefix.empty() ? std::string(l.prefix) : std::string(d.prefix.data(), d.prefix.size());  // as sent
            if (!l.selector.empty()) name += "/" + std::string(l.selector);
        }
        if (!name.empty() && name[0] == '+') name.erase(0, 1);
        object_builder o;
        o.text("event", kind);
        o.text("name", name);
        o.raw("fields", fields.done());
        emit(o.done());
    }

    const at::grammar& g_;
    field_key_fn field_key_;               // the dialect's context-dependent keys, or nullptr
    const std::vector<bare_reply>& bare_;  // the dialect's unterminated replies
    std::string held_;                     // the start of a bare reply seen so far at a line start
    std::vector<at::payload_rule> rules_;
    at::tokenizer<line_capacity> tok_;
    transaction tx_;
    at::command current_{};             // what the transaction points to: the echoed command, all forms
    const at::command* cmd_ = nullptr;  // the grammar's command of the last echo, or null
    at::form form_ = at::form::execute;
    std::size_t data_length_ = 0;       // length of the data block a prompt will announce
    std::string data_;                  // pieces of the current data block
    std::string last_prefix_;           // prefix of the last prefixed response of the current command
    std::string out_;
    bool had_error_ = false;
    std::unique_ptr<message_joiner> joiner_;  // the dialect's, or null
};

struct options {
    const dialect* d = nullptr;
    std::size_t chunk = 0;
    std::string_view file;
    std::string_view data_mode;  // empty: AT command mode
    std::string_view direction;  // data mode: "up" (host -> module) or "down" (module -> host, the default)
};

bool parse_options(const args& arguments, bool allow_chunk, options& opt, bool& help) {
    bool have_file = false;
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        const std::string_view a = arguments[i];
        if (a == "--help" || a == "-h") {
            help = true;
            return true;
        }
        if (a == "--dialect" || (allow_chunk && (a == "--chunk" || a == "--data-mode" || a == "--direction"))) {
            if (i + 1 == arguments.size()) {
                std::cerr << "atmqtt at: " << a << " needs a value\n";
                return false;
            }
            const std::string_view v = arguments[++i];
            if (a == "--dialect") {
                opt.d = find_dialect(v);
                if (opt.d == nullptr) {
                    std::cerr << "atmqtt at: unknown dialect '" << v << "' (known: " << dialect_names() << ")\n";
                    return false;
                }
            } else if (a == "--data-mode") {
                opt.data_mode = v;
            } else if (a == "--direction") {
                if (v != "up" && v != "down") {
                    std::cerr << "atmqtt at: --direction is up or down, not '" << v << "'\n";
                    return false;
                }
                opt.direction = v;
            } else {
                std::size_t n = 0;
                auto res = std::from_chars(v.data(), v.data() + v.size(), n);
                if (res.ec != std::errc() || res.ptr != v.data() + v.size() || n == 0) {
                    std::cerr << "atmqtt at: --chunk needs a positive number, not '" << v << "'\n";
                    return false;
                }
                opt.chunk = n;
            }
        } else if (a.size() > 1 && a[0] == '-') {
            std::cerr << "atmqtt at: unknown option '" << a << "'\n";
            return false;
        } else if (have_file) {
            std::cerr << "atmqtt at: more than one input file\n";
            return false;
        } else {
            opt.file = a;
            have_file = true;
        }
    }
    if (opt.d == nullptr) {
        std::cerr << "atmqtt at: --dialect is required (" << dialect_names() << ")\n";
        return false;
    }
    if (!opt.data_mode.empty()) {
        bool known = false;
        std::string modes;
        for (std::string_view m : opt.d->data_modes) {
            known = known || m == opt.data_mode;
            modes += modes.empty() ? "" : "|";
            modes += m;
        }
        if (!known || opt.d->decode_frame == nullptr) {
            std::cerr << "atmqtt at: dialect '" << opt.d->name << "' has no data mode '" << opt.data_mode << "'"
                      << (modes.empty() ? std::string(" (it has none)") : " (known: " + modes + ")") << "\n";
            return false;
        }
    } else if (!opt.direction.empty()) {
        std::cerr << "atmqtt at: --direction needs --data-mode\n";
        return false;
    }
    return true;
}

// --data-mode: one frame per line of the input (the LF is the separator, not part of the frame; a last
// line without LF is a frame too), one JSON object per frame, or an error event for a frame that breaks
// the mode's rules (offset: within the frame). Exit status 1 when an error event was printed.
int run_frames(const options& opt, const std::string& input) {
    const bool uplink = opt.direction == "up";
    std::string out;
    bool had_error = false;
    std::size_t pos = 0;
    while (pos < input.size()) {
        std::size_t end = input.find('\n', pos);
        if (end == std::string::npos) end = input.size();
        const std::string_view frame(input.data() + pos, end - pos);
        pos = end + 1;
        frame_result r = opt.d->decode_frame(opt.data_mode, uplink, frame);
        if (r.error == errc::ok) {
            out += r.json;
        } else {
            object_builder o;
            o.text("event", "error");
            o.text("error", atmqtt::to_string(r.error));
            o.raw("offset", std::to_string(r.offset));
            out += o.done();
            had_error = true;
        }
        out += '\n';
    }
    std::cout << out;
    return had_error ? exit_bad_input : exit_ok;
}

int run_decode(const args& arguments) {
    options opt;
    bool help = false;
    if (!parse_options(arguments, true, opt, help)) return exit_usage;
    if (help) {
        std::cout << usage_text();
        return exit_ok;
    }
    std::string input;
    if (!read_input(opt.file, input)) return exit_usage;
    if (!opt.data_mode.empty()) return run_frames(opt, input);  // frames have no chunking: lines are frames
    auto s = std::make_unique<session>(*opt.d);
    const atmqtt::bytes all(input);
    const std::size_t step = opt.chunk == 0 ? (all.empty() ? 1 : all.size()) : opt.chunk;
    for (std::size_t pos = 0; pos < all.size(); pos += step) s->feed(all.substr(pos, step));
    s->finish();
    std::cout << s->output();
    return s->had_error() ? exit_bad_input : exit_ok;
}

// ---- encode --------------------------------------------------------------------------------------------

struct failure {
    errc code = errc::ok;
    std::size_t offset = 0;
};

void print_error(const failure& f) {
    object_builder o;
    o.text("error", atmqtt::to_string(f.code));
    o.raw("offset", std::to_string(f.offset));
    std::cout << o.done() << '\n';
}

// One JSON value as a writer argument. Hex parameters take hex text, decoded into `store`.
bool to_value(const json::value& v, const at::field_spec& spec, std::deque<std::string>& store, at::value& out,
              failure& f) {
    if (v.type == json::kind::number) {
        std::int64_t n = 0;
        auto res = std::from_chars(v.text.data(), v.text.data() + v.text.size(), n);
        if (res.ec != std::errc() || res.ptr != v.text.data() + v.text.size()) {
            f = {errc::at_type_mismatch, v.offset};
            return false;
        }
        out = at::value(n);
        return true;
    }
    if (v.type == json::kind::string) {
        store.push_back(v.text);
        if (spec.type == at::field_type::hex) {
            std::string raw;
            const std::size_t bad = hex_to_bytes(store.back(), raw);
            if (bad != std::string_view::npos) {
                f = {errc::at_invalid_hex, v.offset};
                return false;
            }
            store.back() = raw;
            out = at::value::binary(atmqtt::bytes(store.back()));
            return true;
        }
        out = at::value(std::string_view(store.back()));
        return true;
    }
    if (v.type == json::kind::null) {
        out = at::value();
        return true;
    }
    f = {errc::at_type_mismatch, v.offset};
    return false;
}

bool encode_as(const dialect& d, const json::value& obj, const at::command& cmd, std::string& bytes_out, failure& f);

bool encode_one(const dialect& d, const json::value& obj, std::string& bytes_out, failure& f) {
    const at::grammar& g = *d.grammar;
    if (obj.type != json::kind::object) {
        f = {errc::invalid_json, obj.offset};
        return false;
    }
    for (const json::member& m : obj.members) {
        if (m.key != "command" && m.key != "form" && m.key != "params" && m.key != "bytes") {
            f = {errc::unknown_key, m.key_offset};
            return false;
        }
    }
    const json::value* name_v = obj.find("command");
    if (name_v == nullptr || name_v->type != json::kind::string) {
        f = {name_v == nullptr ? errc::at_missing_field : errc::at_type_mismatch, name_v == nullptr ? obj.offset : name_v->offset};
        return false;
    }
    std::string_view full = name_v->text;
    std::size_t slash = full.find('/');
    std::string_view name = full.substr(0, slash);
    std::string_view selector = slash == std::string_view::npos ? std::string_view{} : full.substr(slash + 1);
    // Forms of one command with their own answer rows are commands of one name (OneMO's AT+MQTTSUB and
    // its list form): the first that encodes the parameters, else the first one's failure.
    bool found = false;
    failure first{};
    for (const at::command& k : g.commands) {
        if (!equal_nocase(k.name, name) || !equal_nocase(k.selector, selector)) continue;
        if (encode_as(d, obj, k, bytes_out, f)) return true;
        if (!found) first = f;
        found = true;
    }
    f = found ? first : failure{errc::at_unknown_command, name_v->offset};
    return false;
}

bool encode_as(const dialect& d, const json::value& obj, const at::command& cmd, std::string& bytes_out, failure& f) {
    const at::grammar& g = *d.grammar;
    const at::command* c = &cmd;
    at::form form = at::form::set;
    if (const json::value* fv = obj.find("form")) {
        const std::string_view s = fv->type == json::kind::string ? std::string_view(fv->text) : std::string_view{};
        if (s == "test") {
            form = at::form::test;
        } else if (s == "read") {
            form = at::form::read;
        } else if (s == "set") {
            form = at::form::set;
        } else if (s == "execute") {
            form = at::form::execute;
        } else {
            f = {errc::at_invalid_enum, fv->offset};
            return false;
        }
    }
    std::vector<at::value> argv;
    std::vector<std::size_t> arg_offsets;
    std::deque<std::string> store;
    const json::value* params = obj.find("params");
    if (params != nullptr && params->type != json::kind::object) {
        f = {errc::at_type_mismatch, params->offset};
        return false;
    }
    if (params != nullptr) {
        for (const json::member& m : params->members) {
            bool known = false;
            for (const at::field_spec& p : c->params)
                known = known || (p.type != at::field_type::literal && key_of(p.name) == m.key);
            if (!known) {
                f = {errc::unknown_key, m.key_offset};
                return false;
            }
        }
        auto find_param = [&](const at::field_spec& p) -> const json::value* {
            if (p.type == at::field_type::literal) return nullptr;
            return params->find(key_of(p.name));
        };
        const std::size_t fixed = c->params.size() - c->repeat;
        for (std::size_t i = 0; i < fixed; ++i) {
            const json::value* v = find_param(c->params[i]);
            at::value a;
            if (v != nullptr && !to_value(*v, c->params[i], store, a, f)) return false;
            argv.push_back(a);
            arg_offsets.push_back(v != nullptr ? v->offset : params->offset);
        }
        if (c->repeat != 0) {
            std::size_t groups = 0;
            bool any = false;
            for (std::size_t i = fixed; i < c->params.size(); ++i) {
                const json::value* v = find_param(c->params[i]);
                if (v == nullptr) continue;
                if (v->type != json::kind::array) {
                    f = {errc::at_type_mismatch, v->offset};
                    return false;
                }
                if (any && v->items.size() != groups) {
                    f = {errc::at_missing_field, v->offset};
                    return false;
                }
                groups = v->items.size();
                any = true;
            }
            for (std::size_t k = 0; k < groups; ++k) {
                for (std::size_t i = fixed; i < c->params.size(); ++i) {
                    const json::value* v = find_param(c->params[i]);
                    if (v == nullptr) {
                        f = {errc::at_missing_field, params->offset};
                        return false;
                    }
                    at::value a;
                    if (!to_value(v->items[k], c->params[i], store, a, f)) return false;
                    argv.push_back(a);
                    arg_offsets.push_back(v->items[k].offset);
                }
            }
        }
    }
    const atmqtt::span<const at::value> args_span(argv.data(), argv.size());
    // The writer's error offset is an argument index, or 0 for a form error: map it back into the JSON.
    const json::value* form_v = obj.find("form");
    auto where = [&](const atmqtt::result<std::size_t>& r) -> std::size_t {
        if (r.error() == errc::at_unsupported_form) return form_v != nullptr ? form_v->offset : obj.offset;
        if (form != at::form::set) return params != nullptr ? params->offset : obj.offset;
        return r.offset() < arg_offsets.size() ? arg_offsets[r.offset()] : (params != nullptr ? params->offset : obj.offset);
    };
    auto size = at::command_size(g.lexical, *c, form, args_span);
    if (!size.ok()) {
        f = {size.error(), where(size)};
        return false;
    }
    // The dialect's rules between parameters once the writer accepts each one, as its typed encode applies them.
    if (d.check_rules != nullptr) {
        const atmqtt::status rule = d.check_rules(*c, form, args_span);
        if (!rule.ok()) {
            f = {rule.error(), where(atmqtt::result<std::size_t>(rule.error(), rule.offset()))};
            return false;
        }
    }
    bytes_out.assign(*size, '\0');
    auto w = at::write_command(g.lexical, *c, form, args_span, atmqtt::mutable_bytes(bytes_out.data(), bytes_out.size()));
    if (!w.ok()) {
        f = {w.error(), where(w)};
        return false;
    }
    bytes_out.resize(*w);
    return true;
}

int run_encode(const args& arguments) {
    options opt;
    bool help = false;
    if (!parse_options(arguments, false, opt, help)) return exit_usage;
    if (help) {
        std::cout << usage_text();
        return exit_ok;
    }
    std::string input;
    if (!read_input(opt.file, input)) return exit_usage;
    std::string out;
    std::size_t pos = json::skip_space(input, 0);
    while (pos < input.size()) {
        auto v = json::parse(input, pos);
        failure f;
        if (!v.ok()) {
            f = {v.error(), v.offset()};
        } else {
            std::string bytes;
            if (encode_one(*opt.d, *v, bytes, f)) {
                out += bytes;
                out += '\n';
                pos = json::skip_space(input, v.offset());
                continue;
            }
        }
        std::cout << out;
        print_error(f);
        return exit_bad_input;
    }
    std::cout << out;
    return exit_ok;
}

int run_at(const args& arguments) {
    if (arguments.empty()) {
        std::cerr << usage_text();
        return exit_usage;
    }
    const std::string_view sub = arguments.front();
    const args rest(arguments.begin() + 1, arguments.end());
    if (sub == "decode") return run_decode(rest);
    if (sub == "encode") return run_encode(rest);
    if (sub == "--help" || sub == "-h" || sub == "help") {
        std::cout << usage_text();
        return exit_ok;
    }
    std::cerr << "atmqtt at: unknown subcommand '" << sub << "'\n\n" << usage_text();
    return exit_usage;
}

const registration at_group{{"at", "AT dialects: decode a modem log to JSON events, encode JSON commands to bytes", &run_at}};

}  // namespace
}  // namespace atmqtt_tool
