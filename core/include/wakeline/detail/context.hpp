// The runtime's per-thread context and the few non-template hooks that the header-only awaitables
// (time, channels, spawn) call into. Everything here is machinery: lessons never touch it.
#pragma once

#include <chrono>
#include <cstdint>
#include <exception>
#include <memory>
#include <source_location>
#include <string>
#include <string_view>

#include "wakeline/detail/task_header.hpp"
#include "wakeline/trace.hpp"

namespace wakeline::detail {

struct RuntimeCore;
struct ThreadRecorder;

// One per OS thread that runs runtime code; in virtual mode the single OS thread switches it
// from lane to lane. It is the only mutable state outside a runtime object, and it belongs to it
// (besides the event chunks a thread keeps between the runs it starts: runtime/recorder.hpp).
struct Context {
  RuntimeCore* rt = nullptr;
  ThreadRecorder* rec = nullptr;
  int worker = -1;               // index of the worker this thread is, or -1
  TaskHeader* task = nullptr;    // the task being polled
  Strand* strand = nullptr;      // the strand being resumed
  std::uint64_t vnow = 0;        // virtual clock of this lane
  std::uint32_t budget = 0;      // cooperative budget left in this poll
  bool on_blocking_pool = false;
  bool recording = false;        // the run records a trace (RuntimeOptions::record)
};

Context* current_context() noexcept;

// The context of the thread running now. An awaiter caches its context when it suspends, but it
// may be resumed or destroyed on another worker after the task moved: use this there.
inline Context& context_here(Context* cached) noexcept;
void set_current_context(Context* ctx) noexcept;
Context& require_context(const char* what);  // throws std::logic_error outside a runtime

// Time since the run started, on the run's clock.
std::uint64_t now_ns(const Context& ctx) noexcept;

void record_event(Context& ctx, EventKind kind, TaskId task, std::uint64_t a, std::uint64_t b, std::uint64_t c,
                  const std::source_location& loc) noexcept;
// Inline so that a run without recording pays one predictable branch per event, not a call.
inline void record(Context& ctx, EventKind kind, TaskId task, std::uint64_t a, std::uint64_t b, std::uint64_t c,
                   const std::source_location& loc) noexcept {
  if (ctx.recording) record_event(ctx, kind, task, a, b, c, loc);
}
std::uint32_t intern_string(Context& ctx, std::string_view text);  // id valid in this lane's recorder

inline Context& context_here(Context* cached) noexcept {
  Context* ctx = current_context();
  return ctx && ctx->rt ? *ctx : *cached;
}

inline TaskId current_task_id(const Context& ctx) noexcept { return ctx.task ? ctx.task->id : 0; }

// Makes the strand ready and schedules its task. Call it while holding the lock of the wait list
// the waker came from, so the strand cannot be destroyed meanwhile.
void wake(Context& ctx, Waker waker, WakeCause cause, std::uint64_t source, const std::source_location& loc);

// The current strand suspends and is made ready again after this poll (yield_now, budget).
void defer_yield(Context& ctx, std::coroutine_handle<> resume, const std::source_location& loc);

// Cooperative budget: true and one unit spent if the task may go on without yielding.
inline bool take_budget(Context& ctx) noexcept {
  if (ctx.budget == 0) return false;
  --ctx.budget;
  return true;
}

// The strand that awaits here suspends with `resume` as its continuation point.
inline Waker suspend_current(Context& ctx, std::coroutine_handle<> resume, WaitInfo wait,
                             const std::source_location& loc) noexcept {
  Strand* s = ctx.strand;
  s->resume = resume;
  s->set_size = wait.set_size;
  s->wait_location = loc;
  TaskHeader* t = s->task;
  t->last_wait_kind = wait.kind;
  t->last_wait_object = static_cast<std::uint32_t>(wait.object);  // ids are 32-bit, as in the trace
  if (t->extras) t->extras->last_wait_location = loc;
  return Waker{s};
}

// --- threads outside the runtime -------------------------------------------------------------
// A std::thread (or any code the runtime does not run) may send, drop a handle, add permits or
// abort a task. It wakes tasks through the runtime's outside lane: one Context shared by such
// threads one at a time, recording on its own lane "outside the runtime". Channels and permit
// queues keep the lane (refcounted), so a handle used after its run has ended finds it closed.
struct OutsideLane;
std::shared_ptr<OutsideLane> outside_lane(Context& ctx);
Context* enter_outside(OutsideLane& lane);  // locks the lane; null (and unlocked) once its run has ended
void leave_outside(OutsideLane& lane) noexcept;

// Where code on this thread records and wakes: the running runtime code's own context; on a
// thread outside the runtime, `lane`'s context, locked while this lives; null when neither is
// there (no runtime, or its run has ended: then no task waits to be told).
class WakingContext {
 public:
  explicit WakingContext(OutsideLane* lane) {
    Context* here = current_context();
    if (here && here->rt) {
      ctx_ = here;
    } else if (lane && (ctx_ = enter_outside(*lane))) {
      lane_ = lane;
    }
  }
  ~WakingContext() {
    if (lane_) leave_outside(*lane_);
  }
  WakingContext(const WakingContext&) = delete;
  WakingContext& operator=(const WakingContext&) = delete;
  Context* get() const noexcept { return ctx_; }

 private:
  Context* ctx_ = nullptr;
  OutsideLane* lane_ = nullptr;
};

void spawn_header(Context& ctx, TaskHeader* task, const std::source_location& loc);
void request_cancel(TaskHeader* task);
std::uint64_t create_channel(Context& ctx, std::string_view name, ChannelKind kind, std::uint64_t capacity,
                             const std::source_location& loc);

// Blocking the current thread, as block_thread/cpu_work do: real sleep or spin on the real clock,
// an exact advance of this lane's clock in virtual mode.
void block_current_thread(Context& ctx, std::chrono::nanoseconds d, BlockingKind kind, const std::source_location& loc);

// --- timers ---------------------------------------------------------------------------------
struct TimerEntry {
  std::uint64_t deadline = 0;
  std::uint64_t id = 0;
  Waker waker;
  TaskId task = 0;
  std::size_t heap_index = ~std::size_t{0};
  bool fired = false;
  std::source_location location;
};
void timer_register(Context& ctx, TimerEntry& entry);
void timer_cancel(Context& ctx, TimerEntry& entry);  // no-op if it already fired

// --- blocking pool -------------------------------------------------------------------------
struct BlockingJob {
  TaskHeader* header = nullptr;
  void (*run)(BlockingJob*) = nullptr;  // runs the function and stores its result
  BlockingJob* next = nullptr;
};
void submit_blocking(Context& ctx, BlockingJob* job, const std::source_location& loc);


// The message a task's exception fails it with: what() (or "exception" if empty), "unknown exception".
std::string describe_exception(std::exception_ptr error);

}  // namespace wakeline::detail
