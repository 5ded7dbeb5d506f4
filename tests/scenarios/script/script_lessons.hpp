// What the script-lesson tests share: load a shipped script lesson (assets/lessons) or a script
// written in the test, and run it like any lesson.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "../lesson_runs.hpp"
#include "wakeline/scenarios/script_lesson.hpp"

namespace script_tests {

using namespace wakeline;
using namespace wakeline::scenarios;

inline std::string shipped(const std::string& file) { return std::string(WAKELINE_LESSONS_DIR) + "/" + file; }

inline Lesson load_shipped(const std::string& file) {
  ScriptLessonLoad load = load_script_lesson_file(shipped(file));
  INFO(load.error);
  REQUIRE(load.ok());
  return std::move(*load.lesson);
}

inline Lesson load_text(const std::string& text, const std::string& file = "test.lua") {
  ScriptLessonLoad load = load_script_lesson(file, text);
  INFO(load.error);
  REQUIRE(load.ok());
  return std::move(*load.lesson);
}

inline lesson_tests::LessonRun run_script(const Lesson& lesson, std::vector<std::string> settings = {},
                                          std::string variant = {}, bool expect_clean = true) {
  const SetupParse setup = parse_setup(lesson, SetupRequest{std::move(variant), std::move(settings)});
  INFO(setup.error);
  REQUIRE(setup.ok());
  lesson_tests::LessonRun run;
  run.report = run_lesson(lesson, setup.setup.params, setup.setup.runtime);
  run.output = printed_lines(run.report.trace);
  run.total_ms = static_cast<double>(run.report.total_ns) / 1e6;
  if (expect_clean) {
    INFO("fault: " << run.report.fault);
    REQUIRE(run.report.fault.empty());
    REQUIRE_FALSE(run.report.deadlocked);
  }
  return run;
}

}  // namespace script_tests
