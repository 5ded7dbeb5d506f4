// Compare: a lesson's variants run side by side on the virtual clock, labelled with their totals,
// stacked on one time axis that the wheel zooms for all of them at once.
#include <catch2/catch.hpp>

#include <imgui.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "imgui_harness.hpp"
#include "panels/compare_panel.hpp"
#include "panels/theme.hpp"
#include "timeline/timeline_layout.hpp"
#include "timeline/timeline_model.hpp"
#include "wakeline/scenarios/registry.hpp"

using namespace wakeline;
using namespace wakeline::app;
namespace sc = wakeline::scenarios;

namespace {

constexpr std::uint64_t kMs = 1'000'000;
constexpr std::uint64_t kPollSlack = 100'000;  // 100 µs: a few polls at 5 µs each, and then some

const sc::Lesson& lesson(const std::string& id) {
  const sc::Lesson* found = sc::find_lesson(id);
  REQUIRE(found != nullptr);
  return *found;
}

// What the Parameters panel would hold after `--set`-style settings (and a variant, if named).
sc::LessonSetup settings(const sc::Lesson& of, std::vector<std::string> assignments, std::string variant = {}) {
  const sc::SetupParse parse = sc::parse_setup(of, {std::move(variant), std::move(assignments)});
  INFO(parse.error);
  REQUIRE(parse.ok());
  return parse.setup;
}

std::vector<std::string> labels(const std::vector<CompareRun>& runs) {
  std::vector<std::string> out;
  for (const CompareRun& run : runs) out.push_back(run.label);
  return out;
}

bool takes_about(const CompareRun& run, std::uint64_t ms) {
  return run.error.empty() && run.trace != nullptr && run.total_ns >= ms * kMs && run.total_ns < ms * kMs + kPollSlack;
}

// A lesson of our own: `fail` makes main throw; one variant names a key the lesson does not have.
const sc::Lesson& fragile_lesson() {
  static const sc::Lesson fragile = [] {
    sc::Lesson l;
    l.id = "fragile";
    l.title = "fragile";
    l.params = {sc::bool_param("fail", false, "main throws")};
    l.variants = {{"fine", "main returns", {{"fail", "false"}}},
                  {"fails", "main throws", {{"fail", "true"}}},
                  {"misspelt", "a preset nobody declared", {{"fial", "true"}}}};
    l.flavors = {Flavor::CurrentThread};
    l.make_main = [](const sc::ParamValues& p) -> Task<void> {
      if (p.flag("fail")) throw std::runtime_error("the lesson broke");
      co_return;
    };
    return l;
  }();
  return fragile;
}

const sc::Lesson& lesson_without_variants() {
  static const sc::Lesson plain = [] {
    sc::Lesson l;
    l.id = "plain";
    l.title = "plain";
    l.flavors = {Flavor::CurrentThread};
    l.make_main = [](const sc::ParamValues&) -> Task<void> { co_return; };
    return l;
  }();
  return plain;
}

// One ImGui context with the app's theme; each frame draws the Compare view in a window of the
// Timeline panel's size at 1600x900 (no GPU: ImGui only builds its draw lists).
class CompareHarness {
 public:
  static constexpr float kWidth = 860, kHeight = 580;


  // One frame with the mouse at `mouse`; returns what draw_compare_panel returned (closed).
  bool frame(CompareState& compare, ImVec2 mouse, float wheel = 0, bool pressed = false) {
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = mouse;
    io.MouseWheel = wheel;
    io.MouseDown[0] = pressed;
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(kWidth, kHeight));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::Begin("Timeline", nullptr, ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    const bool closed = draw_compare_panel(compare, imgui_.fonts(), 1.0f);
    ImGui::End();
    ImGui::PopStyleVar();
    ImGui::Render();
    return closed;
  }

 private:
  testing::ImGuiHarness imgui_{ImVec2(kWidth, kHeight)};
};

CompareState sequential_vs_join_compared() {
  const sc::Lesson& seq = lesson("sequential-vs-join");
  CompareState compare;
  compare.shown = true;
  compare.lesson_id = seq.id;
  compare.runs = run_comparison(seq, sc::default_setup(seq));
  return compare;
}

}  // namespace

