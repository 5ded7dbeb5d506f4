// printable(): escapes control bytes one by one and cuts at a UTF-8 lead byte, so the result is
// valid UTF-8 whenever the input was.
#include "wakeline/printable.hpp"

#include <algorithm>
#include <cstdio>

namespace wakeline {
namespace {

// C1 controls (U+0080..U+009F) arrive as the UTF-8 pair C2 80..C2 9F; some terminals obey them.
bool is_c1_at(std::string_view text, std::size_t i) {
  return static_cast<unsigned char>(text[i]) == 0xc2 && i + 1 < text.size() &&
         static_cast<unsigned char>(text[i + 1]) >= 0x80 && static_cast<unsigned char>(text[i + 1]) <= 0x9f;
}

void append_hex(std::string& out, unsigned value) {
  char hex[8];
  std::snprintf(hex, sizeof hex, "\\x%02x", value);
  out += hex;
}

std::string clean(std::string_view text, std::size_t max_bytes, bool keep_layout) {
  std::string out;
  out.reserve(std::min(text.size(), max_bytes) + 8);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const bool lead = (c & 0xc0) != 0x80;  // not a continuation byte: a character starts here
    if (lead && out.size() >= max_bytes) {
      out += "...";
      break;
    }
    if (keep_layout && (c == '\n' || c == '\t')) {
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      append_hex(out, c);
    } else if (is_c1_at(text, i)) {
      append_hex(out, static_cast<unsigned char>(text[i + 1]));  // the code point, U+0080..U+009F
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace

std::string printable(std::string_view text, std::size_t max_bytes) { return clean(text, max_bytes, false); }

std::string_view clipped(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xc0) == 0x80) --end;  // not inside a character
  return text.substr(0, end);
}

std::string folded(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t characters = 0;
  for (const char c : text) characters += (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  std::string out(clipped(text, max_bytes));
  out += " ... (";
  out += std::to_string(characters);
  out += " characters)";
  return out;
}

std::string without_control_chars(std::string_view text) { return clean(text, static_cast<std::size_t>(-1), true); }

}  // namespace wakeline
