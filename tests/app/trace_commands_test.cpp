// The trace commands (app/trace_commands.hpp) called as main() calls them: every lesson's trace
// survives run --out, validate and export byte for byte, and the options parse as documented.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <string_view>
#include <unistd.h>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands/cli.hpp"
#include "commands/headless_commands.hpp"
#include "commands/trace_commands.hpp"
#include "wakeline/scenarios/params.hpp"
#include "wakeline/scenarios/registry.hpp"
#include "wakeline/scenarios/run_lesson.hpp"
#include "wakeline/trace_io/binary.hpp"
#include "wakeline/trace_io/native.hpp"

using namespace wakeline;
using namespace wakeline::app;
namespace fs = std::filesystem;

namespace {

CliParse parse(std::vector<std::string_view> args) { return parse_cli(args); }

struct CommandOutput {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Parses like main() and runs the command it names.
CommandOutput run_command(std::vector<std::string_view> args) {
  const CliParse parsed = parse(std::move(args));
  INFO(parsed.error);
  REQUIRE(parsed.ok());
  std::ostringstream out, err;
  CommandOutput result;
  switch (parsed.options.action) {
    case Action::Run: result.exit_code = run_lesson_command(parsed.options, out, err); break;
    case Action::Export: result.exit_code = run_export_command(parsed.options, out, err); break;
    case Action::Validate: result.exit_code = run_validate_command(parsed.options, out, err); break;
    default: FAIL("not a trace command");
  }
  result.out = out.str();
  result.err = err.str();
  return result;
}

std::string file_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A directory of its own under the system's temp dir, removed when the test ends.
struct ScratchDir {
  fs::path path = fs::temp_directory_path() / ("wakeline_trace_commands_" + std::to_string(::getpid()));
  ScratchDir() {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string file(std::string_view name) const { return (path / name).string(); }
};

}  // namespace

TEST_CASE("'export IN' and 'validate FILE' are subcommands, --out and --format belong to run and export", "[cli][trace]") {
  const CliParse exported = parse({"export", "in.wakeline.json", "--format", "chrome", "--out", "out.json"});
  REQUIRE(exported.ok());
  CHECK(exported.options.action == Action::Export);
  CHECK(exported.options.trace_in == "in.wakeline.json");
  CHECK(exported.options.trace_out == "out.json");
  CHECK(exported.options.trace_format == TraceFormat::Chrome);

  const CliParse validated = parse({"validate", "in.wakeline.json"});
  REQUIRE(validated.ok());
  CHECK(validated.options.action == Action::Validate);
  CHECK(validated.options.trace_in == "in.wakeline.json");

  const CliParse run = parse({"run", "lazy-future", "--out=t.csv"});
  REQUIRE(run.ok());
  CHECK(run.options.trace_out == "t.csv");
  CHECK_FALSE(run.options.trace_format.has_value());

  CHECK(parse({"export", "in.wakeline.json"}).error ==
        "'wakeline export' needs --out FILE: wakeline export IN.wakeline.json|IN.wkl --out FILE [--format native|binary|chrome|csv]");
  CHECK(parse({"export", "--out", "x"}).error ==
        "'wakeline export' needs a trace file to read: wakeline export IN.wakeline.json|IN.wkl --out FILE [--format native|binary|chrome|csv]");
  CHECK(parse({"validate"}).error == "'wakeline validate' needs a trace file: wakeline validate FILE.wakeline.json");
  CHECK(parse({"validate", "a", "b"}).error == "unexpected argument 'b'");
  CHECK(parse({"export", "a", "--out", "b", "--format", "svg"}).error ==
        "invalid --format 'svg': allowed: native, binary, chrome, csv");
  CHECK(parse({"validate", "a", "--format", "csv"}).error ==
        "--format only applies to 'wakeline run ID' and 'wakeline export IN'");
  CHECK(parse({"--out", "x.json"}).error == "--out only applies to 'wakeline run ID' and 'wakeline export IN'");
  CHECK_THAT(parse({"export", "a", "--out", "b", "--set", "k=v"}).error,
             Catch::Matchers::StartsWith("--set only applies to 'wakeline run ID'"));
  CHECK(parse({"run", "lazy-future", "--format", "chrome"}).error == "--format only applies together with --out FILE");
  CHECK(parse({"run", "lazy-future", "--out", ""}).error == "--out needs a file name, e.g. --out trace.wakeline.json");
}

TEST_CASE("the help text names export, validate, --out and --format", "[cli][trace]") {
  const std::string usage = usage_text();
  for (const char* text : {"wakeline export IN --out FILE", "wakeline validate FILE", "--out FILE", "--format FORMAT"}) {
    INFO(text);
    CHECK(usage.find(text) != std::string::npos);
  }
}

TEST_CASE("the format follows --format, else the extension: .csv is csv, anything else native", "[trace]") {
  CHECK(resolve_trace_format(std::nullopt, "run.wakeline.json") == TraceFormat::Native);
  CHECK(resolve_trace_format(std::nullopt, "run.json") == TraceFormat::Native);
  CHECK(resolve_trace_format(std::nullopt, "run") == TraceFormat::Native);
  CHECK(resolve_trace_format(std::nullopt, "run.csv") == TraceFormat::Csv);
  CHECK(resolve_trace_format(std::nullopt, "run.wkl") == TraceFormat::Binary);
  CHECK(resolve_trace_format(TraceFormat::Chrome, "run.json") == TraceFormat::Chrome);
  CHECK(resolve_trace_format(TraceFormat::Native, "run.csv") == TraceFormat::Native);

  CHECK(events_csv_path("out/run.csv") == fs::path("out/run.events.csv"));
  CHECK(events_csv_path("run") == fs::path("run.events.csv"));

  for (TraceFormat format : {TraceFormat::Native, TraceFormat::Binary, TraceFormat::Chrome, TraceFormat::Csv})
    CHECK(trace_format_from_name(to_string(format)) == format);
  CHECK_FALSE(trace_format_from_name("Chrome").has_value());
}

TEST_CASE("every lesson's trace survives run --out, validate and export to native byte for byte", "[trace][lessons]") {
  const ScratchDir dir;
  for (const scenarios::Lesson& lesson : scenarios::lessons()) {
    INFO("lesson " << lesson.id);
    const std::string first = dir.file(lesson.id + ".wakeline.json");
    const std::string again = dir.file(lesson.id + ".again.wakeline.json");

    const CommandOutput ran = run_command({"run", lesson.id, "--summary", "--out", first});
    INFO(ran.err);
    REQUIRE(ran.exit_code == kExitOk);
    const auto summary = nlohmann::json::parse(ran.out);

    const CommandOutput validated = run_command({"validate", first});
    INFO(validated.err);
    REQUIRE(validated.exit_code == kExitOk);
    CHECK(validated.err.empty());
    CHECK(validated.out.starts_with(first + ": valid: scenario '" + lesson.id + "', " +
                                    std::to_string(summary["events"].get<std::uint64_t>()) + " events, "));

    const CommandOutput exported = run_command({"export", first, "--format", "native", "--out", again});
    REQUIRE(exported.exit_code == kExitOk);
    CHECK(exported.out == "wrote " + again + " (native, " + std::to_string(summary["events"].get<std::uint64_t>()) +
                              " events)\n");
    CHECK(file_text(again) == file_text(first));

    // The reopened trace sums up to what `run --summary` printed for the run itself.
    LoadResult reopened = read_native_file(again);
    REQUIRE(reopened.ok());
    RunReport report;
    report.total_ns = reopened.trace->run.total_ns;
    report.deadlocked = !reopened.trace->run.deadlock.empty();
    report.trace = std::move(*reopened.trace);
    const auto resummed = nlohmann::json::parse(scenarios::summary_json(report));
    for (const char* field : {"scenario", "params", "clock", "flavor", "workers", "seed", "total_ms", "tasks", "events",
                              "polls", "steals", "output", "deadlock"}) {
      INFO(field);
      CHECK(resummed[field] == summary[field]);
    }
  }
}

TEST_CASE("every lesson and variant: its binary trace re-exports to the JSON bytes the run wrote directly", "[trace][lessons][binary]") {
  const ScratchDir dir;
  for (const scenarios::Lesson& lesson : scenarios::lessons()) {
    std::vector<std::string> variants{""};
    for (const scenarios::Variant& variant : lesson.variants) variants.push_back(variant.name);
    for (const std::string& variant : variants) {
      INFO("lesson " << lesson.id << ", variant '" << variant << "'");
      const std::string json = dir.file("direct.wakeline.json");
      const std::string binary = dir.file("run.wkl");
      const std::string again = dir.file("again.wakeline.json");
      std::vector<std::string_view> run{"run", lesson.id, "--out", json};
      if (!variant.empty()) run.insert(run.end(), {"--variant", variant});
      REQUIRE(run_command(run).exit_code == kExitOk);
      run[3] = binary;  // the same run, written as .wkl (binary by its extension)
      REQUIRE(run_command(run).exit_code == kExitOk);
      REQUIRE(file_text(binary).starts_with(kBinaryMagic));
      const bool virtual_clock = read_native_file(json).trace->run.clock == ClockKind::Virtual;
      if (!virtual_clock)  // a real-clock run differs each time: convert the JSON one instead
        REQUIRE(run_command({"export", json, "--format", "binary", "--out", binary}).exit_code == kExitOk);

      const CommandOutput validated = run_command({"validate", binary});
      INFO(validated.err);
      CHECK(validated.exit_code == kExitOk);
      const CommandOutput exported = run_command({"export", binary, "--format", "native", "--out", again});
      INFO(exported.err);
      REQUIRE(exported.exit_code == kExitOk);
      CHECK(file_text(again) == file_text(json));
    }
  }
}

TEST_CASE("run --out with csv writes the tasks table to FILE and the events next to it", "[trace]") {
  const ScratchDir dir;
  const std::string tasks = dir.file("join.csv");
  const CommandOutput ran = run_command({"run", "sequential-vs-join", "--variant", "join", "--out", tasks});
  REQUIRE(ran.exit_code == kExitOk);
  CHECK(file_text(tasks).starts_with("id,name,parent,blocking_job,"));
  CHECK(file_text(dir.file("join.events.csv")).starts_with("time_ns,kind,thread,thread_name,task,task_name,"));

  const std::string chrome = dir.file("join.json");
  REQUIRE(run_command({"export", dir.file("missing.wakeline.json"), "--out", chrome}).exit_code == kExitFailure);
  CHECK_FALSE(fs::exists(chrome));
}

TEST_CASE("a trace that reads but breaks an invariant is refused by validate and export with the invariant's name",
          "[trace]") {
  const ScratchDir dir;
  const std::string path = dir.file("broken.wakeline.json");
  const scenarios::Lesson& lesson = *scenarios::find_lesson("lazy-future");
  const scenarios::LessonSetup setup = scenarios::default_setup(lesson);
  Trace trace = scenarios::run_lesson(lesson, setup.params, setup.runtime).trace;
  // A poll that never ends: drop the last poll_end.
  for (auto it = trace.events.rbegin(); it != trace.events.rend(); ++it) {
    if (it->kind == EventKind::PollEnd) {
      trace.events.erase(std::next(it).base());
      break;
    }
  }
  REQUIRE(write_trace_files(trace, path, TraceFormat::Native).ok());

  const CommandOutput validated = run_command({"validate", path});
  CHECK(validated.exit_code == kExitFailure);
  CHECK(validated.out.empty());
  CHECK(validated.err.starts_with("wakeline: " + path + ": the trace reads but is not valid: poll_paired: event "));

  const CommandOutput exported = run_command({"export", path, "--format", "chrome", "--out", dir.file("x.json")});
  CHECK(exported.exit_code == kExitFailure);
  CHECK(exported.err == validated.err);
  CHECK_FALSE(fs::exists(dir.file("x.json")));
}
