// Footprint program: the resend arena alone (client/resend_arena.hpp) — keep, release by event, and the
// resend_store hook the session calls. What a firmware adds to mqtt_session by using it.
#include <atmqtt/client/resend_arena.hpp>

#include "common.hpp"

namespace client = atmqtt::client;

int main() {
    char storage[256];  // on the stack: the programs must have no .bss of their own
    client::resend_arena arena(storage);
    const client::resend_store store = arena.store();
    for (int round = 0; round < 3; ++round) {
        const atmqtt::bytes in = footprint::received();
        footprint::use(static_cast<int>(arena.keep(footprint::id(), in.substr(0, 2), in).error()));
        const client::stored_publish m = store.load(store.context, footprint::id());
        footprint::use(static_cast<long>(m.topic.size() + m.payload.size()));
        client::event e;
        e.type = static_cast<client::event_type>(in.size() & 7);
        e.packet_id = footprint::id();
        footprint::use(static_cast<int>(arena.release(e).error()));
    }
    return static_cast<int>(arena.used());
}
