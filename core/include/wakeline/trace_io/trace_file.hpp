// Reading a native trace of either encoding, JSON (`.wakeline.json`) or binary (`.wkl`), told
// apart by the first bytes, never by the name. The size a file may have follows the memory the
// machine has free (MemAvailable) and what reading the encoding can cost at worst; a file over it
// is refused, with that reason, before it is read.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "wakeline/trace_io/load_progress.hpp"
#include "wakeline/trace_io/load_result.hpp"

namespace wakeline {

enum class TraceEncoding : std::uint8_t { Json, Binary };

// As `max_bytes`: no fixed limit; the file may be as large as the free memory allows.
inline constexpr std::uint64_t kLimitFromMemory = 0;

struct SizeLimit {
  std::uint64_t bytes = 0;
  std::string why;  // "for a binary trace: reading one takes up to 8 times its size, and 9.1 GiB is free (MemAvailable)"
};

// MemAvailable from /proc/meminfo, in bytes; nullopt where there is none.
std::optional<std::uint64_t> available_memory_bytes();

// `max_bytes` itself when set; else the free memory divided by what reading `encoding` costs at
// most per byte of file (JSON 4x, binary 8x), or 512 MiB when the free memory is unknown.
SizeLimit trace_size_limit(TraceEncoding encoding, std::uint64_t max_bytes = kLimitFromMemory,
                           std::optional<std::uint64_t> available = available_memory_bytes());

TraceEncoding encoding_of(std::string_view first_bytes);

// Reads a whole trace held in memory, JSON or binary.
LoadResult read_trace(std::string_view bytes, std::uint64_t max_bytes = kLimitFromMemory, LoadProgress* progress = nullptr);

// Reads the file by streaming (pipes and procfs files have no trustworthy size); errors start with
// the path. `progress`, when given, follows the read and the decoding.
LoadResult read_trace_file(const std::filesystem::path& path, std::uint64_t max_bytes = kLimitFromMemory,
                           LoadProgress* progress = nullptr);

// "9.1 GiB", "512.0 MiB", "100 bytes": sizes as messages give them.
std::string describe_size(std::uint64_t bytes);

}  // namespace wakeline
