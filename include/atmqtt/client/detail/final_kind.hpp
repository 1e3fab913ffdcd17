// Whether a line is a final result, and which: what the client's engines need of one (OK goes on,
// any other ends the command as failed), without at::classify_final's argument and error code, which
// no engine reads (issue 20's flash budget: classify_final and its prefix split, ~700 B on Cortex-M4).
// The word is the core's (at::detail::find_final: the standard words, then the dialect's aliases): the
// whole line, or an extended result's name ("+CME ERROR: 3", OneMO's "#CME ERROR: 3").
#pragma once

#include <atmqtt/at/result_code.hpp>
#include <atmqtt/core/config.hpp>
#include <atmqtt/core/span.hpp>

#include <cstddef>

ATMQTT_BEGIN_NAMESPACE
namespace client {
namespace detail {

// An extended result's name ends at ':', or at what a tolerant dialect takes for one ('=', a fullwidth
// colon: its first byte), as the core's prefix split does.
constexpr at::final_kind final_kind_of(bytes line, span<const at::final_alias> aliases) noexcept {
    const bool extended = !line.empty() && (line[0] == '+' || line[0] == '#');
    std::size_t n = extended ? 0 : line.size();
    while (n < line.size() && line[n] != ':' && line[n] != '=' && static_cast<unsigned char>(line[n]) < 0x80) ++n;
    return at::detail::find_final(at::detail::trim_blanks(line.substr(0, n)), aliases);
}

}  // namespace detail
}  // namespace client
ATMQTT_END_NAMESPACE
