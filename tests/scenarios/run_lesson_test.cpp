#include <nlohmann/json.hpp>

#include "lesson_runs.hpp"

using namespace lesson_tests;

TEST_CASE("a lesson's trace names the scenario, its parameters in order and its source", "[run_lesson]") {
  const LessonRun run = run_lesson_with("joinset-limit", {"pages=6", "seed=7"});
  const RunInfo& info = run.trace().run;
  CHECK(info.scenario == "joinset-limit");
  CHECK(info.params ==
        std::vector<std::pair<std::string, std::string>>{{"pages", "6"}, {"limit", "3"}, {"latency_ms", "1000"}});
  CHECK(info.source_text == find_lesson("joinset-limit")->source_text);
  CHECK(info.seed == 7);
  CHECK(info.flavor == Flavor::MultiThread);
  CHECK(info.workers == 2);
}

TEST_CASE("parameters left out of the values take their defaults", "[run_lesson]") {
  const Lesson& lesson = *find_lesson("sequential-vs-join");
  ParamValues only_mode;
  only_mode.set("mode", std::string("join"));
  const RunReport report = run_lesson(lesson, only_mode, RuntimeSettings{Flavor::CurrentThread, 1, ClockKind::Virtual, 1});
  CHECK(report.trace.run.params[0] == std::pair<std::string, std::string>{"mode", "join"});
  CHECK(report.trace.run.params[2] == std::pair<std::string, std::string>{"latency_ms", "1000"});
  CHECK(within_one_percent(static_cast<double>(report.total_ns) / 1e6, 1000));
}

TEST_CASE("the summary counts tasks, polls and steals and keeps the output in order", "[run_lesson]") {
  const LessonRun run = run_lesson_with("sequential-vs-join", {"mode=spawn"});
  const RunSummary summary = summarize(run.report);
  CHECK(summary.scenario == "sequential-vs-join");
  CHECK(summary.tasks == 3);
  CHECK(summary.polls >= 3);
  CHECK(summary.events == run.trace().events.size());
  CHECK(summary.output == run.output);
  CHECK(summary.total_ms == run.total_ms);
  CHECK_FALSE(summary.deadlocked);
}

TEST_CASE("summary_json is one JSON object with the fields wakeline run --summary promises", "[run_lesson]") {
  const LessonRun run = run_lesson_with("blocking-executor", {"mode=async_sleep"});
  const std::string text = summary_json(run.report);
  CHECK(text.find('\n') == std::string::npos);
  const auto json = nlohmann::json::parse(text);
  for (const char* key : {"scenario", "params", "clock", "flavor", "workers", "seed", "total_ms", "tasks", "events",
                          "polls", "steals", "output", "deadlock"}) {
    INFO(key);
    CHECK(json.contains(key));
  }
  CHECK(json["scenario"] == "blocking-executor");
  CHECK(json["params"]["mode"] == "async_sleep");
  CHECK(json["clock"] == "virtual");
  CHECK(json["flavor"] == "current_thread");
  CHECK(json["workers"] == 1);
  CHECK(json["total_ms"].get<double>() >= 100);
  CHECK(json["total_ms"].get<double>() < 101);
  CHECK(json["deadlock"].is_null());
  CHECK(json["output"].size() == run.output.size());
}
