// The one gate between a trace file and anything that shows or converts it (the window's File >
// Open, drag and drop, recent files and --open, `screenshot`, `export`, `validate`): read it, then
// validate() it. The playhead, catalog and timeline models rely on what validate() checks, so a
// trace reaches them only through here (or straight from a run).
#pragma once

#include <cstdint>
#include <filesystem>

#include "wakeline/trace_io/load_result.hpp"
#include "wakeline/trace_io/load_progress.hpp"
#include "wakeline/trace_io/native.hpp"
#include "wakeline/trace_io/trace_file.hpp"

namespace wakeline {

// Reads either encoding (JSON or binary, by the first bytes). On failure, `error` is the reader's
// message (starting with the path) or "PATH: the trace reads but is not valid: " and validate()'s
// message; either is short and free of control characters. `progress`, when given, follows the
// read, the decoding and the check, and ends at Stage::Done whatever the outcome.
LoadResult read_valid_trace_file(const std::filesystem::path& path, std::uint64_t max_bytes = kLimitFromMemory,
                                 LoadProgress* progress = nullptr);

}  // namespace wakeline
