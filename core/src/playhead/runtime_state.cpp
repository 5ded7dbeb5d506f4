// RuntimeState's lookups and the names of its enums.
#include "wakeline/playhead/runtime_state.hpp"

#include <algorithm>
#include <array>

namespace wakeline {
namespace {
template <typename Enum, std::size_t N>
std::string_view name_of(Enum value, const std::array<std::string_view, N>& names) {
  const auto index = static_cast<std::size_t>(value);
  return index < N ? names[index] : std::string_view("?");
}
}  // namespace

std::string_view to_string(TaskStatus status) {
  static constexpr std::array<std::string_view, 7> names = {"not spawned", "ready",     "running", "waiting",
                                                            "completed",   "cancelled", "failed"};
  return name_of(status, names);
}
std::string_view to_string(TaskQueue queue) {
  static constexpr std::array<std::string_view, 6> names = {"none", "lifo", "local", "inject", "blocking", "taken"};
  return name_of(queue, names);
}
std::string_view to_string(WaitingOn on) {
  static constexpr std::array<std::string_view, 9> names = {"nothing", "timer",     "channel send", "channel recv", "join",
                                                            "lock",    "semaphore", "unknown",      "join set"};
  return name_of(on, names);
}
std::string_view to_string(WorkerActivity activity) {
  static constexpr std::array<std::string_view, 3> names = {"idle", "polling", "parked"};
  return name_of(activity, names);
}

std::span<const PrintedLine> RuntimeState::printed() const {
  if (!output) return {};
  return std::span<const PrintedLine>(*output).first(std::min(printed_count, output->size()));
}

const TaskState& RuntimeState::task(TaskId id) const {
  static const TaskState not_spawned;
  return id < tasks.size() ? tasks[id] : not_spawned;
}

const WorkerState* RuntimeState::worker_on(ThreadIndex thread) const {
  for (const WorkerState& w : workers)
    if (w.thread == thread) return &w;
  return nullptr;
}

const ChannelState* RuntimeState::channel(std::uint64_t id) const {
  auto it = std::lower_bound(channels.begin(), channels.end(), id, [](const ChannelState& c, std::uint64_t v) { return c.id < v; });
  return it != channels.end() && it->id == id ? &*it : nullptr;
}

std::vector<const PendingTimer*> RuntimeState::timers_of(TaskId task) const {
  std::vector<const PendingTimer*> out;
  for (const PendingTimer& t : timers)
    if (t.task == task) out.push_back(&t);
  return out;
}

namespace {

bool has_ended(TaskStatus status) {
  return status == TaskStatus::Completed || status == TaskStatus::Cancelled || status == TaskStatus::Failed;
}

class ConsistencyCheck {
 public:
  explicit ConsistencyCheck(const RuntimeState& s) : s_(s), seen_(s.tasks.size(), 0) {}

