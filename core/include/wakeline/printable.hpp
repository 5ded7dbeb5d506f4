// Text from a file on its way to a terminal, a message or a dialog: control characters (which
// could move the cursor or retitle a terminal) become visible escapes, and long text is cut, so a
// hostile file can neither drive the terminal nor make a message as long as itself.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace wakeline {

// How much of a file's text an error message quotes.
inline constexpr std::size_t kQuoteLimit = 80;

// `text` with C0/C1 control characters and DEL written as \xNN (tab, newline and carriage return
// as \t, \n, \r), cut to about `max_bytes` on a UTF-8 character boundary with "..." appended.
std::string printable(std::string_view text, std::size_t max_bytes = kQuoteLimit);

// As printable(), but keeps newlines and tabs as they are (multi-line text for a dialog) and
// does not cut.
std::string without_control_chars(std::string_view text);

}  // namespace wakeline
