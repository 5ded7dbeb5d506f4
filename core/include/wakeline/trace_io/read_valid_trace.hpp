// The one gate between a trace file and anything that shows or converts it (the window's File >
// Open, drag and drop, recent files and --open, `screenshot`, `export`, `validate`): read it, then
// validate() it. The playhead, catalog and timeline models rely on what validate() checks, so a
// trace reaches them only through here (or straight from a run).
#pragma once

#include <cstdint>
#include <filesystem>

#include "wakeline/trace_io/load_result.hpp"
#include "wakeline/trace_io/native.hpp"

namespace wakeline {

// On failure, `error` is the reader's message (starting with the path) or "PATH: the trace reads
// but is not valid: " and validate()'s message; either is short and free of control characters.
LoadResult read_valid_trace_file(const std::filesystem::path& path, std::uint64_t max_bytes = kDefaultMaxTraceBytes);

}  // namespace wakeline