TEST_CASE("sequential awaits take 2000 ms, join and spawn 1000 ms: three runs, labelled by variant", "[compare]") {
  const sc::Lesson& seq = lesson("sequential-vs-join");
  const std::vector<CompareRun> runs = run_comparison(seq, sc::default_setup(seq));
  REQUIRE(labels(runs) == std::vector<std::string>{"sequential", "join", "spawn"});
  CHECK(takes_about(runs[0], 2000));
  CHECK(takes_about(runs[1], 1000));
  CHECK(takes_about(runs[2], 1000));
  for (const CompareRun& run : runs) {
    REQUIRE(run.trace != nullptr);
    CHECK(run.trace->run.clock == ClockKind::Virtual);
    CHECK(run.total_ns == run.trace->run.total_ns);
  }
  CHECK(runs[0].detail == "mode=sequential, requests=2, latency_ms=1000 \xC2\xB7 multi_thread \xC3\x97" "2");
  CHECK(runs[1].detail.starts_with("mode=join, "));
}

TEST_CASE("settings equal to a variant's add no run of their own", "[compare]") {
  const sc::Lesson& seq = lesson("sequential-vs-join");
  CHECK(run_comparison(seq, settings(seq, {}, "join")).size() == 3);
  // The real clock is no difference: the comparison runs everything on the virtual one.
  const std::vector<CompareRun> runs = run_comparison(seq, settings(seq, {"clock=real"}, "spawn"));
  CHECK(labels(runs) == std::vector<std::string>{"sequential", "join", "spawn"});
}

TEST_CASE("settings that match no variant are compared too, as 'your settings'", "[compare]") {
  const sc::Lesson& seq = lesson("sequential-vs-join");
  const std::vector<CompareRun> runs = run_comparison(seq, settings(seq, {"mode=join", "latency_ms=500"}));
  REQUIRE(labels(runs) == std::vector<std::string>{"sequential", "join", "spawn", "your settings"});
  CHECK(takes_about(runs[3], 500));  // two overlapping 500 ms fetches
  CHECK(runs[3].detail.starts_with("mode=join, requests=2, latency_ms=500"));
  CHECK(takes_about(runs[0], 2000));  // the variants keep their own latency: the lesson's default
}

TEST_CASE("each variant runs on your flavor, workers and seed unless it sets them, and on the virtual clock", "[compare]") {
  const sc::Lesson& seq = lesson("sequential-vs-join");
  for (const CompareRun& run : run_comparison(seq, settings(seq, {"workers=3", "seed=7", "clock=real"}))) {
    REQUIRE(run.trace != nullptr);
    CHECK(run.trace->run.flavor == Flavor::MultiThread);
    CHECK(run.trace->run.workers == 3);
    CHECK(run.trace->run.seed == 7);
    CHECK(run.trace->run.clock == ClockKind::Virtual);
  }

  // work-stealing's variants are worker counts: yours (3 workers) matches none of them.
  const sc::Lesson& stealing = lesson("work-stealing");
  const std::vector<CompareRun> runs = run_comparison(stealing, settings(stealing, {"workers=3", "tasks=200"}));
  REQUIRE(labels(runs) == std::vector<std::string>{"four-workers", "two-workers", "one-worker", "your settings"});
  std::vector<std::uint32_t> workers;
  for (const CompareRun& run : runs) {
    REQUIRE(run.trace != nullptr);
    workers.push_back(run.trace->run.workers);
  }
  CHECK(workers == std::vector<std::uint32_t>{4, 2, 1, 3});
  CHECK(runs[2].trace->run.flavor == Flavor::CurrentThread);
  CHECK(runs[2].detail.ends_with("current_thread"));
  CHECK(runs[3].detail.ends_with("multi_thread \xC3\x97" "3"));
}

