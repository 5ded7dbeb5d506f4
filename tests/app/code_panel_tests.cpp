// The Code panel: which lesson line each event came from (also for traces recorded on another
// machine or without source), and the panel itself driven through ImGui without a window.
#include <catch2/catch.hpp>

#include <imgui.h>

#include <algorithm>
#include <string>
#include <string_view>

#include "imgui_harness.hpp"
#include "panels/code_panel.hpp"
#include "panels/theme.hpp"
#include "wakeline/scenarios/params.hpp"
#include "wakeline/scenarios/registry.hpp"
#include "wakeline/scenarios/run_lesson.hpp"
#include "wakeline/scenarios/script_lesson.hpp"
#include "wakeline/trace_io/native.hpp"

using namespace wakeline;
using namespace wakeline::app;
namespace sc = wakeline::scenarios;

namespace {

Trace sequential_vs_join() {
  const sc::Lesson& lesson = *sc::find_lesson("sequential-vs-join");
  const sc::LessonSetup setup = sc::default_setup(lesson);
  return sc::run_lesson(lesson, setup.params, setup.runtime).trace;
}

// The 1-based line of the lesson's source that contains `text` (0 if none does): found in the
// source itself, so editing the lesson never breaks the tests.
std::uint32_t line_containing(const LessonSource& source, std::string_view text) {
  for (std::size_t i = 0; i < source.lines.size(); ++i)
    if (source.lines[i].find(text) != std::string::npos) return static_cast<std::uint32_t>(i + 1);
  return 0;
}

std::vector<std::uint32_t> lines_of(const Trace& trace, const LessonSource& source, EventKind kind) {
  std::vector<std::uint32_t> lines;
  for (const Event& event : trace.events)
    if (event.kind == kind) lines.push_back(lesson_line(source, event));
  return lines;
}

bool all_equal(const std::vector<std::uint32_t>& values, std::uint32_t expected) {
  return !values.empty() && std::all_of(values.begin(), values.end(), [&](std::uint32_t v) { return v == expected; });
}

LocationId add_location(Trace& trace, std::string file, std::uint32_t line) {
  trace.locations.push_back({std::move(file), line, "f"});
  return static_cast<LocationId>(trace.locations.size() - 1);
}

}  // namespace

TEST_CASE("each request's timer is set at the line that awaits fake_fetch", "[code_panel]") {
  const Trace trace = sequential_vs_join();
  const LessonSource source = build_lesson_source(trace);
  CHECK(source.file.ends_with("/scenarios/lessons/sequential_vs_join.cpp"));
  CHECK(source.lines.size() == static_cast<std::size_t>(std::count(trace.run.source_text.begin(),
                                                                   trace.run.source_text.end(), '\n')));
  const std::uint32_t fetch = line_containing(source, "co_await fake_fetch(");
  REQUIRE(fetch != 0);
  const std::vector<std::uint32_t> timers = lines_of(trace, source, EventKind::TimerSet);
  CHECK(timers.size() == 2);  // two requests, one after another
  CHECK(all_equal(timers, fetch));
}

TEST_CASE("clicking a print's line finds every line it printed", "[code_panel]") {
  const Trace trace = sequential_vs_join();
  const LessonSource source = build_lesson_source(trace);
  const std::uint32_t got = line_containing(source, "print(\"got response ");
  REQUIRE(got != 0);
  std::size_t responses = 0;
  for (const Event& event : trace.events) {
    if (event.kind != EventKind::Print) continue;
    const bool response = trace.str(static_cast<StringId>(event.a())).starts_with("got response ");
    CHECK((lesson_line(source, event) == got) == response);
    responses += response;
  }
  CHECK(responses == 2);
}

TEST_CASE("a location in a core header or past the end of the lesson maps to no line", "[code_panel]") {
  Trace trace = sequential_vs_join();
  const LocationId header = add_location(trace, "/work/main/core/include/wakeline/io.hpp", 20);
  const std::string lesson_file = build_lesson_source(trace).file;
  const LocationId past_end = add_location(trace, lesson_file, 100000);
  const LocationId no_line = add_location(trace, lesson_file, 0);
  const LessonSource source = build_lesson_source(trace);
  CHECK(source.line_of_location.size() == trace.locations.size());
  CHECK(source.line_of_location[0] == 0);  // unknown
  CHECK(source.line_of_location[header] == 0);
  CHECK(source.line_of_location[past_end] == 0);
  CHECK(source.line_of_location[no_line] == 0);
  Event event;
  event.location = static_cast<LocationId>(trace.locations.size() + 5);  // not even in the table
  CHECK(lesson_line(source, event) == 0);
}

