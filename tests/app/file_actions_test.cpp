// The File menu's work without a window: opening a trace keeps what was shown when the file is bad
// and says why; saving and exporting name the path when they fail; the recent list.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "app_test_support.hpp"
#include "file_actions.hpp"
#include "wakeline/scenarios/params.hpp"
#include "wakeline/scenarios/registry.hpp"
#include "wakeline/scenarios/run_lesson.hpp"
#include "wakeline/trace_io/native.hpp"

using namespace wakeline;
using namespace wakeline::app;
namespace fs = std::filesystem;
namespace sc = wakeline::scenarios;
using app_tests::lesson_trace;

namespace {

fs::path temp_dir(const std::string& name) { return app_tests::fresh_temp_dir("file_actions_test", name); }

std::string read_all(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("opening a saved trace shows it, with its printed output, and puts it first in the recent list", "[files]") {
  const fs::path dir = temp_dir("open");
  const fs::path path = dir / "lazy.wakeline.json";
  REQUIRE(save_trace_file(lesson_trace("lazy-future"), path.string()).empty());
  AppState state;
  REQUIRE(open_trace_file(state, path.string()));
  REQUIRE(state.trace != nullptr);
  CHECK(state.trace->run.scenario == "lazy-future");
  CHECK(state.trace_title == "lazy.wakeline.json");
  CHECK(state.recent_files.front() == path.string());
  bool printed = false;
  for (const ConsoleLine& line : state.console) printed |= line.kind == ConsoleLine::Kind::Output;
  CHECK(printed);
  CHECK_FALSE(state.message.open_requested);
}

TEST_CASE("a bad trace file leaves the shown trace alone and the console and a modal say what is wrong and where", "[files]") {
  const fs::path dir = temp_dir("bad");
  AppState state;
  state.trace = std::make_shared<const Trace>(lesson_trace("sequential-vs-join"));
  const auto shown = state.trace;

  const fs::path broken = dir / "broken.wakeline.json";
  std::ofstream(broken) << "{\"format\": \"wakeline-trace\", \"version\": 1,\n \"events\": [[1, \"x\"";
  CHECK_FALSE(open_trace_file(state, broken.string()));
  CHECK(state.trace == shown);
  CHECK(state.message.open_requested);
  CHECK(state.message.title == "Cannot open the trace");
  CHECK(state.message.text.starts_with(broken.string()));  // the loader's message, path first
  REQUIRE_FALSE(state.console.empty());
  CHECK(state.console.back().kind == ConsoleLine::Kind::Error);

  CHECK_FALSE(open_trace_file(state, (dir / "missing.wakeline.json").string()));
  CHECK(state.trace == shown);
  CHECK(state.recent_files.empty());  // only files that opened are remembered
}

TEST_CASE("a hostile trace is refused by the window's open path with its first problem, the run stays", "[files]") {
  // tests/data/hostile, from scripts/make_hostile_traces.py: each crashed the window before.
  AppState state;
  state.trace = std::make_shared<const Trace>(lesson_trace("sequential-vs-join"));
  const auto shown = state.trace;
  const auto [file, invariant] = GENERATE(table<const char*, const char*>({
      {"poll_unspawned_task.wakeline.json", "wake_before_poll"},
      {"poll_task_zero.wakeline.json", "task_ends_once"},
      {"thread_index_ffffffff.wakeline.json", "threads_dense"},
      {"thread_index_fffffffe.wakeline.json", "threads_dense"},
      {"wake_cause_248.wakeline.json", "payload_in_range"},
  }));
  std::string path = WAKELINE_HOSTILE_DIR;
  path += '/';
  path += file;
  CHECK_FALSE(open_trace_file(state, path));
  CHECK(state.trace == shown);
  CHECK(state.message.open_requested);
  INFO(state.message.text);
  CHECK(state.message.text.find(std::string("the trace reads but is not valid: ") + invariant) != std::string::npos);
}

TEST_CASE("saving and exporting write the files, or name the path that could not be written", "[files]") {
  const fs::path dir = temp_dir("export");
  const Trace trace = lesson_trace("sequential-vs-join");
  CHECK(export_chrome_file(trace, (dir / "t.chrome.json").string()).empty());
  CHECK(read_all(dir / "t.chrome.json").find("\"traceEvents\"") != std::string::npos);
  CHECK(export_tasks_csv_file(trace, (dir / "t.tasks.csv").string()).empty());
  CHECK(read_all(dir / "t.tasks.csv").starts_with("id,name,parent"));
  CHECK(export_events_csv_file(trace, (dir / "t.events.csv").string()).empty());
  CHECK(read_all(dir / "t.events.csv").starts_with("time_ns,kind"));

  const std::string nowhere = (dir / "no-such-folder" / "t.wakeline.json").string();
  const std::string error = save_trace_file(trace, nowhere);
  CHECK(error == "cannot write " + nowhere + ": No such file or directory (nothing was written)");

  AppState state;
  state.trace = std::make_shared<const Trace>(trace);
  carry_out_file_action(state, FileDialogKind::SaveTrace, nowhere);
  CHECK(state.message.open_requested);
  CHECK(state.message.text == error);
  carry_out_file_action(state, FileDialogKind::SaveTrace, (dir / "t.wakeline.json").string());
  CHECK(read_native_file(dir / "t.wakeline.json").ok());
  CHECK(state.recent_files.front() == (dir / "t.wakeline.json").string());
}

TEST_CASE("the recent list keeps the newest first, once each, at most eight", "[files]") {
  std::vector<std::string> recent;
  for (int i = 0; i < 10; ++i) remember_recent_file(recent, "/tmp/t" + std::to_string(i) + ".wakeline.json");
  remember_recent_file(recent, "/tmp/t5.wakeline.json");
  REQUIRE(recent.size() == kMaxRecentFiles);
  CHECK(recent[0] == "/tmp/t5.wakeline.json");
  CHECK(recent[1] == "/tmp/t9.wakeline.json");
  CHECK(std::count(recent.begin(), recent.end(), "/tmp/t5.wakeline.json") == 1);
}

TEST_CASE("a save suggests the lesson's name beside the last file used", "[files]") {
  AppState state;
  state.trace = std::make_shared<const Trace>(lesson_trace("lazy-future"));
  state.recent_files = {"/data/class/old.wakeline.json"};
  CHECK(suggested_path(state, FileDialogKind::SaveTrace) == "/data/class/lazy-future.wakeline.json");
  CHECK(suggested_path(state, FileDialogKind::ExportTasksCsv) == "/data/class/lazy-future.tasks.csv");
  CHECK(suggested_path(state, FileDialogKind::OpenTrace) == "/data/class/old.wakeline.json");
}
