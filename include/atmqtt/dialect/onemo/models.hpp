// Per-model limits from the manual's footnotes, as data: the typed encoders take one of these and refuse
// what the chosen module would reject (connect_id 0~2 on MN316A/MN319, 256-byte topics and 1024-byte
// messages on the ML30x family, no cid / SSL / cache / data mode on some NB-IoT models). The grammar
// (grammar.hpp) holds the widest ranges; `any_model` applies only those.
#pragma once

#include <atmqtt/core/config.hpp>

#include <cstdint>
#include <string_view>

ATMQTT_BEGIN_NAMESPACE
namespace onemo {

struct model_limits {
    enum feature_bits : std::uint8_t {
        ssl = 1,         // AT+MQTTCFG="ssl" (footnotes 5/6: not MN316A/MN318/MN319)
        cache_mode = 2,  // AT+MQTTCFG="cached", AT+MQTTREAD (not NB-IoT)
        data_mode = 4,   // AT+MQTTPUB without <message> (footnote 19: not NB-IoT)
        cid = 8,         // AT+MQTTCFG="cid" (footnote 4: not MN316/MN316A/MN318/MN319/MN326)
    };

    std::string_view name;           // "ML307R"
    std::uint8_t max_connect_id;     // 5, or 2 (footnotes 2, 9, 11, 14, 16, 22)
    std::uint16_t max_topic;         // bytes (footnotes 12, 15, 17)
    std::uint16_t max_message;       // <msg_len> (footnote 18)
    std::uint8_t cid_max;            // footnote 4's <cid> range ends here (it starts at the grammar's 1)
    std::uint8_t features;

    constexpr bool has(feature_bits f) const noexcept { return (features & f) != 0; }
};

namespace models {

constexpr std::uint8_t all = 15;  // every feature_bits bit
constexpr std::uint8_t nb_iot = 0;  // NB-IoT: no cache mode, no data mode

// No model chosen: only the grammar's own (widest) ranges apply.
inline constexpr model_limits
    any_model{"any", 5, 3000, 4096, 15, all},
    // 4G Cat.1 family with the 256/1024 limits. ML302A/ML305A/ML307A/ML307R split a message whose topic +
    // message exceed 512 bytes into several "publish" URCs (reassembly.hpp joins them).
    ml302a{"ML302A", 5, 256, 1024, 15, all},
    ml305a{"ML305A", 5, 256, 1024, 15, all},
    ml307a{"ML307A", 5, 256, 1024, 15, all},
    ml307r{"ML307R", 5, 256, 1024, 15, all},
    ml302s{"ML302S", 5, 256, 1024, 15, all},
    ml307s{"ML307S", 5, 256, 1024, 15, all},
    ml307g{"ML307G", 5, 256, 1024, 5, all},
    ml305m{"ML305M", 5, 256, 1024, 8, all},
    // ML305U is missing from the topic / message footnotes: the grammar's limits stay.
    ml305u{"ML305U", 5, 3000, 4096, 7, all},
    // NB-IoT. MN319: every AT parameter at most 1560 bytes. MN316A: topics under 3000 bytes.
    mn316{"MN316", 5, 3000, 4096, 0, nb_iot | model_limits::ssl},
    mn316a{"MN316A", 2, 3000, 4096, 0, nb_iot},
    mn318{"MN318", 5, 3000, 4096, 0, nb_iot},
    mn319{"MN319", 2, 1560, 1560, 0, nb_iot},
    mn326{"MN326", 5, 3000, 4096, 0, nb_iot | model_limits::ssl};

inline constexpr model_limits table[] = {any_model, ml302a, ml305a, ml307a, ml307r, ml302s, ml307s, ml307g,
                                         ml305m, ml305u, mn316, mn316a, mn318, mn319, mn326};

}  // namespace models

// The limits of a model by name ("ML307R"); nullptr when the manual does not list it.
constexpr const model_limits* find_model(std::string_view name) noexcept {
    for (const model_limits& m : models::table)
        if (m.name == name) return &m;
    return nullptr;
}

}  // namespace onemo
ATMQTT_END_NAMESPACE
