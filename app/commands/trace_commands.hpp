// The headless trace commands: `wakeline run ID --out FILE` saves the run's trace, `wakeline export
// IN --out FILE` converts a native trace to native, Chrome/Perfetto or CSV, and `wakeline validate
// FILE` checks one. Like headless_commands.hpp, they write to the streams they are given.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "commands/cli.hpp"
#include "wakeline/trace.hpp"

namespace wakeline::app {

std::string_view to_string(TraceFormat format);                      // "native", "binary", "chrome", "csv"
std::optional<TraceFormat> trace_format_from_name(std::string_view name);
inline constexpr std::string_view kTraceFormatNames = "native, binary, chrome, csv";

// --format if given, else what --out's extension says: ".csv" is csv, ".wkl" binary, anything else
// (".wakeline.json", ".json", none) native JSON. A Chrome export always needs --format chrome, since
// both are ".json". (Reading never goes by the name: read_trace_file looks at the first bytes.)
TraceFormat resolve_trace_format(std::optional<TraceFormat> chosen, const std::filesystem::path& out);

// The CSV export is two tables: tasks go to FILE, events next to it, to FILE with a trailing
// ".csv" replaced by ".events.csv" ("run.csv" -> "run.events.csv", "run" -> "run.events.csv").
std::filesystem::path events_csv_path(const std::filesystem::path& tasks_csv);

struct TraceWrite {
  std::vector<std::filesystem::path> written;  // every file written, in order
  std::string error;                           // "cannot write FILE: No such file or directory"
  bool ok() const { return error.empty(); }
};

// Writes the trace in one format, whole or not at all (file_write.hpp): on an error every target
// keeps what it held; CSV writes its two tables both or neither.
TraceWrite write_trace_files(const Trace& trace, const std::filesystem::path& out, TraceFormat format);

// `run ID --out FILE [--format F]`: writes the trace of a run that already happened. Returns
// kExitOk, or kExitFailure after saying on `err` what could not be written.
int write_run_trace(const Trace& trace, const CliOptions& options, std::ostream& err);

// Both read through read_valid_trace_file (the reader, then validate()); a file that fails is refused
// with exit code kExitFailure and the reader's or validate()'s message on `err`.
int run_export_command(const CliOptions& options, std::ostream& out, std::ostream& err);
int run_validate_command(const CliOptions& options, std::ostream& out, std::ostream& err);

// What `validate` prints for a good trace: "scenario 'sequential-vs-join', 85 events, 4 tasks,
// 3 threads, 2000.035 ms, virtual clock" (and ", deadlocked: 2 tasks stuck" when it was).
std::string trace_summary_line(const Trace& trace);

}  // namespace wakeline::app
