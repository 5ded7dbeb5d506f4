#include "commands/trace_commands.hpp"

#include <iomanip>
#include <ostream>
#include <sstream>

#include "wakeline/trace_io/binary.hpp"
#include "wakeline/trace_io/chrome.hpp"
#include "wakeline/trace_io/csv.hpp"
#include "wakeline/file_write.hpp"
#include "wakeline/printable.hpp"
#include "wakeline/trace_io/native.hpp"
#include "wakeline/trace_io/read_valid_trace.hpp"

namespace wakeline::app {
namespace {

namespace fs = std::filesystem;

// The reader's message starts with the path already; validate()'s starts with the invariant.
struct LoadedTrace {
  std::optional<Trace> trace;
  std::string error;
};

LoadedTrace load_valid_trace(const std::string& path) {
  LoadResult loaded = read_valid_trace_file(path);
  return {std::move(loaded.trace), std::move(loaded.error)};
}

std::string joined(const std::vector<fs::path>& paths) {
  std::string text;
  for (const fs::path& path : paths) text += (text.empty() ? "" : " and ") + path.string();
  return text;
}

}  // namespace

std::string_view to_string(TraceFormat format) {
  switch (format) {
    case TraceFormat::Native: return "native";
    case TraceFormat::Binary: return "binary";
    case TraceFormat::Chrome: return "chrome";
    case TraceFormat::Csv: return "csv";
  }
  return "?";
}

std::optional<TraceFormat> trace_format_from_name(std::string_view name) {
  for (TraceFormat format : {TraceFormat::Native, TraceFormat::Binary, TraceFormat::Chrome, TraceFormat::Csv})
    if (to_string(format) == name) return format;
  return std::nullopt;
}

TraceFormat resolve_trace_format(std::optional<TraceFormat> chosen, const fs::path& out) {
  if (chosen) return *chosen;
  if (out.extension() == ".csv") return TraceFormat::Csv;
  if (out.extension() == ".wkl") return TraceFormat::Binary;
  return TraceFormat::Native;
}

fs::path events_csv_path(const fs::path& tasks_csv) {
  std::string name = tasks_csv.string();
  if (name.ends_with(".csv")) name.resize(name.size() - 4);
  return name + ".events.csv";
}

TraceWrite write_trace_files(const Trace& trace, const fs::path& out, TraceFormat format) {
  std::vector<FileToWrite> files;
  switch (format) {
    case TraceFormat::Native: files.push_back({out, [&](std::ostream& file) { write_native(trace, file); }}); break;
    case TraceFormat::Binary: files.push_back({out, [&](std::ostream& file) { write_binary(trace, file); }}); break;
    case TraceFormat::Chrome: files.push_back({out, [&](std::ostream& file) { write_chrome(trace, file); }}); break;
    case TraceFormat::Csv:  // the two tables: both or neither
      files.push_back({out, [&](std::ostream& file) { write_tasks_csv(trace, file); }});
      files.push_back({events_csv_path(out), [&](std::ostream& file) { write_events_csv(trace, file); }});
      break;
  }
  TraceWrite result;
  result.error = write_files_atomically(files);
  if (result.ok())
    for (const FileToWrite& file : files) result.written.push_back(file.target);
  return result;
}

int write_run_trace(const Trace& trace, const CliOptions& options, std::ostream& err) {
  const TraceWrite written =
      write_trace_files(trace, options.trace_out, resolve_trace_format(options.trace_format, options.trace_out));
  if (written.ok()) return kExitOk;
  err << "wakeline: " << written.error << "\n";
  return kExitFailure;
}

int run_export_command(const CliOptions& options, std::ostream& out, std::ostream& err) {
  const LoadedTrace loaded = load_valid_trace(options.trace_in);
  if (!loaded.trace) {
    err << "wakeline: " << loaded.error << "\n";
    return kExitFailure;
  }
  const TraceFormat format = resolve_trace_format(options.trace_format, options.trace_out);
  const TraceWrite written = write_trace_files(*loaded.trace, options.trace_out, format);
  if (!written.ok()) {
    err << "wakeline: " << written.error << "\n";
    return kExitFailure;
  }
  out << "wrote " << joined(written.written) << " (" << to_string(format) << ", " << loaded.trace->events.size()
      << " events)\n";
  return kExitOk;
}

int run_validate_command(const CliOptions& options, std::ostream& out, std::ostream& err) {
  const LoadedTrace loaded = load_valid_trace(options.trace_in);
  if (!loaded.trace) {
    err << "wakeline: " << loaded.error << "\n";
    return kExitFailure;
  }
  out << options.trace_in << ": valid: " << trace_summary_line(*loaded.trace) << "\n";
  return kExitOk;
}

std::string trace_summary_line(const Trace& trace) {
  const auto count = [](std::uint64_t n, std::string_view noun) {
    return std::to_string(n) + " " + std::string(noun) + (n == 1 ? "" : "s");
  };
  std::uint64_t tasks = 0;  // as `run --summary` counts them: main, spawned tasks and blocking-pool jobs
  for (const Event& event : trace.events) tasks += event.kind == EventKind::TaskSpawned;
  std::ostringstream line;
  line << "scenario '" << printable(trace.run.scenario) << "', " << count(trace.events.size(), "event") << ", "
       << count(tasks, "task") << ", " << count(trace.threads.size(), "thread") << ", " << std::fixed
       << std::setprecision(3) << static_cast<double>(trace.run.total_ns) / 1e6 << " ms, "
       << to_string(trace.run.clock) << " clock";
  if (!trace.run.deadlock.empty()) line << ", deadlocked: " << count(trace.run.deadlock.size(), "task") << " stuck";
  return line.str();
}

}  // namespace wakeline::app
