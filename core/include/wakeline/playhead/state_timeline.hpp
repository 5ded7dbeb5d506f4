// Every RuntimeState of a trace on demand: built once (a compact checkpoint every
// `checkpoint_every` events), state_at(p) replays at most that many events from the nearest
// checkpoint before p, whichever way the playhead moves. Borrows the trace, which must outlive it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "wakeline/playhead/runtime_state.hpp"
#include "wakeline/playhead/trace_catalog.hpp"
#include "wakeline/trace.hpp"

namespace wakeline {

namespace detail {
struct ReplayPlan;
struct StateCheckpoint;
}  // namespace detail

class StateTimeline {
 public:
  struct Options {
    std::size_t checkpoint_every = 4096;  // events between checkpoints; at least 1
  };

  explicit StateTimeline(const Trace& trace);
  StateTimeline(const Trace& trace, Options options);
  explicit StateTimeline(Trace&&) = delete;  // it would outlive a temporary trace
  StateTimeline(Trace&&, Options) = delete;
  ~StateTimeline();
  StateTimeline(StateTimeline&&) noexcept;
  StateTimeline& operator=(StateTimeline&&) noexcept;
  StateTimeline(const StateTimeline&) = delete;
  StateTimeline& operator=(const StateTimeline&) = delete;

  const Trace& trace() const { return catalog_->trace(); }
  const TraceCatalog& catalog() const { return *catalog_; }
  std::size_t size() const { return catalog_->event_count(); }  // the last position
  std::size_t checkpoint_every() const { return options_.checkpoint_every; }
  std::size_t checkpoint_count() const;

  // After events [0, position) (clamped to size()).
  RuntimeState state_at(std::size_t position) const;
  // Applies the next event (the one at state.position) to a state of this trace; false at the end.
  bool step(RuntimeState& state) const;
  // Applies events until state.position == position; a position behind the state does nothing.
  void advance(RuntimeState& state, std::size_t position) const;
  // Replays from position 0 without checkpoints: slow, for checking state_at.
  RuntimeState replay_from_start(std::size_t position) const;

 private:
  RuntimeState initial_state() const;

  Options options_;
  std::unique_ptr<TraceCatalog> catalog_;  // owned here, at a stable address for the plan
  std::unique_ptr<detail::ReplayPlan> plan_;
  std::vector<detail::StateCheckpoint> checkpoints_;
  std::shared_ptr<const std::vector<PrintedLine>> output_;
};

}  // namespace wakeline