TEST_CASE("a lesson without variants is compared as just your settings", "[compare]") {
  const std::vector<CompareRun> runs = run_comparison(lesson_without_variants(), sc::default_setup(lesson_without_variants()));
  REQUIRE(labels(runs) == std::vector<std::string>{"your settings"});
  CHECK(runs[0].error.empty());
  CHECK(runs[0].trace != nullptr);
}

TEST_CASE("a variant that fails or cannot be set up is kept with its error, and the others still run", "[compare]") {
  const sc::Lesson& fragile = fragile_lesson();
  const std::vector<CompareRun> runs = run_comparison(fragile, sc::default_setup(fragile));
  REQUIRE(labels(runs) == std::vector<std::string>{"fine", "fails", "misspelt"});
  CHECK(runs[0].error.empty());
  CHECK(runs[1].error.find("the lesson broke") != std::string::npos);
  CHECK(runs[1].trace != nullptr);  // what ran before main failed is still there to look at
  CHECK(runs[2].error.find("fial") != std::string::npos);
  CHECK(runs[2].trace == nullptr);

  // Drawn like the others, never a crash.
  CompareState compare;
  compare.lesson_id = fragile.id;
  compare.runs = run_comparison(fragile, sc::default_setup(fragile));
  CompareHarness harness;
  CHECK_FALSE(harness.frame(compare, ImVec2(400, 300)));
  CHECK(compare.runs[0].view.last_layout.drawn);
  CHECK_FALSE(compare.runs[2].view.last_layout.drawn);
}

TEST_CASE("compare_json lists each run's label, detail, total, events and error", "[compare]") {
  const CompareState compare = sequential_vs_join_compared();
  const nlohmann::ordered_json json = compare_json(compare);
  REQUIRE(json.size() == 3);
  CHECK(json[0]["label"] == "sequential");
  CHECK(json[1]["label"] == "join");
  CHECK(json[2]["label"] == "spawn");
  CHECK(json[0]["total_ms"].get<double>() == Approx(2000).margin(0.1));
  CHECK(json[1]["total_ms"].get<double>() == Approx(1000).margin(0.1));
  CHECK(json[2]["total_ms"].get<double>() == Approx(1000).margin(0.1));
  CHECK(json[0]["detail"].get<std::string>().starts_with("mode=sequential"));
  CHECK(json[0]["events"].get<std::size_t>() == compare.runs[0].trace->events.size());
  CHECK(json[0]["error"].is_null());
  CHECK(json[0].size() == 5);
}

TEST_CASE("three runs stack top to bottom in a 1600x900 window's timeline, on one time axis, without scrolling", "[compare]") {
  CompareState compare = sequential_vs_join_compared();
  CompareHarness harness;
  harness.frame(compare, ImVec2(-1, -1));
  // Fitted to the longest run, 2000 ms, with a little room after it.
  CHECK(compare.start_ns == 0);
  CHECK(compare.end_ns > 2000.0 * kMs);
  CHECK(compare.end_ns < 2100.0 * kMs);
  CHECK_FALSE(compare.fit_requested);

  float below = 0;
  for (const CompareRun& run : compare.runs) {
    const TimelineFrameLayout& drawn = run.view.last_layout;
    REQUIRE(drawn.drawn);
    CHECK(drawn.plot.y > below);  // each run under the one before
    below = drawn.plot.y + drawn.plot.height;
    CHECK(drawn.plot.x == compare.runs[0].view.last_layout.plot.x);  // one axis: the same x for the same time
    CHECK(drawn.plot.width == compare.runs[0].view.last_layout.plot.width);
    CHECK(drawn.plot.height > CompareHarness::kHeight / 6);
    CHECK(drawn.task_rows.empty());  // thread lanes only
    REQUIRE(drawn.thread_rows.size() == run.view.model->threads.size());
    const LaneRow& last = drawn.thread_rows.back();
    CHECK(last.y + last.height <= drawn.plot.y + drawn.plot.height);  // every lane in view
    CHECK(last.height >= 36.0f);  // room for the name, the busy share and its bar
    CHECK(run.view.start_ns == compare.start_ns);
  }
  CHECK(below <= CompareHarness::kHeight);
}

