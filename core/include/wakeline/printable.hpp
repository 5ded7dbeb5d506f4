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

// Text from a trace can be any length, but Dear ImGui (Debian's, with 16-bit indices) aborts when
// one text call emits more than 64K vertices (16K glyphs), and wrapped text or an auto-sized
// window emits every glyph, visible or not. Names and lines are cut to this before they are shown (a panel may show a dozen).
inline constexpr std::size_t kMaxShownBytes = 200;

// The first max_bytes of `text`, cut on a UTF-8 character boundary (a view: no copy).
std::string_view clipped(std::string_view text, std::size_t max_bytes = kMaxShownBytes);

// A line too long to show whole, folded: its start, then " ... (20000 characters)". Shorter
// lines come back unchanged.
std::string folded(std::string_view text, std::size_t max_bytes = kMaxShownBytes);

// As printable(), but keeps newlines and tabs as they are (multi-line text for a dialog) and
// does not cut.
std::string without_control_chars(std::string_view text);

}  // namespace wakeline
