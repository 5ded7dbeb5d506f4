// The hostile files of issue 13 (tests/data/hostile, made by scripts/make_hostile_traces.py),
// headless: validate() refuses each file a model would have trusted, the playhead's models never
// index with a file's number even when given a refused trace, and messages stay short and clean.
#include <catch2/catch.hpp>

#include <string>

#include "wakeline/playhead/narrate.hpp"
#include "wakeline/playhead/playhead.hpp"
#include "wakeline/playhead/state_timeline.hpp"
#include "wakeline/printable.hpp"
#include "wakeline/trace_io/native.hpp"
#include "wakeline/validate.hpp"

using namespace wakeline;

namespace {

std::string hostile_path(std::string_view name) {
  std::string path = WAKELINE_HOSTILE_DIR;  // appended, not `+`: GCC 12 warns falsely on that
  path += '/';
  path += name;
  return path;
}

Trace read_hostile(const std::string& name) {
  LoadResult loaded = read_native_file(hostile_path(name));
  INFO(loaded.error);
  REQUIRE(loaded.ok());
  return std::move(*loaded.trace);
}

bool has_control_chars(std::string_view text) {
  for (const char c : text)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return true;
  return false;
}

// Builds what the window builds for a trace and steps through all of it.
void build_playhead_models(const Trace& trace) {
  StateTimeline timeline(trace, StateTimeline::Options{.checkpoint_every = 4});
  Narrator narrator(timeline.catalog());
  Playhead playhead(timeline);
  for (std::size_t i = 0; i < trace.events.size(); ++i) {
    CHECK_FALSE(narrator.line(i).empty());
    playhead.step_forward();
  }
  playhead.seek(0);
  playhead.seek(trace.events.size());
}

}  // namespace

TEST_CASE("validate refuses each hostile file under the invariant it breaks", "[hostile]") {
  const auto [file, invariant] = GENERATE(table<const char*, const char*>({
      {"poll_unspawned_task.wakeline.json", "wake_before_poll"},
      {"poll_task_zero.wakeline.json", "task_ends_once"},
      {"thread_index_ffffffff.wakeline.json", "threads_dense"},
      {"thread_index_fffffffe.wakeline.json", "threads_dense"},
      {"wake_cause_248.wakeline.json", "payload_in_range"},
  }));
  INFO(file);
  const ValidationResult result = validate(read_hostile(file));
  INFO(result.message);
  CHECK_FALSE(result.ok);
  CHECK(result.invariant == invariant);
}

TEST_CASE("the playhead models take a refused file without indexing past its tables", "[hostile]") {
  // Nothing should reach them unvalidated, but a model must not trust a file's numbers anyway.
  const char* file = GENERATE("poll_unspawned_task.wakeline.json", "poll_task_zero.wakeline.json",
                              "thread_index_ffffffff.wakeline.json", "thread_index_fffffffe.wakeline.json",
                              "wake_cause_248.wakeline.json");
  INFO(file);
  build_playhead_models(read_hostile(file));
}

TEST_CASE("valid traces with 20 000-character lines and names pass and step through", "[hostile]") {
  const char* file = GENERATE("long_print_line.wakeline.json", "long_names.wakeline.json", "control_chars.wakeline.json",
                              "valid_small.wakeline.json");
  INFO(file);
  const Trace trace = read_hostile(file);
  const ValidationResult result = validate(trace);
  INFO(result.message);
  REQUIRE(result.ok);
  build_playhead_models(trace);
}

TEST_CASE("a file cut inside a long string is refused with a short message", "[hostile]") {
  const LoadResult loaded = read_native_file(hostile_path("cut_in_long_string.wakeline.json"));
  REQUIRE_FALSE(loaded.ok());
  INFO(loaded.error);
  CHECK(loaded.error.find("not valid JSON") != std::string::npos);
  CHECK(loaded.error.size() < 500);  // the file is 100 000 bytes, nearly all of it one string
}

TEST_CASE("validate's messages quote names without their control characters, and briefly", "[hostile]") {
  Trace trace = read_hostile("control_chars.wakeline.json");
  trace.threads[0].name = "worker\x1b]0;x\x07" + std::string(5000, 'w');
  trace.events[9].task = 0;  // any problem: its message names the thread
  const ValidationResult result = validate(trace);
  REQUIRE_FALSE(result.ok);
  INFO(result.message);
  CHECK_FALSE(has_control_chars(result.message));
  CHECK(result.message.size() < 400);
}

TEST_CASE("printable escapes control characters and cuts on a character boundary", "[hostile]") {
  CHECK(printable("a\x1b]0;t\x07z") == "a\\x1b]0;t\\x07z");
  CHECK(printable("tab\there\nnext") == "tab\\there\\nnext");
  CHECK(printable("c1 \xc2\x9b here") == "c1 \\x9b here");
  CHECK(printable(std::string(100, 'x'), 10) == std::string(10, 'x') + "...");
  CHECK(printable("\xc3\xa9\xc3\xa9\xc3\xa9", 3) == "\xc3\xa9\xc3\xa9...");  // never half an é
  CHECK(without_control_chars("two\nlines\x1b[2J") == "two\nlines\\x1b[2J");
}
