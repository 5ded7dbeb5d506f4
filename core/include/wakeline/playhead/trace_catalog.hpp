// Lookup tables over one trace (task, channel and timer details, each task's and each source
// line's events, every PollStart), so the playhead, the narration and the panels never scan the
// events. Borrows the trace: it must outlive the catalog and not change. Names are for showing:
// one longer than kMaxShownBytes (printable.hpp) is folded to its start and its length.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "wakeline/trace.hpp"

namespace wakeline {

inline constexpr std::size_t kNoEvent = static_cast<std::size_t>(-1);

struct TaskInfo {
  TaskId id = 0;
  std::string name;
  TaskId parent = 0;
  bool blocking_job = false;
  std::size_t spawned_at = kNoEvent;  // event index of its TaskSpawned
  std::size_t ended_at = kNoEvent;    // of its TaskCompleted/Cancelled/Failed, kNoEvent if it never ended
};

struct ChannelInfo {
  std::uint64_t id = 0;
  std::string name;
  ChannelKind kind = ChannelKind::Mpsc;
  std::uint64_t capacity = 0;  // 0: unbounded
  std::size_t created_at = kNoEvent;
};

struct TimerInfo {
  std::uint64_t id = 0;
  TaskId task = 0;
  std::uint64_t deadline_ns = 0;
  std::uint64_t set_ns = 0;
  std::size_t set_at = kNoEvent;  // event index of its TimerSet
};

// Event indices [begin, end); empty when begin == end.
struct IndexRange {
  std::size_t begin = 0;
  std::size_t end = 0;
  bool empty() const { return begin >= end; }
  friend bool operator==(const IndexRange&, const IndexRange&) = default;
};

class TraceCatalog {
 public:
  explicit TraceCatalog(const Trace& trace);
  explicit TraceCatalog(Trace&&) = delete;  // it would outlive a temporary trace

  const Trace& trace() const { return *trace_; }
  std::size_t event_count() const { return trace_->events.size(); }
  bool multi_thread() const { return trace_->run.flavor == Flavor::MultiThread; }

  // --- tasks, channels, timers, threads ---
  std::size_t task_table_size() const { return tasks_.size(); }  // the largest task id + 1
  const TaskInfo* task(TaskId id) const;
  std::string task_name(TaskId id) const;  // its name, "task 7" if it has none, "the runtime" for 0
  const ChannelInfo* channel(std::uint64_t id) const;
  std::string channel_name(std::uint64_t id) const;  // its name, "channel 4" if unknown
  const TimerInfo* timer(std::uint64_t id) const;
  std::span<const ThreadIndex> worker_threads() const { return worker_threads_; }      // by worker number
  std::span<const ThreadIndex> blocking_threads() const { return blocking_threads_; }  // by number
  std::optional<std::uint32_t> worker_number(ThreadIndex thread) const;  // empty if not a worker
  std::optional<std::uint32_t> blocking_number(ThreadIndex thread) const;
  std::string thread_name(ThreadIndex thread) const;  // "worker 0", "timer driver"

  // --- events by task and by place ---
  std::span<const std::uint32_t> events_of(TaskId task) const;  // events whose `task` is it, ascending
  std::span<const std::uint32_t> events_at(LocationId location) const;
  std::span<const std::uint32_t> poll_starts() const { return poll_starts_; }

  // --- navigation (event indices) ---
  std::optional<std::size_t> next_poll_start(std::size_t from) const;        // first PollStart at index >= from
  std::optional<std::size_t> previous_poll_start(std::size_t before) const;  // last PollStart at index < before
  std::optional<std::size_t> next_event_of(TaskId task, std::size_t from) const;
  std::optional<std::size_t> previous_event_of(TaskId task, std::size_t before) const;
  // The playhead position at a time: how many events happened at or before it (binary search).
  std::size_t position_at_time(std::uint64_t time_ns) const;
  // From the first to the last event recorded at that location.
  IndexRange location_range(LocationId location) const;
  // The locations on one line of a source file; `file` may be the path's tail ("worker_queue.cpp").
  std::vector<LocationId> locations_at_line(std::string_view file, std::uint32_t line) const;
  IndexRange line_range(std::string_view file, std::uint32_t line) const;

 private:
  const Trace* trace_;
  std::vector<TaskInfo> tasks_;      // by id
  std::vector<ChannelInfo> channels_;  // sorted by id
  std::vector<TimerInfo> timers_;      // sorted by id
  std::vector<ThreadIndex> worker_threads_;
  std::vector<ThreadIndex> blocking_threads_;
  std::vector<std::uint32_t> task_offsets_;       // events_of(t) = task_events_[offsets[t], offsets[t+1])
  std::vector<std::uint32_t> task_events_;
  std::vector<std::uint32_t> location_offsets_;
  std::vector<std::uint32_t> location_events_;
  std::vector<std::uint32_t> poll_starts_;
};

}  // namespace wakeline
