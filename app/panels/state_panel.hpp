// The State panel: the runtime at the playhead, rebuilt from the trace (playhead/runtime_state.hpp):
// what each worker runs, its LIFO slot and local queue, the inject queue, the pending timers, each
// channel's buffer and waiting tasks, every task's state and what it waits on, and the blocking
// pool. A click on a task selects it, on the timeline and in the inspector too.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "panels/theme.hpp"
#include "wakeline/playhead/runtime_state.hpp"
#include "wakeline/playhead/trace_catalog.hpp"

namespace wakeline::app {

// How the panel is shown this frame.
struct StatePanelOptions {
  // Reveal before the end: nothing after the playhead on screen (how many events the run has, when
  // a pending timer fires, how long a block_thread will last).
  bool hide_future = false;
  // When set, every line and label the panel draws is appended: --dump-ui carries what the class reads.
  std::vector<std::string>* shown = nullptr;
};

// Fills the current window's content area. Long queues and wait lists show their first tasks and
// "+N more"; the task list draws only its visible rows, ended tasks folded under a count.
void draw_state_panel(const RuntimeState& state, const TraceCatalog& catalog, TaskId& selected_task,
                      const ThemeFonts& fonts, float ui_scale, const StatePanelOptions& options = {});

// The same facts as plain JSON for --dump-ui, so tests can check what the panel shows. Every
// task that has been spawned, or, past 2000 of them, only those not ended ("ended_tasks_listed"
// says which); "task_counts" counts them by status either way. With hide_future, a pending
// timer's deadline is null, as the panel does not show it.
nlohmann::ordered_json state_json(const RuntimeState& state, const TraceCatalog& catalog, bool hide_future = false);

}  // namespace wakeline::app
