// The playhead: a position on a StateTimeline and the runtime's state there, with the moves a
// stepping UI needs. Position p means events [0, p) have happened: after a move, the event that
// just happened is p - 1 (narrate.hpp says it in words).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "wakeline/playhead/runtime_state.hpp"
#include "wakeline/playhead/state_timeline.hpp"

namespace wakeline {

class Playhead {
 public:
  explicit Playhead(const StateTimeline& timeline);  // at position 0; borrows the timeline
  explicit Playhead(StateTimeline&&) = delete;

  std::size_t position() const { return state_.position; }
  const RuntimeState& state() const { return state_; }
  bool at_start() const { return state_.position == 0; }
  bool at_end() const { return state_.position >= timeline_->size(); }
  std::optional<std::size_t> last_event() const;  // the event that happened last (position - 1)

  void seek(std::size_t position);  // clamped to [0, number of events]
  bool step_forward();  // false (and no move) at the end
  bool step_back();     // false at the start
  // Just after the next (previous) PollStart, so the state shows that poll running.
  bool to_next_poll_start();
  bool to_previous_poll_start();
  // Just after the next (previous) event whose task is `task`.
  bool to_next_event_of(TaskId task);
  bool to_previous_event_of(TaskId task);
  // After every event at or before `time_ns`.
  void to_time(std::uint64_t time_ns);

 private:
  const StateTimeline* timeline_;
  RuntimeState state_;
};

}  // namespace wakeline
