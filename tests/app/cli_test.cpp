#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "commands/cli.hpp"

using namespace wakeline::app;

namespace {
CliParse parse(std::vector<std::string_view> args) { return parse_cli(args); }
}  // namespace

TEST_CASE("no arguments open the GUI at 1600x900", "[cli]") {
  const CliParse result = parse({});
  REQUIRE(result.ok());
  CHECK(result.options.action == Action::Gui);
  CHECK(result.options.size == WindowSize{1600, 900});
}

TEST_CASE("help and version answer at once, whatever follows them", "[cli]") {
  CHECK(parse({"--help"}).options.action == Action::Help);
  CHECK(parse({"-h", "--no-such-option"}).options.action == Action::Help);
  CHECK(parse({"--version"}).options.action == Action::Version);
  CHECK(version_text() == "wakeline " WAKELINE_VERSION);
}

TEST_CASE("the window size is --size WxH, given separately or after =", "[cli]") {
  CHECK(parse({"--size", "1280x720"}).options.size == WindowSize{1280, 720});
  CHECK(parse({"--size=1920x1080"}).options.size == WindowSize{1920, 1080});
}

TEST_CASE("a malformed or out-of-range --size is rejected and the error says what is allowed", "[cli]") {
  for (const std::string_view bad : {"1280", "1280x", "x720", "1280x720x3", "-1280x720", "12.5x720", "100x100",
                                     "99999x720", "1280X720", ""}) {
    INFO("--size '" << bad << "'");
    const CliParse result = parse({"--size", bad});
    REQUIRE_FALSE(result.ok());
    CHECK(result.error.find("WxH") != std::string::npos);
  }
  CHECK(parse({"--size"}).error == "option '--size' needs a value: --size WxH");
}

TEST_CASE("a screenshot renders --frames frames first, 3 by default", "[cli]") {
  const CliParse plain = parse({"--screenshot", "out.png"});
  REQUIRE(plain.ok());
  CHECK(plain.options.action == Action::Screenshot);
  CHECK(plain.options.screenshot_path == "out.png");
  CHECK(plain.options.frames == 3);

  const CliParse counted = parse({"--frames", "5", "--screenshot", "out.png", "--size", "1280x720"});
  REQUIRE(counted.ok());
  CHECK(counted.options.frames == 5);
  CHECK(counted.options.size == WindowSize{1280, 720});
}

TEST_CASE("the frame count must be a whole number from 1 and needs --screenshot", "[cli]") {
  for (const std::string_view bad : {"0", "-1", "three", "2.5", "1001"}) {
    INFO("--frames '" << bad << "'");
    CHECK_FALSE(parse({"--screenshot", "out.png", "--frames", bad}).ok());
  }
  CHECK(parse({"--frames", "3"}).error == "--frames only applies together with --screenshot FILE");
}

TEST_CASE("the UI scale is 100 to 250 percent in steps of 25", "[cli]") {
  CHECK(parse({"--ui-scale", "150"}).options.ui_scale_percent == 150);
  CHECK(parse({"--ui-scale=250"}).options.ui_scale_percent == 250);
  for (const std::string_view bad : {"75", "110", "275", "1.5", "150%"}) {
    INFO("--ui-scale '" << bad << "'");
    CHECK_FALSE(parse({"--ui-scale", bad}).ok());
  }
}

TEST_CASE("unknown options and stray arguments are named in the error", "[cli]") {
  CHECK(parse({"--x"}).error == "unknown option '--x'");
  CHECK(parse({"--x=1"}).error == "unknown option '--x'");
  CHECK(parse({"lessons"}).error == "unexpected argument 'lessons'");
  CHECK(parse({"--version=2"}).error == "option '--version' takes no value");
}

TEST_CASE("the help text lists every option on its own line", "[cli]") {
  const std::string usage = usage_text();
  for (const char* option : {"--help", "--version", "--size WxH", "--ui-scale PERCENT", "--screenshot FILE",
                             "--frames N"}) {
    INFO(option);
    CHECK(usage.find(option) != std::string::npos);
  }
}

TEST_CASE("the playhead option stands it after N events, or at the end", "[cli]") {
  CHECK(parse({"--playhead", "40"}).options.playhead == 40u);
  CHECK(parse({"--playhead", "0"}).options.playhead == 0u);
  CHECK_FALSE(parse({"--playhead", "end"}).options.playhead.has_value());
  CHECK_FALSE(parse({}).options.playhead.has_value());
  for (const std::string_view bad : {"-1", "ten", "4.5", "", "40x"}) {
    INFO("--playhead '" << bad << "'");
    const CliParse result = parse({"--playhead", bad});
    REQUIRE_FALSE(result.ok());
    CHECK(result.error.find("'end'") != std::string::npos);
  }
}

TEST_CASE("the stepping and teaching switches belong to the window", "[cli]") {
  const CliParse result = parse({"--reveal", "--present", "--compare"});
  REQUIRE(result.ok());
  CHECK(result.options.reveal);
  CHECK(result.options.present);
  CHECK(result.options.compare);
  CHECK_FALSE(parse({"run", "sequential-vs-join", "--present"}).ok());
  CHECK(parse({"--lesson", "sequential-vs-join-lua", "--edit-copy"}).options.edit_copy);
  CHECK_FALSE(parse({"run", "sequential-vs-join", "--edit-copy"}).ok());
  CHECK(parse({"--page", "task"}).options.page == "task");
  const CliParse bad_page = parse({"--page", "inspector"});
  REQUIRE_FALSE(bad_page.ok());
  CHECK(bad_page.error.find("state") != std::string::npos);
}

TEST_CASE("'wakeline screenshot' pictures the timeline alone unless --whole-window", "[cli]") {
  CliParse result = parse({"screenshot", "sequential-vs-join", "--out", "slide.png"});
  REQUIRE(result.ok());
  CHECK(result.options.timeline_picture);
  CHECK(result.options.screenshot_path == "slide.png");
  result = parse({"screenshot", "sequential-vs-join", "--out", "window.png", "--whole-window"});
  REQUIRE(result.ok());
  CHECK_FALSE(result.options.timeline_picture);
  CHECK_FALSE(parse({"--whole-window"}).ok());  // only for the screenshot command
  CHECK_FALSE(parse({"--screenshot", "x.png"}).options.timeline_picture);
}
