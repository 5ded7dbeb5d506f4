// The Parameters panel's presets: which variant the current values match, and applying one over
// what the teacher already changed.
#include <catch2/catch.hpp>

#include "panels/params_panel.hpp"
#include "wakeline/scenarios/registry.hpp"

using namespace wakeline;
using namespace wakeline::app;
namespace sc = wakeline::scenarios;

namespace {
const sc::Variant& variant_named(const sc::Lesson& lesson, const std::string& name) {
  for (const sc::Variant& variant : lesson.variants)
    if (variant.name == name) return variant;
  FAIL("no variant " << name);
  throw;
}
}  // namespace

TEST_CASE("a lesson's defaults match its first variant and a changed value matches another", "[params]") {
  const sc::Lesson& lesson = *sc::find_lesson("sequential-vs-join");
  sc::LessonSetup setup = sc::default_setup(lesson);
  const sc::Variant* chosen = matching_variant(lesson, setup);
  REQUIRE(chosen != nullptr);
  CHECK(chosen->name == "sequential");
  setup.params.set("mode", std::string("spawn"));
  REQUIRE(matching_variant(lesson, setup) != nullptr);
  CHECK(matching_variant(lesson, setup)->name == "spawn");
}

TEST_CASE("a variant applies over the values already changed", "[params]") {
  const sc::Lesson& lesson = *sc::find_lesson("sequential-vs-join");
  sc::LessonSetup setup = sc::default_setup(lesson);
  setup.params.set("latency_ms", std::int64_t{250});
  std::string error;
  const sc::LessonSetup joined = apply_variant(lesson, setup, variant_named(lesson, "join"), error);
  CHECK(error.empty());
  CHECK(joined.params.choice("mode") == "join");
  CHECK(joined.params.integer("latency_ms") == 250);
}

TEST_CASE("a variant that picks a flavor brings that flavor's workers", "[params]") {
  const sc::Lesson& lesson = *sc::find_lesson("work-stealing");
  sc::LessonSetup setup = sc::default_setup(lesson);
  REQUIRE(setup.runtime.workers == 4);
  std::string error;
  const sc::LessonSetup one = apply_variant(lesson, setup, variant_named(lesson, "one-worker"), error);
  CHECK(error.empty());
  CHECK(one.runtime.flavor == Flavor::CurrentThread);
  CHECK(one.runtime.workers == 1);
  const sc::LessonSetup two = apply_variant(lesson, one, variant_named(lesson, "two-workers"), error);
  CHECK(two.runtime.flavor == Flavor::MultiThread);
  CHECK(two.runtime.workers == 2);
  CHECK(matching_variant(lesson, two)->name == "two-workers");
}
