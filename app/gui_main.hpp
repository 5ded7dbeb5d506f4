// The GUI session behind `wakeline` and `wakeline --screenshot`: opens the window, then either runs
// frames until the user quits, or renders a fixed number of frames and saves the last as a PNG.
#pragma once

#include "cli.hpp"

namespace wakeline::app {

// Returns the process exit code: kExitOk, or kExitFailure after printing why (no display,
// unwritable screenshot file).
int run_gui(const CliOptions& options);

}  // namespace wakeline::app
