// run(): builds the runtime for the options, lets the chosen clock drive it, cancels what is
// left when main ends, and merges the lanes' events into the Trace. Also the pieces both clocks
// share: the clock itself, recording, the timer heap, blocking the current thread.
#include <algorithm>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <time.h>

#include "runtime/runtime_core.hpp"
#include "wakeline/detail/saturating.hpp"
#include "wakeline/live_run.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#endif

namespace wakeline::detail {

// --- clock -------------------------------------------------------------------------------------

std::uint64_t read_tsc() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  // rdtscp waits for earlier instructions, so a wake recorded before a release store is stamped
  // before the poll that acquires it on another core (the TSC is invariant on this machine kind).
  unsigned aux;
  return __rdtscp(&aux);
#else
  return static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
#endif
}

double tsc_ns_per_tick() {
#if defined(__x86_64__) || defined(__i386__)
  // Measured once per process against the steady clock; the value never changes afterwards.
  static const double ratio = [] {
    auto t0 = std::chrono::steady_clock::now();
    auto c0 = read_tsc();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    auto t1 = std::chrono::steady_clock::now();
    auto c1 = read_tsc();
    return std::chrono::duration<double, std::nano>(t1 - t0).count() / static_cast<double>(c1 - c0);
  }();
  return ratio;
#else
  return 1.0;
#endif
}

std::uint64_t now_ns(const Context& ctx) noexcept {
  const RuntimeCore& rt = *ctx.rt;
  if (rt.virtual_clock) return ctx.vnow;
  std::uint64_t tsc = read_tsc();
  if (tsc <= rt.tsc_start) return 0;
  return static_cast<std::uint64_t>(static_cast<double>(tsc - rt.tsc_start) * rt.ns_per_tick);
}

void record_event(Context& ctx, EventKind kind, TaskId task, std::uint64_t a, std::uint64_t b, std::uint64_t c,
                  const std::source_location& loc) noexcept {
  // A recv may take a message another lane sent an instant ago: its tick must not be read before
  // the load that found the message. Other events from the awaitables concern the running task.
  // A current_thread run's receives take messages its one worker sent, until some other lane (the
  // blocking pool, a thread outside) sends: that lane says so before its send is published (every
  // channel records its send under its lock), and a receive reads it after taking the message, so
  // only then does it pay the lfence (a recorded ping-pong spent ~20 ns on each).
  RuntimeCore& rt = *ctx.rt;
  Stamp stamp = Stamp::Fresh;
  if (kind == EventKind::ChannelRecv) {
    if (rt.sends_off_worker0.load(std::memory_order_relaxed)) stamp = Stamp::Ordered;
  } else if (kind == EventKind::ChannelSend && ctx.worker != 0 && !rt.sends_off_worker0.load(std::memory_order_relaxed)) {
    rt.sends_off_worker0.store(true, std::memory_order_relaxed);
  }
  append_event(ctx, stamp, 0, kind, task, a, b, c, loc);
}

ThreadRecorder* RuntimeCore::add_recorder(ThreadKind kind, std::uint32_t index, std::string name) {
  std::lock_guard guard(recorders_mutex);
  auto rec = std::make_unique<ThreadRecorder>();
  rec->info = ThreadInfo{kind, index, std::move(name)};
  rec->index = static_cast<ThreadIndex>(recorders.size());
  rec->pool = &chunk_pool;
  rec->virtual_clock = virtual_clock;
  if (virtual_clock) rec->chunk_events = ThreadRecorder::kVirtualChunk;
  rec->event_seq = &event_seq;
  recorders.push_back(std::move(rec));
  return recorders.back().get();
}

std::string describe_exception(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return e.what()[0] ? e.what() : "exception";
  } catch (...) {
    return "unknown exception";
  }
}

// --- timers (one heap, shared by both clocks) --------------------------------------------------

namespace {
bool earlier(const TimerEntry* a, const TimerEntry* b) {
  return a->deadline != b->deadline ? a->deadline < b->deadline : a->id < b->id;
}
void heap_swap(std::vector<TimerEntry*>& h, std::size_t i, std::size_t j) {
  std::swap(h[i], h[j]);
  h[i]->heap_index = i;
  h[j]->heap_index = j;
}
void sift_up(std::vector<TimerEntry*>& h, std::size_t i) {
  while (i > 0) {
    std::size_t parent = (i - 1) / 2;
    if (!earlier(h[i], h[parent])) break;
    heap_swap(h, i, parent);
    i = parent;
  }
}
void sift_down(std::vector<TimerEntry*>& h, std::size_t i) {
  for (;;) {
    std::size_t l = 2 * i + 1, r = l + 1, best = i;
    if (l < h.size() && earlier(h[l], h[best])) best = l;
    if (r < h.size() && earlier(h[r], h[best])) best = r;
    if (best == i) return;
    heap_swap(h, i, best);
    i = best;
  }
}
void heap_remove(std::vector<TimerEntry*>& h, std::size_t i) {
  std::size_t last = h.size() - 1;
  if (i != last) heap_swap(h, i, last);
  h.back()->heap_index = ~std::size_t{0};
  h.pop_back();
  if (i < h.size()) {
    sift_down(h, i);
    sift_up(h, i);
  }
}
}  // namespace

