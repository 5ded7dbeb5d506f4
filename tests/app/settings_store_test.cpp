// The settings file: what is remembered between launches, where it lives, and that a damaged file
// is reported and ignored rather than refused or trusted.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "app_test_support.hpp"
#include "platform/settings_store.hpp"
#include "wakeline/scenarios/registry.hpp"

using namespace wakeline;
using namespace wakeline::app;
namespace fs = std::filesystem;

namespace {

fs::path temp_dir(const std::string& name) { return app_tests::fresh_temp_dir("settings_test", name); }

Settings some_settings() {
  Settings settings;
  settings.ui_scale = 1.5f;
  settings.panels.console = false;
  settings.arrows = false;
  settings.lesson_id = "blocking-executor";
  settings.lesson_settings = {"mode=async_sleep", "futures=6", "step_ms=10", "flavor=current_thread", "workers=1",
                              "clock=virtual", "seed=1", "cores=0", "timer_tick=0"};
  settings.recent_files = {"/tmp/a.wakeline.json", "/tmp/b.wakeline.json"};
  return settings;
}

}  // namespace

TEST_CASE("settings survive a round trip through their file", "[settings]") {
  const fs::path path = temp_dir("round_trip") / "wakeline" / "settings.json";
  REQUIRE(save_settings(some_settings(), path).empty());  // creates the folder
  const SettingsLoad load = load_settings(path);
  CHECK(load.error.empty());
  REQUIRE(load.settings);
  CHECK(*load.settings == some_settings());
}

TEST_CASE("no settings file is the first launch: defaults, and nothing to report", "[settings]") {
  const SettingsLoad load = load_settings(temp_dir("missing") / "settings.json");
  CHECK_FALSE(load.settings);
  CHECK(load.error.empty());
}

TEST_CASE("a damaged settings file is reported with its path and where it breaks, and ignored", "[settings]") {
  const fs::path path = temp_dir("damaged") / "settings.json";
  std::ofstream(path) << "{\n  \"lesson\": \"blocking-executor\",\n  \"ui_scale\": \n";
  const SettingsLoad load = load_settings(path);
  CHECK_FALSE(load.settings);
  CHECK(load.error.starts_with(path.string() + ": parse error at line"));

  std::string error;
  CHECK_FALSE(parse_settings_json(R"({"panels": {"console": "yes"}})", error));
  CHECK(error == "\"console\" has the wrong type (string)");
  CHECK_FALSE(parse_settings_json("[1, 2]", error));
  CHECK(error == "expected a JSON object");
}

TEST_CASE("keys a newer version wrote are ignored and a scale off the steps snaps to one", "[settings]") {
  std::string error;
  const auto settings = parse_settings_json(R"({"version": 7, "future_key": [1], "ui_scale": 1.4})", error);
  REQUIRE(settings);
  CHECK(settings->ui_scale == 1.5f);
}

TEST_CASE("the settings live under XDG_CONFIG_HOME, else ~/.config", "[settings]") {
  const char* old_config = std::getenv("XDG_CONFIG_HOME");
  const std::string saved = old_config ? old_config : "";
  setenv("XDG_CONFIG_HOME", "/tmp/xdg", 1);
  CHECK(settings_path() == fs::path("/tmp/xdg/wakeline/settings.json"));
  unsetenv("XDG_CONFIG_HOME");
  if (const char* home = std::getenv("HOME")) CHECK(settings_path() == fs::path(home) / ".config/wakeline/settings.json");
  if (old_config) setenv("XDG_CONFIG_HOME", saved.c_str(), 1);
}

TEST_CASE("remembered settings come back into the state: lesson, its values, panels, recent files", "[settings]") {
  AppState state;
  apply_settings(some_settings(), state);
  CHECK(state.ui_scale == 1.5f);
  CHECK_FALSE(state.panels.console);
  CHECK_FALSE(state.timeline.show_arrows);
  CHECK(state.lesson.lesson_id == "blocking-executor");
  CHECK(state.lesson.setup.params.choice("mode") == "async_sleep");
  CHECK(state.lesson.setup.params.integer("futures") == 6);
  CHECK(state.recent_files.size() == 2);
  // And out again, the same.
  Settings again = settings_from_state(state, true);
  CHECK(again == some_settings());
  CHECK_FALSE(settings_from_state(state, false).ui_scale);
}

TEST_CASE("a remembered lesson or value that no longer exists falls back to the defaults, with a message", "[settings]") {
  AppState state;
  Settings gone = some_settings();
  gone.lesson_id = "no-such-lesson";
  apply_settings(gone, state);
  CHECK(state.lesson.lesson_id == kDefaultLessonId);
  REQUIRE_FALSE(state.console.empty());
  CHECK(state.console.back().text.find("no-such-lesson") != std::string::npos);

  Settings stale = some_settings();
  stale.lesson_settings = {"mode=teleport"};
  apply_settings(stale, state);
  CHECK(state.lesson.lesson_id == "blocking-executor");
  CHECK(state.lesson.setup.params.choice("mode") == "thread_sleep");  // the lesson's default
  CHECK(state.console.back().text.find("mode=teleport") != std::string::npos);
}
