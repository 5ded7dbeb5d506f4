// What "round-trips" means for a trace file, said once for every test that checks it: the file read
// back is the trace that was written, and writing that again gives the same bytes (both formats
// are canonical). A test names the trace and the format; this checks the rest.
#pragma once

#include <catch2/catch.hpp>

#include <string>

#include "wakeline/trace.hpp"
#include "wakeline/trace_io/binary.hpp"
#include "wakeline/trace_io/native.hpp"

namespace wakeline::testing {

namespace detail {
template <class Read, class Write>
Trace read_back_unchanged(const std::string& file, const Trace& written, Read read, Write write) {
  const LoadResult loaded = read(file);
  INFO(loaded.error);
  REQUIRE(loaded.ok());
  CHECK(*loaded.trace == written);
  CHECK(write(*loaded.trace) == file);
  return *loaded.trace;
}
}  // namespace detail

// `file` is write_native(written): it reads back as `written` and is written again byte for byte.
// Returns the trace read, for a test's own checks.
inline Trace read_back_native(const std::string& file, const Trace& written) {
  return detail::read_back_unchanged(
      file, written, [](const std::string& text) { return read_native(text); },
      [](const Trace& trace) { return write_native(trace); });
}

// The same for write_binary(written).
inline Trace read_back_binary(const std::string& file, const Trace& written) {
  return detail::read_back_unchanged(
      file, written, [](const std::string& bytes) { return read_binary(bytes); },
      [](const Trace& trace) { return write_binary(trace); });
}

}  // namespace wakeline::testing
