// What the app remembers between launches: the UI scale, which panels and timeline layers are
// shown, the last lesson with its parameters, and the recent files. One small JSON file in
// $XDG_CONFIG_HOME/wakeline/settings.json (or ~/.config/wakeline/settings.json). A missing file
// means defaults; a corrupt one is ignored with a console message, never a refusal to start.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "app_state.hpp"

namespace wakeline::app {

struct Settings {
  std::optional<float> ui_scale;  // absent: follow the monitor
  PanelVisibility panels;
  bool task_lanes = true;
  bool arrows = true;
  std::string lesson_id;                      // empty: the default lesson
  std::vector<std::string> lesson_settings;   // "KEY=VALUE", as --set takes them
  std::vector<std::string> recent_files;
  friend bool operator==(const Settings&, const Settings&) = default;
};

// Where the settings live; empty when neither XDG_CONFIG_HOME nor HOME is set.
std::filesystem::path settings_path();

std::string settings_json(const Settings& settings);
// Unknown keys are ignored (a newer version's file still loads); a wrong type is an error.
std::optional<Settings> parse_settings_json(const std::string& text, std::string& error);

struct SettingsLoad {
  std::optional<Settings> settings;  // empty: no file, or a bad one
  std::string error;                 // set for a bad one: what is wrong and where
};
SettingsLoad load_settings(const std::filesystem::path& path);
// "" or why the file could not be written. Creates the folder.
std::string save_settings(const Settings& settings, const std::filesystem::path& path);

// What of the state is remembered, and putting it back. A lesson or setting that no longer exists
// is reported in the console and replaced by the defaults. The UI scale is remembered only if
// `scale_chosen` (picked in the View menu rather than taken from the monitor).
Settings settings_from_state(const AppState& state, bool scale_chosen);
void apply_settings(const Settings& settings, AppState& state);

}  // namespace wakeline::app
