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
  return EventFields{e.time_ns, static_cast<std::uint8_t>(e.kind), e.thread, e.task, e.a, e.b, e.c, e.location};
}

// Appends the event to `trace` (within the capacity the reader reserved).
inline void decode_event(Trace& trace, const EventFields& f) {
  Event& e = trace.events.emplace_back();
  e.time_ns = f.time_ns;
  e.kind = static_cast<EventKind>(f.kind);
  e.thread = f.thread;
  e.task = f.task;
  e.a = f.a;
  e.b = f.b;
  e.c = f.c;
  e.location = f.location;
}

}  // namespace wakeline::trace_io_detail
