// Every built-in lesson has a script twin in assets/lessons/ that tells the same story: on the
// virtual clock, on both flavors, with the default parameters and with every variant, the twin
// takes exactly as long and prints exactly the same lines.
#include <string>
#include <vector>

#include "script_lessons.hpp"

namespace {

using namespace script_tests;

bool sets_flavor(const Variant& variant) {
  for (const auto& [key, value] : variant.presets)
    if (key == "flavor") return true;
  return false;
}

void check_same_story(const Lesson& cpp, const Lesson& lua, const std::vector<std::string>& settings,
                      const std::string& variant) {
  INFO("settings: " << (settings.empty() ? std::string("(defaults)") : settings.front()) << ", variant: " << variant);
  const auto expected = lesson_tests::run_lesson_with(cpp.id, settings, variant);
  const auto actual = run_script(lua, settings, variant);
  CHECK(actual.report.total_ns == expected.report.total_ns);
  CHECK(actual.output == expected.output);
}

void check_twin(const char* built_in, const char* script) {
  {
    const Lesson* cpp = find_lesson(built_in);
    REQUIRE(cpp != nullptr);
    const Lesson lua = load_shipped(script);

    // Same parameters and variants, so the same settings mean the same thing to both.
    REQUIRE(lua.params.size() == cpp->params.size());
    for (std::size_t i = 0; i < cpp->params.size(); ++i) CHECK(lua.params[i].key == cpp->params[i].key);
    REQUIRE(lua.variants.size() == cpp->variants.size());
    CHECK(lua.default_flavor == cpp->default_flavor);
    CHECK(lua.default_workers == cpp->default_workers);

    for (const std::string flavor : {"", "flavor=current_thread", "flavor=multi_thread"}) {
      const std::vector<std::string> settings = flavor.empty() ? std::vector<std::string>{} : std::vector<std::string>{flavor};
      check_same_story(*cpp, lua, settings, "");
      for (const Variant& variant : cpp->variants) {
        if (!flavor.empty() && sets_flavor(variant)) continue;
        check_same_story(*cpp, lua, settings, variant.name);
      }
    }
  }
}

}  // namespace

TEST_CASE("script twin of sequential-vs-join: same totals and output") { check_twin("sequential-vs-join", "sequential_vs_join.lua"); }
TEST_CASE("script twin of select-race: same totals and output") { check_twin("select-race", "select_race.lua"); }
TEST_CASE("script twin of blocking-executor: same totals and output") { check_twin("blocking-executor", "blocking_executor.lua"); }
TEST_CASE("script twin of channel-ping-pong: same totals and output") { check_twin("channel-ping-pong", "channel_ping_pong.lua"); }
TEST_CASE("script twin of worker-queue: same totals and output") { check_twin("worker-queue", "worker_queue.lua"); }
TEST_CASE("script twin of spawn-blocking-analysis: same totals and output") {
  check_twin("spawn-blocking-analysis", "spawn_blocking_analysis.lua");
}
TEST_CASE("script twin of joinset-limit: same totals and output") { check_twin("joinset-limit", "joinset_limit.lua"); }
TEST_CASE("script twin of timeout-try-join: same totals and output") { check_twin("timeout-try-join", "timeout_try_join.lua"); }
TEST_CASE("script twin of lazy-future: same totals and output") { check_twin("lazy-future", "lazy_future.lua"); }
TEST_CASE("script twin of work-stealing: same totals and output") { check_twin("work-stealing", "work_stealing.lua"); }
