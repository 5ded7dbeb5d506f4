// Moving the playhead over the shown trace: keeping its caches in step with AppState::trace, the
// steps a teacher takes (event, poll, the selected task's next event, a code line's events), and
// playing at a speed. Plain functions on PlayheadView, tested without a window; playhead_bar.hpp
// and the keyboard map onto them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "playhead_view.hpp"
#include "wakeline/trace.hpp"

namespace wakeline::app {

// The caches for stepping through `trace`: the slow part of showing a big trace (one replay of
// every event), so a file's load builds them on its worker thread (trace_loading.hpp).
std::shared_ptr<PlayheadCache> build_playhead_cache(std::shared_ptr<const Trace> trace);

// Rebuilds the caches (or takes view.prepared) when `trace` is not the one they were built from. A trace still growing (a
// live real-clock run) gets none: stepping starts once the run has ended. Returns a sentence for
// the console when the position asked for on load (--playhead) was past the end, else "".
std::string sync_playhead(PlayheadView& view, const std::shared_ptr<const Trace>& trace, bool still_growing);

bool playhead_ready(const PlayheadView& view);
std::size_t event_count(const PlayheadView& view);
bool playhead_at_end(const PlayheadView& view);
// The time the cursor stands at: the last event's that happened (while playing through time,
// between events); 0 before any.
double playhead_time_ns(const PlayheadView& view);
// The event that happened last (position - 1), if any.
std::optional<std::size_t> current_event(const PlayheadView& view);

void seek(PlayheadView& view, std::size_t position);  // clamped; stops playing only when asked
bool step_forward(PlayheadView& view);
bool step_back(PlayheadView& view);
bool to_next_poll(PlayheadView& view);
bool to_previous_poll(PlayheadView& view);
bool to_next_event_of(PlayheadView& view, TaskId task);
bool to_previous_event_of(PlayheadView& view, TaskId task);
void to_time(PlayheadView& view, double time_ns);  // after every event at or before it
// The next event recorded at `line` of the lesson after the playhead, wrapping to the first.
bool to_next_event_at_line(PlayheadView& view, std::uint32_t line);
// How many events were recorded at that line of the lesson; their times, ascending.
std::size_t events_at_line(const PlayheadView& view, std::uint32_t line);
std::vector<std::uint64_t> event_times_at_line(const PlayheadView& view, std::uint32_t line);

void toggle_play(PlayheadView& view);  // at the end, starts again from the beginning
// Moves a playing playhead by one frame of `dt_s` seconds; stops at the end.
void advance_play(PlayheadView& view, double dt_s);

// "event 57 of 120", "before the first event", "after the last event (120)".
std::string position_text(const PlayheadView& view);
// The narration of the event that happened last, or what to do when none has.
std::string narration_text(const PlayheadView& view);
// "0.1x", "100 events/s".
std::string speed_text(const PlayheadView& view);

}  // namespace wakeline::app