void timer_register(Context& ctx, TimerEntry& entry) {
  RuntimeCore& rt = *ctx.rt;
  bool new_earliest;
  if (auto tick = static_cast<std::uint64_t>(rt.options.timer_tick.count()); tick > 0) {
    // Tokio's wheel fires a timer at the first tick after its deadline: a sleep started just after
    // a tick (as on a real clock it always is) ends up to one tick late. A deadline near the end
    // of time stays where it is rather than wrap.
    std::uint64_t next_tick = (entry.deadline / tick + 1) * tick;
    if (entry.deadline <= static_cast<std::uint64_t>(kForeverNs) - tick) entry.deadline = next_tick;
  }
  {
    std::lock_guard guard(rt.timer_mutex);
    entry.id = rt.next_timer_id++;
    entry.fired = false;
    entry.heap_index = rt.timer_heap.size();
    rt.timer_heap.push_back(&entry);
    sift_up(rt.timer_heap, entry.heap_index);
    new_earliest = entry.heap_index == 0;
    record(ctx, EventKind::TimerSet, entry.task, entry.id, entry.deadline, 0, entry.location);
  }
  if (new_earliest && !rt.virtual_clock) rt.timer_cv.notify_one();
}

void timer_cancel(Context& ctx, TimerEntry& entry) {
  RuntimeCore& rt = *ctx.rt;
  std::lock_guard guard(rt.timer_mutex);
  if (entry.fired || entry.heap_index == ~std::size_t{0}) return;
  heap_remove(rt.timer_heap, entry.heap_index);
  record(ctx, EventKind::TimerCancelled, entry.task, entry.id, entry.deadline, 0, entry.location);
}

void fire_due_timers(RuntimeCore& rt, Context& ctx, std::uint64_t now) {
  std::lock_guard guard(rt.timer_mutex);
  while (!rt.timer_heap.empty() && rt.timer_heap.front()->deadline <= now) {
    TimerEntry* e = rt.timer_heap.front();
    heap_remove(rt.timer_heap, 0);
    e->fired = true;
    // The timer lane's first event about a task another lane polled: after that task's events.
    if (e->waker)
      record_task(ctx, e->waker.strand->task, Stamp::Fresh, EventKind::TimerFired, e->id, e->deadline, 0, e->location);
    else
      record(ctx, EventKind::TimerFired, e->task, e->id, e->deadline, 0, e->location);
    wake(ctx, std::exchange(e->waker, Waker{}), WakeCause::Timer, e->id, e->location);
  }
}

// --- blocking ------------------------------------------------------------------------------------

namespace {
std::int64_t thread_cpu_ns() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}
}  // namespace

void block_current_thread(Context& ctx, std::chrono::nanoseconds d, BlockingKind kind, const std::source_location& loc) {
  if (d.count() <= 0) return;
  RuntimeCore& rt = *ctx.rt;
  // Inside a spawn_blocking job the whole job is already one blocking span on its lane.
  bool recorded = !ctx.on_blocking_pool;
  TaskId task = current_task_id(ctx);
  if (recorded) record(ctx, EventKind::BlockingStart, task, static_cast<std::uint64_t>(kind), d.count(), 0, loc);
  if (rt.virtual_clock && kind == BlockingKind::CpuWork && rt.cpu) {
    share_cores(rt, ctx, static_cast<std::uint64_t>(d.count()));
  } else if (rt.virtual_clock) {
    std::uint64_t until = ctx.vnow + static_cast<std::uint64_t>(d.count());
    if (ctx.worker >= 0 && !ctx.on_blocking_pool) advance_blocked_worker(rt, ctx, until);
    else ctx.vnow = until;
  } else if (kind == BlockingKind::CpuWork) {
    // d of CPU work is d of this thread's CPU time: with more busy threads than cores it takes
    // longer on the wall clock, as real computation does.
    const std::int64_t until = saturating_after(thread_cpu_ns(), d.count());
    volatile std::uint64_t sink = 0;
    while (thread_cpu_ns() < until)
      for (int i = 0; i < 256; ++i) sink = sink + 1;
  } else {
    std::this_thread::sleep_for(d);
  }
  if (recorded) record(ctx, EventKind::BlockingEnd, task, static_cast<std::uint64_t>(kind), d.count(), 0, loc);
}