TEST_CASE("a trace recorded under another checkout's path still finds its lesson lines", "[code_panel]") {
  Trace trace = sequential_vs_join();
  const LessonSource here = build_lesson_source(trace);
  for (SourceLocation& location : trace.locations)
    if (location.file == here.file) location.file = "/elsewhere/scenarios/lessons/x.cpp";
  const LessonSource there = build_lesson_source(trace);
  CHECK(there.file == "/elsewhere/scenarios/lessons/x.cpp");
  CHECK(there.line_of_location == here.line_of_location);
  CHECK(all_equal(lines_of(trace, there, EventKind::TimerSet), line_containing(there, "co_await fake_fetch(")));
}

TEST_CASE("the lesson file is the one most locations in the lessons folder point to", "[code_panel]") {
  Trace trace = sequential_vs_join();
  const std::string lesson_file = build_lesson_source(trace).file;
  const LocationId helper = add_location(trace, "/work/main/scenarios/lessons/lessons.hpp", 3);
  const LocationId lookalike = add_location(trace, "/work/main/not_scenarios/lessons/sequential_vs_join.cpp", 3);
  const LessonSource source = build_lesson_source(trace);
  CHECK(source.file == lesson_file);
  CHECK(source.line_of_location[helper] == 0);
  CHECK(source.line_of_location[lookalike] == 0);
}

TEST_CASE("a trace without source text has no lines, and says so in its JSON", "[code_panel]") {
  Trace trace = sequential_vs_join();
  trace.run.source_text.clear();
  const LessonSource source = build_lesson_source(trace);
  CHECK(source.lines.empty());
  CHECK(source.file.ends_with("sequential_vs_join.cpp"));  // still known from the locations
  CHECK(std::all_of(source.line_of_location.begin(), source.line_of_location.end(), [](auto l) { return l == 0; }));
  const nlohmann::ordered_json json = code_json(source, CodeView{.highlighted = 12, .selected = 3});
  CHECK(json["lines"] == 0);
  CHECK(json["highlighted"] == 12);
  CHECK(json["highlighted_text"] == "");
  CHECK(json["selected"] == 3);

  CHECK(build_lesson_source(Trace{}).file.empty());  // no locations at all
}

TEST_CASE("source lines lose their carriage returns and their tabs become spaces", "[code_panel]") {
  Trace trace;
  trace.run.source_text = "int a;\r\n\tco_await b;\r\nx\tyz\n\n";
  const LessonSource source = build_lesson_source(trace);
  CHECK(source.lines == std::vector<std::string>{"int a;", "    co_await b;", "x   yz", ""});
  trace.run.source_text = "no final newline";
  CHECK(build_lesson_source(trace).lines == std::vector<std::string>{"no final newline"});
}

TEST_CASE("the code JSON names the file, the highlighted line and its text", "[code_panel]") {
  const Trace trace = sequential_vs_join();
  const LessonSource source = build_lesson_source(trace);
  const std::uint32_t fetch = line_containing(source, "co_await fake_fetch(");
  const nlohmann::ordered_json json = code_json(source, CodeView{.highlighted = fetch});
  CHECK(json["file"] == source.file);
  CHECK(json["lines"] == source.lines.size());
  CHECK(json["highlighted"] == fetch);
  CHECK(json["highlighted_text"].get<std::string>().starts_with("auto body = co_await fake_fetch("));
  CHECK(json["selected"] == 0);
  CHECK(code_json(source, CodeView{.highlighted = 100000})["highlighted_text"] == "");
}

// ---------------------------------------------------------------------------------------------
// The panel through ImGui, without a window
// ---------------------------------------------------------------------------------------------

namespace {

constexpr float kWidth = 900, kHeight = 300;  // much shorter than the lesson

class CodeHarness {
 public:

