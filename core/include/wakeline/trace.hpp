// The trace: plain data recorded by a run. One model serves the recorder, validate(), the
// exporters and importer, the app's timeline and playhead, and the tests.
// Events are sorted by time (ties keep recording order). Ids index the tables below.
#pragma once

#include <cstddef>
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

// Which kinds carry a third payload value `c`. It shares storage with b (see Event), so their b
// and c are narrower than the other kinds' b.
inline constexpr bool has_c(EventKind kind) noexcept {
  switch (kind) {
    case EventKind::TaskSpawned:
    case EventKind::TaskWoken:
    case EventKind::ChannelCreated:
    case EventKind::ChannelSend:
    case EventKind::ChannelRecv:
    case EventKind::ChannelWait:
    case EventKind::ChannelClose: return true;
    default: return false;
  }
}

// The largest value each payload field of `kind` can hold: a is 32 bits; b is 64 bits, or 32 for
// a kind with c; c is 40 bits (a capacity | ChannelKind << 32 fits), or 0 for a kind without c.
// Every id the runtime records (tasks, channels, timers, strings, sequence numbers) is 32-bit: a
// trace holding 2^32 of anything would not fit in memory.
enum class PayloadField : std::uint8_t { A, B, C };
inline constexpr std::uint64_t payload_max(EventKind kind, PayloadField field) noexcept {
  switch (field) {
    case PayloadField::A: return 0xffffffffull;
    case PayloadField::B: return has_c(kind) ? 0xffffffffull : ~0ull;
    case PayloadField::C: return has_c(kind) ? 0xffffffffffull : 0;
  }
  return 0;
}
inline constexpr std::uint32_t kMaxThreads = 0x10000;  // Event::thread is 16 bits

// How an event stores its payload (see Event): a; b, with c's low 32 bits above b's for kinds with
// c; c's bits 32-39.
struct PackedPayload {
  std::uint32_t a = 0;
  std::uint64_t b = 0;
  std::uint8_t c_high = 0;
};
inline constexpr PackedPayload pack_payload(EventKind kind, std::uint64_t a, std::uint64_t b,
                                            std::uint64_t c) noexcept {
  if (!has_c(kind)) return {static_cast<std::uint32_t>(a), b, 0};
  return {static_cast<std::uint32_t>(a), (b & 0xffffffffu) | (c << 32), static_cast<std::uint8_t>(c >> 32)};
}

// 32 bytes, since a trace holds millions of them. The payload (a, b, c: meaning per kind above) is
// read and written through the accessors; the packing is private so that code that stores events
// in bulk (the recorder, a binary trace file) adapts in one place: packed() and set_packed().
// A setter keeps the bits its field can hold (payload_max); code building events from outside
// input checks payload_max first.
struct Event {
  std::uint64_t time_ns = 0;  // since the run's start
  TaskId task = 0;
  LocationId location = 0;
  std::uint16_t thread = 0;   // ThreadIndex, below kMaxThreads
  EventKind kind = EventKind::RunStart;

  std::uint64_t a() const noexcept { return a_; }
  std::uint64_t b() const noexcept { return has_c(kind) ? b_ & 0xffffffffu : b_; }
  std::uint64_t c() const noexcept { return has_c(kind) ? (b_ >> 32) | (std::uint64_t{c_high_} << 32) : 0; }
  // Set kind first: it decides how b and c are stored.
  void set_payload(std::uint64_t a, std::uint64_t b, std::uint64_t c) noexcept {
    set_packed(pack_payload(kind, a, b, c));
  }
  void set_a(std::uint64_t a) noexcept { set_payload(a, this->b(), this->c()); }
  void set_b(std::uint64_t b) noexcept { set_payload(a(), b, c()); }
  void set_c(std::uint64_t c) noexcept { set_payload(a(), b(), c); }

  PackedPayload packed() const noexcept { return {a_, b_, c_high_}; }
  void set_packed(const PackedPayload& p) noexcept {
    a_ = p.a;
    b_ = p.b;
    c_high_ = p.c_high;
  }

  friend bool operator==(const Event&, const Event&) = default;

 private:  // declared in this order, after kind, so that nothing is padded
  std::uint8_t c_high_ = 0;
  std::uint32_t a_ = 0;
  std::uint64_t b_ = 0;
};
static_assert(sizeof(Event) == 32);

// An event from its fields, in the native trace's column order.
inline Event make_event(std::uint64_t time_ns, EventKind kind, ThreadIndex thread, TaskId task, std::uint64_t a,
                        std::uint64_t b, std::uint64_t c, LocationId location) noexcept {
  Event e;
  e.time_ns = time_ns;
  e.kind = kind;
  e.thread = static_cast<std::uint16_t>(thread);
  e.task = task;
  e.location = location;
  e.set_payload(a, b, c);
  return e;
}

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

// The text of one message a channel carried, as the lesson would print it ("4" for ping 4): the
// channel_send event (a = channel, b = sequence number) stays 32 bytes, its value lives here.
// Recorded only for values that can be described (message_text.hpp); at most kMaxMessageTextBytes.
struct MessageText {
  std::uint32_t channel = 0;  // the channel id, as in channel_send's a
  std::uint32_t seq = 0;      // the message's sequence number, as in channel_send's b
  StringId text = 0;          // index into Trace::strings
  friend bool operator==(const MessageText&, const MessageText&) = default;
};
inline constexpr std::size_t kMaxMessageTextBytes = 64;

struct Trace {
  RunInfo run;
  std::vector<ThreadInfo> threads;
  std::vector<std::string> strings;          // task names, printed text, failure messages
  std::vector<SourceLocation> locations;     // [0] is "unknown"
  std::vector<Event> events;
  std::vector<MessageText> messages;         // optional; sorted by (channel, seq), one per message

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
