// validate(): one pass over the events keeping per-thread, per-task and per-channel state.
// Checks run in a fixed order per event so that each kind of damage is reported under the most
// specific invariant (a thread going back in time is time_monotonic_per_thread, not events_sorted).
#include "wakeline/validate.hpp"

#include <algorithm>
#include <array>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "runtime/huge_pages.hpp"
#include "wakeline/printable.hpp"

namespace wakeline {
namespace {

struct ThreadState {
  bool has_time = false;
  std::uint64_t last_time = 0;
  bool in_poll = false;
  TaskId polled_task = 0;
  std::size_t poll_start_index = 0;
  bool in_blocking = false;
  TaskId blocking_task = 0;
  std::uint64_t blocking_kind = 0;
  std::size_t blocking_start_index = 0;
};

// 24 bytes: a 10M-event trace has ~1M tasks, and the table is written once per spawn.
struct TaskState {
  std::size_t spawn_index = 0;
  std::size_t end_index = 0;
  ThreadIndex polled_on = 0;
  bool spawned : 1 = false;  // tasks_ is indexed by id: an entry past the spawns so far is not a task yet
  bool blocking_job : 1 = false;
  bool ended : 1 = false;
  bool ready : 1 = true;  // woken or scheduled since its last poll started; being spawned counts
  bool polling : 1 = false;
};
static_assert(sizeof(TaskState) <= 24);

// A message: (channel id, sequence number).
struct MessageKey {
  std::uint64_t channel = 0;
  std::uint64_t seq = 0;
  friend bool operator==(const MessageKey&, const MessageKey&) = default;
};
struct MessageKeyHash {
  std::size_t operator()(const MessageKey& key) const {
    return std::hash<std::uint64_t>{}(key.channel * 0x9E3779B97F4A7C15ull ^ key.seq);
  }
};

struct ChannelState {
  bool multi_receiver = false;  // broadcast and watch: every receiver sees the same message
  std::unordered_set<std::uint64_t> sent;
  std::unordered_set<std::uint64_t> received;
};

std::string quoted(std::string_view text) { return "'" + printable(text, 60) + "'"; }

// An enum payload is in range when the enum has a name for it: a value added to an enum with its
// name is accepted without touching this file.
template <typename Enum>
bool named(std::uint64_t value) {
  return value < 256 && to_string(static_cast<Enum>(value)) != "?";
}
template <typename Enum>
std::string names_of() {
  std::string out;
  for (unsigned i = 0; i < 256 && to_string(static_cast<Enum>(i)) != "?"; ++i)
    out += (i == 0 ? "" : ", ") + std::to_string(i) + " " + std::string(to_string(static_cast<Enum>(i)));
  return out;
}

class Checker {
 public:
  explicit Checker(const Trace& trace) : trace_(trace), threads_(trace.threads.size()) {}

  ValidationResult run() {
    if (trace_.locations.empty())
      return fail_table("location_ids_valid",
                        "the locations table is empty; locations[0] must be the 'unknown' entry");
    if (!check_thread_numbers()) return result_;
    size_task_table();
    for (std::size_t i = 0; i < trace_.events.size(); ++i)
      if (!check_event(i)) return result_;
    check_end_of_trace();
    if (result_.ok) check_deadlock_entries();
    if (result_.ok) check_message_texts();
    return result_;
  }

 private:
  // --- Reporting -----------------------------------------------------------------------------

  std::string task_name(TaskId task) const {
    // Only on failure, so a linear scan is fine and keeps the hot path free of name bookkeeping.
    for (const Event& e : trace_.events)
      if (e.kind == EventKind::TaskSpawned && e.task == task) return quoted(trace_.str(static_cast<StringId>(e.b())));
    return "(never spawned)";
  }

  std::string describe(std::size_t index) const {
    const Event& e = trace_.events[index];
    std::string out = "event " + std::to_string(index) + " (";
    if (static_cast<int>(e.kind) < kEventKindCount)
      out.append(to_string(e.kind));
    else
      out += "kind " + std::to_string(static_cast<int>(e.kind));
    out += " at " + std::to_string(e.time_ns) + " ns on thread " + std::to_string(e.thread);
    if (e.thread < trace_.threads.size()) {
      out += ' ';  // not `" " + quoted(..)`: GCC 12 raises a false -Wrestrict on that
      out += quoted(trace_.threads[e.thread].name);
    } else {
      out += " (no such thread)";
    }
    if (e.task != 0) out += ", task " + std::to_string(e.task) + " " + task_name(e.task);
    out += ")";
    return out;
  }

