// Narration: one plain sentence per event, the way a teacher would say it while stepping through
// a run: "worker 1 polls `fetch 2`", "`pinger` waits: channel `pings` is full (1/1)". Task and
// channel names come from the trace, durations use adaptive units ("30 ms", "50 µs").
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "wakeline/playhead/trace_catalog.hpp"
#include "wakeline/trace.hpp"

namespace wakeline {

class Narrator {
 public:
  // Borrows the catalog. With hide_future (the app's Reveal), a sentence says nothing that only a
  // later event knows, such as the time a timer set now will fire.
  explicit Narrator(const TraceCatalog& catalog, bool hide_future = false) : catalog_(&catalog), hide_future_(hide_future) {}
  explicit Narrator(TraceCatalog&&, bool = false) = delete;
  // The sentence for events[index]; "" past the end.
  std::string line(std::size_t index) const;

 private:
  const TraceCatalog* catalog_;
  bool hide_future_ = false;
};

// One-off narration: builds a TraceCatalog (one pass over the trace) for each call. For stepping
// through a trace, keep a Narrator over StateTimeline::catalog() instead.
std::string narrate(const Trace& trace, std::size_t index);

// "200 ns", "50 µs", "1.5 ms", "1000 ms", "12.5 s": at most three significant digits below 100,
// milliseconds up to 10 s so that a one-second sleep reads "1000 ms".
std::string narrate_duration(std::uint64_t ns);

}  // namespace wakeline
