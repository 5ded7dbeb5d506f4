// The binary trace file (trace_io/binary.hpp): it holds exactly the Trace the JSON file holds, and
// a damaged file (cut at any byte, any bit flipped, a wrong magic or version, counts and offsets
// that point past the end) is refused with a message naming what is wrong, never a crash and never
// an allocation sized by a number the reader has not checked.
#include <catch2/catch.hpp>

#include <cstring>
#include <string>

#include "round_trip.hpp"
#include "trace_fixtures.hpp"
#include "wakeline/trace_io/binary.hpp"
#include "wakeline/trace_io/native.hpp"
#include "wakeline/trace_io/trace_file.hpp"

using namespace wakeline;
using wakeline::fixtures::contains;

namespace {


std::uint64_t u64_at(const std::string& file, std::size_t at) {
  std::uint64_t value = 0;
  for (int i = 7; i >= 0; --i) value = (value << 8) | static_cast<unsigned char>(file[at + static_cast<std::size_t>(i)]);
  return value;
}
void set_u64(std::string& file, std::size_t at, std::uint64_t value) {
  for (int i = 0; i < 8; ++i) file[at + static_cast<std::size_t>(i)] = static_cast<char>((value >> (8 * i)) & 0xff);
}
void set_u32(std::string& file, std::size_t at, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) file[at + static_cast<std::size_t>(i)] = static_cast<char>((value >> (8 * i)) & 0xff);
}
// After a deliberate change past the header: a checksum that matches again, so the check under
// test (a count, an offset) is the one that has to catch it.
void reseal(std::string& file) { set_u64(file, 32, binary_checksum(std::string_view(file).substr(kBinaryHeaderBytes))); }

// The section table entry for `id`: its offset in the file.
std::size_t entry_of(const std::string& file, std::uint32_t id) {
  const std::uint32_t sections = static_cast<std::uint32_t>(u64_at(file, 12) & 0xffffffffu);
  for (std::uint32_t s = 0; s < sections; ++s) {
    const std::size_t entry = kBinaryHeaderBytes + s * 24;
    if ((u64_at(file, entry) & 0xffffffffu) == id) return entry;
  }
  FAIL("no section " << id);
  return 0;
}

std::string binary_read_error(const std::string& file) {
  const LoadResult loaded = read_binary(file);
  REQUIRE_FALSE(loaded.ok());
  return loaded.error;
}

// A trace whose payloads reach the ends of their ranges, and whose events are far apart in time.
Trace extreme_trace() {
  Trace trace = fixtures::small_valid_trace();
  trace.run.seed = ~0ull;
  trace.run.total_ns = ~0ull - 1;
  trace.events.back().time_ns = ~0ull - 1;
  const EventKind kind = trace.events[3].kind;
  trace.events[3].set_payload(payload_max(kind, PayloadField::A), payload_max(kind, PayloadField::B),
                              payload_max(kind, PayloadField::C));
  trace.events[4].task = 0xffffffffu;
  trace.events[4].thread = kMaxThreads - 1;
  trace.events[4].location = 0xffffffffu;
  trace.strings.push_back(std::string(100000, 'x') + std::string("\0nul inside", 11));
  trace.strings.push_back("");
  return trace;
}

}  // namespace

TEST_CASE("a binary trace reads back as the same trace, and re-exports to the same JSON bytes", "[trace][binary]") {
  for (const Trace& trace : {fixtures::small_valid_trace(), extreme_trace(), Trace{}}) {
    const std::string file = write_binary(trace);
    CHECK(file.substr(0, 8) == kBinaryMagic);
    CHECK(write_native(testing::read_back_binary(file, trace)) == write_native(trace));
  }
}

TEST_CASE("read_trace tells the encodings apart by their first bytes", "[trace][binary]") {
  const Trace trace = fixtures::small_valid_trace();
  const LoadResult from_binary = read_trace(write_binary(trace));
  const LoadResult from_json = read_trace(write_native(trace));
  REQUIRE(from_binary.ok());
  REQUIRE(from_json.ok());
  CHECK(*from_binary.trace == *from_json.trace);
  CHECK(encoding_of(write_binary(trace)) == TraceEncoding::Binary);
  CHECK(encoding_of(write_native(trace)) == TraceEncoding::Json);
}

TEST_CASE("a small trace's events take a few bytes each", "[trace][binary]") {
  const Trace trace = fixtures::small_valid_trace();
  const std::string file = write_binary(trace);
  const std::size_t columns = file.size() - kBinaryHeaderBytes - 12 * 24;
  CHECK(columns < 4096);
  CHECK(u64_at(file, 24) == trace.events.size());
}

TEST_CASE("a binary file cut at any byte is refused as cut short", "[trace][binary][malformed]") {
  const std::string file = write_binary(fixtures::small_valid_trace());
  for (std::size_t length = 0; length < file.size(); ++length) {
    INFO("cut at " << length << " of " << file.size());
    const std::string error = binary_read_error(file.substr(0, length));
    if (length < kBinaryHeaderBytes)
      CHECK(contains(error, "shorter than the 48-byte header"));
    else
      CHECK(contains(error, "the file is cut short: its header says " + std::to_string(file.size()) + " bytes, it has " +
                                std::to_string(length)));
  }
  CHECK(contains(binary_read_error(file + "xyz"), "the file has 3 bytes more than the"));
}

