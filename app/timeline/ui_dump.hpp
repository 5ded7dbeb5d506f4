// What the timeline draws, as one JSON object, so tests and `wakeline --dump-ui` check the
// picture's content instead of its pixels: "lanes" (name, kind), "spans" (lane, task, start_ns,
// end_ns, kind: poll, blocking, folded, or a task state), "arrows" (from_lane, from_ns, to_lane,
// to_ns, kind: the wake cause), "markers", the "ruler", "totals" and the "legend".
#pragma once

#include <string>

#include "timeline/timeline_view.hpp"
#include "wakeline/trace.hpp"

namespace wakeline::app {

// The draw items for `view` (the whole run if view.fit_requested) on a time axis `width_px`
// wide, with every task lane when view.show_task_lanes. Lanes are referred to by their index in
// "lanes". Uses view.model if it was built from `trace`, else builds one.
std::string dump_ui_json(const Trace& trace, const TimelineView& view, float width_px);

}  // namespace wakeline::app
