// Limited cores on the virtual clock (RuntimeOptions::cores, cpu_share.hpp). A cpu_work call
// becomes a demand on the shared cores and its thread waits until the demand is done:
// - on a blocking-pool lane, the job runs on an OS thread of its own (LaneThread) that hands
//   control back to the simulation inside cpu_work and gets it again when the work is done;
// - on a worker, the poll waits on the simulation's stack, as block_thread does, while the
//   simulation runs everything else until that work is done.
// A worker whose cpu_work is still going when an enclosing wait ends (an outer block, the run's
// end) cannot wait any longer on the stack: it goes on at the instant its work would end at the
// current share, and the work keeps its share of the cores until then.
#include <algorithm>
#include <stdexcept>

#include "runtime/runtime_core.hpp"

namespace wakeline::detail {

namespace {

// Gives the lane's thread its turn and waits until it gives it back (inside cpu_work, or at the
// end of its job). The caller is whoever runs the simulation now.
void resume_lane(RuntimeCore& rt, BlockingLane& lane) {
  LaneThread& lt = *lane.thread;
  BlockingJob* finished = nullptr;
  {
    std::unique_lock lock(lt.mutex);
    lt.lane_turn = true;
    lt.cv.notify_all();
    lt.cv.wait(lock, [&] { return !lt.lane_turn; });
    finished = std::exchange(lt.finished, nullptr);
  }
  if (!finished) return;
  // The job's result becomes visible, and its awaiter wakes, when the lane's clock says it ended.
  lane.free_at = lane.ctx.vnow;
  push_sim(rt, lane.free_at, SimKind::BlockingDone, lane.index, finished);
}

// The lane's thread: one job at a time, each started by start_on_lane_thread.
void lane_thread_main(BlockingLane& lane) {
  set_current_context(&lane.ctx);
  LaneThread& lt = *lane.thread;
  std::unique_lock lock(lt.mutex);
  for (;;) {
    lt.cv.wait(lock, [&] { return lt.lane_turn; });
    if (lt.quit) break;
    BlockingJob* job = std::exchange(lt.job, nullptr);
    lock.unlock();
    TaskHeader* t = job->header;
    job->run(job);  // cpu_work inside hands the turn back until its work is done
    record(lane.ctx, EventKind::BlockingEnd, t->id, static_cast<std::uint64_t>(BlockingKind::SpawnBlocking), 0, 0,
           spawn_location(*t));
    lane.ctx.task = nullptr;
    lock.lock();
    lt.finished = job;
    lt.lane_turn = false;
    lt.cv.notify_all();
  }
  lt.lane_turn = false;
  lt.cv.notify_all();
  set_current_context(nullptr);
}

BlockingLane& lane_of(RuntimeCore& rt, Context& ctx) {
  for (auto& lane : rt.blocking_lanes)
    if (&lane->ctx == &ctx) return *lane;
  throw std::logic_error("cpu_work on a blocking-pool context the runtime does not know");
}

void share_on_lane(RuntimeCore& rt, BlockingLane& lane, std::uint64_t work_ns) {
  auto demand = rt.cpu->start(lane.ctx.vnow, work_ns, &lane);
  LaneThread& lt = *lane.thread;
  {
    std::unique_lock lock(lt.mutex);
    lt.lane_turn = false;
    lt.cv.notify_all();
    lt.cv.wait(lock, [&] { return lt.lane_turn; });
  }
  // Resumed when the work is done, or early when the run is over (then the time stands).
  if (demand->done) lane.ctx.vnow = std::max(lane.ctx.vnow, demand->done_at);
}

void share_on_worker(RuntimeCore& rt, Context& ctx, std::uint64_t work_ns) {
  auto demand = rt.cpu->start(ctx.vnow, work_ns, nullptr);
  // Nothing else may happen on this worker meanwhile: the others run until the work is done,
  // unless something enclosing this poll's wait has to go on first.
  if (rt.cpu_frames_done == 0) simulate(rt, rt.sim_limit);
  if (demand->done) {
    --rt.cpu_frames_done;
    ctx.vnow = std::max(ctx.vnow, demand->done_at);
  } else {
    demand->detached = true;
    ctx.vnow = std::max(ctx.vnow, rt.cpu->projected_finish(*demand));
  }
  set_current_context(&ctx);
}

}  // namespace

void share_cores(RuntimeCore& rt, Context& ctx, std::uint64_t work_ns) {
  if (rt.cpu_draining) return;
  if (ctx.on_blocking_pool) share_on_lane(rt, lane_of(rt, ctx), work_ns);
  else if (ctx.worker >= 0) share_on_worker(rt, ctx, work_ns);
  else ctx.vnow += work_ns;
}

void start_on_lane_thread(RuntimeCore& rt, BlockingLane& lane, BlockingJob* job) {
  TaskHeader* t = job->header;
  lane.ctx.task = t;
  record(lane.ctx, EventKind::BlockingStart, t->id, static_cast<std::uint64_t>(BlockingKind::SpawnBlocking), 0, 0,
         spawn_location(*t));
  if (!lane.thread) {
    lane.thread = std::make_unique<LaneThread>();
    lane.thread->thread = std::thread([&lane] { lane_thread_main(lane); });
  }
  lane.thread->job = job;
  Context* previous = current_context();
  resume_lane(rt, lane);
  set_current_context(previous);
}

void finish_cpu_work(RuntimeCore& rt, std::uint64_t at) {
  for (auto& demand : rt.cpu->finish_due(at)) {
    if (demand->lane) {
      BlockingLane& lane = *demand->lane;
      lane.ctx.vnow = std::max(lane.ctx.vnow, demand->done_at);
      resume_lane(rt, lane);
    } else if (!demand->detached) {
      ++rt.cpu_frames_done;  // the simulation returns to that worker's poll next
    }
  }
}

void stop_lane_threads(RuntimeCore& rt) {
  // Jobs still inside cpu_work run to their end at once (as Tokio's shutdown waits for blocking
  // jobs), so no thread is left holding a task the runtime is about to drop.
  rt.cpu_draining = true;
  for (auto& lane : rt.blocking_lanes) {
    if (!lane->thread) continue;
    if (lane->ctx.task) resume_lane(rt, *lane);
    {
      std::lock_guard guard(lane->thread->mutex);
      lane->thread->quit = true;
      lane->thread->lane_turn = true;
      lane->thread->cv.notify_all();
    }
    lane->thread->thread.join();
  }
}

}  // namespace wakeline::detail
