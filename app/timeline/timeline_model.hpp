// The timeline's lanes, derived once per trace: for each thread a sorted array of polls and one of
// blocking sections, for each task its states over time, instant markers, and who-woke-whom arrows.
// Every array is sorted by time and never overlaps itself, so draw_items.hpp can binary-search it.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "wakeline/task_stats.hpp"
#include "wakeline/trace.hpp"

namespace wakeline::app {

enum class SpanKind : std::uint8_t {
  Poll,         // thread lane: PollStart..PollEnd of one task
  Blocking,     // thread lane: BlockingStart..End: block_thread, cpu_work, or a spawn_blocking job
  Running,      // task lane: inside a poll
  Blocked,      // task lane: inside a blocking section (in a poll, or as a blocking-pool job)
  Ready,        // task lane: spawned or woken, waiting for a worker to poll it
  WaitTimer,    // task lane: pending, and a timer ended the wait (or the poll set one)
  WaitChannel,  // ... a channel send, receive or close
  WaitJoin,     // ... another task or a join/select branch finishing
  WaitLock,     // ... a mutex or semaphore
  Waiting,      // ... something the trace does not name
};
inline constexpr int kSpanKindCount = static_cast<int>(SpanKind::Waiting) + 1;
// "poll", "blocking", "running", "blocked", "ready", "waiting_timer", "waiting_channel",
// "waiting_join", "waiting_lock", "waiting": the names ui_dump writes.
std::string_view to_string(SpanKind kind);
bool is_wait(SpanKind kind);

inline constexpr std::uint32_t kNoEvent = 0xffffffffu;

struct Span {
  std::uint64_t start_ns = 0;
  std::uint64_t end_ns = 0;
  TaskId task = 0;
  std::uint32_t start_event = kNoEvent;  // index into Trace::events of the event that opened it
  std::uint32_t end_event = kNoEvent;    // ... and of the one that closed it (kNoEvent: the run's end)
  SpanKind kind = SpanKind::Poll;
  std::uint8_t detail = 0;  // Poll: PollResult (kNoResult if cut by the run's end); Blocking: BlockingKind
};
inline constexpr std::uint8_t kNoResult = 0xff;

enum class MarkerKind : std::uint8_t { ChannelSend, ChannelRecv, TimerSet, TimerFired, Print, Steal };
inline constexpr int kMarkerKindCount = static_cast<int>(MarkerKind::Steal) + 1;
std::string_view to_string(MarkerKind kind);  // "channel_send", "channel_recv", "timer_set", ...

struct Marker {
  std::uint64_t time_ns = 0;
  std::uint32_t event = 0;  // index into Trace::events
  MarkerKind kind = MarkerKind::Print;
};

// From the waker's lane at the wake (a TimerFired on the timer lane, a send on the sender's worker,
// a finishing task) to the start of the poll it caused on the woken task's worker. A spawn is an
// arrow too (cause Spawn): from the spawning poll to the new task's first poll or blocking job.
struct Arrow {
  std::uint64_t from_ns = 0;
  std::uint64_t to_ns = 0;
  std::uint32_t from_lane = 0;  // index into TimelineModel::threads
  std::uint32_t to_lane = 0;
  TaskId task = 0;              // the woken task
  TaskId waker = 0;             // the waking task; 0 = the runtime (timer driver, ...)
  std::uint32_t event = 0;      // the TaskWoken (or TaskSpawned) in Trace::events
  WakeCause cause = WakeCause::Timer;
};

struct ThreadLane {
  ThreadIndex thread = 0;
  ThreadKind kind = ThreadKind::Worker;
  std::string name;
  std::vector<Span> polls;
  std::vector<Span> blocking;  // drawn over the polls they happen in
  std::vector<Marker> markers;
  ThreadStats stats;
};

struct TaskLane {
  TaskId task = 0;
  std::uint32_t stats = 0;        // index into TimelineModel::task_stats
  std::uint32_t first_state = 0;  // its states: task_states[first_state, first_state + state_count)
  std::uint32_t state_count = 0;
};

struct ChannelInfo {
  std::string name;
  ChannelKind kind = ChannelKind::Mpsc;
};

struct TimelineModel {
  const Trace* trace = nullptr;  // what it was built from; the trace must outlive the model
  std::size_t event_count = 0;
  const Event* first_event = nullptr;  // trace->events.data() then, with the last event and the run's
  Event last_event;                    // length: how built_from tells a new trace at the same address
  std::uint64_t total_ns = 0;
  std::uint64_t run_end_ns = 0;  // run.total_ns, or the last event's time if later

  // Lanes shown, in this order: workers, the timer driver, blocking-pool threads that ran
  // something, then external threads (the "runtime") only if they have something to show.
  std::vector<ThreadLane> threads;
  std::vector<TaskLane> tasks;  // spawn order
  std::vector<Span> task_states;
  std::vector<Arrow> arrows;                  // sorted by to_ns
  std::vector<std::uint32_t> arrows_by_from;  // indices into arrows, sorted by from_ns
  SharedTaskStats task_stats;                 // compute_task_stats, spawn order; never null once built
  std::unordered_map<std::uint64_t, ChannelInfo> channels;
  // Which kinds occur at all, for the legend: bit i stands for the enum value i.
  std::uint32_t span_kinds_present = 0;    // SpanKind, over thread lanes and task states
  std::uint32_t marker_kinds_present = 0;  // MarkerKind
  std::uint32_t wake_causes_present = 0;   // WakeCause, over the arrows kept
  std::uint32_t outcomes_present = 0;      // TaskOutcome

  // The lane showing this thread / task, or -1.
  int thread_lane(ThreadIndex thread) const;
  int task_lane(TaskId task) const;
  const TaskStats* task(TaskId task) const;
  std::string_view task_name(TaskId task) const;  // "" for 0 or an unknown task; cut to kMaxShownBytes
  const Span* states_begin(const TaskLane& lane) const { return task_states.data() + lane.first_state; }
  const Span* states_end(const TaskLane& lane) const { return states_begin(lane) + lane.state_count; }
  // Same trace object with the same events (checked cheaply: address, count, last event, length).
  bool built_from(const Trace& other) const;
  template <typename Enum>
  static bool has(std::uint32_t bits, Enum value) {
    return static_cast<unsigned>(value) < 32 && ((bits >> static_cast<unsigned>(value)) & 1u);
  }

  std::vector<int> lane_of_thread;  // by ThreadIndex
  std::vector<int> lane_of_task;    // by TaskId, when ids are dense (they are for recorded runs)
  std::unordered_map<TaskId, int> lane_of_sparse_task;  // otherwise
};

// One pass over the events (plus compute_task_stats and compute_thread_stats). Expects a trace
// that passes validate(); anything malformed is skipped rather than trusted. `task_stats`, when
// given, must be compute_task_stats(trace): the model keeps them (shared with the inspector when a
// file is opened, trace_loading.cpp) instead of computing its own.
TimelineModel build_timeline_model(const Trace& trace, SharedTaskStats task_stats = nullptr);
// The same with statistics another thread computes meanwhile: `task_stats` is called once, after
// the pass over the events (a null result: the model computes its own).
TimelineModel build_timeline_model(const Trace& trace, std::function<SharedTaskStats()> task_stats);

}  // namespace wakeline::app