  bool fail(std::string_view invariant, std::size_t index, const std::string& detail) {
    result_.ok = false;
    result_.invariant = std::string(invariant);
    result_.event_index = index;
    result_.message = std::string(invariant) + ": " + describe(index) + ": " + detail;
    return false;
  }

  ValidationResult fail_table(std::string_view invariant, const std::string& detail) {
    result_.ok = false;
    result_.invariant = std::string(invariant);
    result_.event_index = kNoEventIndex;
    result_.message = std::string(invariant) + ": " + detail;
    return result_;
  }

  // The task table at its final size at once: grown by doubling, a 1M-task trace's table was
  // copied and faulted in ~20 times over, a fifth of validate()'s time. Ids past the event count
  // are left out here (on_spawn refuses them).
  void size_task_table() {
    std::uint64_t top = 0;
    const std::uint64_t limit = trace_.events.size();
    for (const Event& e : trace_.events)
      if (e.kind == EventKind::TaskSpawned && e.task > top && e.task <= limit) top = e.task;
    if (top == 0) return;
    const std::size_t entries = static_cast<std::size_t>(top) + 1;
    tasks_.reserve(entries);
    detail::advise_huge(tasks_.data(), entries * sizeof(TaskState));
    tasks_.resize(entries);
  }

  // --- Per-event checks ----------------------------------------------------------------------

  TaskState* find_task(std::uint64_t id) {
    if (id >= tasks_.size() || !tasks_[id].spawned) return nullptr;
    return &tasks_[id];
  }

  bool check_string(std::size_t i, std::uint64_t id, const char* field) {
    if (id < trace_.strings.size()) return true;
    return fail("string_ids_valid", i,
                std::string(field) + " = " + std::to_string(id) + " is not a string id (the trace has " +
                    std::to_string(trace_.strings.size()) + " strings)");
  }

  bool check_event(std::size_t i) {
    const Event& e = trace_.events[i];
    if (static_cast<int>(e.kind) >= kEventKindCount)
      return fail("event_kind_valid", i, "unknown event kind " + std::to_string(static_cast<int>(e.kind)));
    if (e.thread >= threads_.size())
      return fail("thread_index_valid", i,
                  "thread " + std::to_string(e.thread) + " is out of range (the trace has " +
                      std::to_string(threads_.size()) + " threads)");
    ThreadState& thread = threads_[e.thread];
    if (thread.has_time && e.time_ns < thread.last_time)
      return fail("time_monotonic_per_thread", i,
                  "goes back in time: the previous event on this thread is at " + std::to_string(thread.last_time) +
                      " ns");
    if (i > 0 && e.time_ns < trace_.events[i - 1].time_ns)
      return fail("events_sorted", i,
                  "is earlier than event " + std::to_string(i - 1) + " at " +
                      std::to_string(trace_.events[i - 1].time_ns) + " ns");
    thread.has_time = true;
    thread.last_time = e.time_ns;
    if (!unmatched_recvs_.empty() && e.time_ns > unmatched_time_) return fail_unmatched_recv();

    switch (e.kind) {
      case EventKind::TaskSpawned:
      case EventKind::TaskFailed:
      case EventKind::ChannelCreated:
        if (!check_string(i, e.b(), "b")) return false;
        break;
      case EventKind::Print:
        if (!check_string(i, e.a(), "a (text)")) return false;
        break;
      default: break;
    }
    if (e.location >= trace_.locations.size())
      return fail("location_ids_valid", i,
                  "location " + std::to_string(e.location) + " is out of range (the trace has " +
                      std::to_string(trace_.locations.size()) + " locations)");

    if (!check_payload(i, e)) return false;

    // The first poll of an unspawned task is wake_before_poll's business; any other reference
    // to an unspawned task is task_ends_once's.
    if (e.task != 0 && e.kind != EventKind::TaskSpawned && e.kind != EventKind::PollStart &&
        find_task(e.task) == nullptr)
      return fail("task_ends_once", i, "task " + std::to_string(e.task) + " is referenced before its task_spawned");

    switch (e.kind) {
      case EventKind::TaskSpawned: return on_spawn(i, e);
      case EventKind::TaskScheduled:
        if (TaskState* task = find_task(e.task)) task->ready = true;
        return true;
      case EventKind::TaskWoken:
        if (e.c() != 0 && find_task(e.c()) == nullptr)
          return fail("task_ends_once", i, "the waker, task " + std::to_string(e.c()) + ", is referenced before its task_spawned");
        if (TaskState* task = find_task(e.task)) task->ready = true;
        return true;
      case EventKind::PollStart: return on_poll_start(i, e, thread);
      case EventKind::PollEnd: return on_poll_end(i, e, thread);
      case EventKind::TaskCompleted:
      case EventKind::TaskCancelled:
      case EventKind::TaskFailed: return on_task_end(i, e);
      case EventKind::ChannelCreated: {
        const auto kind = static_cast<ChannelKind>(e.c() >> 32);
        channels_[e.a()].multi_receiver = kind == ChannelKind::Broadcast || kind == ChannelKind::Watch;
        return true;
      }
      case EventKind::ChannelSend: return on_send(e);
      case EventKind::ChannelRecv: return on_recv(i, e);
      case EventKind::BlockingStart: return on_blocking_start(i, e, thread);
      case EventKind::BlockingEnd: return on_blocking_end(i, e, thread);
      case EventKind::RunEnd:
        if (e.a() == 1) deadlocked_ = true;
        return true;
      default: return true;
    }
  }

