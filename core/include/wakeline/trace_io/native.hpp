// The native trace file, `.wakeline.json` (documented in docs/trace-format.md): versioned JSON
// holding a whole Trace, one event per line. Writing is deterministic; reading checks types, names
// and time order, never throws, and names the first problem with its JSON path.
#pragma once

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <string>
#include <string_view>

#include "wakeline/trace.hpp"
#include "wakeline/trace_io/load_result.hpp"

namespace wakeline {

inline constexpr std::string_view kNativeFormatName = "wakeline-trace";
inline constexpr std::uint32_t kNativeFormatVersion = 1;  // the only version this build reads and writes
// Reading JSON costs at most this many times the text in memory (plus 16 MiB), whatever its shape.
inline constexpr std::uint64_t kJsonMemoryFactor = 4;
// max_bytes 0: the limit follows the free memory (trace_file.hpp's trace_size_limit).
inline constexpr std::uint64_t kDefaultMaxTraceBytes = 0;

std::string write_native(const Trace& trace);
void write_native(const Trace& trace, std::ostream& out);

// Inputs larger than max_bytes are refused before parsing, to keep the app responsive.
LoadResult read_native(std::string_view text, std::uint64_t max_bytes = kDefaultMaxTraceBytes);
// The file at `path`, of either encoding (read_trace_file in trace_file.hpp, kept under this name
// for its callers); errors start with the path. Checks the size before reading the file.
LoadResult read_native_file(const std::filesystem::path& path, std::uint64_t max_bytes = kDefaultMaxTraceBytes);

}  // namespace wakeline
