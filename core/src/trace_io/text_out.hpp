// Private helpers for the hand-written exporters (native, Chrome, CSV): a buffer that spills to a
// stream in large chunks, and fast appenders for integers, microseconds and JSON strings.
// Hand-written because a DOM writer is ~10x too slow for million-event traces.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>

namespace wakeline::trace_io_detail {

// Collects output; when writing to a stream, hands it over every ~1 MiB so memory stays flat.
struct TextOut {
  std::string text;
  std::ostream* stream = nullptr;

  void flush_if_large() {
    if (stream != nullptr && text.size() >= (1u << 20)) flush();
  }
  void flush() {
    if (stream != nullptr) {
      stream->write(text.data(), static_cast<std::streamsize>(text.size()));
      text.clear();
    }
  }
};

void append_uint(std::string& out, std::uint64_t value);
// ns as microseconds with exactly three decimals ("1234.567"): Chrome's ts/dur unit.
void append_micros(std::string& out, std::uint64_t ns);
// A quoted JSON string. Invalid UTF-8 bytes become U+FFFD, so the output always parses and
// writing what was read back gives the same bytes.
void append_json_string(std::string& out, std::string_view text);
// An RFC 4180 field: quoted (quotes doubled) only when it holds a comma, quote, CR or LF.
void append_csv_field(std::string& out, std::string_view text);

}  // namespace wakeline::trace_io_detail
