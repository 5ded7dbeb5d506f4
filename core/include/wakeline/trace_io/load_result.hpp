// What a trace reader hands back: the trace, or one human-readable sentence saying what is wrong
// with the input and where. Readers never throw; the app shows `error` as is.
#pragma once

#include <optional>
#include <string>

#include "wakeline/trace.hpp"

namespace wakeline {

struct LoadResult {
  std::optional<Trace> trace;  // set on success
  std::string error;           // set on failure, e.g. "events[1532][2]: expected an unsigned integer, got \"x\""

  bool ok() const { return trace.has_value(); }
};

}  // namespace wakeline
