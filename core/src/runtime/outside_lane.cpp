// The outside lane: how a thread the runtime does not run (a std::thread) wakes its tasks. Such a
// thread has no worker context of its own, so it borrows this one, one thread at a time, and its
// wakes go the way any wake from off a worker goes: the inject queue, then an unparked worker.
// The lane's recorder is added on first use, so a run that never needs it keeps its thread list.
#include <algorithm>

#include "runtime/runtime_core.hpp"

namespace wakeline::detail {

struct OutsideLane {
  std::mutex mutex;
  RuntimeCore* rt = nullptr;  // null once the run has ended: no task is left to wake
  Context ctx;
};

void open_outside_lane(RuntimeCore& rt) {
  rt.outside = std::make_shared<OutsideLane>();
  rt.outside->rt = &rt;
}

void close_outside_lane(RuntimeCore& rt) {
  std::lock_guard guard(rt.outside->mutex);
  rt.outside->rt = nullptr;
}

std::shared_ptr<OutsideLane> outside_lane(Context& ctx) { return ctx.rt->outside; }

Context* enter_outside(OutsideLane& lane) {
  lane.mutex.lock();
  RuntimeCore* rt = lane.rt;
  if (!rt) {
    lane.mutex.unlock();
    return nullptr;
  }
  Context& ctx = lane.ctx;
  if (!ctx.rec) {
    ctx.rec = rt->add_recorder(ThreadKind::External, kOutsideLaneIndex, std::string(kOutsideLaneName));
    ctx.rt = rt;
    ctx.recording = rt->options.record;
  }
  // Virtual clock: the simulation is one OS thread, so another thread can only act while a poll
  // waits for it (the task joins the thread): that worker's instant is now.
  if (rt->virtual_clock)
    for (auto& w : rt->workers) ctx.vnow = std::max(ctx.vnow, w->ctx.vnow);
  return &ctx;
}

void leave_outside(OutsideLane& lane) noexcept { lane.mutex.unlock(); }

}  // namespace wakeline::detail