  bool on_spawn(std::size_t i, const Event& e) {
    if (e.task == 0) return fail("task_ends_once", i, "task 0 is the runtime and cannot be spawned");
    // Ids count up from 1, one per spawn: an id past the number of events cannot be one, and
    // would make every table indexed by task id as large as the id.
    if (e.task > trace_.events.size())
      return fail("task_ends_once", i,
                  "task id " + std::to_string(e.task) + " is larger than the trace's " +
                      std::to_string(trace_.events.size()) + " events (task ids count up from 1, one per spawn)");
    if (const TaskState* existing = find_task(e.task))
      return fail("task_ends_once", i,
                  "task " + std::to_string(e.task) + " is spawned a second time (first at event " +
                      std::to_string(existing->spawn_index) + ")");
    if (e.a() != 0 && find_task(e.a()) == nullptr)
      return fail("task_ends_once", i, "the parent, task " + std::to_string(e.a()) + ", is referenced before its task_spawned");
    if (e.task >= tasks_.size())  // ids count up one per spawn: doubling keeps this rare
      tasks_.resize(std::min<std::size_t>(std::max<std::size_t>(tasks_.size() * 2, e.task + std::size_t{1}),
                                          trace_.events.size() + 1));
    TaskState& task = tasks_[e.task];
    task.spawned = true;
    task.spawn_index = i;
    task.blocking_job = e.c() == 1;
    return true;
  }

  bool on_poll_start(std::size_t i, const Event& e, ThreadState& thread) {
    if (thread.in_poll)
      return fail("poll_paired", i,
                  "a poll starts while the poll of task " + std::to_string(thread.polled_task) + " (event " +
                      std::to_string(thread.poll_start_index) + ") has not ended on this thread");
    {
      TaskState* task = find_task(e.task);
      if (task == nullptr) return fail("wake_before_poll", i, "the task is polled before its task_spawned");
      if (task->polling)
        return fail("poll_exclusive", i,
                    "the task is already being polled on thread " + std::to_string(task->polled_on) + " " +
                        quoted(trace_.threads[task->polled_on].name));
      if (task->ended)
        return fail("task_ends_once", i, "the task is polled after it ended (event " + std::to_string(task->end_index) + ")");
      if (task->blocking_job)
        return fail("task_ends_once", i, "the task is a blocking-pool job, which is never polled");
      if (!task->ready)
        return fail("wake_before_poll", i, "no task_woken or task_scheduled since its previous poll started");
      task->ready = false;
      task->polling = true;
      task->polled_on = e.thread;
    }
    thread.in_poll = true;
    thread.polled_task = e.task;
    thread.poll_start_index = i;
    return true;
  }

