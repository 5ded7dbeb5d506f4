// Reading trace files: the size limit taken from the free memory, streaming the bytes in, and the
// choice of reader by the first bytes.
#include "wakeline/trace_io/trace_file.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <optional>

#include "byte_buffer.hpp"
#include "wakeline/printable.hpp"
#include "wakeline/trace_io/binary.hpp"
#include "wakeline/trace_io/native.hpp"

namespace wakeline {
namespace {

constexpr std::uint64_t kFallbackLimit = 512ull << 20;

LoadResult failure(std::string message) { return LoadResult{std::nullopt, std::move(message)}; }

const char* encoding_name(TraceEncoding encoding) {
  return encoding == TraceEncoding::Binary ? "a binary trace" : "a JSON trace";
}

}  // namespace

std::optional<std::uint64_t> available_memory_bytes() {
  std::FILE* file = std::fopen("/proc/meminfo", "r");
  if (file == nullptr) return std::nullopt;
  std::optional<std::uint64_t> found;
  char line[256];
  while (std::fgets(line, sizeof line, file) != nullptr) {
    unsigned long long kib = 0;
    if (std::sscanf(line, "MemAvailable: %llu kB", &kib) == 1) {
      found = static_cast<std::uint64_t>(kib) * 1024;
      break;
    }
  }
  std::fclose(file);
  return found;
}

SizeLimit trace_size_limit(TraceEncoding encoding, std::uint64_t max_bytes, std::optional<std::uint64_t> available) {
  if (max_bytes != kLimitFromMemory) return SizeLimit{max_bytes, "for a trace"};
  if (!available) return SizeLimit{kFallbackLimit, "for a trace (the free memory is unknown: no MemAvailable in /proc/meminfo)"};
  const std::uint64_t factor = encoding == TraceEncoding::Binary ? kBinaryMemoryFactor : kJsonMemoryFactor;
  return SizeLimit{*available / factor, std::string("for ") + encoding_name(encoding) + ": reading one takes up to " +
                                            std::to_string(factor) + " times its size in memory, and " +
                                            describe_size(*available) + " is free (MemAvailable)"};
}

TraceEncoding encoding_of(std::string_view first_bytes) {
  return looks_like_binary_trace(first_bytes) ? TraceEncoding::Binary : TraceEncoding::Json;
}

std::string describe_size(std::uint64_t bytes) {
  if (bytes < (1u << 20)) return std::to_string(bytes) + " bytes";
  char text[48];
  if (bytes < (1ull << 30))
    std::snprintf(text, sizeof text, "%.1f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  else
    std::snprintf(text, sizeof text, "%.1f GiB", static_cast<double>(bytes) / (1024.0 * 1024.0 * 1024.0));
  return text;
}

LoadResult read_trace(std::string_view bytes, std::uint64_t max_bytes, LoadProgress* progress) {
  const TraceEncoding encoding = encoding_of(bytes);
  if (encoding == TraceEncoding::Json) return read_native(bytes, max_bytes);
  const SizeLimit limit = trace_size_limit(encoding, max_bytes);
  if (bytes.size() > limit.bytes)
    return failure("the input is " + describe_size(bytes.size()) + ", over the limit of " + describe_size(limit.bytes) + " " +
                   limit.why);
  return read_binary(bytes, progress);
}

LoadResult read_trace_file(const std::filesystem::path& path, std::uint64_t max_bytes, LoadProgress* progress) {
  const std::string name = printable(path.string(), 4096);
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) return failure(name + ": cannot open: no such file");
  if (std::filesystem::is_directory(status)) return failure(name + ": is a directory, not a trace file");
  // Only a regular file's size is worth trusting: a pipe has none, and procfs files report 0.
  std::uint64_t expected = 0;
  if (std::filesystem::is_regular_file(status)) {
    const std::uint64_t size = std::filesystem::file_size(path, ec);
    if (!ec) expected = size;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return failure(name + ": cannot open the file for reading");
  if (progress != nullptr) progress->start(LoadProgress::Stage::Reading, expected);
  trace_io_detail::ByteBuffer bytes;
  try {
    // The first chunk says which encoding, and so which limit; then read until the end (the file
    // may be longer than it said, or have no size), stopping one chunk past the limit: memory
    // follows what really arrives, never a claimed size. Each chunk is read straight into the
    // buffer (one copy, from the kernel).
    constexpr std::size_t kChunk = std::size_t{1} << 20;
    const auto read_chunk = [&] {
      bytes.make_room(kChunk);
      in.read(bytes.end(), static_cast<std::streamsize>(kChunk));
      bytes.size += static_cast<std::size_t>(in.gcount());
    };
    read_chunk();
    const TraceEncoding encoding = encoding_of(bytes.view());
    const SizeLimit limit = trace_size_limit(encoding, max_bytes);
    const auto too_big = [&](const std::string& what) {
      return failure(name + ": " + what + " the limit of " + describe_size(limit.bytes) + " " + limit.why);
    };
    if (expected > limit.bytes) return too_big("the file is " + describe_size(expected) + ", over");
    bytes.reserve(static_cast<std::size_t>(std::max<std::uint64_t>(expected, bytes.size)) + kChunk);
    // The buffer's fresh pages are faulted in on the other core while the file is read into them;
    // stopped before the buffer could move (a file longer than it said).
    std::optional<detail::FaultInAhead> ahead;
    ahead.emplace(bytes.end(), bytes.capacity - bytes.size);
    while (in) {
      if (bytes.size > limit.bytes) return too_big("the input goes on past");
      if (bytes.capacity - bytes.size < kChunk) ahead.reset();
      read_chunk();
      if (progress != nullptr) progress->advance(bytes.size);
    }
    if (bytes.size > limit.bytes) return too_big("the input goes on past");
    if (in.bad()) return failure(name + ": could not read the file");
  } catch (const std::exception&) {
    return failure(name + ": out of memory while reading the file");
  }
  LoadResult result = read_trace(bytes.view(), max_bytes, progress);
  if (!result.ok()) result.error = name + ": " + result.error;
  return result;
}

}  // namespace wakeline