TEST_CASE("the wheel zooms every run around the pointer, a drag pans them all, F fits them again", "[compare]") {
  CompareState compare = sequential_vs_join_compared();
  CompareHarness harness;
  harness.frame(compare, ImVec2(-1, -1));
  const TimelineFrameLayout& join = compare.runs[1].view.last_layout;
  const ImVec2 at(join.plot.x + join.plot.width * 0.5f, join.plot.y + join.plot.height * 0.5f);
  const double span = compare.end_ns - compare.start_ns;
  const double under_pointer = compare.start_ns + span * 0.5;

  harness.frame(compare, at);
  harness.frame(compare, at, 3.0f);  // three notches in
  const double zoomed = compare.end_ns - compare.start_ns;
  CHECK(zoomed < span * 0.6);
  // The time under the pointer stayed put.
  CHECK(compare.start_ns + zoomed * 0.5 == Approx(under_pointer).epsilon(1e-6));
  harness.frame(compare, at);
  for (const CompareRun& run : compare.runs) CHECK(run.view.start_ns == compare.start_ns);

  // Press, drag 100 px to the left: later times come into view.
  const double before = compare.start_ns;
  harness.frame(compare, at, 0, true);
  harness.frame(compare, ImVec2(at.x - 50, at.y), 0, true);
  harness.frame(compare, ImVec2(at.x - 100, at.y), 0, true);
  harness.frame(compare, ImVec2(at.x - 100, at.y), 0, false);
  CHECK(compare.start_ns > before);

  compare.fit_requested = true;  // what Fit all and F ask for
  harness.frame(compare, at);
  CHECK(compare.start_ns == 0);
  CHECK(compare.end_ns > 2000.0 * kMs);
}

TEST_CASE("Close in the header ends the comparison", "[compare]") {
  CompareState compare = sequential_vs_join_compared();
  CompareHarness harness;
  const ImVec2 close(CompareHarness::kWidth - 20, kToolbarHeight * 0.5f);
  CHECK_FALSE(harness.frame(compare, close));
  CHECK_FALSE(harness.frame(compare, close, 0, true));
  CHECK(harness.frame(compare, close, 0, false));
}

TEST_CASE("the time axis fits the longest run, wherever it is in the list", "[compare]") {
  const sc::Lesson& select = lesson("select-race");
  CompareState compare;
  compare.runs = run_comparison(select, sc::default_setup(select));
  REQUIRE(labels(compare.runs) == std::vector<std::string>{"race", "dog-wins", "timeout", "in-time"});
  CHECK(takes_about(compare.runs[2], 5000));  // the 5 s deadline of an 8 s request
  CompareHarness harness;
  harness.frame(compare, ImVec2(-1, -1));
  CHECK(compare.start_ns == 0);
  CHECK(compare.end_ns > 5000.0 * kMs);
  CHECK(compare.end_ns < 5200.0 * kMs);
}

TEST_CASE("two chosen parameter sets side by side: each added run is labelled with what it changes", "[compare]") {
  const sc::Lesson& lesson = *sc::find_lesson("channel-ping-pong");
  CompareState compare;
  compare.lesson_id = lesson.id;
  const auto setup_with = [&](std::vector<std::string> settings) {
    const sc::SetupParse parse = sc::parse_setup(lesson, {{}, std::move(settings)});
    REQUIRE(parse.ok());
    return parse.setup;
  };
  add_to_comparison(compare, lesson, setup_with({"capacity=1", "handler_ms=5"}));
  add_to_comparison(compare, lesson, setup_with({"capacity=32", "handler_ms=5"}));
  REQUIRE(compare.runs.size() == 2);
  CHECK(compare.runs[0].label == "capacity=1, handler_ms=5");
  CHECK(compare.runs[1].label == "handler_ms=5");  // capacity 32 is the default
  for (const CompareRun& run : compare.runs) {
    CHECK(run.error.empty());
    REQUIRE(run.trace != nullptr);
    CHECK(run.trace->run.clock == ClockKind::Virtual);
  }
  add_to_comparison(compare, lesson, sc::default_setup(lesson));
  CHECK(compare.runs.back().label == "defaults");
}