  bool on_poll_end(std::size_t i, const Event& e, ThreadState& thread) {
    if (!thread.in_poll) return fail("poll_paired", i, "poll_end without a poll_start on this thread");
    if (thread.polled_task != e.task)
      return fail("poll_paired", i,
                  "poll_end of task " + std::to_string(e.task) + " while task " + std::to_string(thread.polled_task) +
                      " is being polled on this thread");
    thread.in_poll = false;
    if (TaskState* task = find_task(e.task)) task->polling = false;
    return true;
  }

  bool on_task_end(std::size_t i, const Event& e) {
    TaskState* task = find_task(e.task);
    if (task == nullptr) return fail("task_ends_once", i, "task 0 is the runtime and cannot end");
    if (task->ended)
      return fail("task_ends_once", i, "the task ends a second time (it ended at event " + std::to_string(task->end_index) + ")");
    task->ended = true;
    task->end_index = i;
    return true;
  }

  // The optional table of message texts: each names a message that was sent, once, in (channel,
  // seq) order, with a text in the strings table no longer than a recorder writes.
  void check_message_texts() {
    for (std::size_t i = 0; i < trace_.messages.size(); ++i) {
      const MessageText& m = trace_.messages[i];
      const std::string where = "messages[" + std::to_string(i) + "] (channel " + std::to_string(m.channel) + ", message " +
                                std::to_string(m.seq) + ")";
      if (i > 0) {
        const MessageText& before = trace_.messages[i - 1];
        if (before.channel == m.channel && before.seq == m.seq) {
          fail_table("message_texts_valid", where + ": a second text for the same message; each message has at most one");
          return;
        }
        if (std::make_pair(before.channel, before.seq) > std::make_pair(m.channel, m.seq)) {
          fail_table("message_texts_valid", where + ": comes after channel " + std::to_string(before.channel) + ", message " +
                                                std::to_string(before.seq) + "; the table is sorted by channel, then message");
          return;
        }
      }
      const auto channel = channels_.find(m.channel);
      if (channel == channels_.end() || !channel->second.sent.contains(m.seq)) {
        fail_table("message_texts_valid", where + ": no channel_send of that channel and message in the events");
        return;
      }
      if (m.text >= trace_.strings.size()) {
        fail_table("message_texts_valid", where + ": text " + std::to_string(m.text) + " is not a string id (the strings table has " +
                                              std::to_string(trace_.strings.size()) + ")");
        return;
      }
      if (trace_.strings[m.text].size() > kMaxMessageTextBytes) {
        fail_table("message_texts_valid", where + ": its text is " + std::to_string(trace_.strings[m.text].size()) +
                                              " bytes; a message text is at most " + std::to_string(kMaxMessageTextBytes));
        return;
      }
    }
  }

  bool on_send(const Event& e) {
    channels_[e.a()].sent.insert(e.b());
    // A recv recorded just before its send at the same instant (another thread's clock) is fine.
    unmatched_recvs_.erase(MessageKey{e.a(), e.b()});
    return true;
  }

  bool on_recv(std::size_t i, const Event& e) {
    ChannelState& channel = channels_[e.a()];
    if (!channel.multi_receiver && !channel.received.insert(e.b()).second)
      return fail("recv_matches_send", i,
                  "message " + std::to_string(e.b()) + " of channel " + std::to_string(e.a()) +
                      " is received a second time (only broadcast and watch channels deliver a message twice)");
    if (!channel.sent.contains(e.b())) {
      unmatched_recvs_.try_emplace(MessageKey{e.a(), e.b()}, i);
      unmatched_time_ = e.time_ns;
    }
    return true;
  }

  std::size_t first_unmatched_recv() const {
    std::size_t first = kNoEventIndex;
    for (const auto& [key, index] : unmatched_recvs_) first = std::min(first, index);
    return first;
  }

  bool fail_unmatched_recv() {
    const std::size_t r = first_unmatched_recv();
    const Event& e = trace_.events[r];
    return fail("recv_matches_send", r,
                "no channel_send of message " + std::to_string(e.b()) + " on channel " + std::to_string(e.a()) +
                    " at or before this time");
  }

  bool on_blocking_start(std::size_t i, const Event& e, ThreadState& thread) {
    if (thread.in_blocking)
      return fail("blocking_paired", i,
                  "blocking_start while the blocking section of task " + std::to_string(thread.blocking_task) +
                      " (event " + std::to_string(thread.blocking_start_index) + ") is still open on this thread");
    thread.in_blocking = true;
    thread.blocking_task = e.task;
    thread.blocking_kind = e.a();
    thread.blocking_start_index = i;
    return true;
  }

