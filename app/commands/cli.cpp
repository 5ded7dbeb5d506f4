#include "commands/cli.hpp"

#include "app_state.hpp"
#include "commands/trace_commands.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <string>
#include <utility>

namespace wakeline::app {
namespace {

constexpr int kMaxScreenshotFrames = 1000;

// Applies an option's value to the options; returns an error message, or "" when it was accepted.
using ApplyOption = std::string (*)(CliOptions& options, std::string_view value);

// Which command an option belongs to: the window (GUI or screenshot), `list`, `run`, `export`,
// `validate`, or any. RunOrExport is for --out and --format, which both `run` and `export` take;
// RunOrWindow for the lesson settings (--set, --variant, ...), which the window takes with --lesson.
// The `screenshot` subcommand takes the window's options and --out.
enum class OptionScope { Any, Window, List, Run, Export, Validate, RunOrExport, RunOrWindow, ScreenshotCommand };

struct OptionSpec {
  std::string_view name;        // "--size"
  std::string_view short_name;  // "-h", or empty
  std::string_view value_name;  // "WxH"; empty for a flag that takes no value
  std::string_view help;        // one line in --help
  ApplyOption apply;
  bool stops_parsing = false;   // --help and --version answer at once, whatever follows
  OptionScope scope = OptionScope::Any;
};

std::string size_text(WindowSize size) {
  return std::to_string(size.width) + "x" + std::to_string(size.height);
}

std::optional<int> parse_int(std::string_view text) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string apply_size(CliOptions& options, std::string_view value) {
  const std::optional<WindowSize> size = parse_window_size(value);
  if (!size) {
    return "invalid --size '" + std::string(value) + "': expected WxH such as 1280x720, from " +
           size_text(kMinWindowSize) + " to " + size_text(kMaxWindowSize);
  }
  options.size = *size;
  return {};
}

std::string apply_screenshot(CliOptions& options, std::string_view value) {
  if (value.empty()) return "--screenshot needs a file name, e.g. --screenshot shot.png";
  options.action = Action::Screenshot;
  options.screenshot_path = std::string(value);
  return {};
}

std::string apply_frames(CliOptions& options, std::string_view value) {
  const std::optional<int> frames = parse_int(value);
  if (!frames || *frames < 1 || *frames > kMaxScreenshotFrames) {
    return "invalid --frames '" + std::string(value) + "': expected a whole number from 1 to " +
           std::to_string(kMaxScreenshotFrames);
  }
  options.frames = *frames;
  return {};
}

std::string apply_ui_scale(CliOptions& options, std::string_view value) {
  const int min = static_cast<int>(kMinUiScale * 100), max = static_cast<int>(kMaxUiScale * 100);
  const int step = static_cast<int>(kUiScaleStep * 100);
  const std::optional<int> percent = parse_int(value);
  if (!percent || *percent < min || *percent > max || *percent % step != 0) {
    return "invalid --ui-scale '" + std::string(value) + "': expected a percentage from " + std::to_string(min) +
           " to " + std::to_string(max) + " in steps of " + std::to_string(step) + ", e.g. 150";
  }
  options.ui_scale_percent = *percent;
  return {};
}

// --set KEY=VALUE and the runtime options all become "KEY=VALUE" lesson settings, in the order given;
// the lesson checks them (scenarios/params.hpp), since only it knows its keys and ranges.
std::string apply_set(CliOptions& options, std::string_view value) {
  if (value.find('=') == std::string_view::npos || value.starts_with('=')) {
    return "invalid --set '" + std::string(value) + "': expected KEY=VALUE, e.g. --set latency_ms=500";
  }
  options.lesson_settings.emplace_back(value);
  return {};
}

template <const char* Key>
std::string apply_runtime_setting(CliOptions& options, std::string_view value) {
  options.lesson_settings.push_back(std::string(Key) + "=" + std::string(value));
  return {};
}
constexpr char kFlavorKey[] = "flavor";
constexpr char kWorkersKey[] = "workers";
constexpr char kClockKey[] = "clock";
constexpr char kSeedKey[] = "seed";

// The subcommands, as the first argument.
constexpr std::string_view kListCommand = "list";
constexpr std::string_view kRunCommand = "run";
constexpr std::string_view kExportCommand = "export";
constexpr std::string_view kValidateCommand = "validate";
constexpr std::string_view kScreenshotCommand = "screenshot";
constexpr std::string_view kCheckCommand = "check";

std::optional<Action> subcommand(std::string_view word) {
  if (word == kListCommand) return Action::List;
  if (word == kRunCommand) return Action::Run;
  if (word == kExportCommand) return Action::Export;
  if (word == kValidateCommand) return Action::Validate;
  if (word == kScreenshotCommand) return Action::Screenshot;
  if (word == kCheckCommand) return Action::Check;
  return std::nullopt;
}

std::string apply_out(CliOptions& options, std::string_view value) {
  if (value.empty()) return "--out needs a file name, e.g. --out trace.wakeline.json";
  options.trace_out = std::string(value);
  return {};
}

std::string apply_format(CliOptions& options, std::string_view value) {
  options.trace_format = trace_format_from_name(value);
  if (!options.trace_format)
    return "invalid --format '" + std::string(value) + "': allowed: " + std::string(kTraceFormatNames);
  return {};
}

std::string apply_lessons(CliOptions& options, std::string_view value) {
  if (value.empty()) return "--lessons needs a folder, e.g. --lessons ~/my-lessons";
  options.lesson_dirs.emplace_back(value);
  return {};
}

std::string apply_open(CliOptions& options, std::string_view value) {
  if (value.empty()) return "--open needs a file name, e.g. --open trace.wakeline.json";
  options.trace_in = std::string(value);
  return {};
}

std::string apply_select(CliOptions& options, std::string_view value) {
  const std::optional<int> task = parse_int(value);
  if (!task || *task < 1) return "invalid --select '" + std::string(value) + "': expected a task id, 1 or more";
  options.select_task = static_cast<std::uint32_t>(*task);
  return {};
}

std::string apply_dump_ui(CliOptions& options, std::string_view value) {
  if (value.empty()) return "--dump-ui needs a file name, e.g. --dump-ui ui.json";
  options.dump_ui_path = std::string(value);
  return {};
}

std::string apply_exit_after(CliOptions& options, std::string_view value) {
  const std::optional<int> seconds = parse_int(value);
  if (!seconds || *seconds < 1 || *seconds > 3600) {
    return "invalid --exit-after-seconds '" + std::string(value) + "': expected a whole number from 1 to 3600";
  }
  options.exit_after_seconds = *seconds;
  return {};
}

std::string apply_playhead(CliOptions& options, std::string_view value) {
  if (value == "end") {
    options.playhead.reset();
    return {};
  }
  std::uint64_t events = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), events);
  if (value.empty() || error != std::errc() || end != value.data() + value.size()) {
    return "invalid --playhead '" + std::string(value) + "': expected a number of events (0 is before the first) or 'end'";
  }
  options.playhead = events;
  return {};
}

