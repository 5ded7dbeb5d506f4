// Names of the trace's enums, as they appear in exports, the CLI and the app.
#include "wakeline/trace.hpp"

#include <array>

namespace wakeline {
namespace {
constexpr std::array<std::string_view, kEventKindCount> kEventKindNames = {
    "run_start",     "run_end",         "task_spawned",   "task_scheduled", "poll_start",
    "poll_end",      "task_woken",      "task_stolen",    "task_completed", "task_cancelled",
    "task_failed",   "timer_set",       "timer_fired",    "timer_cancelled", "channel_created",
    "channel_send",  "channel_recv",    "channel_wait",   "channel_close",  "blocking_start",
    "blocking_end",  "worker_park",     "worker_unpark",  "print",         "future_dropped",
};

template <typename Enum, std::size_t N>
std::string_view name_of(Enum value, const std::array<std::string_view, N>& names) {
  auto index = static_cast<std::size_t>(value);
  return index < N ? names[index] : std::string_view("?");
}
}  // namespace

std::string_view to_string(EventKind kind) { return name_of(kind, kEventKindNames); }

std::string_view to_string(QueueKind kind) {
  static constexpr std::array<std::string_view, 4> names = {"local", "lifo", "inject", "blocking"};
  return name_of(kind, names);
}
std::string_view to_string(WakeCause cause) {
  static constexpr std::array<std::string_view, 8> names = {"timer", "channel", "task", "join_child",
                                                            "yield", "spawn",   "lock", "blocking"};
  return name_of(cause, names);
}
std::string_view to_string(BlockingKind kind) {
  static constexpr std::array<std::string_view, 3> names = {"block_thread", "cpu_work", "spawn_blocking"};
  return name_of(kind, names);
}
std::string_view to_string(ThreadKind kind) {
  static constexpr std::array<std::string_view, 4> names = {"worker", "blocking", "timer_driver", "external"};
  return name_of(kind, names);
}
std::string_view to_string(ClockKind kind) {
  static constexpr std::array<std::string_view, 2> names = {"virtual", "real"};
  return name_of(kind, names);
}
std::string_view to_string(Flavor flavor) {
  static constexpr std::array<std::string_view, 2> names = {"current_thread", "multi_thread"};
  return name_of(flavor, names);
}
std::string_view to_string(ChannelKind kind) {
  static constexpr std::array<std::string_view, 6> names = {"mpsc", "oneshot", "broadcast", "watch", "mutex", "semaphore"};
  return name_of(kind, names);
}

std::optional<EventKind> event_kind_from_string(std::string_view name) {
  for (std::size_t i = 0; i < kEventKindNames.size(); ++i)
    if (kEventKindNames[i] == name) return static_cast<EventKind>(i);
  return std::nullopt;
}

}  // namespace wakeline
