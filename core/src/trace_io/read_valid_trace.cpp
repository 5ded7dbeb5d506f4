#include "wakeline/trace_io/read_valid_trace.hpp"

#include "wakeline/printable.hpp"
#include "wakeline/validate.hpp"

namespace wakeline {

LoadResult read_valid_trace_file(const std::filesystem::path& path, std::uint64_t max_bytes) {
  LoadResult loaded = read_native_file(path, max_bytes);
  if (!loaded.ok()) return loaded;
  const ValidationResult valid = validate(*loaded.trace);
  if (valid.ok) return loaded;
  return LoadResult{std::nullopt, printable(path.string(), 4096) + ": the trace reads but is not valid: " + valid.message};
}

}  // namespace wakeline
