// The GUI session behind `wakeline`, `wakeline --screenshot` and `wakeline screenshot`: opens the
// window on a lesson (or a trace file), then either runs frames until the user quits (or
// --exit-after-seconds passes), or renders a fixed number of frames and saves the last as a PNG.
// --dump-ui writes what the window shows as JSON beside it (app_dump.hpp).
#pragma once

#include "commands/cli.hpp"

namespace wakeline::app {

// Returns the process exit code: kExitOk; kExitUsage for an unknown lesson or a bad --set (before
// any window opens); or kExitFailure after printing why (no display, unwritable file, bad trace).
int run_gui(const CliOptions& options);

}  // namespace wakeline::app
