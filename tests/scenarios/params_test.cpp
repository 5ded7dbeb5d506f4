#include "lesson_runs.hpp"

using namespace lesson_tests;

namespace {
const Lesson& lesson(std::string_view id) {
  const Lesson* found = find_lesson(id);
  REQUIRE(found != nullptr);
  return *found;
}

SetupParse parse(std::string_view id, std::vector<std::string> settings, std::string variant = {}) {
  return parse_setup(lesson(id), SetupRequest{std::move(variant), std::move(settings)});
}
}  // namespace

TEST_CASE("with nothing set, a lesson runs on its defaults", "[params]") {
  const SetupParse setup = parse("sequential-vs-join", {});
  REQUIRE(setup.ok());
  CHECK(setup.setup.params.choice("mode") == "sequential");
  CHECK(setup.setup.params.integer("requests") == 2);
  CHECK(setup.setup.params.integer("latency_ms") == 1000);
  CHECK(setup.setup.runtime == RuntimeSettings{Flavor::MultiThread, 2, ClockKind::Virtual, 1});
  CHECK(params_as_text(lesson("sequential-vs-join"), setup.setup.params) ==
        std::vector<std::pair<std::string, std::string>>{{"mode", "sequential"}, {"requests", "2"}, {"latency_ms", "1000"}});
}

TEST_CASE("setting KEY=VALUE overrides a default, the last one given wins", "[params]") {
  const SetupParse setup = parse("sequential-vs-join", {"latency_ms=250", "mode=join", "latency_ms=300"});
  REQUIRE(setup.ok());
  CHECK(setup.setup.params.integer("latency_ms") == 300);
  CHECK(setup.setup.params.choice("mode") == "join");
}

TEST_CASE("a variant applies its presets first, then --set may change them", "[params]") {
  const SetupParse setup = parse("channel-ping-pong", {"handler_ms=7"}, "backpressure");
  REQUIRE(setup.ok());
  CHECK(setup.setup.params.integer("capacity") == 1);
  CHECK(setup.setup.params.integer("handler_ms") == 7);
}

TEST_CASE("the runtime settings are parameters too", "[params]") {
  const SetupParse setup = parse("blocking-executor", {"flavor=multi_thread", "workers=3", "clock=real", "seed=42"});
  REQUIRE(setup.ok());
  CHECK(setup.setup.runtime == RuntimeSettings{Flavor::MultiThread, 3, ClockKind::Real, 42});
  const auto specs = runtime_param_specs(lesson("blocking-executor"));
  REQUIRE(specs.size() == 6);
  CHECK(specs[0].key == "flavor");
  CHECK(specs[1].key == "workers");
  CHECK(specs[2].key == "clock");
  CHECK(specs[3].key == "seed");
  CHECK(specs[4].key == "cores");
  CHECK(specs[5].key == "timer_tick");
}

TEST_CASE("cores and timer_tick are runtime settings, 0 (unlimited, exact) unless set", "[params]") {
  CHECK(parse("spawn-blocking-analysis", {}).setup.runtime.cores == 0);
  CHECK(parse("spawn-blocking-analysis", {}).setup.runtime.timer_tick_ms == 0);
  const SetupParse setup = parse("spawn-blocking-analysis", {"cores=2", "timer_tick=1"});
  REQUIRE(setup.ok());
  CHECK(setup.setup.runtime.cores == 2);
  CHECK(setup.setup.runtime.timer_tick_ms == 1);
  CHECK(parse("spawn-blocking-analysis", {"cores=-1"}).error ==
        "cores=-1 is out of range; allowed: a whole number from 0 to 64");
  CHECK(parse("spawn-blocking-analysis", {"timer_tick=1ms"}).error ==
        "timer_tick=1ms is not a whole number; allowed: a whole number from 0 to 1000 (ms)");
  CHECK(parse("spawn-blocking-analysis", {"cores=2", "clock=real"}).error ==
        "cores=2 needs clock=virtual; the real clock runs on the machine's own cores (allowed with clock=real: cores=0)");
}

TEST_CASE("choosing a flavor without workers takes that flavor's default worker count", "[params]") {
  CHECK(parse("sequential-vs-join", {"flavor=current_thread"}).setup.runtime.workers == 1);
  CHECK(parse("blocking-executor", {"flavor=multi_thread"}).setup.runtime.workers == 2);
  CHECK(parse("work-stealing", {}).setup.runtime.workers == 4);
}

TEST_CASE("current_thread with more than one worker is refused, saying why", "[params]") {
  CHECK(parse("blocking-executor", {"workers=4"}).error ==
        "workers=4 needs flavor=multi_thread; current_thread has exactly 1 worker (allowed: workers=1)");
  CHECK(parse("blocking-executor", {"workers=1"}).ok());
}

TEST_CASE("an unknown key is refused, and the error lists the lesson's keys", "[params]") {
  CHECK(parse("sequential-vs-join", {"latency=5"}).error ==
        "unknown parameter 'latency' for lesson 'sequential-vs-join'; allowed: mode, requests, latency_ms, flavor, "
        "workers, clock, seed, cores, timer_tick");
}

TEST_CASE("a number out of range or not a number is refused with the range", "[params]") {
  CHECK(parse("sequential-vs-join", {"latency_ms=0"}).error ==
        "latency_ms=0 is out of range; allowed: a whole number from 1 to 60000 (ms)");
  CHECK(parse("sequential-vs-join", {"requests=two"}).error ==
        "requests=two is not a whole number; allowed: a whole number from 1 to 1000");
  CHECK(parse("sequential-vs-join", {"requests=2.5"}).error ==
        "requests=2.5 is not a whole number; allowed: a whole number from 1 to 1000");
  CHECK(parse("sequential-vs-join", {"requests=99999999999999999999"}).error ==
        "requests=99999999999999999999 is out of range; allowed: a whole number from 1 to 1000");
  CHECK(parse("work-stealing", {"workers=65"}).error ==
        "workers=65 is out of range; allowed: a whole number from 1 to 64");
}

TEST_CASE("a choice not on the list is refused with the list", "[params]") {
  CHECK(parse("sequential-vs-join", {"mode=parallel"}).error ==
        "mode=parallel is not a choice here; allowed: one of sequential, join, spawn");
  CHECK(parse("sequential-vs-join", {"clock=wall"}).error ==
        "clock=wall is not a choice here; allowed: one of virtual, real");
}

TEST_CASE("a setting without '=' is refused and the lesson's keys are listed", "[params]") {
  CHECK(parse("lazy-future", {"delay_ms"}).error ==
        "expected KEY=VALUE, got 'delay_ms'; keys for lesson 'lazy-future': mode, delay_ms, fetch_ms, flavor, "
        "workers, clock, seed, cores, timer_tick");
  CHECK_FALSE(parse("lazy-future", {"=5"}).ok());
}

TEST_CASE("an unknown variant is refused with the lesson's variants", "[params]") {
  CHECK(parse("sequential-vs-join", {}, "fast").error ==
        "unknown variant 'fast' for lesson 'sequential-vs-join'; allowed: sequential, join, spawn");
}

TEST_CASE("true/false parameters take exactly true or false", "[params]") {
  const ParamSpec spec = bool_param("verbose", false, "print more");
  CHECK(std::get<bool>(parse_value(spec, "true").value));
  CHECK_FALSE(std::get<bool>(parse_value(spec, "false").value));
  CHECK(parse_value(spec, "yes").error == "verbose=yes is not true or false; allowed: true or false");
}