  bool on_blocking_end(std::size_t i, const Event& e, ThreadState& thread) {
    if (!thread.in_blocking) return fail("blocking_paired", i, "blocking_end without a blocking_start on this thread");
    if (thread.blocking_task != e.task || thread.blocking_kind != e.a())
      return fail("blocking_paired", i,
                  "does not match the open blocking_start (event " + std::to_string(thread.blocking_start_index) +
                      ", task " + std::to_string(thread.blocking_task) + ", kind " +
                      std::to_string(thread.blocking_kind) + ")");
    thread.in_blocking = false;
    return true;
  }

  // --- Table and payload checks: what the playhead, catalog and timeline index with ------------

  // Within each kind, thread numbers run 0..n-1 once each: the playhead keeps one slot per worker
  // and blocking thread by number, so a number is bounded by the table and leaves no hole.
  bool check_thread_numbers() {
    std::array<std::vector<std::size_t>, 256> by_kind;  // thread indices by kind
    for (std::size_t t = 0; t < trace_.threads.size(); ++t)
      by_kind[static_cast<std::size_t>(trace_.threads[t].kind)].push_back(t);
    for (std::size_t kind = 0; kind < by_kind.size(); ++kind) {
      const auto& list = by_kind[kind];
      std::vector<bool> seen(list.size(), false);
      for (std::size_t t : list) {
        const ThreadInfo& info = trace_.threads[t];
        const std::string what = "threads[" + std::to_string(t) + "] " + quoted(info.name) + " is " +
                                 std::string(to_string(info.kind)) + " " + std::to_string(info.index);
        if (info.index >= list.size()) {
          fail_table("threads_dense", what + ", but the trace has " + std::to_string(list.size()) + " " +
                                                 std::string(to_string(info.kind)) +
                                                 " thread(s): numbers run from 0 without gaps");
          return false;
        }
        if (seen[info.index]) {
          fail_table("threads_dense", what + ", a number an earlier thread has");
          return false;
        }
        seen[info.index] = true;
      }
    }
    return true;
  }

  bool out_of_range(std::size_t i, const char* field, std::uint64_t value, const std::string& allowed) {
    return fail("payload_in_range", i,
                std::string(field) + " = " + std::to_string(value) + " is out of range (allowed: " + allowed + ")");
  }

  std::size_t worker_count() const {
    return static_cast<std::size_t>(std::count_if(trace_.threads.begin(), trace_.threads.end(),
                                                  [](const ThreadInfo& t) { return t.kind == ThreadKind::Worker; }));
  }

  bool check_task_ref(std::size_t i, std::uint64_t id, const char* field) {
    if (id == 0 || find_task(id) != nullptr) return true;
    return fail("task_ends_once", i,
                std::string(field) + " names task " + std::to_string(id) + ", which is referenced before its task_spawned");
  }

