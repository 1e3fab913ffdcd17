// connect_any: takes an AT client of any driver through connect(), every configuration command answered
// OK (a '>' first where the command announces data), the open and connect commands with their success
// results; for tests about what comes after the connection.
#pragma once

#include <string>
#include <vector>

#include "at_client_harness.hpp"

namespace at_client_test {

// Client "dev" on broker "broker", port 1883: the options of tests about what follows the connection.
inline client::connect_options dev_options() {
    client::connect_options o;
    o.client_id = "dev";
    o.host = "broker";
    return o;
}

// The modem's success answer to one command the client wrote (echo off).
inline std::string success_answer(const std::string& cmd) {
    if (cmd.rfind("AT+QMTOPEN", 0) == 0) return "\r\nOK\r\n\r\n+QMTOPEN: 0,0\r\n";
    if (cmd.rfind("AT+QMTCLOSE", 0) == 0) return "\r\nOK\r\n\r\n+QMTCLOSE: 0,0\r\n";
    if (cmd.rfind("AT+QMTCONN", 0) == 0) return "\r\nOK\r\n\r\n+QMTCONN: 0,0,0\r\n";
    if (cmd.rfind("AT+MQTTCONN", 0) == 0) return "\r\nOK\r\n\r\n+MQTTURC: \"conn\",0,0\r\n";
    if (cmd.rfind("AT+IMQTTCONN", 0) == 0) return "\r\nOK\r\n\r\n+IMQTTCONN:0\r\n";
    return "\r\nOK\r\n";
}

// Answers the client's commands (a connect() running) until it reports `connected`; what it wrote,
// command by command.
template <class H>
std::vector<std::string> answer_connect(H& h) {
    std::vector<std::string> wrote;
    for (int i = 0; i < 20 && !h.c.connected(); ++i) {
        std::string cmd = h.written();
        REQUIRE(!cmd.empty());
        if (cmd.find('\r') + 1 == cmd.size() && cmd.find("willex") != std::string::npos) {
            REQUIRE(h.modem("\r\n>").empty());
            cmd += h.written();
        }
        wrote.push_back(cmd);
        const lines ev = h.modem(success_answer(cmd));
        if (h.c.connected()) CHECK(ev == lines{"connected new"});
    }
    REQUIRE(h.c.connected());
    return wrote;
}

template <class H>
std::vector<std::string> connect_any(H& h, const client::connect_options& o) {
    REQUIRE(h.c.connect(o).ok());
    return answer_connect(h);
}

}  // namespace at_client_test