  std::optional<std::uint32_t> frame(const LessonSource& source, CodeView& view, bool mouse_down = false) {
    ImGui::GetIO().MouseDown[0] = mouse_down;
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(kWidth, kHeight));
    ImGui::Begin("Code", nullptr, ImGuiWindowFlags_NoTitleBar);
    const std::optional<std::uint32_t> clicked = draw_code_panel(source, view, imgui_.fonts(), 1.0f);
    ImGui::End();
    ImGui::Render();
    return clicked;
  }

  // Presses and releases the left button at `at`; returns the line the press clicked.
  std::optional<std::uint32_t> click(const LessonSource& source, CodeView& view, ImVec2 at) {
    ImGui::GetIO().MousePos = at;
    frame(source, view);
    const std::optional<std::uint32_t> clicked = frame(source, view, true);
    frame(source, view);
    return clicked;
  }

 private:
  testing::ImGuiHarness imgui_{ImVec2(kWidth, kHeight)};
};

}  // namespace

TEST_CASE("the highlighted line scrolls to the middle of the panel once, and a click there selects it",
          "[code_panel]") {
  const LessonSource source = build_lesson_source(sequential_vs_join());
  REQUIRE(source.lines.size() > 60);
  CodeHarness harness;
  CodeView view;
  harness.frame(source, view);
  const std::optional<std::uint32_t> top = harness.click(source, view, ImVec2(kWidth / 2, 20));
  REQUIRE(top);
  CHECK(*top <= 2);
  CHECK(view.selected == *top);

  const std::uint32_t fetch = line_containing(source, "co_await fake_fetch(");
  const std::uint32_t far_down = static_cast<std::uint32_t>(source.lines.size()) - 10;
  for (const std::uint32_t target : {far_down, fetch}) {
    view.highlighted = target;
    harness.frame(source, view);
    CHECK(view.scrolled_to == target);
    const std::optional<std::uint32_t> middle = harness.click(source, view, ImVec2(kWidth / 2, kHeight / 2));
    REQUIRE(middle);
    CHECK(*middle + 1 >= target);
    CHECK(*middle <= target + 1);
    CHECK(view.selected == *middle);
  }
}

TEST_CASE("a highlighted line already in view does not move the text", "[code_panel]") {
  const LessonSource source = build_lesson_source(sequential_vs_join());
  CodeHarness harness;
  CodeView view;
  harness.frame(source, view);
  const std::optional<std::uint32_t> before = harness.click(source, view, ImVec2(kWidth / 2, kHeight / 2));
  REQUIRE(before);
  view.highlighted = *before + 1;
  harness.frame(source, view);
  CHECK(harness.click(source, view, ImVec2(kWidth / 2, kHeight / 2)) == before);
}

TEST_CASE("a trace without source draws its message and takes no clicks", "[code_panel]") {
  CodeHarness harness;
  CodeView view{.highlighted = 4};
  const LessonSource empty;
  CHECK_FALSE(harness.click(empty, view, ImVec2(kWidth / 2, 20)));
  CHECK(view.selected == 0);
}

TEST_CASE("a script lesson's events point at its Lua lines, also in its saved trace", "[code_panel][script]") {
  sc::ScriptLessonLoad load = sc::load_script_lesson_file(WAKELINE_ASSETS_DIR "/lessons/sequential_vs_join.lua");
  INFO(load.error);
  REQUIRE(load.ok());
  const sc::LessonSetup setup = sc::default_setup(*load.lesson);
  const Trace trace = sc::run_lesson(*load.lesson, setup.params, setup.runtime).trace;

  const LessonSource source = build_lesson_source(trace);
  CHECK(source.file.ends_with("assets/lessons/sequential_vs_join.lua"));
  const std::uint32_t fetch_line = line_containing(source, "await(fake_fetch(");
  REQUIRE(fetch_line > 0);
  CHECK(all_equal(lines_of(trace, source, EventKind::TimerSet), fetch_line));
  CHECK(all_equal(lines_of(trace, source, EventKind::Print), 0) == false);

  // Saved and reopened: the trace carries the script and the same lines light up.
  const LoadResult reopened = read_native(write_native(trace));
  REQUIRE(reopened.ok());
  const LessonSource again = build_lesson_source(*reopened.trace);
  CHECK(again.lines == source.lines);
  CHECK(lines_of(*reopened.trace, again, EventKind::TimerSet) == lines_of(trace, source, EventKind::TimerSet));
}
