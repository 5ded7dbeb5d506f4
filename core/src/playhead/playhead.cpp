// Playhead moves: forward by up to one checkpoint interval, it replays from where it is; any
// other move starts from the nearest checkpoint (cheaper than replaying a longer stretch).
#include "wakeline/playhead/playhead.hpp"

#include <algorithm>

namespace wakeline {

Playhead::Playhead(const StateTimeline& timeline) : timeline_(&timeline), state_(timeline.state_at(0)) {}

std::optional<std::size_t> Playhead::last_event() const {
  if (state_.position == 0) return std::nullopt;
  return state_.position - 1;
}

void Playhead::seek(std::size_t position) {
  position = std::min(position, timeline_->size());
  if (position == state_.position) return;
  if (position > state_.position && position - state_.position <= timeline_->checkpoint_every())
    timeline_->advance(state_, position);
  else
    state_ = timeline_->state_at(position);
}

bool Playhead::step_forward() { return timeline_->step(state_); }

bool Playhead::step_back() {
  if (state_.position == 0) return false;
  seek(state_.position - 1);
  return true;
}

bool Playhead::to_next_poll_start() {
  auto next = timeline_->catalog().next_poll_start(state_.position);
  if (!next) return false;
  seek(*next + 1);
  return true;
}

bool Playhead::to_previous_poll_start() {
  if (state_.position == 0) return false;
  auto previous = timeline_->catalog().previous_poll_start(state_.position - 1);
  if (!previous) return false;
  seek(*previous + 1);
  return true;
}

bool Playhead::to_next_event_of(TaskId task) {
  auto next = timeline_->catalog().next_event_of(task, state_.position);
  if (!next) return false;
  seek(*next + 1);
  return true;
}

bool Playhead::to_previous_event_of(TaskId task) {
  if (state_.position == 0) return false;
  auto previous = timeline_->catalog().previous_event_of(task, state_.position - 1);
  if (!previous) return false;
  seek(*previous + 1);
  return true;
}

void Playhead::to_time(std::uint64_t time_ns) { seek(timeline_->catalog().position_at_time(time_ns)); }

}  // namespace wakeline
