// The line-heavy Quectel stream (issue 18) that bench_at and count_ops share, so their figures describe
// the same bytes, and the per-line work of the "full path" (classification and typed decode).
#pragma once

#include <atmqtt/at.hpp>
#include <atmqtt/dialect/quectel.hpp>

#include <cstddef>
#include <string>

namespace bench_fixtures {

// Mostly short lines, as a modem sends them between MQTT messages: command echoes, +CSQ, OK,
// +QMTPUBEX results, `>` prompts and +QMTRECV URCs with 64-byte quoted payloads. 16 rounds: 92 lines and
// 16 prompts in 4,800 bytes, 52.2 bytes per line (terminators and blank lines included).
inline std::string quectel_line_stream() {
    std::string p64(64, '\0');
    for (std::size_t i = 0; i < p64.size(); ++i) p64[i] = static_cast<char>('a' + i % 26);
    std::string s;
    for (int i = 0; i < 16; ++i) {
        const std::string id = std::to_string(i + 10);
        if (i % 4 == 0) s += "AT+CSQ\r\r\n+CSQ: 24,99\r\n\r\nOK\r\n";
        s += "\r\n+QMTRECV: 0," + id + ",\"sensors/floor3/temp\",64,\"" + p64 + "\"\r\n";
        s += "AT+QMTPUBEX=0," + id + ",1,0,\"status/device-01\",5\r\r\n> ";
        s += "\r\nOK\r\n\r\n+QMTPUBEX: 0," + id + ",0\r\n";
        s += "\r\n+QMTRECV: 0," + id + ",\"cmd/device-0001/set\",64,\"" + p64 + "\"\r\n";
    }
    return s;
}

// The full path's work on one event, as a URC handler does it: a '>' prompt is counted; a line that does
// not start with '+' is a final result code (OK, ERROR, ...), a command echo or other text; every other
// line is classified against the Quectel table (prefix, then shape) and the row's typed struct is read
// with at::decode_into. +CSQ is not in the table: at_unknown_response, a classification outcome, not an
// error of the stream (a +CME ERROR would land there too and be a final result). Returns false on a
// tokenizer error event or a line that does not decode.
struct line_sink {
    std::size_t finals = 0, echoes = 0, decoded = 0, unknown = 0, prompts = 0;

    template <class Keep>
    bool take(const atmqtt::at::event& ev, Keep keep) {
        namespace at = atmqtt::at;
        namespace quectel = atmqtt::quectel;
        if (ev.is_prompt()) {
            ++prompts;
            return true;
        }
        if (!ev.is_line()) return false;
        const atmqtt::bytes t = ev.text;
        if (t[0] != '+') return other_text(t, keep);
        const atmqtt::result<std::size_t> row = at::classify<quectel::grammar, quectel::max_values>(ev);
        if (!row) return row.error() == atmqtt::errc::at_unknown_response && other_text(t, keep);
        switch (*row) {
            case quectel::line_received_message: return typed<quectel::received_message>(ev, keep);
            case quectel::line_message_notice: return typed<quectel::message_notice>(ev, keep);
            case quectel::line_publish_result: return typed<quectel::publish_result>(ev, keep);
            case quectel::line_connection_closed: return typed<quectel::connection_closed>(ev, keep);
            default: return false;  // no other row occurs in the stream
        }
    }

private:
    template <class T, class Keep>
    bool typed(const atmqtt::at::event& ev, Keep keep) {
        T out{};
        const atmqtt::status st = atmqtt::at::decode_into(ev, out);
        keep(out);
        if (!st) return false;
        ++decoded;
        return true;
    }

    template <class Keep>
    bool other_text(atmqtt::bytes t, Keep keep) {
        const atmqtt::at::final_result f = atmqtt::at::classify_final(t, atmqtt::quectel::lexical);
        keep(f);
        if (f.is_final()) {
            ++finals;
        } else if (t.size() >= 2 && t[0] == 'A' && t[1] == 'T') {
            ++echoes;
        } else {
            ++unknown;
        }
        return true;
    }
};

}  // namespace bench_fixtures
