// The scheduler's view of a spawned task: its state, its strands (the independently suspended
// branches that join/select drive inside one task), and the wait it is parked on. The typed
// result lives in TaskCell<T> (join_handle.hpp); the scheduler only sees this header. One of these
// exists per pending task (a million in the spawn-all benchmark), so every field costs: what only
// some tasks or some runs need (a name, a join's ready list, the virtual clock, recording) sits in
// TaskExtras, behind one pointer.
#pragma once

#include <atomic>
#include <coroutine>
#include <cstdint>
#include <memory>
#include <mutex>
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
  Strand* next_ready = nullptr;    // the task's ready list (TaskExtras), once it has one
  std::source_location wait_location;  // the await it is suspended in
  std::uint32_t set_size = 0;      // suspended in JoinSet::join_next: the set's size (PollEnd records the root's)
  bool queued = false;
  bool is_branch = false;          // a BranchStrand
};

// A branch of a join/select: its strands live in the group (group.hpp), not in the task.
struct BranchStrand : Strand {
  const BranchTurns* turns = nullptr;  // set for a join's branches; select keeps its written order
  std::uint32_t branch = 0;
};

enum class TaskState : std::uint8_t { Idle, Scheduled, Running, Complete };

// How a task ended (the typed cell builds its JoinResult from it).
enum class Outcome : std::uint8_t { Completed = 0, Cancelled = 1, Failed = 2 };

// What only some tasks need, kept out of the header of every task and made on first use: a name
// other than "task" or a failure; the ready list once a join/select gives the task strands of its
// own; the virtual clock's instants (every task of a virtual run); the recorder's ordering and
// locations (every task of a recorded run).
struct TaskExtras : TaskMemory {
  std::optional<std::string> name;     // unset: the default name "task" (task_name())
  // The exception message when the task failed: rare, so a pointer (8 bytes, not an optional's
  // 40) in what every task of a recorded or virtual run carries.
  std::unique_ptr<std::string> failure;
  // The ready strands in order, the root among them. Without extras only the root can be ready,
  // and root.queued says whether it is.
  Strand* ready_head = nullptr;
  Strand* ready_tail = nullptr;
  std::uint64_t polls = 0;        // polls started since these extras were made: a join's turn is counted in them
  std::uint64_t ready_at = 0;     // virtual clock: earliest instant a worker may pick it up
  std::uint64_t last_poll_at = 0; // virtual clock: when its latest poll started
  // Real clock, recording: the tick of the last event recorded about this task, on any lane. The
  // next one is stamped after it, so a wake or a push stays before the poll it causes on another
  // worker even though the recorder reads the TSC without serialising (runtime/recorder.hpp).
  std::atomic<std::uint64_t> last_tick{0};
  std::source_location spawn_location;      // recording
  std::source_location last_wait_location;  // recording: the last await it suspended in (suspend_current)
};

// What differs between kinds of task (a spawned Task<T>, a JoinSet's task, a blocking job): one
// static table per kind, so a task pays one pointer for all three.
struct TaskVTable {
  // The root coroutine has reached its end: keep its value, or its exception's message in
  // its extras, before the frame (which holds them) is destroyed. Null for blocking jobs.
  void (*settle)(TaskHeader*);
  void (*complete)(TaskHeader*, int outcome);  // fills the typed result and wakes the joiner
  void (*destroy)(TaskHeader*) noexcept;
};

// A waker names the strand to make ready. Whoever holds one must drop it (under the lock of the
// wait list that holds it) before the strand's coroutine frame can be destroyed.
struct Waker {
  Strand* strand = nullptr;
  explicit operator bool() const noexcept { return strand != nullptr; }
};

