// Umbrella header: the dialect-independent AT layer (tokenizer, fields, grammar vocabulary, command
// writer, transaction routing).
#pragma once

#include <atmqtt/at/event.hpp>
#include <atmqtt/at/fields.hpp>
#include <atmqtt/at/grammar.hpp>
#include <atmqtt/at/payload_rule.hpp>
#include <atmqtt/at/result_code.hpp>
#include <atmqtt/at/syntax.hpp>
#include <atmqtt/at/tokenizer.hpp>
#include <atmqtt/at/transaction.hpp>
#include <atmqtt/at/writer.hpp>