std::string apply_page(CliOptions& options, std::string_view value) {
  if (value != "state" && value != "task") {
    return "invalid --page '" + std::string(value) + "': allowed: state (the runtime at the playhead), task (the inspector)";
  }
  options.page = std::string(value);
  return {};
}

template <bool CliOptions::*Flag>
std::string apply_flag(CliOptions& options, std::string_view) {
  options.*Flag = true;
  return {};
}

// The one list of options: the parser and --help both read it, so they cannot disagree.
constexpr std::array kOptions = {
    OptionSpec{"--help", "-h", "", "show this help and exit",
               [](CliOptions& o, std::string_view) { o.action = Action::Help; return std::string(); },
               true},
    OptionSpec{"--version", "", "", "print the version and exit",
               [](CliOptions& o, std::string_view) { o.action = Action::Version; return std::string(); },
               true},
    OptionSpec{"--size", "", "WxH", "window size (default 1600x900; 320x240 to 7680x4320)", apply_size, false,
               OptionScope::Window},
    OptionSpec{"--ui-scale", "", "PERCENT", "text and spacing size, 100 to 250 in steps of 25 (default: the monitor's)",
               apply_ui_scale, false, OptionScope::Window},
    OptionSpec{"--screenshot", "", "FILE", "render, save the window as a PNG to FILE and exit",
               apply_screenshot, false, OptionScope::Window},
    OptionSpec{"--frames", "", "N", "frames to render before --screenshot saves (default 3, 1 to 1000)",
               apply_frames, false, OptionScope::Window},
    OptionSpec{"--lesson", "", "ID", "open on this lesson (see 'wakeline list'), with --set and the runtime options",
               [](CliOptions& o, std::string_view v) { o.lesson_id = std::string(v); return std::string(); }, false,
               OptionScope::Window},
    OptionSpec{"--run", "", "", "run the lesson at once (--screenshot waits for it to end)",
               [](CliOptions& o, std::string_view) { o.run_at_start = true; return std::string(); }, false,
               OptionScope::Window},
    OptionSpec{"--open", "", "FILE", "open a .wakeline.json or .wkl trace at start", apply_open, false, OptionScope::Window},
    OptionSpec{"--select", "", "TASK", "select this task id on the timeline and in the inspector at start",
               apply_select, false, OptionScope::Window},
    OptionSpec{"--dump-ui", "", "FILE", "write what the window shows as JSON (lanes, spans, layout) to FILE",
               apply_dump_ui, false, OptionScope::Window},
    OptionSpec{"--playhead", "", "N", "stand the playhead after N events of the shown run (default: end)", apply_playhead,
               false, OptionScope::Window},
    OptionSpec{"--reveal", "", "", "hide what happens after the playhead", apply_flag<&CliOptions::reveal>, false,
               OptionScope::Window},
    OptionSpec{"--present", "", "", "start in presentation mode (P switches it)", apply_flag<&CliOptions::present>, false,
               OptionScope::Window},
    OptionSpec{"--edit-copy", "", "", "start with the script editor on a copy of the lesson (Script > Edit a copy)",
               apply_flag<&CliOptions::edit_copy>, false, OptionScope::Window},
    OptionSpec{"--compare", "", "", "start by running the lesson's variants side by side", apply_flag<&CliOptions::compare>,
               false, OptionScope::Window},
    OptionSpec{"--whole-window", "", "", "screenshot: picture the whole window, not the timeline alone",
               apply_flag<&CliOptions::whole_window>, false, OptionScope::ScreenshotCommand},
    OptionSpec{"--page", "", "PAGE", "the right column's page at start: state or task", apply_page, false,
               OptionScope::Window},
    OptionSpec{"--exit-after-seconds", "", "S", "quit by itself after S seconds; with --screenshot, save the last frame",
               apply_exit_after, false, OptionScope::Window},
    OptionSpec{"--lessons", "", "DIR", "also offer the script lessons (*.lua) in DIR (repeatable)", apply_lessons, false,
               OptionScope::Any},
    OptionSpec{"--json", "", "", "list: ids, titles, parameters with defaults and ranges, variants, as JSON",
               [](CliOptions& o, std::string_view) { o.json = true; return std::string(); }, false,
               OptionScope::List},
    OptionSpec{"--set", "", "KEY=VALUE", "run, --lesson: set a lesson parameter (repeatable; see 'wakeline list --json')",
               apply_set, false, OptionScope::RunOrWindow},
    OptionSpec{"--variant", "", "NAME", "run, --lesson: start from one of the lesson's named presets",
               [](CliOptions& o, std::string_view v) {
                 // Empty is refused like every other empty value, not taken as "no variant".
                 if (v.empty()) return std::string("--variant needs a variant name (see 'wakeline list --json')");
                 o.variant = std::string(v);
                 return std::string();
               }, false,
               OptionScope::RunOrWindow},
    OptionSpec{"--flavor", "", "FLAVOR", "run, --lesson: current_thread or multi_thread (default: the lesson's)",
               apply_runtime_setting<kFlavorKey>, false, OptionScope::RunOrWindow},
    OptionSpec{"--workers", "", "N", "run, --lesson: worker threads, 1 to 64 (exactly 1 on current_thread)",
               apply_runtime_setting<kWorkersKey>, false, OptionScope::RunOrWindow},
    OptionSpec{"--clock", "", "CLOCK", "run, --lesson: virtual (deterministic, instant) or real (default virtual)",
               apply_runtime_setting<kClockKey>, false, OptionScope::RunOrWindow},
    OptionSpec{"--seed", "", "N", "run, --lesson: the scheduler's random seed (default 1)", apply_runtime_setting<kSeedKey>,
               false, OptionScope::RunOrWindow},
    OptionSpec{"--summary", "", "", "run: print one JSON object (total_ms, polls, steals, output, ...) instead",
               [](CliOptions& o, std::string_view) { o.summary = true; return std::string(); }, false,
               OptionScope::Run},
    OptionSpec{"--out", "", "FILE", "run, export: write the trace to FILE (.csv: tasks, and events to FILE.events.csv)",
               apply_out, false, OptionScope::RunOrExport},
    OptionSpec{"--format", "", "FORMAT", "run, export: native, binary, chrome or csv (default: csv for .csv, binary for .wkl, else native)",
               apply_format, false, OptionScope::RunOrExport},
};

