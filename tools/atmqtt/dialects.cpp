// The dialect registry of the atmqtt tool.
//
// TO ADD A DIALECT: include its header below and add ONE line to `table`:
//     {"quectel", &atmqtt::dialect::quectel::grammar, {}, {}, nullptr},
// (the name is what `--dialect` takes; the grammar is the dialect's constexpr at::grammar; then the
// unterminated replies, data modes and frame decoder, see dialects.hpp). Nothing else in the tool needs
// to change; tests/dialects/check_transcripts.sh TOOL <name> ... then checks it.
#include "dialects.hpp"

// The test dialect of the AT core's unit tests (tests/at/test_dialect.hpp), for the tool's golden tests.
#include "../../tests/at/test_dialect.hpp"
// Vendor dialects: one #include each.
#include <atmqtt/dialect/onemo.hpp>
#include <atmqtt/dialect/risinghf/grammar.hpp>
#include <atmqtt/dialect/quectel.hpp>
#include <atmqtt/dialect/usr/data_mode.hpp>
#include <atmqtt/dialect/usr/grammar.hpp>

#include "json.hpp"

#include <memory>
#include <string>
#include <vector>

namespace atmqtt_tool {
namespace {

// ---- USR data-mode frames (usr/data_mode.hpp; keys: docs/dialect-notes/usr.md "Data-mode frames") ----

void add_key(std::string& out, std::string_view key) {
    out += ',';
    json::append_string(out, key);
    out += ':';
}

void add_text(std::string& out, std::string_view key, atmqtt::bytes b) {
    const std::string_view s(b.data(), b.size());
    if (json::valid_utf8(s)) {
        add_key(out, key);
        json::append_string(out, s);
    } else {
        add_key(out, std::string(key) + "_hex");
        out += '"';
        json::append_hex(out, s);
        out += '"';
    }
}

void add_number(std::string& out, std::string_view key, long n) {
    add_key(out, key);
    out += std::to_string(n);
}

frame_result decode_usr_frame(std::string_view mode, bool uplink, std::string_view text) {
    namespace usr = atmqtt::usr;
    const usr::transfer_mode m = mode == "distribution" ? usr::transfer_mode::distribution : usr::transfer_mode::transparent;
    const atmqtt::bytes f(text.data(), text.size());
    auto r = usr::decode_frame(f, m, uplink ? usr::direction::uplink : usr::direction::downlink);
    frame_result out;
    if (!r.ok()) {
        out.error = r.error();
        out.offset = r.offset();
        return out;
    }
    const usr::frame& fr = *r;
    const atmqtt::bytes kind = usr::to_string(fr.kind);
    out.json = "{\"frame\":";
    json::append_string(out.json, std::string_view(kind.data(), kind.size()));
    switch (fr.kind) {
        case usr::frame_kind::transparent_publish:
        case usr::frame_kind::transparent_message: break;
        case usr::frame_kind::preset_publish: add_number(out.json, "pubnum", fr.slot); break;
        case usr::frame_kind::preset_message: add_number(out.json, "subnum", fr.slot); break;
        case usr::frame_kind::temporary_publish:
            add_text(out.json, "topic", fr.topic);
            add_number(out.json, "qos", fr.qos);
            add_number(out.json, "retain", fr.retain);
            break;
        case usr::frame_kind::temporary_subscribe:
        case usr::frame_kind::temporary_unsubscribe:
            add_text(out.json, "topic", fr.topic);
            add_number(out.json, "qos", fr.qos);
            break;
        case usr::frame_kind::temporary_message: add_text(out.json, "topic", fr.topic); break;
    }
    if (fr.kind != usr::frame_kind::temporary_subscribe && fr.kind != usr::frame_kind::temporary_unsubscribe)
        add_text(out.json, "payload", fr.payload);
    out.json += '}';
    return out;
}

// ---- OneMO: a message split over several +MQTTURC: "publish" pieces -----------------------------------

class onemo_joiner final : public message_joiner {
public:
    frame_result on_urc(std::string_view line) override {
        namespace onemo = atmqtt::onemo;
        frame_result out;
        onemo::received_message piece{};
        if (!atmqtt::at::decode_into(atmqtt::at::line_event(atmqtt::bytes(line.data(), line.size())), piece)) return out;  // printed as it is already
        auto r = join_.add(piece);
        if (!r.ok() && r.error() == atmqtt::errc::at_payload_mismatch && r.offset() != 0) {
            // pieces of the previous message went missing: say so, and start the next one with this piece
            out.error = r.error();
            out.offset = r.offset();
            pieces_ = 0;
            r = join_.add(piece);
        }
        if (!r.ok()) {
            pieces_ = 0;
            if (out.error == atmqtt::errc::ok) {
                out.error = r.error();
                out.offset = r.offset();
            }
            return out;
        }
        if (pieces_++ == 0) topic_ = std::string(r->topic);  // later pieces' topics are not compared
        if (!r->complete) return out;
        bool split = pieces_ > 1;
        pieces_ = 0;
        if (!split) return out;  // one piece: the URC itself is the whole message
        out.json = "{\"event\":\"message\",\"fields\":{";
        std::string fields;
        add_number(fields, "connect_id", r->client_idx);
        add_number(fields, "mid", r->packet_id);  // the manual's name in the documented output
        add_text(fields, "topic", topic_);
        add_text(fields, "payload", r->message);
        out.json += fields.substr(1) + "}}";
        return out;
    }

private:
    std::vector<char> buffer_ = std::vector<char>(1 << 20);  // a host tool: room for any logged message
    atmqtt::onemo::publish_assembler join_{atmqtt::mutable_bytes(buffer_.data(), buffer_.size())};
    std::size_t pieces_ = 0;  // of the message in progress
    std::string topic_;       // its first piece's
};

std::unique_ptr<message_joiner> make_onemo_joiner() { return std::make_unique<onemo_joiner>(); }

// Quectel +QMTSUB / +QMTUNS <value>: the grammar names it granted_qos (result 0, a list); with result 1
// (retransmitted) it is the retransmission count (§3.3.9/§3.3.10), one number.
std::string quectel_field_key(const atmqtt::at::line& line, std::size_t field, const atmqtt::at::field_value* values,
                              std::size_t count, bool& scalar) {
    if ((line.prefix != "+QMTSUB" && line.prefix != "+QMTUNS") || line.fields[field].name != "granted_qos") return {};
    for (std::size_t s = 0; s < line.fields.size(); ++s) {
        if (line.fields[s].name != "result") continue;
        for (std::size_t i = 0; i < count; ++i) {
            if (values[i].spec == s && values[i].kind == atmqtt::at::value_kind::integer && values[i].number == 1) {
                scalar = true;
                return "retransmit_count";
            }
        }
    }
    return {};
}

// Quectel's rules between parameters over the generic command (the typed encode packs each row's own).
atmqtt::status quectel_rules(const atmqtt::at::command& row, atmqtt::at::form which,
                             atmqtt::span<const atmqtt::at::value> args) {
    return atmqtt::at::check_row_rules(atmqtt::quectel::rules, row, which, args);
}

}  // namespace

const std::vector<dialect>& dialects() {
    static const std::vector<dialect> table = {
        {"test", &test_dialect::grammar, {}, {}, nullptr},
        {"onemo", &atmqtt::onemo::grammar, {}, {}, nullptr, nullptr, nullptr, &make_onemo_joiner},
        {"risinghf", &atmqtt::risinghf::grammar, {}, {}, nullptr},
        {"quectel", &atmqtt::quectel::grammar, {}, {}, nullptr, &quectel_field_key, &quectel_rules},
        // USR: the module's `a` and `+ok` of the `+++` escape come without terminators, `a+okAT+...`
        // (usr::session_decoder's framing decision); AT+MQTTMOD=0/1 select the data modes.
        {"usr", &atmqtt::usr::grammar, {{"a+ok", true, "+ok"}, {"+ok", false, "+ok"}}, {"transparent", "distribution"},
         &decode_usr_frame},
        // vendor dialects: one line each, e.g. {"quectel", &atmqtt::dialect::quectel::grammar, {}, {}, nullptr},
    };
    return table;
}

const dialect* find_dialect(std::string_view name) {
    for (const dialect& d : dialects())
        if (d.name == name) return &d;
    return nullptr;
}

std::string dialect_names() {
    std::string out;
    for (const dialect& d : dialects()) {
        if (!out.empty()) out += '|';
        out += d.name;
    }
    return out;
}

}  // namespace atmqtt_tool
