// The one place the binary trace reader and writer touch `struct Event`'s fields: a trace's event i
// as eight plain numbers, and back. If Event's layout changes (a payload moved to a side table of
// the Trace), only these two functions change; the file format does not.
#pragma once

#include <cstddef>
#include <cstdint>

#include "wakeline/trace.hpp"

namespace wakeline::trace_io_detail {

struct EventFields {
  std::uint64_t time_ns = 0;
  std::uint8_t kind = 0;  // an EventKind's number; the reader checks it before decode_event
  std::uint32_t thread = 0;
  std::uint32_t task = 0;
  std::uint64_t a = 0;
  std::uint64_t b = 0;
  std::uint64_t c = 0;
  std::uint32_t location = 0;
};

inline EventFields encode_event(const Trace& trace, std::size_t index) {
  const Event& e = trace.events[index];
  return EventFields{e.time_ns, static_cast<std::uint8_t>(e.kind), e.thread, e.task, e.a(), e.b(), e.c(), e.location};
}

// Appends the event to `trace` (within the capacity the reader reserved). The reader has checked
// the thread against kMaxThreads and each payload against payload_max for its kind.
inline void decode_event(Trace& trace, const EventFields& f) {
  trace.events.push_back(
      make_event(f.time_ns, static_cast<EventKind>(f.kind), f.thread, f.task, f.a, f.b, f.c, f.location));
}

}  // namespace wakeline::trace_io_detail