TEST_CASE("any single bit flipped in a binary file is refused", "[trace][binary][malformed]") {
  const std::string file = write_binary(fixtures::small_valid_trace());
  for (std::size_t bit = 0; bit < file.size() * 8; ++bit) {
    std::string damaged = file;
    damaged[bit / 8] = static_cast<char>(damaged[bit / 8] ^ (1 << (bit % 8)));
    const LoadResult loaded = read_binary(damaged);
    INFO("bit " << bit << ": " << loaded.error);
    REQUIRE_FALSE(loaded.ok());
    CHECK(loaded.error.size() < 300);
    if (bit / 8 >= kBinaryHeaderBytes) CHECK(contains(loaded.error, "the checksum does not match"));
  }
}

TEST_CASE("a binary file with a wrong magic or version says so", "[trace][binary][malformed]") {
  std::string file = write_binary(fixtures::small_valid_trace());
  std::string crlf = file;
  crlf.replace(4, 2, "\n");  // a copy in text mode turned \r\n into \n
  CHECK(contains(binary_read_error(crlf), "not a binary Wakeline trace: its first 8 bytes are"));
  std::string version = file;
  set_u32(version, 8, 2);
  CHECK(contains(binary_read_error(version), "unsupported version 2 of the binary trace format; this build reads version 1 only"));
}

TEST_CASE("huge counts and offsets past the end are refused before anything is allocated", "[trace][binary][malformed]") {
  const std::string file = write_binary(fixtures::small_valid_trace());
  SECTION("an event count far beyond the columns") {
    std::string bad = file;
    set_u64(bad, 24, 1ull << 60);
    CHECK(contains(binary_read_error(bad), "header: 1152921504606846976 events, but the kind column holds"));
  }
  SECTION("a section count the file cannot hold") {
    std::string bad = file;
    set_u32(bad, 12, 0xffffffffu);
    CHECK(contains(binary_read_error(bad), "header: 4294967295 sections do not fit in the file's"));
  }
  SECTION("a section whose offset lies past the end") {
    std::string bad = file;
    set_u64(bad, entry_of(bad, 3) + 8, 1ull << 62);
    reseal(bad);
    CHECK(contains(binary_read_error(bad), "section table entry 2 (strings): offset 4611686018427387904 and size"));
  }
  SECTION("a section whose size runs past the end") {
    std::string bad = file;
    set_u64(bad, entry_of(bad, 17) + 16, ~0ull);
    reseal(bad);
    CHECK(contains(binary_read_error(bad), "(events column kind): offset"));
  }
  SECTION("a string count the strings section cannot hold") {
    std::string bad = file;
    const std::size_t strings = u64_at(bad, entry_of(bad, 3) + 8);
    bad[strings] = static_cast<char>(0xff);  // the count's varint now runs on: 0xff, then the next bytes
    bad[strings + 1] = static_cast<char>(0xff);
    bad[strings + 2] = static_cast<char>(0x7f);
    reseal(bad);
    CHECK(contains(binary_read_error(bad), "strings: count: the count"));
  }
  SECTION("a string length past the end of its section") {
    std::string bad = file;
    const std::size_t strings = u64_at(bad, entry_of(bad, 3) + 8);
    bad[strings + 1] = 0x7f;  // the first string's length byte
    reseal(bad);
    CHECK(contains(binary_read_error(bad), "strings: strings[0]: its length 127 runs past the end of the section"));
  }
  SECTION("a missing section") {
    std::string bad = file;
    set_u32(bad, entry_of(bad, 4), 200);  // locations renamed to an id this version does not know
    reseal(bad);
    CHECK(contains(binary_read_error(bad), "the locations section is missing"));
  }
  SECTION("a kind number past the last kind") {
    std::string bad = file;
    bad[u64_at(bad, entry_of(bad, 17) + 8) + 2] = static_cast<char>(200);
    reseal(bad);
    CHECK(contains(binary_read_error(bad), "events[2]: unknown event kind 200"));
  }
}

TEST_CASE("the size limit follows the free memory and what the encoding can cost", "[trace][binary]") {
  const std::uint64_t gib = 1ull << 30;
  CHECK(trace_size_limit(TraceEncoding::Binary, kLimitFromMemory, 16 * gib).bytes == 2 * gib);
  CHECK(trace_size_limit(TraceEncoding::Json, kLimitFromMemory, 16 * gib).bytes == 4 * gib);
  CHECK(contains(trace_size_limit(TraceEncoding::Binary, kLimitFromMemory, 16 * gib).why,
                 "reading one takes up to 8 times its size in memory, and 16.0 GiB is free (MemAvailable)"));
  CHECK(trace_size_limit(TraceEncoding::Json, 1000).bytes == 1000);
  CHECK(trace_size_limit(TraceEncoding::Json, kLimitFromMemory, std::nullopt).bytes == 512ull << 20);
  REQUIRE(available_memory_bytes().has_value());  // Linux: /proc/meminfo
  CHECK(trace_size_limit(TraceEncoding::Binary).bytes > 0);
}

TEST_CASE("read_trace refuses a binary input over the limit before decoding it", "[trace][binary]") {
  const std::string file = write_binary(fixtures::small_valid_trace());
  const LoadResult loaded = read_trace(file, 100);
  REQUIRE_FALSE(loaded.ok());
  CHECK(contains(loaded.error, "over the limit of 100 bytes for a trace"));
}

TEST_CASE("loading reports its progress up to the last event", "[trace][binary]") {
  const Trace trace = fixtures::small_valid_trace();
  LoadProgress progress;
  CHECK(progress.fraction() == 0.0);
  const LoadResult loaded = read_binary(write_binary(trace), &progress);
  REQUIRE(loaded.ok());
  CHECK(progress.stage.load() == LoadProgress::Stage::Decoding);
  CHECK(progress.done.load() == trace.events.size());
  CHECK(progress.fraction() == Approx(0.7));
  progress.start(LoadProgress::Stage::Done, 0);
  CHECK(progress.fraction() == 1.0);
}