void submit_blocking(Context& ctx, BlockingJob* job, const std::source_location& loc) {
  RuntimeCore& rt = *ctx.rt;
  TaskHeader* t = job->header;
  t->id = rt.next_task_id.fetch_add(1, std::memory_order_relaxed);
  t->rt = &rt;
  if (rt.virtual_clock || ctx.recording) extras_of_unpublished(*t).spawn_location = loc;
  t->state = TaskState::Scheduled;
  register_live(rt, t);
  if (ctx.recording)
    record_task(ctx, t, Stamp::Fresh, EventKind::TaskSpawned, current_task_id(ctx), intern_string(ctx, task_name(*t)), 1, loc);
  record_task(ctx, t, Stamp::Fresh, EventKind::TaskScheduled, static_cast<std::uint64_t>(QueueKind::Blocking),
              ~std::uint64_t{0}, 0, loc);
  rt.blocking_active.fetch_add(1, std::memory_order_seq_cst);
  start_blocking_job(rt, ctx, job);
}

void complete_blocking_job(RuntimeCore& rt, Context& ctx, BlockingJob* job) {
  TaskHeader* t = job->header;
  finish_task(rt, ctx, t, has_failed(*t) ? Outcome::Failed : Outcome::Completed);
  rt.blocking_active.fetch_sub(1, std::memory_order_seq_cst);
}

// --- run -----------------------------------------------------------------------------------------

namespace {
void init_context(RuntimeCore& rt, Context& ctx, ThreadRecorder* rec, int worker) {
  ctx.rt = &rt;
  ctx.rec = rec;
  ctx.worker = worker;
  ctx.recording = rt.options.record;
}

void fill_trace(RuntimeCore& rt, Trace& trace) {
  trace.run = rt.options.info;
  trace.run.flavor = rt.options.flavor;
  trace.run.workers = rt.options.workers;
  trace.run.clock = rt.options.clock;
  trace.run.seed = rt.options.seed;
  trace.run.poll_cost_ns = rt.virtual_clock ? static_cast<std::uint64_t>(rt.options.poll_cost.count()) : 0;
  trace.run.total_ns = rt.end_ns;
  std::vector<ThreadRecorder*> lanes;
  for (auto& rec : rt.recorders) {
    trace.threads.push_back(rec->info);
    lanes.push_back(rec.get());
  }
  merge_into(trace, lanes, rt.tick_scale(), false);
  add_messages(trace, collect_messages(lanes));
}
}  // namespace

RunReport run_erased(const RuntimeOptions& options, TaskHeader* main, const std::function<void(TaskHeader*)>& on_done) {
  if (auto problem = check_options(options); !problem.empty()) {
    if (main->frame) std::exchange(main->frame, {}).destroy();
    main->vt->destroy(main);
    throw std::invalid_argument(problem);
  }
  RuntimeCore rt;
  rt.options = options;
  rt.virtual_clock = options.clock == ClockKind::Virtual;
  rt.multi = options.flavor == Flavor::MultiThread;
  rt.sends_off_worker0.store(rt.multi, std::memory_order_relaxed);
  rt.global_interval = options.global_queue_interval ? options.global_queue_interval : (rt.multi ? 61u : 31u);
  rt.sim_rng.seed(options.seed);

  std::uint32_t n = rt.multi ? options.workers : 1;
  // The virtual clock simulates its workers on one thread; the real clock's want a core each.
  rt.chunk_pool.may_work_ahead = rt.virtual_clock || n < std::thread::hardware_concurrency();
  for (std::uint32_t i = 0; i < n; ++i) {
    auto w = std::make_unique<Worker>(options.local_queue_capacity);
    w->index = i;
    w->rec = rt.add_recorder(ThreadKind::Worker, i, "worker " + std::to_string(i));
    w->rng.seed(options.seed * 0x9E3779B97F4A7C15ull + i + 1);
    init_context(rt, w->ctx, w->rec, static_cast<int>(i));
    rt.workers.push_back(std::move(w));
  }
  rt.timer_rec = rt.add_recorder(ThreadKind::TimerDriver, 0, "timer driver");
  init_context(rt, rt.timer_ctx, rt.timer_rec, -1);
  rt.runtime_rec = rt.add_recorder(ThreadKind::External, 0, "runtime");
  init_context(rt, rt.runtime_ctx, rt.runtime_rec, -1);
  open_outside_lane(rt);

  if (!rt.virtual_clock) {
    rt.ns_per_tick = tsc_ns_per_tick();
    rt.steady_start = std::chrono::steady_clock::now();
    rt.tsc_start = read_tsc();
  }
  if (options.live) options.live->attach(&rt);

  Context* outer = current_context();
  set_current_context(&rt.runtime_ctx);
  record(rt.runtime_ctx, EventKind::RunStart, 0, static_cast<std::uint64_t>(options.clock), options.seed, 0, {});
  rt.main = main;
  spawn_header(rt.runtime_ctx, main, std::source_location{});  // no lesson line spawned it

  if (rt.virtual_clock) run_virtual(rt); else run_real(rt);

  set_current_context(&rt.runtime_ctx);
  if (!rt.main_done.load()) {
    rt.end_ns = 0;
    for (auto& rec : rt.recorders) rt.end_ns = std::max(rt.end_ns, rt.tick_scale().to_ns(rec->last_time));
    if (rt.virtual_clock) rt.runtime_ctx.vnow = rt.end_ns;
  }
  std::vector<DeadlockEntry> stuck;
  if (rt.deadlocked) stuck = describe_stuck_tasks(rt);
  if (rt.virtual_clock) rt.runtime_ctx.vnow = std::max(rt.runtime_ctx.vnow, rt.end_ns);
  cancel_all_remaining(rt);
  close_outside_lane(rt);
  // The run ends after the last thing any lane did (a worker may still finish a blocking poll
  // after main returned, as Tokio's shutdown waits for it).
  if (rt.virtual_clock)
    for (auto& rec : rt.recorders) rt.runtime_ctx.vnow = std::max(rt.runtime_ctx.vnow, rec->last_time);
  record(rt.runtime_ctx, EventKind::RunEnd, 0, rt.deadlocked ? 1 : 0, 0, 0, {});
  on_done(main);
  if (options.live) options.live->detach();
  set_current_context(outer);

  RunReport report;
  report.deadlocked = rt.deadlocked;
  report.fault = rt.fault;
  report.total_ns = rt.end_ns;
  rt.options.info.deadlock = stuck;
  fill_trace(rt, report.trace);
  report.events_recorded = report.trace.events.size();
  release(main);  // the reference run() kept for on_done
  return report;
}

}  // namespace wakeline::detail

