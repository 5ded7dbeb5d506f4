// Every value a slider offers runs: each lesson at the far corners of its parameter ranges (every
// choice, each whole number at its minimum and its maximum, on each flavor the lesson allows)
// finishes inside the virtual clock's limit, without a fault or a deadlock it does not teach.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "wakeline/scenarios/registry.hpp"
#include "wakeline/scenarios/run_lesson.hpp"

namespace sc = wakeline::scenarios;
using namespace wakeline;

namespace {

// Each parameter's extreme values: both ends of a number's range, every choice, both flags.
std::vector<std::vector<sc::ParamValue>> extremes(const sc::Lesson& lesson) {
  std::vector<std::vector<sc::ParamValue>> axes;
  for (const sc::ParamSpec& spec : lesson.params) {
    std::vector<sc::ParamValue> values;
    switch (spec.kind) {
      case sc::ParamKind::Int: values = {spec.min, spec.max}; break;
      case sc::ParamKind::Bool: values = {false, true}; break;
      case sc::ParamKind::Choice:
        for (const std::string& choice : spec.choices) values.emplace_back(choice);
        break;
    }
    axes.push_back(std::move(values));
  }
  return axes;
}

void every_corner_finishes(const std::string& id) {
  const sc::Lesson& lesson = *sc::find_lesson(id);
  const std::vector<std::vector<sc::ParamValue>> axes = extremes(lesson);
  std::vector<std::size_t> at(axes.size(), 0);
  for (bool more = true; more;) {
    for (const Flavor flavor : lesson.flavors) {
      sc::LessonSetup setup = sc::default_setup(lesson);
      for (std::size_t i = 0; i < axes.size(); ++i) setup.params.set(lesson.params[i].key, axes[i][at[i]]);
      setup.runtime.flavor = flavor;
      setup.runtime.workers = flavor == Flavor::MultiThread ? std::max<std::uint32_t>(lesson.default_workers, 2) : 1;
      std::string corner = id + " on " + std::string(to_string(flavor));
      for (const auto& [key, value] : sc::params_as_text(lesson, setup.params)) corner += " " + key + "=" + value;
      INFO(corner);
      const RunReport report = sc::run_lesson(lesson, setup.params, setup.runtime);
      CHECK(report.fault.empty());
      CHECK(report.total_ns <= static_cast<std::uint64_t>(sc::kLessonVirtualTimeLimit.count()));
    }
    // The next corner, like an odometer.
    more = false;
    for (std::size_t i = 0; i < at.size() && !more; ++i) {
      if (++at[i] < axes[i].size()) more = true;
      else at[i] = 0;
    }
  }
}

}  // namespace

// One case per lesson, so ctest runs them side by side.
TEST_CASE("sequential-vs-join runs at every corner of its sliders", "[corners]") { every_corner_finishes("sequential-vs-join"); }
TEST_CASE("select-race runs at every corner of its sliders", "[corners]") { every_corner_finishes("select-race"); }
TEST_CASE("blocking-executor runs at every corner of its sliders", "[corners]") { every_corner_finishes("blocking-executor"); }
TEST_CASE("channel-ping-pong runs at every corner of its sliders", "[corners]") { every_corner_finishes("channel-ping-pong"); }
TEST_CASE("worker-queue runs at every corner of its sliders", "[corners]") { every_corner_finishes("worker-queue"); }
TEST_CASE("spawn-blocking-analysis runs at every corner of its sliders", "[corners]") {
  every_corner_finishes("spawn-blocking-analysis");
}
TEST_CASE("joinset-limit runs at every corner of its sliders", "[corners]") { every_corner_finishes("joinset-limit"); }
TEST_CASE("timeout-try-join runs at every corner of its sliders", "[corners]") { every_corner_finishes("timeout-try-join"); }
TEST_CASE("lazy-future runs at every corner of its sliders", "[corners]") { every_corner_finishes("lazy-future"); }
TEST_CASE("work-stealing runs at every corner of its sliders", "[corners]") { every_corner_finishes("work-stealing"); }
