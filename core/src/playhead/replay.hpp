// The playhead's replay: what one event does to a RuntimeState, and the plan worked out in one
// pass beforehand for what the events do not say at the moment they happen (what a Pending poll
// waits on, and when a channel wait whose future was dropped ends).
#pragma once

#include <cstdint>
#include <vector>

#include "wakeline/playhead/runtime_state.hpp"
#include "wakeline/playhead/trace_catalog.hpp"

namespace wakeline::detail {

// What a task waits on from one Pending PollEnd to its next wake.
struct PollEndWait {
  std::uint32_t event = 0;  // the PollEnd
  WaitingOn on = WaitingOn::Unknown;
  std::uint64_t object = 0;
};

// A ChannelWait that ends at `event`: the wake that ends it, the send that admits a waiting
// sender, the FutureDropped that cancelled it, or the end of its task.
struct WaitEnd {
  std::uint32_t event = 0;
  std::uint64_t channel = 0;
  TaskId task = 0;
  WaitSide side = WaitSide::Recv;
};

struct ReplayPlan {
  std::vector<PollEndWait> poll_end_waits;  // sorted by event
  std::vector<WaitEnd> wait_ends;           // sorted by event
};

ReplayPlan make_replay_plan(const TraceCatalog& catalog);

// Position 0: workers idle, queues empty, every task not spawned yet.
RuntimeState make_initial_state(const TraceCatalog& catalog, std::shared_ptr<const std::vector<PrintedLine>> output);

// Applies the event at state.position and moves the position on by one. state.position must be
// below the number of events.
void apply_next_event(const TraceCatalog& catalog, const ReplayPlan& plan, RuntimeState& state);

}  // namespace wakeline::detail