const OptionSpec* find_option(std::string_view name) {
  const auto it = std::find_if(kOptions.begin(), kOptions.end(), [&](const OptionSpec& spec) {
    return spec.name == name || (!spec.short_name.empty() && spec.short_name == name);
  });
  return it == kOptions.end() ? nullptr : &*it;
}

std::string_view scope_text(OptionScope scope) {
  switch (scope) {
    case OptionScope::List: return "'wakeline list'";
    case OptionScope::Run: return "'wakeline run ID'";
    case OptionScope::Window: return "the window (not 'wakeline list' or 'wakeline run')";
    case OptionScope::Export: return "'wakeline export IN'";
    case OptionScope::Validate: return "'wakeline validate FILE'";
    case OptionScope::RunOrExport: return "'wakeline run ID' and 'wakeline export IN'";
    case OptionScope::RunOrWindow: return "'wakeline run ID' and the window (with --lesson ID)";
    case OptionScope::ScreenshotCommand: return "'wakeline screenshot IN_OR_LESSON'";
    case OptionScope::Any: break;
  }
  return "any command";
}

OptionScope command_scope(std::optional<Action> command) {
  switch (command.value_or(Action::Gui)) {
    case Action::List: return OptionScope::List;
    case Action::Run: return OptionScope::Run;
    case Action::Export: return OptionScope::Export;
    case Action::Validate:
    case Action::Check: return OptionScope::Validate;
    case Action::Screenshot: return OptionScope::ScreenshotCommand;
    default: return OptionScope::Window;  // no subcommand: the window or its screenshot
  }
}

