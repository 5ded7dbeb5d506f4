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
  static constexpr std::array<std::string_view, 8> names = {"nothing", "timer", "channel send", "channel recv",
                                                            "join",    "lock",  "semaphore",    "unknown"};
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

bool operator==(const RuntimeState& x, const RuntimeState& y) {
  const auto xp = x.printed();
  const auto yp = y.printed();
  return x.position == y.position && x.time_ns == y.time_ns && x.ended == y.ended && x.deadlocked == y.deadlocked &&
         x.workers == y.workers && x.inject == y.inject && x.blocking_queue == y.blocking_queue &&
         x.blocking_threads == y.blocking_threads && x.timers == y.timers && x.channels == y.channels &&
         x.tasks == y.tasks && std::equal(xp.begin(), xp.end(), yp.begin(), yp.end());
}

}  // namespace wakeline
