// The tests' way to CHECK a decoded test answer in one expression: at::decode_test_answer decodes into
// caller storage and returns a status; answer() returns both together as a result (test frames may be large).
#pragma once

#include <atmqtt/at/event.hpp>
#include <atmqtt/at/test_answer.hpp>
#include <atmqtt/core/result.hpp>

constexpr atmqtt::result<atmqtt::at::test_answer> answer(const atmqtt::at::test_answer_rules& rules,
                                                         const atmqtt::at::command& sent, const atmqtt::at::event& ev) {
    atmqtt::at::test_answer out{};
    atmqtt::status st = atmqtt::at::decode_test_answer(rules, sent, ev, out);
    if (!st) return {st.error(), st.offset()};
    return out;
}
