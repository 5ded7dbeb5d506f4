#include "wakeline/trace_io/read_valid_trace.hpp"

#include "wakeline/printable.hpp"
#include "wakeline/validate.hpp"

namespace wakeline {

LoadResult read_valid_trace_file(const std::filesystem::path& path, std::uint64_t max_bytes, LoadProgress* progress) {
  LoadResult loaded = read_trace_file(path, max_bytes, progress);
  if (loaded.ok()) {
    if (progress != nullptr) progress->start(LoadProgress::Stage::Checking, 0);
    const ValidationResult valid = validate(*loaded.trace);
    if (!valid.ok)
      loaded = LoadResult{std::nullopt, printable(path.string(), 4096) + ": the trace reads but is not valid: " + valid.message};
  }
  if (progress != nullptr) progress->start(LoadProgress::Stage::Done, 0);
  return loaded;
}

}  // namespace wakeline
