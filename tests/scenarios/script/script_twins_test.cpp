// Every built-in lesson has a script twin in assets/lessons/ that tells the same story: on the
// virtual clock, on both flavors, with the default parameters and with every variant, the twin
// takes exactly as long and prints exactly the same lines.
#include <string>
#include <vector>

#include "script_lessons.hpp"

namespace {

using namespace script_tests;

struct Twin {
  const char* built_in;
  const char* script;
};

const Twin kTwins[] = {
    {"sequential-vs-join", "sequential_vs_join.lua"},
};

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

}  // namespace

TEST_CASE("each script twin takes as long and prints the same as its built-in lesson") {
  for (const Twin& twin : kTwins) {
    INFO("lesson: " << twin.built_in);
    const Lesson* cpp = find_lesson(twin.built_in);
    REQUIRE(cpp != nullptr);
    const Lesson lua = load_shipped(twin.script);

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
