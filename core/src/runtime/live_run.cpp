#include "wakeline/live_run.hpp"

#include "runtime/runtime_core.hpp"

namespace wakeline {

void LiveRun::attach(detail::RuntimeCore* rt) {
  std::lock_guard guard(mutex_);
  rt_ = rt;
  running_.store(true, std::memory_order_release);
}

void LiveRun::detach() {
  std::lock_guard guard(mutex_);
  rt_ = nullptr;
  running_.store(false, std::memory_order_release);
}

Trace LiveRun::snapshot() const {
  Trace trace;
  std::lock_guard guard(mutex_);
  if (!rt_) return trace;
  std::vector<detail::ThreadRecorder*> lanes;
  {
    std::lock_guard recorders(rt_->recorders_mutex);
    for (auto& rec : rt_->recorders) {
      trace.threads.push_back(rec->info);
      lanes.push_back(rec.get());
    }
  }
  trace.run = rt_->options.info;
  trace.run.flavor = rt_->options.flavor;
  trace.run.workers = rt_->options.workers;
  trace.run.clock = rt_->options.clock;
  trace.run.seed = rt_->options.seed;
  auto messages = detail::collect_messages(lanes);  // before the events: each text's send is then in them
  detail::merge_into(trace, lanes, rt_->tick_scale(), true);
  detail::add_messages(trace, std::move(messages));
  if (!trace.events.empty()) trace.run.total_ns = trace.events.back().time_ns;
  return trace;
}

}  // namespace wakeline
