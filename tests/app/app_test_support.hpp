// What many app tests need: a lesson's trace by id (with `--set`-style settings and a variant,
// checked like the CLI checks them, and validated), and an empty folder of their own under /tmp
// (ctest runs the cases as parallel processes, so no two cases may share one).
#pragma once

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "wakeline/scenarios/params.hpp"
#include "wakeline/scenarios/registry.hpp"
#include "wakeline/scenarios/run_lesson.hpp"
#include "wakeline/validate.hpp"

namespace app_tests {

inline wakeline::Trace lesson_trace(std::string_view id, std::vector<std::string> settings = {}, std::string variant = {}) {
  namespace sc = wakeline::scenarios;
  const sc::Lesson* lesson = sc::find_lesson(id);
  REQUIRE(lesson != nullptr);
  const sc::SetupParse setup = sc::parse_setup(*lesson, sc::SetupRequest{std::move(variant), std::move(settings)});
  INFO(setup.error);
  REQUIRE(setup.ok());
  wakeline::RunReport report = sc::run_lesson(*lesson, setup.setup.params, setup.setup.runtime);
  INFO(report.fault);
  REQUIRE(report.fault.empty());
  const wakeline::ValidationResult valid = wakeline::validate(report.trace);
  INFO(valid.message);
  REQUIRE(valid.ok);
  return std::move(report.trace);
}

// /tmp/wakeline_<suite>_<name>, emptied.
inline std::filesystem::path fresh_temp_dir(std::string_view suite, std::string_view name) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("wakeline_" + std::string(suite) + "_" + std::string(name));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace app_tests
