// A call site known only while the program runs (a line of a lesson script), handed to the
// recorder and the awaitables as a std::source_location, so events carry the script's own file
// and line. Core stays free of any scripting language: it only sees file, function and line.
//
// The recorder keeps source_locations until the trace is merged and tells sites apart by their
// string pointers and line: keep one NamedSite per (file, line) alive for the whole run.
#pragma once

#include <bit>
#include <source_location>

namespace wakeline::detail {

// Laid out as libstdc++'s std::source_location::__impl, which a source_location points to.
struct NamedSite {
  const char* file = "";
  const char* function = "";
  unsigned line = 0;
  unsigned column = 0;
};

inline std::source_location to_source_location(const NamedSite& site) noexcept {
  static_assert(sizeof(std::source_location) == sizeof(const NamedSite*),
                "std::source_location is expected to hold one pointer (libstdc++)");
  return std::bit_cast<std::source_location>(&site);
}

}  // namespace wakeline::detail
