// A debug aid: WAKELINE_DEMO_LESSON="ID [KEY=VALUE]..." makes the timeline show that lesson's run
// (e.g. WAKELINE_DEMO_LESSON="sequential-vs-join mode=join"), so the timeline can be looked at
// and screenshotted before, or without, the Run button. WAKELINE_DEMO_WINDOW_MS="FROM TO" starts
// zoomed to that range and WAKELINE_DEMO_SELECT=TASK with that task selected. Unset: nothing.
#pragma once

#include <memory>
#include <optional>

#include "wakeline/trace.hpp"

namespace wakeline::app {

struct DemoRun {
  std::shared_ptr<const Trace> trace;  // null: no demo
  std::optional<double> from_ns, to_ns;
  TaskId selected_task = 0;
};

// Run once, on first call; a bad lesson id or setting is reported on stderr once.
const DemoRun& demo_run_from_environment();

}  // namespace wakeline::app