namespace wakeline {

// Every lane is one of the trace's threads: the limits below (64 workers, 4096 blocking threads,
// the timer driver, two external lanes) keep them within Event::thread's 16 bits.
static_assert(64 + 4096 + 3 <= kMaxThreads);

std::string check_options(const RuntimeOptions& o) {
  std::ostringstream why;
  if (o.flavor == Flavor::CurrentThread && o.workers != 1)
    why << "workers is " << o.workers << " but current_thread has exactly 1 worker (use multi_thread for more)";
  else if (o.flavor == Flavor::MultiThread && (o.workers < 1 || o.workers > 64))
    why << "workers is " << o.workers << "; multi_thread allows 1 to 64";
  else if (o.poll_cost.count() < 0)
    why << "poll_cost is negative; allowed: 0 ns or more";
  else if (o.spawn_cost.count() < 0)
    why << "spawn_cost is negative; allowed: 0 ns or more";
  else if (o.local_queue_capacity < 2 || o.local_queue_capacity > (1u << 16) ||
           (o.local_queue_capacity & (o.local_queue_capacity - 1)) != 0)
    why << "local_queue_capacity is " << o.local_queue_capacity << "; allowed: a power of two from 2 to 65536";
  else if (o.global_queue_interval > 1'000'000)
    why << "global_queue_interval is " << o.global_queue_interval << "; allowed: 0 (flavor default) to 1000000";
  else if (o.coop_budget < 1)
    why << "coop_budget is 0; allowed: 1 or more operations per poll";
  else if (o.max_blocking_threads < 1 || o.max_blocking_threads > 4096)
    why << "max_blocking_threads is " << o.max_blocking_threads << "; allowed: 1 to 4096";
  else if (o.blocking_keep_alive.count() < 0)
    why << "blocking_keep_alive is negative; allowed: 0 or more";
  else if (o.deadlock_quiet_period.count() <= 0)
    why << "deadlock_quiet_period must be positive";
  else if (o.max_virtual_time.count() <= 0)
    why << "max_virtual_time must be positive";
  else if (o.timer_tick.count() < 0 || o.timer_tick > std::chrono::seconds(1))
    why << "timer_tick is " << o.timer_tick.count() << " ns; allowed: 0 (exact) to 1 s (Tokio's wheel: 1 ms)";
  else if (o.cores > 1024)
    why << "cores is " << o.cores << "; allowed: 0 (unlimited) to 1024";
  else if (o.cores != 0 && o.clock == ClockKind::Real)
    why << "cores is " << o.cores << " but the real clock runs on the machine's own cores; allowed with the real "
           "clock: 0 (cores applies to the virtual clock)";
  return why.str();
}

}  // namespace wakeline
