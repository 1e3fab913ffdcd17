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

// The full path's work on one event: a final result code is recognised, an echo is set aside, every
// other line is classified and decoded against the Quectel table (+CSQ is not in it: at_unknown_response,
// a classification outcome, not an error of the stream). Returns false on a tokenizer error event.
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
        const at::final_result f = at::classify_final(ev.text, quectel::lexical);
        if (f.is_final()) {
            keep(f);
            ++finals;
            return true;
        }
        if (ev.text.size() >= 2 && ev.text[0] == 'A' && ev.text[1] == 'T') {
            ++echoes;
            return true;
        }
        auto d = at::decode<quectel::detail::max_line_fields>(quectel::grammar, ev);
        keep(d);
        if (d) {
            ++decoded;
        } else if (d.error() == atmqtt::errc::at_unknown_response) {
            ++unknown;
        } else {
            return false;
        }
        return true;
    }
};

}  // namespace bench_fixtures
