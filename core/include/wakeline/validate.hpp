// validate(): checks that a trace obeys the invariants the app, the exporters and the tests rely
// on (everything the playhead, catalog and timeline models index with), and names the first one
// broken. Names from the file are quoted briefly, without control characters. One pass over the events (O(n) hash lookups), safe on
// arbitrary garbage: out-of-range ids are reported, never followed.
#pragma once

#include <cstddef>
#include <string>

#include "wakeline/trace.hpp"

namespace wakeline {

// For problems that belong to no single event (an empty locations table).
inline constexpr std::size_t kNoEventIndex = static_cast<std::size_t>(-1);

struct ValidationResult {
  bool ok = true;
  // Empty when ok, else one of: threads_dense, event_kind_valid, thread_index_valid,
  // time_monotonic_per_thread, events_sorted, string_ids_valid, location_ids_valid,
  // payload_in_range, poll_paired, poll_exclusive,
  // task_ends_once, wake_before_poll, recv_matches_send, blocking_paired, message_texts_valid.
  // docs/trace-format.md states each one.
  std::string invariant;
  // "poll_paired: event 12 (poll_end at 3000 ns on thread 1 'worker 1', task 4 'fetch'): ..."
  std::string message;
  std::size_t event_index = 0;  // the offending event, or kNoEventIndex
};

ValidationResult validate(const Trace& trace);

}  // namespace wakeline
