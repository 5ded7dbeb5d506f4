// A debug aid: WAKELINE_DEMO_LESSON="ID [KEY=VALUE]..." makes the timeline show that lesson's run
// (e.g. WAKELINE_DEMO_LESSON="sequential-vs-join mode=join"), so the timeline can be looked at
// and screenshotted before, or without, the Run button. Unset, it does nothing.
#pragma once

#include <memory>

#include "wakeline/trace.hpp"

namespace wakeline::app {

// The demo run's trace, run once on first call; nullptr if the variable is unset or names no lesson
// (the reason is printed to stderr once).
std::shared_ptr<const Trace> demo_trace_from_environment();

}  // namespace wakeline::app
