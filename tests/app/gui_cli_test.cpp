// The window's command line: --lesson with its settings, --run, --dump-ui, --exit-after-seconds,
// --open, and the `screenshot` subcommand.
#include <catch2/catch.hpp>

#include <string_view>
#include <vector>

#include "commands/cli.hpp"
#include "panels/console_panel.hpp"

using namespace wakeline::app;

namespace {
CliParse parse(std::vector<std::string_view> args) { return parse_cli(args); }
}  // namespace

TEST_CASE("the window opens on a lesson with its settings, runs it, dumps what it shows", "[cli][window]") {
  const CliParse result = parse({"--lesson", "blocking-executor", "--set", "mode=async_sleep", "--clock", "real", "--run",
                                 "--screenshot", "s.png", "--dump-ui", "d.json", "--frames", "4"});
  REQUIRE(result.ok());
  CHECK(result.options.action == Action::Screenshot);
  CHECK(result.options.lesson_id == "blocking-executor");
  CHECK(result.options.lesson_settings == std::vector<std::string>{"mode=async_sleep", "clock=real"});
  CHECK(result.options.run_at_start);
  CHECK(result.options.dump_ui_path == "d.json");
  CHECK(result.options.frames == 4);
}

TEST_CASE("lesson settings in the window say which lesson they are for", "[cli][window]") {
  CHECK(parse({"--set", "mode=join"}).error == "--set only applies to 'wakeline run ID' and the window (with --lesson ID)");
  CHECK(parse({"--variant", "join"}).error.starts_with("--variant only applies to"));
  CHECK(parse({"list", "--lesson", "x"}).error.starts_with("--lesson only applies to the window"));
  CHECK(parse({"run", "lazy-future", "--dump-ui", "d.json"}).error.starts_with("--dump-ui only applies to the window"));
}

TEST_CASE("a window session quits by itself after --exit-after-seconds", "[cli][window]") {
  const CliParse result = parse({"--exit-after-seconds", "30", "--screenshot", "last.png"});
  REQUIRE(result.ok());
  CHECK(result.options.exit_after_seconds == 30);
  CHECK(parse({"--exit-after-seconds", "0"}).error ==
        "invalid --exit-after-seconds '0': expected a whole number from 1 to 3600");
  CHECK(parse({"--open", "t.wakeline.json"}).options.trace_in == "t.wakeline.json");
}

TEST_CASE("'wakeline screenshot IN --out FILE.png' is a screenshot of IN, a trace file or a lesson", "[cli][window]") {
  const CliParse result = parse({"screenshot", "sequential-vs-join", "--out", "shot.png", "--size", "1280x720"});
  REQUIRE(result.ok());
  CHECK(result.options.action == Action::Screenshot);
  CHECK(result.options.trace_in == "sequential-vs-join");
  CHECK(result.options.screenshot_path == "shot.png");
  CHECK(result.options.trace_out.empty());
  CHECK(result.options.size == WindowSize{1280, 720});
  CHECK(parse({"screenshot", "--out", "x.png"}).error.starts_with("'wakeline screenshot' needs a trace file or a lesson id"));
  CHECK(parse({"screenshot", "t.wakeline.json"}).error.starts_with("'wakeline screenshot' needs --out FILE.png"));
  CHECK(parse({"screenshot", "t", "--out", "x.png", "--format", "csv"}).error ==
        "--format does not apply to 'wakeline screenshot': it always writes a PNG");
  CHECK(parse({"screenshot", "a", "b"}).error == "unexpected argument 'b'");
}

TEST_CASE("console times line up: fixed width, in the unit that reads best", "[console]") {
  CHECK(console_time(0) == "      0.0 \xC2\xB5s");
  CHECK(console_time(12'500'000) == "   12.500 ms");
  CHECK(console_time(1'000'005'000) == "    1.000 s ");
  CHECK(console_time(0).size() == console_time(1'000'000'000).size() + 1);  // µ is two bytes in UTF-8
}
