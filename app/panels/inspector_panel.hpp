// The Inspector panel (right): the selected task in words (its parent, where it was spawned, how
// often it was polled, how long it was busy, ready but not running, and waiting, on what, who woke
// it, how it ended), then a table of every task, sortable by those columns. A click on a row selects
// that task, on the timeline too.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app_state.hpp"
#include "panels/theme.hpp"
#include "wakeline/task_stats.hpp"
#include "wakeline/trace.hpp"

namespace wakeline::app {

// How the panel is shown this frame.
struct InspectorOptions {
  // Reveal before the end: the statistics of the events up to the playhead only (how a task ends,
  // how long it waits in all, are the future).
  std::optional<std::size_t> up_to_event;
  // The whole trace's statistics when something has computed them already (the timeline's model,
  // drawn first): the panel shares them instead of computing them again. Unused with up_to_event.
  SharedTaskStats whole_run_stats;
  // When set, every line the panel draws is appended: --dump-ui carries what the class reads.
  std::vector<std::string>* shown = nullptr;
};

void draw_inspector_panel(const std::shared_ptr<const Trace>& trace, InspectorCache& cache, TaskId& selected,
                          const ThemeFonts& fonts, float ui_scale, const InspectorOptions& options = {});

// ---- What the panel computes, without a window -----------------------------------------------

// The table's columns, in order; each sorts by the value it shows.
enum class TaskColumn : std::uint8_t { Task, Polls, Busy, Ready, Waiting, Wakes, Steals, Outcome };

// Recomputes the task statistics when `trace` (or the event they stop at) is not the one the cache
// was built from; `whole_run_stats`, when given, must be compute_task_stats(*trace) and is shared
// instead of computed again whenever up_to_event is empty.
void refresh_inspector_cache(InspectorCache& cache, const std::shared_ptr<const Trace>& trace,
                             std::optional<std::size_t> up_to_event = {}, SharedTaskStats whole_run_stats = nullptr);
// Fills the cache for `trace` with statistics computed elsewhere (a file's load computes them on
// one of its threads and shares them with the timeline's model: trace_loading.hpp), as
// refresh_inspector_cache would.
void fill_inspector_cache(InspectorCache& cache, const std::shared_ptr<const Trace>& trace,
                          std::optional<std::size_t> up_to_event, SharedTaskStats tasks);

// Orders rows (indices into `tasks`) by a column; ties keep spawn order.
void sort_task_rows(std::vector<std::uint32_t>& rows, const std::vector<TaskStats>& tasks, TaskColumn column,
                    bool ascending);

// "timer 3", "channel 'jobs'", "task 4 'fetch b'", or "" when the task never waited.
std::string waited_on_text(const InspectorCache& cache, const TaskStats& task);
// "2: timer 1, join 1" and who: "from main (1), producer (3)"; "none" without wakes.
std::string wakes_text(const InspectorCache& cache, const TaskStats& task);
// "completed at 2 s", "cancelled at 1.5 s", "failed at 3 ms: boom", "still running when the run
// ended"; for statistics cut at the playhead, a task that has not ended is "not ended yet".
std::string outcome_text(const TaskStats& task, bool cut_at_playhead = false);

}  // namespace wakeline::app
