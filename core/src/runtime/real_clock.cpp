// The real clock: workers are OS threads (current_thread: the thread that called run()), the timer
// driver is its own thread sleeping until the earliest deadline, and spawn_blocking jobs run on a
// pool of threads started on demand. Deadlock: every worker parked, no timer, no blocking job,
// for the quiet period.
#include <algorithm>

#include "runtime/runtime_core.hpp"
#include "wakeline/live_run.hpp"

namespace wakeline::detail {

namespace {

constexpr auto kParkSlice = std::chrono::milliseconds(10);

bool quiescent(RuntimeCore& rt) {
  if (rt.num_idle.load(std::memory_order_seq_cst) != rt.workers.size()) return false;
  if (rt.blocking_active.load(std::memory_order_seq_cst) != 0) return false;
  if (rt.inject_len.load(std::memory_order_seq_cst) != 0) return false;
  std::lock_guard guard(rt.timer_mutex);
  return rt.timer_heap.empty();
}

bool should_stop(RuntimeCore& rt) {
  if (rt.options.live && rt.options.live->stop_requested()) {
    if (rt.fault.empty()) rt.fault = "stopped by the user";
    return true;
  }
  return false;
}

void begin_shutdown(RuntimeCore& rt) {
  rt.shutdown.store(true, std::memory_order_seq_cst);
  for (auto& w : rt.workers) {
    std::lock_guard guard(w->park_mutex);
    w->unparked = true;
    w->park_cv.notify_one();
  }
  {
    std::lock_guard guard(rt.timer_mutex);
    rt.timer_cv.notify_all();
  }
  std::lock_guard guard(rt.blocking_mutex);
  rt.blocking_cv.notify_all();
}

// Returns false when the run should end (main done, shutdown, deadlock or stop).
bool park(RuntimeCore& rt, Worker& w, bool watches_deadlock) {
  record(w.ctx, EventKind::WorkerPark, 0, 0, 0, 0, {});
  {
    std::lock_guard guard(rt.idle_mutex);
    w.parked = true;
    rt.idle.push_back(w.index);
    rt.num_idle.fetch_add(1, std::memory_order_seq_cst);
  }
  // Re-check after announcing ourselves idle: a task pushed before that saw no idle worker.
  if (has_visible_work(rt) || rt.shutdown.load()) {
    std::lock_guard guard(rt.idle_mutex);
    if (w.parked) {
      rt.idle.erase(std::find(rt.idle.begin(), rt.idle.end(), w.index));
      rt.num_idle.fetch_sub(1, std::memory_order_seq_cst);
      w.parked = false;
      record(w.ctx, EventKind::WorkerUnpark, 0, 0, 0, 0, {});
      return !rt.shutdown.load();
    }
  }
  auto quiet_since = std::chrono::steady_clock::now();
  std::unique_lock lock(w.park_mutex);
  while (!w.unparked && !rt.shutdown.load()) {
    w.park_cv.wait_for(lock, kParkSlice);
    if (w.unparked || rt.shutdown.load()) break;
    if (!watches_deadlock) continue;
    lock.unlock();
    bool stop = should_stop(rt) || rt.main_done.load();
    if (!stop && quiescent(rt)) {
      if (std::chrono::steady_clock::now() - quiet_since >= rt.options.deadlock_quiet_period) {
        rt.deadlocked = true;
        stop = true;
      }
    } else {
      quiet_since = std::chrono::steady_clock::now();
    }
    lock.lock();
    if (stop) {
      lock.unlock();
      return false;
    }
  }
  w.unparked = false;
  std::uint64_t cause = w.unpark_cause;
  lock.unlock();
  {
    // Shutdown may find us still listed as idle.
    std::lock_guard guard(rt.idle_mutex);
    if (w.parked) {
      rt.idle.erase(std::find(rt.idle.begin(), rt.idle.end(), w.index));
      rt.num_idle.fetch_sub(1, std::memory_order_seq_cst);
      w.parked = false;
    }
  }
  record(w.ctx, EventKind::WorkerUnpark, 0, cause, 0, 0, {});
  return !rt.shutdown.load();
}

void worker_loop(RuntimeCore& rt, Worker& w, bool watches_deadlock) {
  set_current_context(&w.ctx);
  while (!rt.shutdown.load(std::memory_order_acquire)) {
    if (rt.main_done.load(std::memory_order_acquire)) break;
    if (TaskHeader* t = next_task(rt, w)) {
      poll_task(rt, w, t);
      if (watches_deadlock && should_stop(rt)) break;
      continue;
    }
    if (!park(rt, w, watches_deadlock)) break;
  }
  set_current_context(nullptr);
}

void timer_loop(RuntimeCore& rt) {
  set_current_context(&rt.timer_ctx);
  std::unique_lock lock(rt.timer_mutex);
  while (!rt.shutdown.load()) {
    if (rt.timer_heap.empty()) {
      rt.timer_cv.wait(lock);
      continue;
    }
    auto deadline = rt.timer_heap.front()->deadline;
    auto now = now_ns(rt.timer_ctx);
    if (deadline > now) {
      // A wait, not an absolute time point: steady_start + a "forever" deadline would overflow
      // into the past and spin. Far deadlines are re-checked every hour.
      constexpr std::uint64_t kLongestWait = 3'600'000'000'000ull;
      rt.timer_cv.wait_for(lock, std::chrono::nanoseconds(std::min(deadline - now, kLongestWait)));
      continue;
    }
    lock.unlock();
    fire_due_timers(rt, rt.timer_ctx, now);
    lock.lock();
  }
  set_current_context(nullptr);
}

void blocking_loop(RuntimeCore& rt, BlockingLane& lane) {
  set_current_context(&lane.ctx);
  std::unique_lock lock(rt.blocking_mutex);
  for (;;) {
    if (rt.shutdown.load()) break;
    if (rt.blocking_queue.empty()) {
      ++rt.blocking_idle;
      bool woke = rt.blocking_cv.wait_for(lock, rt.options.blocking_keep_alive,
                                          [&] { return !rt.blocking_queue.empty() || rt.shutdown.load(); });
      --rt.blocking_idle;
      if (!woke) break;  // idle for the keep-alive period: the thread exits, like Tokio's
      continue;
    }
    BlockingJob* job = rt.blocking_queue.front();
    rt.blocking_queue.pop_front();
    lock.unlock();
    TaskHeader* t = job->header;
    lane.ctx.task = t;
    const auto kind = static_cast<std::uint64_t>(BlockingKind::SpawnBlocking);
    record_task(lane.ctx, t, Stamp::Fresh, EventKind::BlockingStart, kind, 0, 0, spawn_location(*t));
    job->run(job);
    record_task(lane.ctx, t, Stamp::Fresh, EventKind::BlockingEnd, kind, 0, 0, spawn_location(*t));
    lane.ctx.task = nullptr;
    complete_blocking_job(rt, lane.ctx, job);
    lock.lock();
  }
  set_current_context(nullptr);
}

}  // namespace

void unpark_worker(RuntimeCore& rt, Context& ctx, Worker& w, TaskId cause) {
  if (rt.virtual_clock) {
    std::uint64_t at = std::max(now_ns(ctx), w.ctx.vnow);
    w.ctx.vnow = at;
    record(w.ctx, EventKind::WorkerUnpark, 0, cause, 0, 0, {});
    rt.sim.push(SimEvent{at, rt.sim_rng(), rt.sim_seq++, SimKind::WorkerRun, w.index, nullptr});
    w.run_pending = true;
    return;
  }
  std::lock_guard guard(w.park_mutex);
  w.unparked = true;
  w.unpark_cause = cause;
  w.park_cv.notify_one();
}

void start_blocking_job_real(RuntimeCore& rt, BlockingJob* job) {
  std::lock_guard guard(rt.blocking_mutex);
  rt.blocking_queue.push_back(job);
  if (rt.blocking_idle > rt.blocking_queue.size() - 1) {
    rt.blocking_cv.notify_one();
    return;
  }
  if (rt.blocking_threads.size() >= rt.options.max_blocking_threads) return;  // queued until one frees
  auto lane = std::make_unique<BlockingLane>();
  auto number = static_cast<std::uint32_t>(rt.blocking_lanes.size());
  lane->rec = rt.add_recorder(ThreadKind::Blocking, number, "blocking " + std::to_string(number));
  lane->ctx.rt = &rt;
  lane->ctx.rec = lane->rec;
  lane->ctx.recording = rt.options.record;
  lane->ctx.on_blocking_pool = true;
  BlockingLane* raw = lane.get();
  rt.blocking_lanes.push_back(std::move(lane));
  rt.blocking_threads.emplace_back([&rt, raw] { blocking_loop(rt, *raw); });
}

void run_real(RuntimeCore& rt) {
  std::thread timer([&rt] { timer_loop(rt); });
  std::vector<std::thread> threads;
  if (rt.multi) {
    for (auto& w : rt.workers) threads.emplace_back([&rt, wp = w.get()] { worker_loop(rt, *wp, false); });
    // The calling thread watches for the end, a stop request or a deadlock.
    auto quiet_since = std::chrono::steady_clock::now();
    while (!rt.main_done.load(std::memory_order_acquire)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      if (should_stop(rt)) break;
      if (quiescent(rt)) {
        if (std::chrono::steady_clock::now() - quiet_since >= rt.options.deadlock_quiet_period) {
          rt.deadlocked = true;
          break;
        }
      } else {
        quiet_since = std::chrono::steady_clock::now();
      }
    }
  } else {
    worker_loop(rt, *rt.workers[0], true);
  }
  begin_shutdown(rt);
  for (auto& t : threads) t.join();
  timer.join();
  std::vector<std::thread> blocking;
  {
    std::lock_guard guard(rt.blocking_mutex);
    blocking.swap(rt.blocking_threads);
  }
  for (auto& t : blocking) t.join();
}

}  // namespace wakeline::detail
