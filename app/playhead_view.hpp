// Stepping through the shown trace: where the playhead is, how it plays, and the caches rebuilt
// from the trace for it (the runtime's state at every event, the narration, the lesson's source).
// Plain data kept in AppState; playhead_controls.hpp moves it, the panels read it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>

#include "panels/code_panel.hpp"
#include "wakeline/playhead/playhead.hpp"
#include "wakeline/playhead/state_timeline.hpp"
#include "wakeline/trace.hpp"

namespace wakeline::app {

// Playing moves the playhead either through time (trace time scaled by `time_scale`: 1x replays
// the run at its own pace, 0.01x slows a 1 ms poll to a tenth of a second) or through events at a
// fixed rate, whichever a class follows better.
enum class PlayMode : std::uint8_t { TimeScaled, EventsPerSecond };
inline constexpr double kMinTimeScale = 0.01, kMaxTimeScale = 100.0;
inline constexpr double kMinEventsPerSecond = 0.5, kMaxEventsPerSecond = 1000.0;

// What is derived from one trace for stepping; rebuilt when the trace changes.
struct PlayheadCache {
  std::shared_ptr<const Trace> trace;  // held: the timeline and catalog borrow it
  std::unique_ptr<StateTimeline> states;
  LessonSource source;
};

struct PlayheadView {
  std::shared_ptr<PlayheadCache> cache;  // null until a finished trace is shown
  // Built beside a file's load (trace_loading.hpp) for the trace about to be shown: sync_playhead
  // takes it instead of building its own on the UI thread, if it is for that very trace.
  std::shared_ptr<PlayheadCache> prepared;
  std::size_t position = 0;              // events [0, position) have happened
  RuntimeState state;                    // the state at `position`, kept in step with it
  // Where the next trace's playhead starts (--playhead N); otherwise after its last event, so a
  // finished run shows everything until the teacher steps back.
  std::optional<std::size_t> seek_on_load;

  bool playing = false;
  PlayMode mode = PlayMode::TimeScaled;
  double time_scale = 0.1;       // while TimeScaled
  double events_per_second = 4;  // while EventsPerSecond
  double play_time_ns = 0;       // where TimeScaled playing is, between events
  double event_credit = 0;       // EventsPerSecond: fractions of an event owed to the next frame

  bool reveal = false;  // hide what happens after the playhead, for "what happens next?"
  // Where the timeline last saw the cursor: when the playhead moves out of a zoomed-in view, the
  // view pans to keep it in sight; while it stays put, the view is the user's to pan.
  double kept_in_view_ns = -1;
  CodeView code;
  std::uint32_t line_filter = 0;  // a clicked code line: its events are marked on the timeline
  std::uint32_t marked_for_line = 0;  // the line TimelineView::marked_times were collected for
};

}  // namespace wakeline::app
