// The one reader (at::for_each_value: decode_with, decode_into, the classifier) against the row_reader it
// replaced (tests/at/reference_row_reader.hpp, kept verbatim), on a line event and every row of a
// grammar: the same status and offset, the same values (kind, number, text as the same view, spec,
// repetition, offset) in the same order.
#pragma once

#include "../../tests/at/reference_row_reader.hpp"
#include "../fuzz_support.hpp"

#include <vector>

namespace fuzz_support {

inline void same_reading(const atmqtt::at::grammar& g, const atmqtt::at::event& e) {
    namespace at = atmqtt::at;
    std::vector<at::field_value> now, before;
    for (const at::line& l : g.lines) {
        now.clear();
        before.clear();
        const atmqtt::status st =
            at::for_each_value(l, e, [&](const at::field_value& v) { now.push_back(v); }, g.lexical, g.prefix_aliases);
        reference::row_reader r(l, e, g.lexical, g.prefix_aliases);
        if (r.start())
            for (const at::field_value* v = r.next(); v != nullptr; v = r.next()) before.push_back(*v);
        const atmqtt::status want = r.finish();
        ATMQTT_FUZZ_REQUIRE(st.error() == want.error() && st.offset() == want.offset(), "for_each_value: status or offset");
        ATMQTT_FUZZ_REQUIRE(now.size() == before.size(), "for_each_value: value count");
        for (std::size_t i = 0; i < now.size(); ++i) {
            const at::field_value& a = now[i];
            const at::field_value& b = before[i];
            ATMQTT_FUZZ_REQUIRE(a.kind == b.kind && a.quoted == b.quoted && a.spec == b.spec && a.repetition == b.repetition &&
                                    a.number == b.number && a.text.data() == b.text.data() &&
                                    a.text.size() == b.text.size() && a.offset == b.offset,
                                "for_each_value: a value");
        }
    }
}

}  // namespace fuzz_support