bool scope_allows(OptionScope option_scope, OptionScope command) {
  if (command == OptionScope::ScreenshotCommand) {
    return option_scope == OptionScope::Any || option_scope == OptionScope::Window ||
           option_scope == OptionScope::RunOrWindow || option_scope == OptionScope::RunOrExport ||
           option_scope == OptionScope::ScreenshotCommand;
  }
  if (option_scope == OptionScope::RunOrWindow) return command == OptionScope::Run || command == OptionScope::Window;
  if (option_scope == OptionScope::RunOrExport) return command == OptionScope::Run || command == OptionScope::Export;
  return option_scope == OptionScope::Any || option_scope == command;
}

constexpr std::string_view kScreenshotUsage = "wakeline screenshot IN.wakeline.json|LESSON --out FILE.png [--size WxH]";
constexpr std::string_view kExportUsage = "wakeline export IN.wakeline.json|IN.wkl --out FILE [--format native|binary|chrome|csv]";

// Rules that involve more than one option, or an option and the command.
std::string check_combination(const CliOptions& options, std::optional<Action> command,
                              const std::vector<const OptionSpec*>& given) {
  for (const OptionSpec* spec : given) {
    if (!scope_allows(spec->scope, command_scope(command)))
      return std::string(spec->name) + " only applies to " + std::string(scope_text(spec->scope));
    // In the window, lesson settings say which lesson they are for.
    if (spec->scope == OptionScope::RunOrWindow && !command && options.lesson_id.empty())
      return std::string(spec->name) + " only applies to " + std::string(scope_text(spec->scope));
  }
  if (command == Action::Run && options.lesson_id.empty()) {
    return "'wakeline run' needs a lesson id: wakeline run ID (see 'wakeline list')";
  }
  if (command == Action::Check && options.lesson_id.empty())
    return "'wakeline check' needs a script lesson: wakeline check FILE.lua";
  if (command == Action::Export && options.trace_in.empty())
    return "'wakeline export' needs a trace file to read: " + std::string(kExportUsage);
  if (command == Action::Export && options.trace_out.empty())
    return "'wakeline export' needs --out FILE: " + std::string(kExportUsage);
  if (command == Action::Validate && options.trace_in.empty())
    return "'wakeline validate' needs a trace file: wakeline validate FILE.wakeline.json";
  if (command == Action::Screenshot && options.trace_in.empty())
    return "'wakeline screenshot' needs a trace file or a lesson id: " + std::string(kScreenshotUsage);
  if (command == Action::Screenshot && options.trace_out.empty())
    return "'wakeline screenshot' needs --out FILE.png: " + std::string(kScreenshotUsage);
  if (command == Action::Screenshot && options.trace_format)
    return "--format does not apply to 'wakeline screenshot': it always writes a PNG";
  if (options.trace_format && options.trace_out.empty())
    return "--format only applies together with --out FILE";
  const bool frames_given =
      std::any_of(given.begin(), given.end(), [](const OptionSpec* spec) { return spec->name == "--frames"; });
  if (frames_given && options.action != Action::Screenshot) {
    return "--frames only applies together with --screenshot FILE";
  }
  return {};
}

}  // namespace

