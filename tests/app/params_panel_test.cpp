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

TEST_CASE("every variant is a whole preset: --variant V lights exactly V, and V after W is V alone", "[params]") {
  for (const sc::Lesson& lesson : sc::lessons()) {
    for (const sc::Variant& v : lesson.variants) {
      INFO(lesson.id << " --variant " << v.name);
      const sc::SetupParse alone = sc::parse_setup(lesson, {v.name, {}});
      REQUIRE(alone.ok());
      const sc::Variant* lit = matching_variant(lesson, alone.setup);
      REQUIRE(lit != nullptr);
      CHECK(lit->name == v.name);
      for (const sc::Variant& w : lesson.variants) {
        INFO("chosen after " << w.name);
        std::string error;
        const sc::LessonSetup after_w = apply_variant(lesson, sc::default_setup(lesson), w, error);
        const sc::LessonSetup then_v = apply_variant(lesson, after_w, v, error);
        CHECK(error.empty());
        CHECK(then_v.params.entries == alone.setup.params.entries);
        CHECK(then_v.runtime == alone.setup.runtime);
      }
    }
  }
}

TEST_CASE("hand-made settings light no variant chip", "[params]") {
  const sc::Lesson& lesson = *sc::find_lesson("timeout-try-join");
  sc::LessonSetup setup = sc::parse_setup(lesson, {"tight-deadline", {}}).setup;
  CHECK(matching_variant(lesson, setup)->name == "tight-deadline");
  setup.params.set("deadline_ms", std::int64_t{130});  // not "All three answer": the deadline still bites
  CHECK(matching_variant(lesson, setup) == nullptr);
  const sc::Lesson& race = *sc::find_lesson("select-race");
  const sc::LessonSetup dog_wins = sc::parse_setup(race, {"dog-wins", {}}).setup;
  CHECK(matching_variant(race, dog_wins)->name == "dog-wins");  // not "race", whose mode it shares
}
