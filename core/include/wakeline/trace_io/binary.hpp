// The binary native trace file, `.wkl` (documented in docs/trace-format.md): the same Trace as the
// JSON `.wakeline.json`, about 8-10 bytes per event and read or written at hundreds of MB/s. Events
// are stored column by column (time as deltas, ids and payloads as varints), with a checksum.
// The JSON file stays the readable interchange; both are told apart by their first bytes.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>

#include "wakeline/trace.hpp"
#include "wakeline/trace_io/load_progress.hpp"
#include "wakeline/trace_io/load_result.hpp"

namespace wakeline {

// PNG-style: a high byte (not ASCII), the name, and CR LF, EOF, LF, so that a transfer in text mode
// or a truncation to 7 bits shows as a damaged magic rather than as strange data further on.
inline constexpr std::string_view kBinaryMagic{"\x89WKL\r\n\x1a\n", 8};
inline constexpr std::uint32_t kBinaryFormatVersion = 1;  // the only version this build reads and writes
inline constexpr std::size_t kBinaryHeaderBytes = 48;
// Reading costs at most this many times the file's size in memory (the file's bytes included),
// plus 16 MiB: the reader charges what it builds and refuses a file shaped to cost more.
inline constexpr std::uint64_t kBinaryMemoryFactor = 8;

// True when `bytes` starts like a binary trace (the first four magic bytes; the reader checks the rest).
bool looks_like_binary_trace(std::string_view bytes);

std::string write_binary(const Trace& trace);
void write_binary(const Trace& trace, std::ostream& out);

// Never throws; on failure one sentence naming the section, field or event that is wrong.
// Every count and offset is checked against the input's size before anything is allocated.
LoadResult read_binary(std::string_view bytes, LoadProgress* progress = nullptr);

// The checksum stored in the header, over every byte after it (exposed for the test generators).
std::uint64_t binary_checksum(std::string_view bytes);

}  // namespace wakeline
