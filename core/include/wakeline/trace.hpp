// The trace: plain data recorded by a run. One model serves the recorder, validate(), the
// exporters and importer, the app's timeline and playhead, and the tests.
// Events are sorted by time (ties keep recording order). Ids index the tables below.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wakeline {

using TaskId = std::uint32_t;     // 0 = no task (the runtime itself); spawned tasks count from 1
using ThreadIndex = std::uint32_t;  // index into Trace::threads
using StringId = std::uint32_t;     // index into Trace::strings
using LocationId = std::uint32_t;   // index into Trace::locations; 0 = unknown

enum class EventKind : std::uint8_t {
  RunStart,        // a = clock (ClockKind), b = seed
  RunEnd,          // a = 1 if the run ended in a deadlock
  TaskSpawned,     // task; a = parent task, b = name (StringId), c = 1 for a blocking-pool job
  TaskScheduled,   // task; a = QueueKind it was pushed to, b = worker whose queue (or ~0)
  PollStart,       // task, on the worker that polls
  PollEnd,         // task; a = PollResult; b = for a Pending poll waiting in JoinSet::join_next, the set's size
  TaskWoken,       // task; a = WakeCause, b = what woke it (timer/channel id, or task id), c = waker task
  TaskStolen,      // task; a = worker stolen from; thread = the stealing worker; b = how many moved
  TaskCompleted,   // task
  TaskCancelled,   // task
  TaskFailed,      // task; b = message (StringId)
  TimerSet,        // task; a = timer id, b = deadline ns
  TimerFired,      // a = timer id; recorded on the timer driver's lane
  TimerCancelled,  // a = timer id (the sleep was dropped before it fired)
  ChannelCreated,  // a = channel id, b = name (StringId), c = capacity (0 = unbounded) | ChannelKind << 32
  ChannelSend,     // task; a = channel id, b = message sequence number, c = buffer length after
  ChannelRecv,     // task; a = channel id, b = message sequence number, c = buffer length after
  ChannelWait,     // task; a = channel id, b = WaitSide, c = buffer length
  ChannelClose,    // task; a = channel id, c = buffer length
  BlockingStart,   // task; a = BlockingKind, b = requested duration ns (0 if unknown)
  BlockingEnd,     // task; a = BlockingKind
  WorkerPark,      // the worker ran out of work
  WorkerUnpark,    // a = task that caused it (0 if unknown)
  Print,           // task; a = text (StringId)
  FutureDropped,   // task; a = branch index, b = CombinatorKind: a join/select branch dropped unfinished
};
inline constexpr int kEventKindCount = static_cast<int>(EventKind::FutureDropped) + 1;

enum class CombinatorKind : std::uint8_t { Join, TryJoin, Select, Timeout };

enum class QueueKind : std::uint8_t { Local, Lifo, Inject, Blocking };
enum class PollResult : std::uint8_t { Pending, Ready };
enum class WakeCause : std::uint8_t { Timer, Channel, Task, JoinChild, Yield, Spawn, Lock, Blocking };
enum class WaitSide : std::uint8_t { Send, Recv };
enum class BlockingKind : std::uint8_t { BlockThread, CpuWork, SpawnBlocking };
enum class ChannelKind : std::uint8_t { Mpsc, Oneshot, Broadcast, Watch, Mutex, Semaphore };
enum class ThreadKind : std::uint8_t { Worker, Blocking, TimerDriver, External };
// The External lanes: the runtime itself (index 0: run start and end, shutdown), and threads
// outside the runtime (index 1: a std::thread that sends, drops a handle or aborts a task; its
// wakes carry waker task 0). The second is there only in runs that had such a thread.
inline constexpr std::uint32_t kOutsideLaneIndex = 1;
inline constexpr std::string_view kOutsideLaneName = "outside the runtime";
enum class ClockKind : std::uint8_t { Virtual, Real };
enum class Flavor : std::uint8_t { CurrentThread, MultiThread };

struct Event {
  std::uint64_t time_ns = 0;  // since the run's start
  std::uint64_t a = 0;
  std::uint64_t b = 0;
  std::uint64_t c = 0;
  TaskId task = 0;
  ThreadIndex thread = 0;
  LocationId location = 0;
  EventKind kind = EventKind::RunStart;

  friend bool operator==(const Event&, const Event&) = default;
};

struct SourceLocation {
  std::string file;
  std::uint32_t line = 0;
  std::string function;
  friend bool operator==(const SourceLocation&, const SourceLocation&) = default;
};

struct ThreadInfo {
  ThreadKind kind = ThreadKind::Worker;
  std::uint32_t index = 0;  // worker number, blocking-pool thread number, ...
  std::string name;         // "worker 0", "blocking 2", "timer driver"
  friend bool operator==(const ThreadInfo&, const ThreadInfo&) = default;
};

struct DeadlockEntry {
  TaskId task = 0;
  std::string task_name;
  std::string waits_on;  // "recv on channel 'jobs'", "timer", "join handle of 'x'"
  friend bool operator==(const DeadlockEntry&, const DeadlockEntry&) = default;
};

struct RunInfo {
  std::string scenario;
  std::vector<std::pair<std::string, std::string>> params;  // in declaration order
  Flavor flavor = Flavor::CurrentThread;
  std::uint32_t workers = 1;
  ClockKind clock = ClockKind::Virtual;
  std::uint64_t seed = 0;
  std::uint64_t poll_cost_ns = 0;
  std::uint64_t total_ns = 0;
  std::vector<DeadlockEntry> deadlock;  // empty unless the run ended stuck
  std::string source_text;              // the lesson's code, for the code panel
  friend bool operator==(const RunInfo&, const RunInfo&) = default;
};

struct Trace {
  RunInfo run;
  std::vector<ThreadInfo> threads;
  std::vector<std::string> strings;          // task names, printed text, failure messages
  std::vector<SourceLocation> locations;     // [0] is "unknown"
  std::vector<Event> events;

  std::string_view str(StringId id) const { return id < strings.size() ? std::string_view(strings[id]) : std::string_view(); }
  friend bool operator==(const Trace&, const Trace&) = default;
};

std::string_view to_string(EventKind kind);
std::string_view to_string(QueueKind kind);
std::string_view to_string(WakeCause cause);
std::string_view to_string(BlockingKind kind);
std::string_view to_string(ThreadKind kind);
std::string_view to_string(ClockKind kind);
std::string_view to_string(Flavor flavor);
std::string_view to_string(ChannelKind kind);
std::optional<EventKind> event_kind_from_string(std::string_view name);

}  // namespace wakeline
