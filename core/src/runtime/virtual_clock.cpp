// The virtual clock: a deterministic discrete-event simulation of the same schedulers on one OS
// thread. Each worker is a lane with its own clock; a poll costs options.poll_cost; block_thread
// and cpu_work advance the lane by exactly their duration; time jumps to the next timer only when
// no lane has anything to do at an earlier instant. Same-instant ties and steal victims come from
// the seed, so a seed and a configuration always give the same trace.
#include <algorithm>

#include "runtime/runtime_core.hpp"
#include "wakeline/detail/saturating.hpp"
#include "wakeline/live_run.hpp"

namespace wakeline::detail {

void push_sim(RuntimeCore& rt, std::uint64_t time, SimKind kind, std::uint32_t target, BlockingJob* job) {
  rt.sim.push(SimEvent{time, rt.sim_rng(), rt.sim_seq++, kind, target, job});
}

namespace {

constexpr std::uint64_t kNever = ~std::uint64_t{0};

// "24 h", "90 s", "1500 ms": the largest unit that divides the span.
std::string describe_span(Nanos span) {
  const auto ns = span.count();
  if (ns % 3'600'000'000'000 == 0) return std::to_string(ns / 3'600'000'000'000) + " h";
  if (ns % 1'000'000'000 == 0) return std::to_string(ns / 1'000'000'000) + " s";
  if (ns % 1'000'000 == 0) return std::to_string(ns / 1'000'000) + " ms";
  return std::to_string(ns) + " ns";
}

void run_on_lane(RuntimeCore& rt, std::uint32_t lane_index, BlockingJob* job, std::uint64_t start) {
  BlockingLane& lane = *rt.blocking_lanes[lane_index];
  TaskHeader* t = job->header;
  lane.ctx.vnow = std::max(start, lane.free_at);
  if (rt.cpu) {
    start_on_lane_thread(rt, lane, job);  // the job may wait for a core inside cpu_work
    return;
  }
  Context* previous = current_context();
  set_current_context(&lane.ctx);
  lane.ctx.task = t;
  record(lane.ctx, EventKind::BlockingStart, t->id, static_cast<std::uint64_t>(BlockingKind::SpawnBlocking), 0, 0,
         spawn_location(*t));
  job->run(job);  // block_thread/cpu_work inside advance lane.ctx.vnow
  record(lane.ctx, EventKind::BlockingEnd, t->id, static_cast<std::uint64_t>(BlockingKind::SpawnBlocking), 0, 0,
         spawn_location(*t));
  lane.ctx.task = nullptr;
  set_current_context(previous);
  lane.free_at = lane.ctx.vnow;
  // The job's result becomes visible, and its awaiter wakes, when the lane's clock says it ended.
  push_sim(rt, lane.free_at, SimKind::BlockingDone, lane_index, job);
}

std::uint64_t next_timer_deadline(RuntimeCore& rt) {
  return rt.timer_heap.empty() ? kNever : rt.timer_heap.front()->deadline;
}

void worker_step(RuntimeCore& rt, Worker& w, std::uint64_t at) {
  w.run_pending = false;
  w.ctx.vnow = std::max(w.ctx.vnow, at);
  set_current_context(&w.ctx);
  if (TaskHeader* t = next_task(rt, w)) {
    poll_task(rt, w, t);
    w.free_at = w.ctx.vnow;
    push_sim(rt, w.ctx.vnow, SimKind::WorkerRun, w.index, nullptr);
    w.run_pending = true;
    return;
  }
  record(w.ctx, EventKind::WorkerPark, 0, 0, 0, 0, {});
  std::lock_guard guard(rt.idle_mutex);
  w.parked = true;
  rt.idle.push_back(w.index);
  rt.num_idle.fetch_add(1);
}

}  // namespace

void start_blocking_job(RuntimeCore& rt, Context& ctx, BlockingJob* job) {
  if (!rt.virtual_clock) {
    start_blocking_job_real(rt, job);
    return;
  }
  std::uint64_t now = now_ns(ctx);
  for (std::uint32_t i = 0; i < rt.blocking_lanes.size(); ++i) {
    if (rt.blocking_lanes[i]->free_at <= now && !rt.blocking_lanes[i]->ctx.task) {
      run_on_lane(rt, i, job, now);
      return;
    }
  }
  if (rt.blocking_lanes.size() < rt.options.max_blocking_threads) {
    auto lane = std::make_unique<BlockingLane>();
    auto number = static_cast<std::uint32_t>(rt.blocking_lanes.size());
    lane->index = number;
    lane->rec = rt.add_recorder(ThreadKind::Blocking, number, "blocking " + std::to_string(number));
    lane->ctx.rt = &rt;
    lane->ctx.rec = lane->rec;
    lane->ctx.recording = rt.options.record;
    lane->ctx.on_blocking_pool = true;
    lane->free_at = now;
    rt.blocking_lanes.push_back(std::move(lane));
    run_on_lane(rt, number, job, now);
    return;
  }
  rt.blocking_queue.push_back(job);  // every lane busy: waits for the first to free up
}

// Processes simulation events due strictly before `limit`, in time order.
SimStop simulate(RuntimeCore& rt, std::uint64_t limit) {
  for (;;) {
    if (rt.main_done.load(std::memory_order_relaxed)) return SimStop::Done;
    if (rt.cpu_frames_done > 0) return SimStop::Limit;  // a worker's cpu_work is done: back to it
    if (!rt.fault.empty()) return SimStop::Fault;
    if (rt.options.live && rt.options.live->stop_requested()) {
      rt.fault = "stopped by the user";
      return SimStop::Fault;
    }
    if (rt.event_seq > rt.options.max_events) {
      rt.fault = "stopped after " + std::to_string(rt.options.max_events) +
                 " events (max_events): the lesson may never end";
      return SimStop::Fault;
    }
    std::uint64_t timer_at = next_timer_deadline(rt);
    std::uint64_t sim_at = rt.sim.empty() ? kNever : rt.sim.top().time;
    std::uint64_t cpu_at = rt.cpu ? rt.cpu->next_finish() : kNever;
    std::uint64_t at = std::min({timer_at, sim_at, cpu_at});
    if (at == kNever) return SimStop::Idle;
    if (at >= limit) return SimStop::Limit;
    if (at > static_cast<std::uint64_t>(rt.options.max_virtual_time.count())) {
      // A sleep past the limit is reported as one that never fires, not as an immediate wake.
      std::string why = "the lesson may never end";
      if (at == timer_at && at >= static_cast<std::uint64_t>(kForeverNs))
        why = "the next timer is a sleep of forever: it never fires within the run";
      else if (at == timer_at)
        why = "the next timer is due at " + describe_span(Nanos(at)) + ": it never fires within the run";
      rt.fault = "stopped at the virtual time limit (max_virtual_time, " + describe_span(rt.options.max_virtual_time) +
                 "): " + why;
      return SimStop::Fault;
    }
    // Timers due at the same instant fire first, so the tasks they wake are visible to the lanes.
    if (timer_at == at) {
      rt.timer_ctx.vnow = std::max(rt.timer_ctx.vnow, timer_at);
      set_current_context(&rt.timer_ctx);
      fire_due_timers(rt, rt.timer_ctx, timer_at);
      continue;
    }
    // Then work finishing on the cores, so the threads it frees are running again.
    if (cpu_at == at) {
      finish_cpu_work(rt, cpu_at);
      continue;
    }
    SimEvent e = rt.sim.top();
    rt.sim.pop();
    if (e.kind == SimKind::WorkerRun) {
      worker_step(rt, *rt.workers[e.target], e.time);
      continue;
    }
    BlockingLane& lane = *rt.blocking_lanes[e.target];
    lane.ctx.vnow = std::max(lane.ctx.vnow, e.time);
    set_current_context(&lane.ctx);
    complete_blocking_job(rt, lane.ctx, e.job);
    if (!rt.blocking_queue.empty() && !lane.ctx.task) {
      BlockingJob* next = rt.blocking_queue.front();
      rt.blocking_queue.pop_front();
      run_on_lane(rt, e.target, next, e.time);
    }
  }
}

void run_virtual(RuntimeCore& rt) {
  if (rt.options.cores > 0) {
    rt.cpu = std::make_unique<CpuShare>();
    rt.cpu->cores = rt.options.cores;
  }
  // Every worker starts looking for work at instant 0; the seed orders them.
  for (auto& w : rt.workers) push_sim(rt, 0, SimKind::WorkerRun, w->index, nullptr);
  rt.sim_limit = kNever;
  // Idle: nothing runnable, no timer, no blocking job: nothing can ever wake the tasks left.
  if (simulate(rt, kNever) == SimStop::Idle) rt.deadlocked = true;
  if (rt.cpu) stop_lane_threads(rt);
}

void advance_blocked_worker(RuntimeCore& rt, Context& ctx, std::uint64_t until) {
  // A poll that blocks holds its worker until `until`. Let every other lane catch up to that
  // instant first, so nothing this poll does afterwards is seen by them at an earlier time.
  // Nested blocks can only narrow the window (the outer worker resumes at its own instant).
  std::uint64_t saved = rt.sim_limit;
  rt.sim_limit = std::min(saved, until);
  simulate(rt, rt.sim_limit);
  rt.sim_limit = saved;
  ctx.vnow = std::max(ctx.vnow, until);
  set_current_context(&ctx);
}

}  // namespace wakeline::detail
