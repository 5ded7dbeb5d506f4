// The runtime at one playhead position: what every worker, queue, timer, channel and task is doing
// once the first `position` events of a trace have happened. Plain data: StateTimeline
// (state_timeline.hpp) rebuilds it from the trace alone; the playhead panels show it.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "wakeline/trace.hpp"

namespace wakeline {

inline constexpr ThreadIndex kNoThread = ~ThreadIndex{0};

enum class TaskStatus : std::uint8_t { NotSpawned, Ready, Running, Waiting, Completed, Cancelled, Failed };

// Where a Ready task is. Taken: a worker has taken it off a queue (the first task of a steal or of
// a batch from the inject queue) and polls it next. None: woken, not queued yet (the same instant).
enum class TaskQueue : std::uint8_t { None, Lifo, Local, Inject, Blocking, Taken };

// What a Waiting task waits on: the wait that the wake ending it will name (a join of two sleeps
// shows the timer that fires first; timers_of() and the channels' waiting lists show them all).
// Nothing: it was woken during its own poll and goes straight back to a queue. Unknown: the trace
// never says (cancelled, or the run ended, while waiting on something unrecorded: a JoinHandle).
// JoinSet: join_next, for whichever of the set's tasks ends first (object: how many the set holds).
enum class WaitingOn : std::uint8_t { Nothing, Timer, ChannelSend, ChannelRecv, Join, Lock, Semaphore, Unknown, JoinSet };

enum class WorkerActivity : std::uint8_t { Idle, Polling, Parked };  // Idle: between polls, looking for work

std::string_view to_string(TaskStatus status);
std::string_view to_string(TaskQueue queue);
std::string_view to_string(WaitingOn on);
std::string_view to_string(WorkerActivity activity);

// 16 bytes: a state holds one per task of the trace (120 001 in the largest lesson).
struct TaskState {
  TaskStatus status = TaskStatus::NotSpawned;
  TaskQueue queue = TaskQueue::None;            // Ready: where it is
  WaitingOn waiting_on = WaitingOn::Nothing;    // Waiting: on what
  // Running: the thread polling it (or, for a blocking-pool job, running it). Ready in a LIFO slot,
  // a local queue or Taken: the worker thread that owns that queue. Otherwise kNoThread.
  ThreadIndex thread = kNoThread;
  std::uint64_t object = 0;  // Waiting: the timer id, channel id or task id (Join) it waits on
  friend bool operator==(const TaskState&, const TaskState&) = default;
};

struct WorkerState {
  std::uint32_t worker = 0;  // its number: "worker 1"
  ThreadIndex thread = 0;
  WorkerActivity activity = WorkerActivity::Idle;
  TaskId task = 0;             // Polling: the task it polls
  std::uint64_t since_ns = 0;  // when the current activity began
  // Inside block_thread or cpu_work during the poll: the worker can run nothing else meanwhile.
  std::optional<BlockingKind> blocked;
  std::uint64_t blocked_since_ns = 0;
  std::uint64_t blocked_for_ns = 0;  // the requested duration, 0 if unknown
  TaskId lifo = 0;                   // its LIFO slot, 0 when empty
  std::deque<TaskId> local;          // its local run queue (current_thread: the run queue), front runs first
  TaskId taken = 0;                  // taken off a queue, polled next (see TaskQueue::Taken)
  friend bool operator==(const WorkerState&, const WorkerState&) = default;
};

struct BlockingThreadState {
  std::uint32_t number = 0;  // "blocking 2"
  ThreadIndex thread = 0;
  TaskId task = 0;             // the spawn_blocking job it runs, 0 when idle
  std::uint64_t since_ns = 0;  // when it started that job, or became idle
  friend bool operator==(const BlockingThreadState&, const BlockingThreadState&) = default;
};

struct PendingTimer {
  std::uint64_t id = 0;
  TaskId task = 0;
  std::uint64_t deadline_ns = 0;
  std::uint64_t set_ns = 0;
  friend bool operator==(const PendingTimer&, const PendingTimer&) = default;
};

// A channel, or a Mutex or Semaphore (recorded as channels of those kinds).
struct ChannelState {
  std::uint64_t id = 0;
  std::string name;
  ChannelKind kind = ChannelKind::Mpsc;
  std::uint64_t capacity = 0;  // 0: unbounded. Mutex 1; Semaphore: its initial permits
  TaskId created_by = 0;
  // Message sequence numbers in the buffer, oldest first. Broadcast: the ring; watch: the
  // current version; Mutex and Semaphore: always empty.
  std::vector<std::uint64_t> buffered;
  // Taken off the buffer by the receiver whose recv has not returned yet (the same instant, or
  // across a budget yield), or handed straight to a waiting receiver.
  std::vector<std::uint64_t> taken;
  std::vector<TaskId> waiting_senders;    // waiting for room in a full channel, first in line first
  // Waiting for a message; for a Mutex or Semaphore: waiting for the lock or permits.
  std::vector<TaskId> waiting_receivers;
  bool closed = false;
  friend bool operator==(const ChannelState&, const ChannelState&) = default;
};

struct PrintedLine {
  std::size_t event = 0;  // index of its Print event
  std::uint64_t time_ns = 0;
  TaskId task = 0;
  std::string text;
  friend bool operator==(const PrintedLine&, const PrintedLine&) = default;
};

struct RuntimeState {
  std::size_t position = 0;   // events [0, position) have happened
  std::uint64_t time_ns = 0;  // time of the last event that happened, 0 before any
  bool ended = false;         // RunEnd happened
  bool deadlocked = false;

  std::vector<WorkerState> workers;  // by worker number
  std::deque<TaskId> inject;         // the inject (global) queue, front runs first
  std::deque<TaskId> blocking_queue;  // spawn_blocking jobs waiting for a blocking-pool thread
  std::vector<BlockingThreadState> blocking_threads;  // every blocking-pool thread of the run, by number
  std::deque<PendingTimer> timers;    // by deadline (then id): the next to fire first
  std::vector<ChannelState> channels;  // created so far, by id
  std::vector<TaskState> tasks;        // by TaskId, every task of the trace; [0] (the runtime) unused

  // Every line the run prints, shared by all the states of one trace; printed_count have happened.
  std::shared_ptr<const std::vector<PrintedLine>> output;
  std::size_t printed_count = 0;

  std::span<const PrintedLine> printed() const;
  const TaskState& task(TaskId id) const;  // NotSpawned for an id the trace does not have
  const WorkerState* worker_on(ThreadIndex thread) const;
  const ChannelState* channel(std::uint64_t id) const;
  std::vector<const PendingTimer*> timers_of(TaskId task) const;

  // Field by field; printed lines by content, not by which trace's list they are in.
  friend bool operator==(const RuntimeState& x, const RuntimeState& y);
};

// What every state rebuilt from a valid trace satisfies, as a sentence naming the first breach
// ("task 7 is in worker 1's local run queue but its state says inject"), or "" when all hold:
// each queued task is Ready in exactly that place, once; a polling worker's task is Running
// there; waiters, timers and polls belong to tasks that have not ended; after a RunEnd without
// deadlock every queue, timer list and wait list is empty and every task has ended. The tests
// check it on every position of the lessons' traces; the app may use it to flag a suspect trace.
std::string find_inconsistency(const RuntimeState& state);

}  // namespace wakeline
