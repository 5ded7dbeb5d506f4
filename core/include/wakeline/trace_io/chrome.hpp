// Export to the Chrome / Perfetto trace event JSON (ui.perfetto.dev, chrome://tracing): polls and
// blocking sections per thread, instants, a flow arrow from each wake to the poll it caused, and an
// async track per task with its ready/running/waiting states. Mapping: docs/trace-format.md.
#pragma once

#include <iosfwd>
#include <string>

#include "wakeline/trace.hpp"

namespace wakeline {

std::string write_chrome(const Trace& trace);
void write_chrome(const Trace& trace, std::ostream& out);

}  // namespace wakeline