// 128 bytes with a TaskCell<void>'s value (join_handle.hpp; the spawn-all benchmark keeps a
// million of them pending): the fields every task needs, largest first so none pads another.
struct TaskHeader : TaskMemory {
  Strand root;
  // The user's Task, resumed directly by the root strand: it has ended when frame.done().
  std::coroutine_handle<> frame;
  const TaskVTable* vt = nullptr;
  RuntimeCore* rt = nullptr;     // the runtime it was spawned in (an abort from another thread goes there)
  std::unique_ptr<TaskExtras> extras;  // see TaskExtras; installed under `lock` once the task is published
  TaskHeader* next_in_queue = nullptr;  // intrusive link for the inject queue and current_thread's local queue
  TaskHeader* next_live = nullptr;      // the runtime's list of live tasks
  TaskHeader* prev_live = nullptr;
  Waker joiner;  // under result_lock; its strand's wait_location is where it awaits (the wake is recorded there)
  TaskId id = 0;
  std::atomic<int> refs{1};
  std::uint32_t last_wait_object = 0;   // what it last suspended on (deadlock report): channel, task id
  SpinLock lock;                 // guards state and the ready list
  SpinLock result_lock;          // guards joiner, has_result, outcome and the typed cell's value
  TaskState state = TaskState::Idle;
  WaitKind last_wait_kind = WaitKind::None;
  std::atomic<bool> cancel_requested{false};
  bool has_result = false;       // complete() has run
  Outcome outcome = Outcome::Completed;

  bool has_ready_locked() const noexcept { return extras ? extras->ready_head != nullptr : root.queued; }
  Strand* first_ready_locked() const noexcept { return extras ? extras->ready_head : root.queued ? const_cast<Strand*>(&root) : nullptr; }
  void push_ready_locked(Strand* s) noexcept {
    if (s->queued) return;
    s->queued = true;
    if (!extras) return;  // only the root, whose queued flag is the whole list
    s->next_ready = nullptr;
    if (extras->ready_tail) extras->ready_tail->next_ready = s; else extras->ready_head = s;
    extras->ready_tail = s;
  }
  Strand* pop_ready_locked() noexcept {
    Strand* s = first_ready_locked();
    if (!s) return nullptr;
    if (extras) {
      extras->ready_head = s->next_ready;
      if (!extras->ready_head) extras->ready_tail = nullptr;
      s->next_ready = nullptr;
    }
    s->queued = false;
    return s;
  }
  // The list is a few strands long (a join's branches): a walk finds the one before s.
  void unlink_ready_locked(Strand* s) noexcept {
    if (!s->queued) return;
    s->queued = false;
    if (!extras) return;
    Strand* before = nullptr;
    for (Strand* at = extras->ready_head; at && at != s; at = at->next_ready) before = at;
    if (before) before->next_ready = s->next_ready; else extras->ready_head = s->next_ready;
    if (extras->ready_tail == s) extras->ready_tail = before;
    s->next_ready = nullptr;
  }
};

// Gives the task its extras, a ready root as the ready list's first entry. Under the task's lock
// once the task is published (another thread may push to its ready list).
inline void install_extras(TaskHeader& t, std::unique_ptr<TaskExtras> made) noexcept {
  if (t.root.queued) made->ready_head = made->ready_tail = &t.root;
  t.extras = std::move(made);
}

// Makes the task's extras on first use. Never call it holding the task's lock.
inline TaskExtras& extras_of(TaskHeader& t) {
  if (!t.extras) {
    auto made = std::make_unique<TaskExtras>();
    std::lock_guard guard(t.lock);
    install_extras(t, std::move(made));
  }
  return *t.extras;
}

// The same for a task being spawned, which no other thread can reach yet: no lock. Every spawn
// of a recorded or virtual run makes extras, and the lock was a good part of a recorded spawn.
inline TaskExtras& extras_of_unpublished(TaskHeader& t) {
  if (!t.extras) install_extras(t, std::make_unique<TaskExtras>());
  return *t.extras;
}

inline std::string_view task_name(const TaskHeader& t) noexcept {
  return t.extras && t.extras->name ? std::string_view(*t.extras->name) : std::string_view("task");
}
inline bool has_failed(const TaskHeader& t) noexcept { return t.extras && t.extras->failure; }
// Recorded runs make every task's extras at spawn; elsewhere these are only read for a record.
inline std::source_location spawn_location(const TaskHeader& t) noexcept {
  return t.extras ? t.extras->spawn_location : std::source_location{};
}
inline std::source_location last_wait_location(const TaskHeader& t) noexcept {
  return t.extras ? t.extras->last_wait_location : std::source_location{};
}

inline void retain(TaskHeader* t) noexcept { t->refs.fetch_add(1, std::memory_order_relaxed); }
inline void release(TaskHeader* t) noexcept {
  if (t->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) t->vt->destroy(t);
}

}  // namespace wakeline::detail
