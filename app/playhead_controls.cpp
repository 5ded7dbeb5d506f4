#include "playhead_controls.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

#include "count_text.hpp"
#include "wakeline/playhead/narrate.hpp"

namespace wakeline::app {
namespace {

const StateTimeline& states(const PlayheadView& view) { return *view.cache->states; }

const Event* event_at(const PlayheadView& view, std::size_t index) {
  if (!playhead_ready(view) || index >= event_count(view)) return nullptr;
  return &view.cache->trace->events[index];
}

// The code line of the event that happened last; for an event the lesson's code did not make (a
// worker parking, a steal), the line of the latest one before it that it did, so the code panel
// keeps showing where the lesson's code stands. Looks back a bounded way: 0 past that.
std::uint32_t last_line_before(const PlayheadView& view, std::size_t position) {
  constexpr std::size_t kLookBack = 512;
  const std::vector<Event>& events = view.cache->trace->events;
  const std::size_t stop = position > kLookBack ? position - kLookBack : 0;
  for (std::size_t i = std::min(position, events.size()); i > stop; --i) {
    if (const std::uint32_t line = lesson_line(view.cache->source, events[i - 1]); line != 0) return line;
  }
  return 0;
}

// Everything that follows the position: the state, the code line, the time a resumed play starts from.
void moved_to(PlayheadView& view, std::size_t position) {
  const StateTimeline& timeline = states(view);
  position = std::min(position, timeline.size());
  if (position == view.state.position) {
    // nothing to replay
  } else if (position > view.state.position && position - view.state.position <= timeline.checkpoint_every()) {
    timeline.advance(view.state, position);  // the common case, a step or a frame of playing
  } else {
    view.state = timeline.state_at(position);
  }
  view.position = position;
  const Event* last = position > 0 ? event_at(view, position - 1) : nullptr;
  view.code.highlighted = last_line_before(view, position);
  view.play_time_ns = last != nullptr ? static_cast<double>(last->time_ns) : 0.0;
}

bool moved_if(PlayheadView& view, std::optional<std::size_t> position) {
  if (!position) return false;
  moved_to(view, *position);
  return true;
}

}  // namespace

std::shared_ptr<PlayheadCache> build_playhead_cache(std::shared_ptr<const Trace> trace) {
  auto cache = std::make_shared<PlayheadCache>();
  // Each checkpoint copies the task table, so a 10M-event trace of 920 000 tasks spent seconds
  // on 2 400 of them; at most ~128 keep that near a quarter of a second (it is on the way to a
  // file's first frame), and a jump then replays at most n/128 events from the nearest one (a
  // few ms), no more than restoring the table costs.
  const std::size_t every = std::max<std::size_t>(StateTimeline::Options{}.checkpoint_every, trace->events.size() / 128);
  cache->states = std::make_unique<StateTimeline>(*trace, StateTimeline::Options{.checkpoint_every = every});
  cache->source = build_lesson_source(*trace);
  cache->trace = std::move(trace);
  return cache;
}

std::string sync_playhead(PlayheadView& view, const std::shared_ptr<const Trace>& trace, bool still_growing) {
  if (trace == nullptr || still_growing) {
    view.cache.reset();
    view.prepared.reset();
    view.playing = false;
    return {};
  }
  if (view.cache != nullptr && view.cache->trace == trace) return {};
  std::shared_ptr<PlayheadCache> prepared = std::exchange(view.prepared, nullptr);
  view.cache = prepared != nullptr && prepared->trace == trace ? std::move(prepared) : build_playhead_cache(trace);
  view.state = view.cache->states->state_at(0);
  view.playing = false;
  view.line_filter = 0;
  view.code = CodeView{};
  std::string note;
  const std::size_t count = event_count(view);
  if (view.seek_on_load && *view.seek_on_load > count) {
    note = "The playhead was asked to stand after event " + std::to_string(*view.seek_on_load) + ", but the run has " +
           std::to_string(count) + " events (0 to " + std::to_string(count) + " allowed): it stands at the end.";
  }
  moved_to(view, view.seek_on_load.value_or(count));
  view.seek_on_load.reset();
  return note;
}

bool playhead_ready(const PlayheadView& view) { return view.cache != nullptr && view.cache->states != nullptr; }

std::size_t event_count(const PlayheadView& view) { return playhead_ready(view) ? states(view).size() : 0; }

bool playhead_at_end(const PlayheadView& view) { return !playhead_ready(view) || view.position >= event_count(view); }

double playhead_time_ns(const PlayheadView& view) { return playhead_ready(view) ? view.play_time_ns : 0.0; }

std::optional<std::size_t> current_event(const PlayheadView& view) {
  if (!playhead_ready(view) || view.position == 0) return std::nullopt;
  return view.position - 1;
}

void seek(PlayheadView& view, std::size_t position) {
  if (playhead_ready(view)) moved_to(view, position);
}

bool step_forward(PlayheadView& view) {
  if (!playhead_ready(view) || playhead_at_end(view)) return false;
  moved_to(view, view.position + 1);
  return true;
}

bool step_back(PlayheadView& view) {
  if (!playhead_ready(view) || view.position == 0) return false;
  moved_to(view, view.position - 1);
  return true;
}

// Poll and task moves land just after the event, so the state shows it having happened.
bool to_next_poll(PlayheadView& view) {
  if (!playhead_ready(view)) return false;
  const auto next = states(view).catalog().next_poll_start(view.position);
  return moved_if(view, next ? std::optional<std::size_t>(*next + 1) : std::nullopt);
}

bool to_previous_poll(PlayheadView& view) {
  if (!playhead_ready(view) || view.position == 0) return false;
  // The poll whose start is the current event does not count: go to the one before it.
  const auto previous = states(view).catalog().previous_poll_start(view.position - 1);
  return moved_if(view, previous ? std::optional<std::size_t>(*previous + 1) : std::nullopt);
}

bool to_next_event_of(PlayheadView& view, TaskId task) {
  if (!playhead_ready(view) || task == 0) return false;
  const auto next = states(view).catalog().next_event_of(task, view.position);
  return moved_if(view, next ? std::optional<std::size_t>(*next + 1) : std::nullopt);
}

bool to_previous_event_of(PlayheadView& view, TaskId task) {
  if (!playhead_ready(view) || task == 0 || view.position == 0) return false;
  const auto previous = states(view).catalog().previous_event_of(task, view.position - 1);
  return moved_if(view, previous ? std::optional<std::size_t>(*previous + 1) : std::nullopt);
}

void to_time(PlayheadView& view, double time_ns) {
  if (!playhead_ready(view)) return;
  const double clamped = std::max(0.0, time_ns);
  moved_to(view, states(view).catalog().position_at_time(static_cast<std::uint64_t>(clamped)));
  view.play_time_ns = clamped;  // the cursor stays where it was put, between events
}

std::size_t events_at_line(const PlayheadView& view, std::uint32_t line) {
  if (!playhead_ready(view) || line == 0) return 0;
  const TraceCatalog& catalog = states(view).catalog();
  std::size_t count = 0;
  for (LocationId location : catalog.locations_at_line(view.cache->source.file, line)) {
    count += catalog.events_at(location).size();
  }
  return count;
}

std::vector<std::uint64_t> event_times_at_line(const PlayheadView& view, std::uint32_t line) {
  std::vector<std::uint64_t> times;
  if (!playhead_ready(view) || line == 0) return times;
  const TraceCatalog& catalog = states(view).catalog();
  for (LocationId location : catalog.locations_at_line(view.cache->source.file, line)) {
    for (std::uint32_t index : catalog.events_at(location)) times.push_back(view.cache->trace->events[index].time_ns);
  }
  std::sort(times.begin(), times.end());
  return times;
}

bool to_next_event_at_line(PlayheadView& view, std::uint32_t line) {
  if (!playhead_ready(view) || line == 0) return false;
  const TraceCatalog& catalog = states(view).catalog();
  std::optional<std::size_t> after, first;  // the first event at the line after the playhead; the first of all
  for (LocationId location : catalog.locations_at_line(view.cache->source.file, line)) {
    const auto events = catalog.events_at(location);
    if (events.empty()) continue;
    if (!first || events.front() < *first) first = events.front();
    // The current event (position - 1) is "here": the next one starts at position.
    const auto it = std::lower_bound(events.begin(), events.end(), static_cast<std::uint32_t>(view.position));
    if (it != events.end() && (!after || *it < *after)) after = *it;
  }
  const std::optional<std::size_t> target = after ? after : first;
  return moved_if(view, target ? std::optional<std::size_t>(*target + 1) : std::nullopt);
}

void toggle_play(PlayheadView& view) {
  if (!playhead_ready(view)) return;
  if (view.playing) {
    view.playing = false;
    return;
  }
  if (playhead_at_end(view)) moved_to(view, 0);
  view.event_credit = 0;
  view.playing = true;
}

void advance_play(PlayheadView& view, double dt_s) {
  if (!view.playing || !playhead_ready(view)) return;
  if (playhead_at_end(view)) {
    view.playing = false;
    return;
  }
  dt_s = std::clamp(dt_s, 0.0, 0.25);  // a stalled frame does not jump the class ahead
  if (view.mode == PlayMode::EventsPerSecond) {
    view.event_credit += dt_s * std::clamp(view.events_per_second, kMinEventsPerSecond, kMaxEventsPerSecond);
    const auto steps = static_cast<std::size_t>(view.event_credit);
    view.event_credit -= static_cast<double>(steps);
    if (steps > 0) moved_to(view, view.position + steps);
  } else {
    const double scale = std::clamp(view.time_scale, kMinTimeScale, kMaxTimeScale);
    const double time = view.play_time_ns + dt_s * 1e9 * scale;
    // Events that share one instant are played one per frame, so a burst at the same nanosecond
    // (a poll ending, the next one starting) still shows each step instead of leaping over them.
    const std::size_t target = states(view).catalog().position_at_time(static_cast<std::uint64_t>(time));
    if (target > view.position + 1) {
      const Event* next = event_at(view, view.position);
      const Event* after_next = event_at(view, view.position + 1);
      const bool same_instant = next != nullptr && after_next != nullptr && after_next->time_ns == next->time_ns &&
                                static_cast<double>(next->time_ns) <= time;
      if (same_instant && scale <= 1.0) {
        moved_to(view, view.position + 1);
        return;
      }
    }
    moved_to(view, target);
    view.play_time_ns = std::min(time, static_cast<double>(view.cache->trace->events.back().time_ns));
  }
  if (playhead_at_end(view)) view.playing = false;
}

std::string position_text(const PlayheadView& view) {
  if (!playhead_ready(view)) return "";
  // Reveal: how many events are left is the future too.
  const std::string of = view.reveal && !playhead_at_end(view) ? "" : " of " + grouped(event_count(view));
  if (view.position == 0) return "before the first event" + (of.empty() ? "" : " (" + of.substr(1) + ")");
  return "event " + grouped(view.position) + of;
}

std::string narration_text(const PlayheadView& view) {
  if (!playhead_ready(view)) return "";
  if (view.position == 0) return "Nothing has happened yet. Press \xE2\x86\x92 to take the first step.";
  return Narrator(states(view).catalog(), view.reveal && !playhead_at_end(view)).line(view.position - 1);
}

std::string speed_text(const PlayheadView& view) {
  char text[48];
  if (view.mode == PlayMode::EventsPerSecond) {
    std::snprintf(text, sizeof text, "%g %s", view.events_per_second, view.events_per_second == 1 ? "event/s" : "events/s");
  }
  else std::snprintf(text, sizeof text, "%gx", view.time_scale);
  return text;
}

}  // namespace wakeline::app
