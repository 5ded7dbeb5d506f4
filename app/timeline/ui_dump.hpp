// What the timeline draws, as one JSON object, so tests and `wakeline --dump-ui` check the
// picture's content instead of its pixels: "lanes" (name, kind), "spans" (lane, task, start_ns,
// end_ns, kind: poll, blocking, folded, or a task state), "arrows" (from_lane, from_ns, to_lane,
// to_ns, kind: the wake cause), "markers", the "ruler", "totals" and the "legend".
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "timeline/timeline_view.hpp"
#include "wakeline/trace.hpp"

namespace wakeline::app {

// Up to this many task lanes, a dump holds every one of them; past it (a 200 000-task run, whose
// full dump would take seconds to write, four times a second), only those the last frame showed.
inline constexpr std::size_t kDumpEveryTaskLaneUpTo = 2000;
struct TaskLaneRange {
  std::uint32_t first = 0;
  std::uint32_t count = 0;
};
// The task lanes a dump of `view` holds, out of `task_lanes` (none while they are hidden).
TaskLaneRange dumped_task_lanes(const TimelineView& view, std::size_t task_lanes);

// The draw items for `view` (the whole run if view.fit_requested) on a time axis `width_px`
// wide, with the task lanes of dumped_task_lanes ("task_lanes_dumped" says which). Lanes are referred to by their index in
// "lanes". Uses view.model if it was built from `trace`, else builds one.
std::string dump_ui_json(const Trace& trace, const TimelineView& view, float width_px);

}  // namespace wakeline::app
