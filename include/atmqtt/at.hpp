// Umbrella header: the dialect-independent AT layer (tokenizer, fields, result codes, grammar vocabulary,
// command writer, line classifier and decoder).
#pragma once

#include <atmqtt/at/answer_row.hpp>
#include <atmqtt/at/bind.hpp>
#include <atmqtt/at/classify.hpp>
#include <atmqtt/at/encode_rules.hpp>
#include <atmqtt/at/decode.hpp>
#include <atmqtt/at/decode_command.hpp>
#include <atmqtt/at/event.hpp>
#include <atmqtt/at/fields.hpp>
#include <atmqtt/at/grammar.hpp>
#include <atmqtt/at/payload_rule.hpp>
#include <atmqtt/at/result_code.hpp>
#include <atmqtt/at/syntax.hpp>
#include <atmqtt/at/tokenizer.hpp>
#include <atmqtt/at/writer.hpp>
