// The tests' way to CHECK a decoded test answer in one expression: the dialects' decode_*_test decode into
// caller storage and return a status; answer() returns both together as a result (test frames may be large).
#pragma once

#include <atmqtt/at/event.hpp>
#include <atmqtt/core/result.hpp>

template <class T>
constexpr atmqtt::result<T> answer(atmqtt::status (&decode)(const atmqtt::at::event&, T&), const atmqtt::at::event& ev) {
    T out{};
    atmqtt::status st = decode(ev, out);
    if (!st) return {st.error(), st.offset()};
    return out;
}