  std::string run() {
    for (const WorkerState& w : s_.workers) {
      const std::string name = "worker " + std::to_string(w.worker);
      queued(w.lifo, TaskQueue::Lifo, w.thread, name + "'s LIFO slot");
      queued(w.taken, TaskQueue::Taken, w.thread, name + "'s hand");
      for (TaskId t : w.local) queued(t, TaskQueue::Local, w.thread, name + "'s local run queue");
      if (w.activity == WorkerActivity::Polling) {
        const TaskState& ts = s_.task(w.task);
        // A steal recorded before the requeue that allowed it (see replay.cpp) takes the task
        // while its poll is still open: tolerated, the trace says so.
        if ((ts.status != TaskStatus::Running || ts.thread != w.thread) && ts.queue != TaskQueue::Taken)
          fail(name + " polls task " + std::to_string(w.task) + " but that task is " + std::string(to_string(ts.status)));
      }
    }
    for (TaskId t : s_.inject) queued(t, TaskQueue::Inject, kNoThread, "the inject queue");
    for (TaskId t : s_.blocking_queue) queued(t, TaskQueue::Blocking, kNoThread, "the blocking pool's queue");
    for (TaskId t = 1; t < s_.tasks.size(); ++t) {
      const TaskState& ts = s_.tasks[t];
      if (ts.status == TaskStatus::Ready && ts.queue != TaskQueue::None && seen_[t] == 0)
        fail("task " + std::to_string(t) + " is ready in " + std::string(to_string(ts.queue)) + " but no queue holds it");
      if (ts.status == TaskStatus::Running) {
        const WorkerState* w = s_.worker_on(ts.thread);
        if (w && w->task != t) fail("task " + std::to_string(t) + " is running on worker " + std::to_string(w->worker) + ", which polls another");
      }
    }
    for (const ChannelState& ch : s_.channels) {
      for (TaskId t : ch.waiting_senders)
        if (has_ended(s_.task(t).status)) fail("task " + std::to_string(t) + " has ended but waits to send on " + ch.name);
      for (TaskId t : ch.waiting_receivers)
        if (has_ended(s_.task(t).status)) fail("task " + std::to_string(t) + " has ended but waits on " + ch.name);
      if (ch.kind == ChannelKind::Mpsc && ch.capacity != 0 && ch.buffered.size() > ch.capacity)
        fail(ch.name + " buffers " + std::to_string(ch.buffered.size()) + " messages, over its capacity");
    }
    // A cancelled task's sleep is cancelled by the event after its TaskCancelled: not checked.
    for (const PendingTimer& timer : s_.timers) {
      const TaskStatus status = s_.task(timer.task).status;
      if (status == TaskStatus::Completed || status == TaskStatus::Failed)
        fail("timer " + std::to_string(timer.id) + " is pending for task " + std::to_string(timer.task) + ", which has ended");
    }
    if (s_.ended && !s_.deadlocked) at_the_end();
    return problem_;
  }

 private:
  void fail(std::string text) {
    if (problem_.empty()) problem_ = std::move(text);
  }

  void queued(TaskId t, TaskQueue queue, ThreadIndex owner, const std::string& where) {
    if (t == 0) return;
    if (t >= seen_.size()) return fail("task " + std::to_string(t) + " in " + where + " is not in the task table");
    if (++seen_[t] > 1) return fail("task " + std::to_string(t) + " is in two places, one of them " + where);
    const TaskState& ts = s_.tasks[t];
    if (ts.status != TaskStatus::Ready || ts.queue != queue || (owner != kNoThread && ts.thread != owner))
      fail("task " + std::to_string(t) + " is in " + where + " but its state says " + std::string(to_string(ts.status)) + " in " +
           std::string(to_string(ts.queue)));
  }

  void at_the_end() {
    if (!s_.inject.empty() || !s_.blocking_queue.empty() || !s_.timers.empty()) fail("the run has ended with queued tasks or timers");
    for (const WorkerState& w : s_.workers)
      if (w.lifo != 0 || w.taken != 0 || !w.local.empty()) fail("the run has ended with tasks in worker " + std::to_string(w.worker) + "'s queues");
    for (const ChannelState& ch : s_.channels)
      if (!ch.waiting_senders.empty() || !ch.waiting_receivers.empty()) fail("the run has ended with tasks waiting on " + ch.name);
    for (TaskId t = 1; t < s_.tasks.size(); ++t)
      if (s_.tasks[t].status != TaskStatus::NotSpawned && !has_ended(s_.tasks[t].status))
        fail("the run has ended but task " + std::to_string(t) + " is " + std::string(to_string(s_.tasks[t].status)));
  }

  const RuntimeState& s_;
  std::vector<std::uint8_t> seen_;
  std::string problem_;
};

}  // namespace

std::string find_inconsistency(const RuntimeState& state) { return ConsistencyCheck(state).run(); }

bool operator==(const RuntimeState& x, const RuntimeState& y) {
  const auto xp = x.printed();
  const auto yp = y.printed();
  return x.position == y.position && x.time_ns == y.time_ns && x.ended == y.ended && x.deadlocked == y.deadlocked &&
         x.workers == y.workers && x.inject == y.inject && x.blocking_queue == y.blocking_queue &&
         x.blocking_threads == y.blocking_threads && x.timers == y.timers && x.channels == y.channels &&
         x.tasks == y.tasks && std::equal(xp.begin(), xp.end(), yp.begin(), yp.end());
}

}  // namespace wakeline