std::optional<WindowSize> parse_window_size(std::string_view text) {
  const std::size_t x = text.find('x');
  if (x == std::string_view::npos) return std::nullopt;
  const std::optional<int> width = parse_int(text.substr(0, x));
  const std::optional<int> height = parse_int(text.substr(x + 1));
  if (!width || !height) return std::nullopt;
  if (*width < kMinWindowSize.width || *width > kMaxWindowSize.width) return std::nullopt;
  if (*height < kMinWindowSize.height || *height > kMaxWindowSize.height) return std::nullopt;
  return WindowSize{*width, *height};
}

CliParse parse_cli(std::span<const std::string_view> args) {
  CliParse result;
  std::optional<Action> command;  // set by a subcommand word in first position
  std::vector<const OptionSpec*> given;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (!arg.starts_with('-')) {
      if (i == 0 && subcommand(arg)) {
        command = subcommand(arg);
        result.options.action = *command;
      } else if ((command == Action::Run || command == Action::Check) && result.options.lesson_id.empty()) {
        result.options.lesson_id = std::string(arg);
      } else if ((command == Action::Export || command == Action::Validate || command == Action::Screenshot) &&
                 result.options.trace_in.empty()) {
        result.options.trace_in = std::string(arg);
      } else {
        result.error = "unexpected argument '" + std::string(arg) + "'";
        return result;
      }
      continue;
    }
    // "--size=1280x720" carries its value inline; "--size 1280x720" takes the next argument.
    const std::size_t equals = arg.find('=');
    const std::string_view name = arg.substr(0, equals);
    const OptionSpec* spec = find_option(name);
    if (spec == nullptr) {
      result.error = "unknown option '" + std::string(name) + "'";
      return result;
    }
    std::string_view value;
    if (spec->value_name.empty()) {
      if (equals != std::string_view::npos) {
        result.error = "option '" + std::string(name) + "' takes no value";
        return result;
      }
    } else if (equals != std::string_view::npos) {
      value = arg.substr(equals + 1);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      result.error = "option '" + std::string(name) + "' needs a value: " + std::string(spec->name) + " " +
                     std::string(spec->value_name);
      return result;
    }
    if (std::string error = spec->apply(result.options, value); !error.empty()) {
      result.error = std::move(error);
      return result;
    }
    if (spec->stops_parsing) return result;
    given.push_back(spec);
  }
  result.error = check_combination(result.options, command, given);
  if (result.ok() && command) result.options.action = *command;  // --screenshot must not turn a run into a window
  if (result.ok() && command == Action::Screenshot) {
    // `screenshot IN --out FILE.png` is `--screenshot FILE.png` with IN opened or run first.
    result.options.screenshot_path = std::exchange(result.options.trace_out, {});
    result.options.timeline_picture = !result.options.whole_window;
  }
  return result;
}

std::string usage_text() {
  std::string text =
      "Usage: wakeline [OPTIONS]                open the app\n"
      "       wakeline list [--json]            list the lessons, one id per line\n"
      "       wakeline run ID|FILE.lua [RUN OPTIONS]   run one lesson without a window and print its output\n"
      "       wakeline check FILE.lua           load a script lesson and check it (file:line: message if not)\n"
      "       wakeline export IN --out FILE [--format FORMAT]   convert a .wakeline.json or .wkl trace\n"
      "       wakeline validate FILE            check a .wakeline.json or .wkl trace and sum it up\n"
      "       wakeline screenshot IN|LESSON --out FILE.png [--size WxH]   a PNG of the window showing it\n"
      "Watch an async executor poll, wake and steal coroutine tasks, one lesson at a time.\n"
      "\n"
      "Options:\n";
  // Align the help column after the longest "-h, --name VALUE" so the list scans as a table.
  const auto left_column = [](const OptionSpec& spec) {
    std::string left = spec.short_name.empty() ? "    " : std::string(spec.short_name) + ", ";
    left += spec.name;
    if (!spec.value_name.empty()) (left += ' ') += spec.value_name;
    return left;
  };
  std::size_t width = 0;
  for (const OptionSpec& spec : kOptions) width = std::max(width, left_column(spec).size());
  for (const OptionSpec& spec : kOptions) {
    const std::string left = left_column(spec);
    text += "  " + left + std::string(width - left.size() + 2, ' ') + std::string(spec.help) + "\n";
  }
  text +=
      "\n"
      "Exit status: 0 on success, 1 if the command failed, 2 if the command line was wrong.\n";
  return text;
}

std::string version_text() { return std::string("wakeline ") + WAKELINE_VERSION; }

}  // namespace wakeline::app