  // Every enum payload has a name, every worker number a worker, every task named in a payload a
  // spawn; events that are about a task name one (task 0 is the runtime, never polled or woken).
  bool check_payload(std::size_t i, const Event& e) {
    switch (e.kind) {
      case EventKind::RunStart:
        if (!named<ClockKind>(e.a())) return out_of_range(i, "a (ClockKind)", e.a(), names_of<ClockKind>());
        break;
      case EventKind::RunEnd:
        if (e.a() > 1) return out_of_range(i, "a (deadlocked)", e.a(), "0 or 1");
        break;
      case EventKind::TaskSpawned:
        if (e.c() > 1) return out_of_range(i, "c (blocking-pool job)", e.c(), "0 or 1");
        break;
      case EventKind::TaskScheduled: {
        if (!named<QueueKind>(e.a())) return out_of_range(i, "a (QueueKind)", e.a(), names_of<QueueKind>());
        const std::size_t workers = worker_count();
        if (e.b() != ~std::uint64_t{0} && e.b() >= workers)
          return out_of_range(i, "b (worker)", e.b(),
                              workers == 0 ? "2^64-1 for none" : "0.." + std::to_string(workers - 1) + ", or 2^64-1 for none");
        break;
      }
      case EventKind::PollEnd:
        if (e.a() > 1) return out_of_range(i, "a (PollResult)", e.a(), "0 pending, 1 ready");
        break;
      case EventKind::TaskWoken:
        if (!named<WakeCause>(e.a())) return out_of_range(i, "a (WakeCause)", e.a(), names_of<WakeCause>());
        if (static_cast<WakeCause>(e.a()) == WakeCause::Task && !check_task_ref(i, e.b(), "b (the finished or aborting task)"))
          return false;
        break;
      case EventKind::TaskStolen:
        if (e.a() >= worker_count()) return out_of_range(i, "a (worker stolen from)", e.a(), "a worker number");
        break;
      case EventKind::ChannelCreated:
        if (!named<ChannelKind>(e.c() >> 32))
          return out_of_range(i, "c >> 32 (ChannelKind)", e.c() >> 32, names_of<ChannelKind>());
        break;
      case EventKind::ChannelWait:
        if (e.b() > 1) return out_of_range(i, "b (WaitSide)", e.b(), "0 send, 1 recv");
        break;
      case EventKind::BlockingStart:
      case EventKind::BlockingEnd:
        if (!named<BlockingKind>(e.a())) return out_of_range(i, "a (BlockingKind)", e.a(), names_of<BlockingKind>());
        break;
      case EventKind::WorkerUnpark:
        if (!check_task_ref(i, e.a(), "a (the arriving task)")) return false;
        break;
      case EventKind::FutureDropped:
        if (e.b() > static_cast<std::uint64_t>(CombinatorKind::Timeout))
          return out_of_range(i, "b (CombinatorKind)", e.b(), "0 join, 1 try_join, 2 select, 3 timeout");
        break;
      default: break;
    }
    switch (e.kind) {
      case EventKind::TaskScheduled:
      case EventKind::PollStart:
      case EventKind::PollEnd:
      case EventKind::TaskWoken:
      case EventKind::TaskStolen:
        if (e.task == 0)
          return fail("task_ends_once", i, "names task 0, the runtime, which is never scheduled, polled or woken");
        break;
      default: break;
    }
    return true;
  }

  void check_deadlock_entries() {
    for (std::size_t k = 0; k < trace_.run.deadlock.size(); ++k) {
      const TaskId id = trace_.run.deadlock[k].task;
      if (find_task(id) == nullptr) {
        fail_table("task_ends_once", "run.deadlock[" + std::to_string(k) + "] names task " + std::to_string(id) +
                                         ", which is never spawned");
        return;
      }
    }
  }

  // --- After the last event: whatever is still open is reported at its earliest event --------

  void check_end_of_trace() {
    struct Open {
      std::size_t index;
      std::string_view invariant;
      std::string detail;
    };
    std::vector<Open> open;
    if (!unmatched_recvs_.empty())
      open.push_back({first_unmatched_recv(), "recv_matches_send", "no channel_send of this message at or before this time"});
    for (const ThreadState& thread : threads_) {
      if (thread.in_poll) open.push_back({thread.poll_start_index, "poll_paired", "the poll never ends"});
      if (thread.in_blocking)
        open.push_back({thread.blocking_start_index, "blocking_paired", "the blocking section never ends"});
    }
    if (!deadlocked_)
      for (const TaskState& task : tasks_)
        if (task.spawned && !task.ended)
          open.push_back({task.spawn_index, "task_ends_once",
                          "the task never completes, is cancelled or fails (and the run did not end in a deadlock)"});
    if (open.empty()) return;
    const auto first = std::min_element(open.begin(), open.end(), [](const Open& x, const Open& y) { return x.index < y.index; });
    fail(first->invariant, first->index, first->detail);
  }

  const Trace& trace_;
  std::vector<ThreadState> threads_;
  // By task id, which validate() bounds by the event count (on_spawn): a vector, not a hash map,
  // since a 10M-event trace has ~1M tasks and every event looks its task up.
  std::vector<TaskState> tasks_;
  std::unordered_map<std::uint64_t, ChannelState> channels_;
  // Recvs whose send may still come at the same instant, all at unmatched_time_.
  std::unordered_map<MessageKey, std::size_t, MessageKeyHash> unmatched_recvs_;
  std::uint64_t unmatched_time_ = 0;
  bool deadlocked_ = false;
  ValidationResult result_;
};

}  // namespace

ValidationResult validate(const Trace& trace) { return Checker(trace).run(); }

}  // namespace wakeline
