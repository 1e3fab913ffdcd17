// members: a struct bound to a table row or a command row by the order of its members, member k to the
// row's value k (a repeated group: one member, a value_list or a span). The struct's declaration is its
// member list, so the list is written once; a struct whose member count is not the row's does not compile
// (C++17 structured bindings: an aggregate whose members are all in one class, 1 to 6 of them: the most a typed struct of the dialects has).
//
//     struct open_state {
//         std::int32_t client_idx; bytes host_name; std::int32_t port;
//         using binding = at::row_members<grammar, line_open_state, open_state>;      // decode_into / decode_as
//     };
//     struct open {
//         std::int32_t client_idx = 0; std::string_view host_name; std::int32_t port = 0;
//         using binding = at::command_members<lexical, cmd::qmtopen, rules, open>;    // encode / encoded_size
//     };
//
// The code is at/bind.hpp's (by_order, row_members, command_members there), which this header includes:
// the same member_list (slots, reader, straight path, arguments) as row_binding / command_binding.
// A struct that keeps a value nowhere (at::skip), takes several values in one member (a C array) or has
// members the row does not fill names its members there.
#pragma once

#include <atmqtt/at/bind.hpp>
