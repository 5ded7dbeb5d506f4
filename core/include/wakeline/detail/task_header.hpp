// The scheduler's view of a spawned task: its state, its strands (the independently suspended
// branches that join/select drive inside one task), and the wait it is parked on. The typed
// result lives in TaskCell<T> (join_handle.hpp); the scheduler only sees this header. One of these
// exists per pending task (a million in the spawn-all benchmark), so every field costs: rarely
// used state (a custom name, a failure message) sits behind a pointer.
#pragma once

#include <atomic>
#include <coroutine>
#include <cstdint>
#include <memory>
#include <optional>
#include <source_location>
#include <string>
#include <string_view>

#include "wakeline/detail/spin_lock.hpp"
#include "wakeline/detail/task_memory.hpp"
#include "wakeline/trace.hpp"

namespace wakeline::detail {

struct TaskHeader;
struct RuntimeCore;

// What a suspended strand waits on, for the deadlock report and the inspector.
enum class WaitKind : std::uint8_t { None, Timer, ChannelRecv, ChannelSend, Join, Lock, Semaphore, Yield, Blocking, Other };

struct WaitInfo {
  WaitKind kind = WaitKind::None;
  std::uint64_t object = 0;  // channel id, timer id, task id
  std::uint32_t set_size = 0;  // JoinSet::join_next: how many tasks the set holds (PollEnd records it)
};

// join, try_join and join_all take turns like Tokio's join!: each poll of the task starts at the
// next branch (1 2 3, then 2 3 1, then 3 1 2). A group's branches share one of these.
struct BranchTurns {
  std::uint64_t first_poll = 0;  // the task's poll in which the group started (its turn 0)
  std::uint32_t branches = 0;
};

// A strand is one chain of coroutines inside a task that can be suspended on its own: the task's
// root, or one branch of a join/select. A wake marks the strand ready; a poll resumes every
// ready strand of the task, in order (a join's branches in the order of the poll's turn).
struct Strand {
  TaskHeader* task = nullptr;
  std::coroutine_handle<> resume;  // the innermost suspended coroutine of this strand
  Strand* next_ready = nullptr;
  Strand* prev_ready = nullptr;
  std::source_location wait_location;  // the await it is suspended in
  WaitInfo wait;
  const BranchTurns* turns = nullptr;  // set for a join's branches; select keeps its written order
  std::uint32_t branch = 0;
  bool queued = false;
};

enum class TaskState : std::uint8_t { Idle, Scheduled, Running, Complete };

// What few tasks have, kept out of the header of every task.
struct TaskNotes {
  std::optional<std::string> name;     // unset: the default name "task" (task_name())
  std::optional<std::string> failure;  // exception message when the task failed
};

// What differs between kinds of task (a spawned Task<T>, a JoinSet's task, a blocking job): one
// static table per kind, so a task pays one pointer for all three.
struct TaskVTable {
  // The root coroutine has reached its end: keep its value, or its exception's message in
  // its notes, before the frame (which holds them) is destroyed. Null for blocking jobs.
  void (*settle)(TaskHeader*);
  void (*complete)(TaskHeader*, int outcome);  // fills the typed result and wakes the joiner
  void (*destroy)(TaskHeader*) noexcept;
};

struct TaskHeader : TaskMemory {
  TaskId id = 0;
  RuntimeCore* rt = nullptr;     // the runtime it was spawned in (an abort from another thread goes there)
  const TaskVTable* vt = nullptr;
  std::unique_ptr<TaskNotes> notes;  // null for most tasks: see TaskNotes
  std::atomic<int> refs{1};
  SpinLock lock;                 // guards state, the ready list and ready_at
  TaskState state = TaskState::Idle;
  bool deferred_yield = false;   // woken during its own poll by yield/budget: requeue after the poll
  std::atomic<bool> cancel_requested{false};
  std::uint64_t polls = 0;       // polls started so far: a join's turn is counted in them
  Strand* ready_head = nullptr;
  Strand* ready_tail = nullptr;
  Strand root;
  // The user's Task, resumed directly by the root strand: it has ended when frame.done().
  std::coroutine_handle<> frame;
  std::uint64_t ready_at = 0;     // virtual clock: earliest instant a worker may pick it up
  std::uint64_t last_poll_at = 0; // virtual clock: when its latest poll started
  // Real clock, recording: the tick of the last event recorded about this task, on any lane. The
  // next one is stamped after it, so a wake or a push stays before the poll it causes on another
  // worker even though the recorder reads the TSC without serialising (runtime/recorder.hpp).
  std::atomic<std::uint64_t> last_tick{0};
  TaskHeader* next_in_queue = nullptr;  // intrusive link for the inject queue
  TaskHeader* next_live = nullptr;      // the runtime's list of live tasks
  TaskHeader* prev_live = nullptr;
  std::source_location spawn_location;
  WaitInfo last_wait;                   // what it last suspended on (deadlock report, inspector)
  std::source_location last_wait_location;

  void push_ready_locked(Strand* s) noexcept {
    if (s->queued) return;
    s->queued = true;
    s->next_ready = nullptr;
    s->prev_ready = ready_tail;
    if (ready_tail) ready_tail->next_ready = s; else ready_head = s;
    ready_tail = s;
  }
  Strand* pop_ready_locked() noexcept {
    Strand* s = ready_head;
    if (!s) return nullptr;
    ready_head = s->next_ready;
    if (ready_head) ready_head->prev_ready = nullptr; else ready_tail = nullptr;
    s->queued = false;
    s->next_ready = s->prev_ready = nullptr;
    return s;
  }
  void unlink_ready_locked(Strand* s) noexcept {
    if (!s->queued) return;
    if (s->prev_ready) s->prev_ready->next_ready = s->next_ready; else ready_head = s->next_ready;
    if (s->next_ready) s->next_ready->prev_ready = s->prev_ready; else ready_tail = s->prev_ready;
    s->queued = false;
    s->next_ready = s->prev_ready = nullptr;
  }
};

inline std::string_view task_name(const TaskHeader& t) noexcept {
  return t.notes && t.notes->name ? std::string_view(*t.notes->name) : std::string_view("task");
}
inline TaskNotes& notes_of(TaskHeader& t) {
  if (!t.notes) t.notes = std::make_unique<TaskNotes>();
  return *t.notes;
}
inline bool has_failed(const TaskHeader& t) noexcept { return t.notes && t.notes->failure; }

inline void retain(TaskHeader* t) noexcept { t->refs.fetch_add(1, std::memory_order_relaxed); }
inline void release(TaskHeader* t) noexcept {
  if (t->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) t->vt->destroy(t);
}

// A waker names the strand to make ready. Whoever holds one must drop it (under the lock of the
// wait list that holds it) before the strand's coroutine frame can be destroyed.
struct Waker {
  Strand* strand = nullptr;
  explicit operator bool() const noexcept { return strand != nullptr; }
};

}  // namespace wakeline::detail
