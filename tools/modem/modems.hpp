// The virtual modems by dialect name, for `atmqtt modem` and tests.
#pragma once

#include "onemo.hpp"
#include "quectel.hpp"
#include "risinghf.hpp"
#include "usr.hpp"

#include <memory>
#include <string_view>

namespace atmqtt_modem {

// A modem of `dialect` (quectel, onemo, usr, risinghf), or null for another name.
inline std::unique_ptr<engine> make_modem(std::string_view dialect, bool echo) {
    if (dialect == "quectel") return std::make_unique<quectel_modem>(echo);
    if (dialect == "onemo") return std::make_unique<onemo_modem>(echo);
    if (dialect == "usr") return std::make_unique<usr_modem>(echo);
    if (dialect == "risinghf") return std::make_unique<risinghf_modem>(echo);
    return nullptr;
}

}  // namespace atmqtt_modem
