// The scheduling decisions both clocks share: where a woken or spawned task goes (LIFO slot,
// local queue, inject queue), what a worker runs next (global queue every N ticks, LIFO slot at
// most N times in a row, local queue, a batch from the inject queue, stealing half of another
// worker's queue), and what a poll does (resume every ready strand of the task, then requeue it
// if it was woken meanwhile).
#include <algorithm>
#include <stdexcept>

#include "runtime/runtime_core.hpp"

namespace wakeline::detail {

namespace {
thread_local Context* tls_context = nullptr;

Worker* current_worker(RuntimeCore& rt, Context& ctx) {
  if (ctx.rt != &rt || ctx.worker < 0) return nullptr;
  return rt.workers[static_cast<std::size_t>(ctx.worker)].get();
}

// Placed at the line that made the scheduling: the spawn for a new task, the await it waited in for
// a woken one (the code panel highlights it). Only the task's own poll writes last_wait_location,
// and a task is scheduled after that poll has ended or by whoever won it under its lock.
void record_scheduled(Context& ctx, TaskHeader* t, QueueKind queue, std::uint64_t worker) {
  if (!ctx.recording) return;
  const std::source_location waited = last_wait_location(*t);
  const std::source_location where = waited.line() != 0 ? waited : spawn_location(*t);
  record_task(ctx, t, Stamp::Fresh, EventKind::TaskScheduled, static_cast<std::uint64_t>(queue), worker, 0, where);
}

// Owner pushes to its ring; when full, half of it (and the task) move to the inject queue.
// Every event about a task is recorded *before* it is published: once in a shared queue another
// worker may steal it, run it to completion and free it.
void push_local(RuntimeCore& rt, Worker& w, TaskHeader* t) {
  // Only the owner pushes, and steals only shrink the queue: room seen now is room at push.
  if (w.local.len() < w.local.capacity()) {
    record_scheduled(w.ctx, t, QueueKind::Local, w.index);
    w.local.push_back(t);
    return;
  }
  // Like Tokio: the half moves as one linked batch, under one lock of the inject queue.
  std::vector<TaskHeader*>& moved = w.overflow_buffer;
  moved.resize(w.local.capacity() / 2 + 1);
  std::uint32_t n = w.local.pop_many(moved.data(), w.local.capacity() / 2);
  moved[n++] = t;
  for (std::uint32_t i = 0; i < n; ++i) {
    record_scheduled(w.ctx, moved[i], QueueKind::Inject, ~std::uint64_t{0});
    moved[i]->next_in_queue = i + 1 < n ? moved[i + 1] : nullptr;
  }
  push_inject_chain(rt, moved[0], moved[n - 1], n);
}
}  // namespace

Context* current_context() noexcept { return tls_context; }
void set_current_context(Context* ctx) noexcept { tls_context = ctx; }

Context& require_context(const char* what) {
  if (!tls_context || !tls_context->rt)
    throw std::logic_error(std::string(what) + " must be called from a task running inside wakeline::run()");
  return *tls_context;
}

void push_inject(RuntimeCore& rt, TaskHeader* task) {
  task->next_in_queue = nullptr;
  push_inject_chain(rt, task, task, 1);
}

void push_inject_chain(RuntimeCore& rt, TaskHeader* first, TaskHeader* last, std::size_t count) {
  std::lock_guard guard(rt.inject_mutex);
  if (rt.inject_tail) rt.inject_tail->next_in_queue = first; else rt.inject_head = first;
  rt.inject_tail = last;
  rt.inject_len.fetch_add(count, std::memory_order_seq_cst);
}

TaskHeader* pop_inject(RuntimeCore& rt) {
  if (rt.inject_len.load(std::memory_order_acquire) == 0) return nullptr;
  std::lock_guard guard(rt.inject_mutex);
  TaskHeader* t = rt.inject_head;
  if (!t) return nullptr;
  rt.inject_head = t->next_in_queue;
  if (!rt.inject_head) rt.inject_tail = nullptr;
  t->next_in_queue = nullptr;
  rt.inject_len.fetch_sub(1, std::memory_order_seq_cst);
  return t;
}

void register_live(RuntimeCore& rt, TaskHeader* task) {
  std::lock_guard guard(rt.live_mutex);
  task->prev_live = nullptr;
  task->next_live = rt.live_head;
  if (rt.live_head) rt.live_head->prev_live = task;
  rt.live_head = task;
  ++rt.live_count;
}

void unregister_live(RuntimeCore& rt, TaskHeader* task) {
  std::lock_guard guard(rt.live_mutex);
  if (task->prev_live) task->prev_live->next_live = task->next_live; else rt.live_head = task->next_live;
  if (task->next_live) task->next_live->prev_live = task->prev_live;
  task->next_live = task->prev_live = nullptr;
  --rt.live_count;
}

bool has_visible_work(RuntimeCore& rt) {
  if (rt.inject_len.load(std::memory_order_seq_cst) > 0) return true;
  if (!rt.multi) return false;
  for (auto& w : rt.workers)
    if (!w->local.empty()) return true;
  return false;
}

void notify_parked(RuntimeCore& rt, Context& ctx, TaskId cause) {
  // An RMW, not a load: it orders our queue push against a parker's registration (Dekker), and
  // unlike a fence it is understood by ThreadSanitizer.
  if (rt.num_idle.fetch_add(0, std::memory_order_seq_cst) == 0) return;
  // A worker that is searching will find the task; waking another only adds contention.
  if (rt.multi && rt.num_searching.load(std::memory_order_seq_cst) != 0) return;
  Worker* target = nullptr;
  {
    std::lock_guard guard(rt.idle_mutex);
    if (rt.idle.empty()) return;
    target = rt.workers[rt.idle.back()].get();
    rt.idle.pop_back();
    rt.num_idle.fetch_sub(1, std::memory_order_seq_cst);
    target->parked = false;
  }
  unpark_worker(rt, ctx, *target, cause);
}

void schedule(RuntimeCore& rt, Context& ctx, TaskHeader* t, bool is_yield) {
  Worker* w = current_worker(rt, ctx);
  const TaskId id = t->id;  // t may be gone once it is in a shared queue
  if (!rt.multi) {
    if (w) {
      record_scheduled(ctx, t, QueueKind::Local, 0);
      w->fifo.push_back(t);
    } else {
      record_scheduled(ctx, t, QueueKind::Inject, ~std::uint64_t{0});
      push_inject(rt, t);
      notify_parked(rt, ctx, id);
    }
    return;
  }
  if (!w) {
    record_scheduled(ctx, t, QueueKind::Inject, ~std::uint64_t{0});
    push_inject(rt, t);
    notify_parked(rt, ctx, id);
    return;
  }
  if (is_yield || rt.options.lifo_max_polls == 0) {
    push_local(rt, *w, t);
  } else {
    record_scheduled(ctx, t, QueueKind::Lifo, w->index);
    TaskHeader* previous = std::exchange(w->lifo, t);
    if (previous) push_local(rt, *w, previous);
  }
  notify_parked(rt, ctx, id);
}

namespace {
TaskHeader* pop_inject_batch(RuntimeCore& rt, Worker& w) {
  std::size_t len = rt.inject_len.load(std::memory_order_acquire);
  if (len == 0) return nullptr;
  TaskHeader* first = pop_inject(rt);
  if (!first || !rt.multi) return first;
  // Like Tokio: take a fair share of the inject queue into the local queue, under one lock.
  std::size_t share = std::min<std::size_t>(len / rt.workers.size() + 1, w.local.capacity() / 2);
  std::size_t room = std::min<std::size_t>(share - 1, w.local.capacity() - w.local.len());
  TaskHeader* taken = nullptr;
  if (room > 0 && rt.inject_len.load(std::memory_order_acquire) > 0) {
    std::lock_guard guard(rt.inject_mutex);
    taken = rt.inject_head;
    TaskHeader* last = nullptr;
    std::size_t k = 0;
    for (TaskHeader* t = taken; t && k < room; t = t->next_in_queue, ++k) last = t;
    if (last) {
      rt.inject_head = last->next_in_queue;
      if (!rt.inject_head) rt.inject_tail = nullptr;
      last->next_in_queue = nullptr;
      rt.inject_len.fetch_sub(k, std::memory_order_seq_cst);
    }
  }
  while (taken) {
    TaskHeader* t = std::exchange(taken, taken->next_in_queue);
    t->next_in_queue = nullptr;
    record_scheduled(w.ctx, t, QueueKind::Local, w.index);
    w.local.push_back(t);
  }
  return first;
}

TaskHeader* steal(RuntimeCore& rt, Worker& w) {
  auto n_workers = static_cast<std::uint32_t>(rt.workers.size());
  if (n_workers < 2) return nullptr;
  // At most half of the workers search at once (Tokio), so a burst does not wake everyone.
  if (2 * rt.num_searching.load(std::memory_order_seq_cst) >= n_workers) return nullptr;
  rt.num_searching.fetch_add(1, std::memory_order_seq_cst);
  TaskHeader* found = nullptr;
  auto start = static_cast<std::uint32_t>(w.rng() % n_workers);
  w.steal_buffer.resize(w.local.capacity() / 2 + 1);
  for (std::uint32_t i = 0; i < n_workers && !found; ++i) {
    std::uint32_t victim = (start + i) % n_workers;
    if (victim == w.index) continue;
    std::uint32_t n = rt.workers[victim]->local.steal_half(w.steal_buffer.data());
    for (std::uint32_t k = 0; k < n; ++k) {
      TaskHeader* t = w.steal_buffer[k];
      // Virtual clock: a task requeued by a lane that is ahead in time cannot be taken before then.
      if (rt.virtual_clock && t->extras->ready_at > w.ctx.vnow) w.ctx.vnow = t->extras->ready_at;
      record_task(w.ctx, t, Stamp::Fresh, EventKind::TaskStolen, victim, n, 0, spawn_location(*t));
      if (k == 0) found = t; else w.local.push_back(t);
    }
  }
  bool last = rt.num_searching.fetch_sub(1, std::memory_order_seq_cst) == 1;
  // The last searcher to find work makes sure someone looks at what is left.
  if (found && last && !w.local.empty()) notify_parked(rt, w.ctx, found->id);
  return found;
}
}  // namespace

TaskHeader* next_task(RuntimeCore& rt, Worker& w) {
  ++w.tick;
  if (w.tick % rt.global_interval == 0) {
    if (TaskHeader* t = pop_inject(rt)) return t;
  }
  if (!rt.multi) {
    if (TaskHeader* t = w.fifo.pop_front()) return t;
    return pop_inject(rt);
  }
  if (w.lifo) {
    TaskHeader* t = std::exchange(w.lifo, nullptr);
    if (w.lifo_streak < rt.options.lifo_max_polls) {
      ++w.lifo_streak;
      return t;
    }
    // The LIFO slot has had its turns: to the back of the queue, so ping-pong cannot starve others.
    push_local(rt, w, t);
  }
  w.lifo_streak = 0;
  if (TaskHeader* t = w.local.pop()) return t;
  if (TaskHeader* t = pop_inject_batch(rt, w)) return t;
  if (TaskHeader* t = steal(rt, w)) return t;
  return pop_inject(rt);
}

void poll_task(RuntimeCore& rt, Worker& w, TaskHeader* t) {
  Context& ctx = w.ctx;
  if (rt.virtual_clock) {
    TaskExtras& extras = *t->extras;  // made at spawn in a virtual run
    if (extras.ready_at > ctx.vnow) ctx.vnow = extras.ready_at;
    extras.last_poll_at = ctx.vnow;
  }
  if (t->cancel_requested.load(std::memory_order_acquire)) {
    finish_task(rt, ctx, t, Outcome::Cancelled);
    return;
  }
  std::source_location resume_at;
  {
    std::lock_guard guard(t->lock);
    t->state = TaskState::Running;
    if (t->extras) ++t->extras->polls;
    order_ready_branches_locked(t, w.ready_scratch);
    if (Strand* first = t->first_ready_locked()) resume_at = first->wait_location;
  }
  record_task(ctx, t, Stamp::Fresh, EventKind::PollStart, 0, 0, 0, resume_at);
  ctx.task = t;
  ctx.budget = rt.options.coop_budget;
  std::source_location suspended_at = resume_at;
  for (;;) {
    Strand* s;
    {
      std::lock_guard guard(t->lock);
      s = t->pop_ready_locked();
    }
    if (!s) break;
    ctx.strand = s;
    s->set_size = 0;
    s->resume.resume();
    if (t->frame.done()) break;
    suspended_at = s->wait_location;
  }
  ctx.strand = nullptr;
  if (rt.virtual_clock) ctx.vnow += static_cast<std::uint64_t>(rt.options.poll_cost.count());

  if (t->frame.done()) {
    t->vt->settle(t);
    record_task(ctx, t, Stamp::Fresh, EventKind::PollEnd, static_cast<std::uint64_t>(PollResult::Ready), 0, 0,
                suspended_at);
    ctx.task = nullptr;
    finish_task(rt, ctx, t, has_failed(*t) ? Outcome::Failed : Outcome::Completed);
    return;
  }
  // A task whose own code waits in JoinSet::join_next says so (with the set's size): the wake that
  // ends the wait names one task of the set, whichever finished first.
  record_task(ctx, t, Stamp::Fresh, EventKind::PollEnd, static_cast<std::uint64_t>(PollResult::Pending), t->root.set_size,
              0, suspended_at);
  ctx.task = nullptr;
  bool requeue = false;
  bool cancel = false;
  {
    std::lock_guard guard(t->lock);
    for (Strand* s : w.deferred) t->push_ready_locked(s);
    w.deferred.clear();
    if (t->cancel_requested.load(std::memory_order_acquire)) {
      cancel = true;  // stays Running so no one else schedules it meanwhile
    } else if (t->has_ready_locked()) {
      t->state = TaskState::Scheduled;
      if (rt.virtual_clock) t->extras->ready_at = ctx.vnow;
      requeue = true;
    } else {
      t->state = TaskState::Idle;
      // A lane behind this one in time (a blocking job that ended early) may wake it next: it
      // still cannot be polled again before this poll has ended.
      if (rt.virtual_clock) t->extras->ready_at = ctx.vnow;
    }
  }
  if (cancel) finish_task(rt, ctx, t, Outcome::Cancelled);
  else if (requeue) schedule(rt, ctx, t, /*is_yield=*/true);
}

void finish_task(RuntimeCore& rt, Context& ctx, TaskHeader* t, Outcome outcome) {
  TaskHeader* previous = std::exchange(ctx.task, t);
  Strand* previous_strand = std::exchange(ctx.strand, nullptr);
  switch (outcome) {
    case Outcome::Completed: record_task(ctx, t, Stamp::Fresh, EventKind::TaskCompleted, 0, 0, 0, {}); break;
    case Outcome::Cancelled:
      record_task(ctx, t, Stamp::Fresh, EventKind::TaskCancelled, 0, 0, 0, last_wait_location(*t));
      break;
    case Outcome::Failed:
      if (ctx.recording)
        record_task(ctx, t, Stamp::Fresh, EventKind::TaskFailed, 0, intern_string(ctx, *t->extras->failure), 0, {});
      break;
  }
  {
    std::lock_guard guard(t->lock);
    t->state = TaskState::Complete;
    while (t->pop_ready_locked()) {
    }
  }
  // Destroying a suspended frame runs the destructors of its awaiters: that is what unregisters
  // its timers and channel waits, and drops the handles and senders it held.
  if (t->frame) std::exchange(t->frame, {}).destroy();
  if (t == rt.main) rt.end_ns = now_ns(ctx);
  t->vt->complete(t, static_cast<int>(outcome));
  unregister_live(rt, t);
  if (t == rt.main) rt.main_done.store(true, std::memory_order_release);
  ctx.task = previous;
  ctx.strand = previous_strand;
  release(t);
}

// ---------------------------------------------------------------------------------------------
// Hooks called from the header-only awaitables.

void wake(Context& ctx, Waker waker, WakeCause cause, std::uint64_t source, const std::source_location& loc) {
  Strand* s = waker.strand;
  TaskHeader* t = s->task;
  bool need_schedule = false;
  {
    std::lock_guard guard(t->lock);
    t->push_ready_locked(s);
    // Virtual clock: a lane behind in time may wake a task another lane already polled later on
    // (it jumped ahead to poll it); the wake cannot come before that poll, so this lane catches up.
    if (ctx.rt->virtual_clock && ctx.vnow < t->extras->last_poll_at) ctx.vnow = t->extras->last_poll_at;
    // Recorded under the task's lock so no worker can start the poll it causes before it.
    record_task(ctx, t, Stamp::Fresh, EventKind::TaskWoken, static_cast<std::uint64_t>(cause), source,
                current_task_id(ctx), loc);
    if (t->state == TaskState::Idle) {
      t->state = TaskState::Scheduled;
      if (ctx.rt->virtual_clock) t->extras->ready_at = std::max(t->extras->ready_at, ctx.vnow);
      need_schedule = true;
    }
  }
  if (need_schedule) schedule(*ctx.rt, ctx, t, false);
}

void defer_yield(Context& ctx, std::coroutine_handle<> resume, const std::source_location& loc) {
  Strand* s = ctx.strand;
  s->resume = resume;
  s->set_size = 0;
  s->wait_location = loc;
  TaskId self = s->task->id;
  const auto cause = static_cast<std::uint64_t>(WakeCause::Yield);
  record_task(ctx, s->task, Stamp::Fresh, EventKind::TaskWoken, cause, self, self, loc);
  if (ctx.worker >= 0 && ctx.task) {
    ctx.rt->workers[static_cast<std::size_t>(ctx.worker)]->deferred.push_back(s);
    return;
  }
  // Not inside a worker's poll (cannot happen for tasks, but keep it safe): ready at once.
  std::lock_guard guard(s->task->lock);
  s->task->push_ready_locked(s);
}

void spawn_header(Context& ctx, TaskHeader* t, const std::source_location& loc) {
  RuntimeCore& rt = *ctx.rt;
  t->id = rt.next_task_id.fetch_add(1, std::memory_order_relaxed);
  t->rt = &rt;
  // Before the task is published: a virtual or recorded run keeps its clock and record fields there.
  if (rt.virtual_clock || ctx.recording) extras_of_unpublished(*t).spawn_location = loc;
  register_live(rt, t);
  if (ctx.recording)
    record_task(ctx, t, Stamp::Fresh, EventKind::TaskSpawned, current_task_id(ctx), intern_string(ctx, task_name(*t)), 0, loc);
  {
    std::lock_guard guard(t->lock);
    t->state = TaskState::Scheduled;
    if (rt.virtual_clock) t->extras->ready_at = ctx.vnow;
  }
  schedule(rt, ctx, t, false);
  // A spawn takes time: on the virtual clock a loop of spawns is spread out, so idle workers woken
  // by the first ones can steal while the spawner is still spawning (as they do on real threads).
  if (rt.virtual_clock && ctx.worker >= 0 && ctx.task && rt.options.spawn_cost.count() > 0)
    advance_blocked_worker(rt, ctx, ctx.vnow + static_cast<std::uint64_t>(rt.options.spawn_cost.count()));
}

namespace {
void cancel_in(Context* ctx, TaskHeader* t) {
  bool need_schedule = false;
  {
    std::lock_guard guard(t->lock);
    if (t->state == TaskState::Idle) {
      t->state = TaskState::Scheduled;
      if (ctx->rt->virtual_clock) t->extras->ready_at = std::max(t->extras->ready_at, ctx->vnow);
      need_schedule = true;
      record_task(*ctx, t, Stamp::Fresh, EventKind::TaskWoken, static_cast<std::uint64_t>(WakeCause::Task),
                  current_task_id(*ctx), current_task_id(*ctx), {});
    }
  }
  if (need_schedule) schedule(*ctx->rt, *ctx, t, false);
}
}  // namespace

void request_cancel(TaskHeader* t) {
  t->cancel_requested.store(true, std::memory_order_release);
  Context* here = current_context();
  if (here && here->rt) {
    cancel_in(here, t);
    return;
  }
  // A thread outside the runtime. Until the task has completed, its runtime is still there (the
  // run ends only after finishing every task under its lock), and so is the outside lane.
  std::shared_ptr<OutsideLane> lane;
  {
    std::lock_guard guard(t->lock);
    if (t->state == TaskState::Complete || !t->rt) return;
    lane = t->rt->outside;
  }
  WakingContext there(lane.get());
  if (Context* ctx = there.get()) cancel_in(ctx, t);
}

std::uint64_t create_channel(Context& ctx, std::string_view name, ChannelKind kind, std::uint64_t capacity,
                             const std::source_location& loc) {
  RuntimeCore& rt = *ctx.rt;
  std::uint64_t id = rt.next_channel_id.fetch_add(1, std::memory_order_relaxed);
  {
    std::lock_guard guard(rt.channel_names_mutex);
    rt.channel_names[id] = std::string(name);
  }
  if (ctx.recording)
    record(ctx, EventKind::ChannelCreated, current_task_id(ctx), id, intern_string(ctx, name),
           (capacity & 0xffffffffu) | (static_cast<std::uint64_t>(kind) << 32), loc);
  return id;
}

std::uint32_t intern_string(Context& ctx, std::string_view text) { return ctx.rec->intern(text); }

std::vector<DeadlockEntry> describe_stuck_tasks(RuntimeCore& rt) {
  std::vector<DeadlockEntry> out;
  std::lock_guard guard(rt.live_mutex);
  for (TaskHeader* t = rt.live_head; t; t = t->next_live) {
    DeadlockEntry e;
    e.task = t->id;
    e.task_name = std::string(task_name(*t));
    std::uint64_t object = t->last_wait_object;
    auto channel = [&] {
      std::lock_guard names(rt.channel_names_mutex);
      auto it = rt.channel_names.find(object);
      std::string text = it == rt.channel_names.end() ? std::to_string(object) : it->second;
      text.insert(text.begin(), it == rt.channel_names.end() ? '#' : '\'');
      if (it != rt.channel_names.end()) text.push_back('\'');
      return text;
    };
    switch (t->last_wait_kind) {
      case WaitKind::ChannelRecv: e.waits_on = "recv on channel " + channel(); break;
      case WaitKind::ChannelSend: e.waits_on = "send on full channel " + channel(); break;
      case WaitKind::Lock: e.waits_on = "lock " + channel(); break;
      case WaitKind::Semaphore: e.waits_on = "permit of semaphore " + channel(); break;
      case WaitKind::Join: e.waits_on = "join handle of task " + std::to_string(object); break;
      case WaitKind::Timer: e.waits_on = "timer"; break;
      case WaitKind::Blocking: e.waits_on = "blocking-pool job"; break;
      case WaitKind::Yield: e.waits_on = "yield"; break;
      case WaitKind::None: e.waits_on = "nothing (never polled)"; break;
      case WaitKind::Other: e.waits_on = "another future"; break;
    }
    out.push_back(std::move(e));
  }
  std::sort(out.begin(), out.end(), [](const DeadlockEntry& a, const DeadlockEntry& b) { return a.task < b.task; });
  return out;
}

void cancel_all_remaining(RuntimeCore& rt) {
  Context& ctx = rt.runtime_ctx;
  for (;;) {
    TaskHeader* t = nullptr;
    {
      std::lock_guard guard(rt.live_mutex);
      // Newest first: children often borrow from their parent's frame (a semaphore, a channel),
      // so the parent's frame must outlive theirs. Handles a parent holds stay valid (refcounted).
      t = rt.live_head;
    }
    if (!t) break;
    if (t->frame || t->state != TaskState::Complete) finish_task(rt, ctx, t, Outcome::Cancelled);
  }
  // Whatever the queues still point at is gone now.
  {
    std::lock_guard guard(rt.inject_mutex);
    rt.inject_head = rt.inject_tail = nullptr;
    rt.inject_len.store(0);
  }
  for (auto& w : rt.workers) {
    while (w->local.pop()) {
    }
    w->fifo.clear();
    w->lifo = nullptr;
    w->deferred.clear();
  }
  std::lock_guard guard(rt.blocking_mutex);
  rt.blocking_queue.clear();
}

}  // namespace wakeline::detail
