// Command-line parsing: turns argv into a plain CliOptions that main() dispatches on.
// Every option is one row of a table in cli.cpp, which also generates --help, so adding a GUI flag
// (--lesson, --set, --run, --dump-ui) or a subcommand (run, list, export, validate) stays local.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace wakeline::app {

// What main() should do. A subcommand becomes one more value here plus a row in cli.cpp.
// List and Run are the headless subcommands `wakeline list` and `wakeline run ID` (headless_commands.hpp);
// Export and Validate are `wakeline export IN` and `wakeline validate FILE` (trace_commands.hpp);
// Screenshot is `--screenshot FILE` and `wakeline screenshot IN_OR_LESSON --out FILE` (gui_main.hpp);
// Check is `wakeline check FILE.lua`, which loads a script lesson and says whether it is sound.
enum class Action { Gui, Screenshot, Help, Version, List, Run, Export, Validate, Check };

// What `run --out` and `export` write (--format): see trace_commands.hpp.
enum class TraceFormat { Native, Binary, Chrome, Csv };  // Native: JSON; Binary: .wkl

struct WindowSize {
  int width = 1600;
  int height = 900;
  friend bool operator==(const WindowSize&, const WindowSize&) = default;
};

inline constexpr WindowSize kMinWindowSize{320, 240};
inline constexpr WindowSize kMaxWindowSize{7680, 4320};
inline constexpr int kDefaultScreenshotFrames = 3;

struct CliOptions {
  Action action = Action::Gui;
  WindowSize size;                  // --size WxH, in screen coordinates
  std::string screenshot_path;      // --screenshot FILE.png
  int frames = kDefaultScreenshotFrames;  // --frames N, frames rendered before the screenshot
  int ui_scale_percent = 0;         // --ui-scale PERCENT; 0 follows the monitor (100 for screenshots)

  // `wakeline list` and `wakeline run ID`. The settings are only collected here: whether a key or
  // value suits the lesson is checked against the lesson itself (scenarios/params.hpp).
  std::string lesson_id;                     // run ID (or FILE.lua), check FILE.lua
  std::vector<std::string> lesson_dirs;      // --lessons DIR: more script lessons (repeatable)
  std::string variant;                       // --variant NAME
  std::vector<std::string> lesson_settings;  // --set KEY=VALUE, and --flavor/--workers/--clock/--seed as KEY=VALUE, in order
  bool summary = false;                      // run --summary: one JSON object instead of the output
  bool json = false;                         // list --json

  // `run ID --out FILE`, `wakeline export IN --out FILE` and `wakeline validate FILE`.
  std::string trace_in;                      // export IN, validate FILE: a native .wakeline.json trace
  std::string trace_out;                     // --out FILE
  std::optional<TraceFormat> trace_format;   // --format; unset: from --out's extension

  // The window: --lesson ID (in lesson_id, with --set and the runtime options in lesson_settings),
  // --open FILE (in trace_in), and `wakeline screenshot IN_OR_LESSON --out FILE.png` (IN in
  // trace_in, the PNG in screenshot_path; a lesson id there is run first).
  bool run_at_start = false;    // --run
  std::uint32_t select_task = 0;  // --select TASK: selected at start (0: none)
  std::string dump_ui_path;     // --dump-ui FILE (app_dump.hpp)
  int exit_after_seconds = 0;   // --exit-after-seconds S: a window session that quits by itself; 0: never
  std::optional<std::uint64_t> playhead;  // --playhead N: after N events of the shown run (unset: its end)
  bool reveal = false;          // --reveal: hide what happens after the playhead
  bool present = false;         // --present: start in presentation mode
  bool edit_copy = false;       // --edit-copy: start with the script editor on a copy of the lesson
  bool compare = false;         // --compare: start by comparing the lesson's variants
  std::string page;             // --page state|task: the right column's page at start ("" keeps the default)
  // `wakeline screenshot`: the PNG is the timeline alone (a slide), unless --whole-window.
  bool timeline_picture = false;
  bool whole_window = false;    // --whole-window
};

// Exit codes shared by every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // the command ran and failed (no display, unwritable file)
inline constexpr int kExitUsage = 2;    // the command line itself was wrong

struct CliParse {
  CliOptions options;
  std::string error;  // empty when parsing succeeded; otherwise names what is allowed
  bool ok() const { return error.empty(); }
};

// `args` excludes the program name. Accepts both "--size 1280x720" and "--size=1280x720".
CliParse parse_cli(std::span<const std::string_view> args);

// "1280x720" -> {1280, 720}; nullopt unless both are in [kMinWindowSize, kMaxWindowSize].
std::optional<WindowSize> parse_window_size(std::string_view text);

// The full --help text, one line per option, generated from the same table the parser uses.
std::string usage_text();

std::string version_text();  // "wakeline 0.1.0"

}  // namespace wakeline::app
