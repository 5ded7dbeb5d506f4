// One sentence per event. Most sentences need only the event and the names; a few look at the
// events around it through the catalog (what a task registered during the poll that just ended,
// where a rescheduled task was before, which steal an event belongs to), never at more than one
// task's events or one run of same-kind events.
#include "wakeline/playhead/narrate.hpp"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <span>
#include <vector>

#include "wakeline/message_text.hpp"
#include "wakeline/printable.hpp"

namespace wakeline {
namespace {

std::string quoted(const std::string& name) { return "`" + name + "`"; }

std::string fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  std::string text = buffer;
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  return text;
}

// "a 30 ms timer", "an 80 ns timer", "an 11 ms timer", "an 18.5 s timer".
std::string article(const std::string& number) {
  const std::size_t digits = number.find_first_not_of("0123456789");
  const std::size_t whole = digits == std::string::npos ? number.size() : digits;
  const bool eleven_or_eighteen = (number.starts_with("11") || number.starts_with("18")) && whole % 3 == 2;
  return number.starts_with("8") || eleven_or_eighteen ? "an" : "a";
}

std::string plural(std::uint64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

class Narration {
 public:
  Narration(const TraceCatalog& catalog, std::size_t index, bool hide_future)
      : catalog_(catalog), events_(catalog.trace().events), i_(index), e_(events_[index]), hide_future_(hide_future) {}

  std::string line() const {
    switch (e_.kind) {
      case EventKind::RunStart: return run_start();
      case EventKind::RunEnd:
        return e_.a() == 1 ? "the run ends in a deadlock: no task left can ever be woken"
                         : "the run ends after " + narrate_duration(e_.time_ns);
      case EventKind::TaskSpawned: return spawned();
      case EventKind::TaskScheduled: return scheduled();
      case EventKind::PollStart: return poll_start();
      case EventKind::PollEnd: return poll_end();
      case EventKind::TaskWoken: return woken();
      case EventKind::TaskStolen: return stolen();
      case EventKind::TaskCompleted:
        if (const TaskInfo* info = catalog_.task(e_.task); info && info->blocking_job)
          return task() + " is done on the blocking pool: its result is ready";
        return task() + " is done";
      case EventKind::TaskCancelled:
        if (thread_kind() == ThreadKind::External) return "the run is over: the runtime cancels " + task() + ", still unfinished";
        return task() + " is cancelled (aborted) instead of being polled again";
      case EventKind::TaskFailed: return task() + " fails: " + text(e_.b());
      case EventKind::TimerSet:
        return task() + " sets timer " + std::to_string(e_.a()) + " for " + narrate_duration(elapsed(e_.time_ns, e_.b())) +
               (hide_future_ ? "" : " (it fires at " + narrate_duration(e_.b()) + ")");
      case EventKind::TimerFired: return timer_fired();
      case EventKind::TimerCancelled: {
        const TimerInfo* timer = catalog_.timer(e_.a());
        const TaskId owner = timer ? timer->task : e_.task;
        return "timer " + std::to_string(e_.a()) + " of " + name(owner) + " is cancelled before it fired: its sleep was dropped";
      }
      case EventKind::ChannelCreated: return channel_created();
      case EventKind::ChannelSend: return channel_send();
      case EventKind::ChannelRecv: return channel_recv();
      case EventKind::ChannelWait: return channel_wait();
      case EventKind::ChannelClose: return channel_close();
      case EventKind::BlockingStart: return blocking_start();
      case EventKind::BlockingEnd: return blocking_end();
      case EventKind::WorkerPark: return thread() + " has nothing to do: it parks until there is work";
      case EventKind::WorkerUnpark:
        if (e_.a() != 0) return thread() + " is unparked: " + name(static_cast<TaskId>(e_.a())) + " is ready";
        return thread() + " wakes up to look for work";
      case EventKind::Print: return task() + " prints: " + text(e_.a());
      case EventKind::FutureDropped: {
        static constexpr const char* combinators[] = {"join", "try_join", "select", "timeout"};
        const char* combinator = e_.b() < 4 ? combinators[e_.b()] : "join or select";
        return task() + " drops branch " + std::to_string(e_.a()) + " of its " + combinator + ", unfinished";
      }
    }
    return std::string(to_string(e_.kind));
  }

 private:
  static std::uint64_t elapsed(std::uint64_t from, std::uint64_t to) { return to > from ? to - from : 0; }

  // Task 0 is no task: the runtime itself, or, on the outside lane, a thread outside the runtime
  // (a std::thread that sent, dropped a handle or aborted a task).
  std::string name(TaskId id) const {
    if (id != 0) return quoted(catalog_.task_name(id));
    return from_outside() ? "a thread outside the runtime" : "the runtime";
  }
  bool from_outside() const {
    const auto& threads = catalog_.trace().threads;
    return e_.thread < threads.size() && threads[e_.thread].kind == ThreadKind::External &&
           threads[e_.thread].index == kOutsideLaneIndex;
  }
  std::string task() const { return name(e_.task); }
  std::string channel(std::uint64_t id) const { return quoted(catalog_.channel_name(id)); }
  // A message as the lesson prints it, quoted ("4"); "message #3" when the trace has no text for it.
  std::string message(std::uint64_t channel, std::uint64_t seq) const {
    if (const auto text = message_text(catalog_.trace(), channel, seq)) {
      std::string out = printable(*text, kMaxMessageTextBytes);  // not "\"" + ...: GCC 12 warns wrongly (-Wrestrict)
      out.insert(out.begin(), '"');
      out += '"';
      return out;
    }
    return "message #" + std::to_string(seq);
  }
  std::string thread() const { return catalog_.thread_name(e_.thread); }
  std::string worker(std::uint64_t number) const { return "worker " + std::to_string(number); }
  std::string text(std::uint64_t id) const {
    return std::string(catalog_.trace().str(static_cast<StringId>(std::min<std::uint64_t>(id, 0xffffffffu))));
  }
  ThreadKind thread_kind() const {
    const auto& threads = catalog_.trace().threads;
    return e_.thread < threads.size() ? threads[e_.thread].kind : ThreadKind::External;
  }
  ChannelKind channel_kind(std::uint64_t id) const {
    const ChannelInfo* info = catalog_.channel(id);
    return info ? info->kind : ChannelKind::Mpsc;
  }
  std::uint64_t capacity(std::uint64_t id) const {
    const ChannelInfo* info = catalog_.channel(id);
    return info ? info->capacity : 0;
  }
  std::string local_queue(std::uint64_t number) const {
    return catalog_.multi_thread() ? worker(number) + "'s local run queue" : "the run queue";
  }

  // The events of this event's task, and where this event sits among them.
  std::span<const std::uint32_t> own_events() const { return catalog_.events_of(e_.task); }
  std::size_t own_position() const {
    auto list = own_events();
    return static_cast<std::size_t>(std::lower_bound(list.begin(), list.end(), i_) - list.begin());
  }
  const Event* previous_own() const {
    const std::size_t k = own_position();
    return k == 0 ? nullptr : &events_[own_events()[k - 1]];
  }

  std::string run_start() const {
    const RunInfo& run = catalog_.trace().run;
    return "the run starts: " + std::string(to_string(run.flavor)) + " runtime with " + plural(run.workers, "worker", "workers") +
           ", " + std::string(to_string(static_cast<ClockKind>(e_.a()))) + " clock, seed " + std::to_string(e_.b());
  }

  std::string spawned() const {
    const TaskId parent = e_.a() <= 0xffffffffu ? static_cast<TaskId>(e_.a()) : 0;
    if (e_.c() == 1) return name(parent) + " hands " + task() + " to the blocking pool (spawn_blocking)";
    return name(parent) + " spawns " + task();
  }

  std::string scheduled() const {
    const auto queue = static_cast<QueueKind>(e_.a());
    const Event* before = previous_own();
    const bool was_queued = before && (before->kind == EventKind::TaskScheduled || before->kind == EventKind::TaskStolen);
    switch (queue) {
      case QueueKind::Lifo: return task() + " goes into " + worker(e_.b()) + "'s LIFO slot: it runs next there";
      case QueueKind::Local: {
        const Event* last = i_ > 0 ? &events_[i_ - 1] : nullptr;
        if (last && last->kind == EventKind::TaskScheduled && last->a() == static_cast<std::uint64_t>(QueueKind::Lifo) &&
            last->b() == e_.b() && last->task != e_.task && last->thread == e_.thread)
          return name(last->task) + " takes " + worker(e_.b()) + "'s LIFO slot: " + task() +
                 ", which was in it, moves to the back of its local run queue";
        if (was_queued && before->kind == EventKind::TaskScheduled && before->a() == static_cast<std::uint64_t>(QueueKind::Lifo))
          return worker(e_.b()) + " has run its LIFO slot several times in a row: " + task() +
                 " moves to the back of its local run queue so that the others get a turn";
        if (was_queued && before->kind == EventKind::TaskScheduled && before->a() == static_cast<std::uint64_t>(QueueKind::Inject))
          return batch();
        if (before && before->kind == EventKind::PollEnd)
          return task() + " was woken during its own poll: it goes to the back of " + local_queue(e_.b());
        if (before && before->kind == EventKind::TaskSpawned) return "new task " + task() + " joins the back of " + local_queue(e_.b());
        return task() + " is ready: it joins the back of " + local_queue(e_.b());
      }
      case QueueKind::Inject: {
        if (is_overflow_move(i_) || (i_ > 0 && is_overflow_move(i_ - 1))) return overflow();
        if (thread_kind() == ThreadKind::External || thread_kind() == ThreadKind::Worker)
          return task() + " goes to the inject queue, for a worker to pick up";
        return task() + " goes to the inject queue: " + (thread_kind() == ThreadKind::TimerDriver ? "the " : "") + thread() +
               " has no run queue of its own";
      }
      case QueueKind::Blocking: return task() + " waits in the blocking pool's queue for a thread";
    }
    return task() + " is scheduled";
  }

  bool is_inject_here(std::size_t k) const {
    const Event& e = events_[k];
    return e.kind == EventKind::TaskScheduled && e.a() == static_cast<std::uint64_t>(QueueKind::Inject) && e.thread == e_.thread;
  }
  // A task that was in this worker's queues moving to the inject queue: an overflow.
  bool is_overflow_move(std::size_t k) const {
    if (!is_inject_here(k) || !catalog_.worker_number(e_.thread)) return false;
    auto before = catalog_.previous_event_of(events_[k].task, k);
    if (!before) return false;
    const Event& b = events_[*before];
    return b.kind == EventKind::TaskStolen ||
           (b.kind == EventKind::TaskScheduled && b.a() != static_cast<std::uint64_t>(QueueKind::Inject) &&
            b.a() != static_cast<std::uint64_t>(QueueKind::Blocking));
  }

  // A full local queue moves its front half, then the task that did not fit, to the inject queue.
  std::string overflow() const {
    const auto number = catalog_.worker_number(e_.thread).value_or(0);
    if (!is_overflow_move(i_)) return task() + " does not fit either: it goes to the inject queue with them";
    if (i_ > 0 && is_overflow_move(i_ - 1))
      return task() + " moves to the inject queue too (" + worker(number) + "'s overflow)";
    std::size_t n = 1;
    while (i_ + n < events_.size() && is_inject_here(i_ + n)) ++n;
    return worker(number) + "'s local run queue is full: " + plural(n, "task moves", "tasks move") +
           " to the inject queue, first " + task();
  }

  // A move from the inject queue into this worker's local queue (TaskScheduled Local of a task
  // whose previous record put it in the inject queue).
  bool is_batch_move(std::size_t k) const {
    const Event& e = events_[k];
    if (e.kind != EventKind::TaskScheduled || e.a() != static_cast<std::uint64_t>(QueueKind::Local) || e.thread != e_.thread ||
        e.b() != e_.b())
      return false;
    auto before = catalog_.previous_event_of(e.task, k);
    return before && events_[*before].kind == EventKind::TaskScheduled &&
           events_[*before].a() == static_cast<std::uint64_t>(QueueKind::Inject);
  }

  // Like Tokio, a worker with an empty local queue takes a share of the inject queue at once: the
  // first task to run now (unrecorded until its poll), the rest into its local queue.
  std::string batch() const {
    if (i_ > 0 && is_batch_move(i_ - 1))
      return task() + " moves from the inject queue to " + worker(e_.b()) + "'s local run queue, in the same batch";
    std::size_t moved = 1;
    while (i_ + moved < events_.size() && is_batch_move(i_ + moved)) ++moved;
    std::optional<TaskId> first;
    for (std::size_t k = i_ + moved; k < events_.size() && k < i_ + moved + 16; ++k)
      if (events_[k].kind == EventKind::PollStart && events_[k].thread == e_.thread) {
        first = events_[k].task;
        break;
      }
    const std::string rest = moved == 1 ? task() : task() + " and " + std::to_string(moved - 1) + " more";
    if (!first) return worker(e_.b()) + " moves " + rest + " from the inject queue into its local run queue";
    return worker(e_.b()) + " takes a batch of " + std::to_string(moved + 1) + " tasks from the inject queue: it runs " + name(*first) +
           " now and puts " + rest + " in its local run queue";
  }

  std::string stolen() const {
    const std::uint64_t batch = std::max<std::uint64_t>(e_.b(), 1);
    std::size_t k = 0;
    while (k < i_) {
      const Event& p = events_[i_ - 1 - k];
      if (p.kind != EventKind::TaskStolen || p.thread != e_.thread || p.a() != e_.a() || p.b() != e_.b()) break;
      ++k;
    }
    if (k % batch != 0)
      return task() + " moves from " + worker(e_.a()) + "'s local run queue to " + thread() + "'s, in the same steal";
    if (batch == 1) return thread() + " steals " + task() + " from " + worker(e_.a()) + " and runs it";
    return thread() + " steals " + std::to_string(batch) + " tasks from " + worker(e_.a()) + " and runs " + task() + " first";
  }

  std::string poll_start() const {
    const auto list = own_events();
    const std::size_t k = own_position();
    const bool first = std::none_of(list.begin(), list.begin() + static_cast<std::ptrdiff_t>(k),
                                    [&](std::uint32_t j) { return events_[j].kind == EventKind::PollStart; });
    return thread() + " polls " + task() + (first ? " for the first time" : "");
  }

  std::string wait_phrase(std::uint64_t ch, std::uint64_t side) const {
    const std::string c = channel(ch);
    switch (channel_kind(ch)) {
      case ChannelKind::Mpsc: return side == static_cast<std::uint64_t>(WaitSide::Send) ? "waits for room in " + c : "waits for a message on " + c;
      case ChannelKind::Oneshot: return "waits for the value on " + c;
      case ChannelKind::Broadcast: return "waits for the next message on " + c;
      case ChannelKind::Watch: return "waits for " + c + " to change";
      case ChannelKind::Mutex: return "waits for the lock " + c;
      case ChannelKind::Semaphore: return "waits for a permit of " + c;
    }
    return "waits on " + c;
  }

  static std::string joined(const std::vector<std::string>& parts) {
    std::string out;
    for (std::size_t k = 0; k < parts.size(); ++k) {
      if (k > 0) out += k + 1 == parts.size() ? " and " : ", ";
      out += parts[k];
    }
    return out;
  }

  std::string poll_end() const {
    if (e_.a() == static_cast<std::uint64_t>(PollResult::Ready)) return task() + " returns Ready: it has finished";
    // What it did during this poll: its events back to the PollStart.
    const auto list = own_events();
    std::vector<std::uint64_t> timers;  // durations of the timers it set and did not cancel
    std::vector<std::uint64_t> timer_ids;
    std::vector<std::string> waits;
    std::optional<WakeCause> woken_in_poll;
    for (std::size_t k = own_position(); k > 0; --k) {
      const Event& p = events_[list[k - 1]];
      if (p.kind == EventKind::PollStart) break;
      if (p.kind == EventKind::TimerSet) {
        if (std::find(timer_ids.begin(), timer_ids.end(), p.a()) == timer_ids.end()) timers.push_back(elapsed(p.time_ns, p.b()));
      } else if (p.kind == EventKind::TimerCancelled) {
        timer_ids.push_back(p.a());
      } else if (p.kind == EventKind::ChannelWait) {
        // A select that waits again after a branch won lists the same wait twice: say it once.
        if (auto phrase = wait_phrase(p.a(), p.b()); std::find(waits.begin(), waits.end(), phrase) == waits.end())
          waits.push_back(std::move(phrase));
      } else if (p.kind == EventKind::TaskWoken) {
        woken_in_poll = static_cast<WakeCause>(p.a());
      }
    }
    std::reverse(timers.begin(), timers.end());
    std::reverse(waits.begin(), waits.end());
    std::vector<std::string> parts;
    if (timers.size() == 1) {
      const std::string d = narrate_duration(timers[0]);
      parts.push_back("sets " + article(d) + " " + d + " timer");
    } else if (!timers.empty()) {
      const auto [lo, hi] = std::minmax_element(timers.begin(), timers.end());
      parts.push_back("sets " + std::to_string(timers.size()) + " timers (" +
                      (*lo == *hi ? narrate_duration(*lo) + " each" : narrate_duration(*lo) + " to " + narrate_duration(*hi)) + ")");
    }
    parts.insert(parts.end(), waits.begin(), waits.end());
    if (!parts.empty()) {
      parts.push_back("returns Pending");
      return task() + " " + joined(parts);
    }
    if (woken_in_poll == WakeCause::Yield) return task() + " yields: it returns Pending and goes back to the queue so others can run";
    if (e_.b() > 0) return task() + " returns Pending: it waits for the first of " + plural(e_.b(), "task", "tasks") + " in the set";
    if (woken_in_poll) return task() + " returns Pending, but it was already woken again: it goes straight back to a queue";
    return task() + " returns Pending: " + what_it_waits_for();
  }

  // For a Pending poll that registered nothing new: the wake that ends the wait says what it was.
  std::string what_it_waits_for() const {
    const auto list = own_events();
    for (std::size_t k = own_position() + 1; k < list.size(); ++k) {
      const Event& next = events_[list[k]];
      if (next.kind != EventKind::TaskWoken) {
        if (next.kind == EventKind::PollStart || next.kind == EventKind::TaskScheduled || next.kind == EventKind::TaskCancelled) break;
        continue;
      }
      const auto by = static_cast<TaskId>(std::min<std::uint64_t>(next.b(), 0xffffffffu));
      switch (static_cast<WakeCause>(next.a())) {
        case WakeCause::Task: return "it waits for " + name(by) + " to finish";
        case WakeCause::Timer: return "it still waits for timer " + std::to_string(next.b());
        case WakeCause::Channel:
        case WakeCause::Lock: return "it still waits on " + channel(next.b());
        default: return "it waits to be woken";
      }
    }
    return "it waits to be woken";
  }

  // The woken task's latest ChannelWait on `ch` before this event: which side it waited on.
  std::optional<std::uint64_t> waited_side(std::uint64_t ch) const {
    const auto list = own_events();
    for (std::size_t k = own_position(), seen = 0; k > 0 && seen < 512; --k, ++seen) {
      const Event& p = events_[list[k - 1]];
      if (p.kind == EventKind::ChannelWait && p.a() == ch) return p.b();
    }
    return std::nullopt;
  }

  std::string woken() const {
    switch (static_cast<WakeCause>(e_.a())) {
      case WakeCause::Timer: return "timer " + std::to_string(e_.b()) + " wakes " + task();
      case WakeCause::Channel: {
        const std::string c = channel(e_.b());
        if (i_ > 0 && events_[i_ - 1].kind == EventKind::ChannelClose && events_[i_ - 1].a() == e_.b())
          return c + " is closed: " + task() + ", waiting on it, is woken";
        if (waited_side(e_.b()) == static_cast<std::uint64_t>(WaitSide::Send))
          return "there is room in " + c + " again: " + task() + "'s send went through and it is woken";
        const std::string by = name(static_cast<TaskId>(e_.c()));
        switch (channel_kind(e_.b())) {
          case ChannelKind::Oneshot: return by + " sent the value on " + c + ": " + task() + " is woken";
          case ChannelKind::Watch: return c + " changed: " + task() + " is woken";
          case ChannelKind::Broadcast: return by + " broadcast on " + c + ": " + task() + " is woken";
          default: return by + " sent on " + c + ": " + task() + ", waiting for a message, is woken";
        }
      }
      case WakeCause::Task: {
        const auto other = static_cast<TaskId>(std::min<std::uint64_t>(e_.b(), 0xffffffffu));
        const TaskInfo* info = catalog_.task(other);
        if (info && info->ended_at != kNoEvent && info->ended_at < i_)
          return name(other) + " has finished: " + task() + ", waiting on its JoinHandle, is woken";
        return name(other) + " aborts " + task() + ": it is woken to be cancelled";
      }
      case WakeCause::JoinChild:
        return "branch " + std::to_string(e_.b()) + " of a join or select in " + task() + " is done: " + task() + " carries on";
      case WakeCause::Yield: return task() + " yields: it asks to be polled again after the others";
      case WakeCause::Lock: {
        const std::string c = channel(e_.b());
        if (i_ > 0 && events_[i_ - 1].kind == EventKind::ChannelClose && events_[i_ - 1].a() == e_.b())
          return c + " is closed: " + task() + " is woken without it";
        if (channel_kind(e_.b()) == ChannelKind::Mutex) return task() + " gets the lock " + c + " and is woken";
        return task() + " gets its permits from " + c + " and is woken";
      }
      case WakeCause::Spawn:
      case WakeCause::Blocking: break;
    }
    return task() + " is woken";
  }

  std::string timer_fired() const {
    TaskId owner = e_.task;
    if (const TimerInfo* timer = catalog_.timer(e_.a()); timer && owner == 0) owner = timer->task;
    return "the timer driver fires timer " + std::to_string(e_.a()) + ": " + name(owner) + " is woken";
  }

  std::string channel_created() const {
    const std::string who = task();
    const std::string c = channel(e_.a());
    const std::uint64_t cap = e_.c() & 0xffffffffu;
    switch (static_cast<ChannelKind>(e_.c() >> 32)) {
      case ChannelKind::Mpsc:
        return who + " creates the channel " + c + " (mpsc, " + (cap == 0 ? std::string("unbounded") : "capacity " + std::to_string(cap)) + ")";
      case ChannelKind::Oneshot: return who + " creates the oneshot channel " + c;
      case ChannelKind::Broadcast: return who + " creates the broadcast channel " + c + " (keeps the last " + plural(cap, "message", "messages") + ")";
      case ChannelKind::Watch: return who + " creates the watch channel " + c;
      case ChannelKind::Mutex: return who + " creates the mutex " + c;
      case ChannelKind::Semaphore: return who + " creates the semaphore " + c + " with " + plural(cap, "permit", "permits");
    }
    return who + " creates " + c;
  }

  std::string fill(std::uint64_t ch, std::uint64_t length) const {
    const std::uint64_t cap = capacity(ch);
    return cap == 0 ? std::to_string(length) : std::to_string(length) + "/" + std::to_string(cap);
  }

  // Sent while its own task is not being polled: a receiver let its waiting send in.
  bool sent_on_its_behalf() const {
    const auto list = own_events();
    for (std::size_t k = own_position(); k > 0; --k) {
      const EventKind kind = events_[list[k - 1]].kind;
      if (kind == EventKind::PollStart) return false;
      if (kind == EventKind::PollEnd) return true;
    }
    return true;
  }

  std::string channel_send() const {
    const std::string c = channel(e_.a());
    const std::string seq = message(e_.a(), e_.b());
    const auto text = message_text(catalog_.trace(), e_.a(), e_.b());
    switch (channel_kind(e_.a())) {
      case ChannelKind::Oneshot: return task() + " sends " + (text ? seq : "the value") + " on " + c;
      case ChannelKind::Broadcast: return task() + " broadcasts " + seq + " on " + c + " (" + std::to_string(e_.c()) + " kept)";
      case ChannelKind::Watch:
        return task() + " stores " + (text ? seq + " (version " : "version ") + std::to_string(e_.b()) + (text ? ")" : "") + " in " + c;
      default: break;
    }
    if (sent_on_its_behalf())
      return "a message left " + c + ", so " + task() + "'s waiting " + seq + " goes in (" + fill(e_.a(), e_.c()) + ")";
    if (i_ + 1 < events_.size()) {
      const Event& next = events_[i_ + 1];
      if (next.kind == EventKind::TaskWoken && next.a() == static_cast<std::uint64_t>(WakeCause::Channel) && next.b() == e_.a() &&
          next.task != e_.task)
        return task() + " sends " + seq + " on " + c + " straight to " + name(next.task) + ", who was waiting for it";
    }
    return task() + " sends " + seq + " on " + c + " (" + fill(e_.a(), e_.c()) + " buffered)";
  }

  std::string channel_recv() const {
    const std::string c = channel(e_.a());
    switch (channel_kind(e_.a())) {
      case ChannelKind::Oneshot: {
        const auto text = message_text(catalog_.trace(), e_.a(), e_.b());
        return task() + " receives " + (text ? message(e_.a(), e_.b()) : "the value") + " from " + c;
      }
      case ChannelKind::Broadcast: return task() + " receives " + message(e_.a(), e_.b()) + " from " + c;
      case ChannelKind::Watch: return task() + " sees version " + std::to_string(e_.b()) + " of " + c;
      default: break;
    }
    return task() + " receives " + message(e_.a(), e_.b()) + " from " + c + " (" + std::to_string(e_.c()) + " left)";
  }

  std::string channel_wait() const {
    const std::string c = channel(e_.a());
    const ChannelKind kind = channel_kind(e_.a());
    if (e_.b() == static_cast<std::uint64_t>(WaitSide::Send)) return task() + " waits: channel " + c + " is full (" + fill(e_.a(), e_.c()) + ")";
    switch (kind) {
      case ChannelKind::Mpsc: return task() + " waits: channel " + c + " is empty";
      case ChannelKind::Mutex:
      case ChannelKind::Semaphore: return task() + " " + wait_phrase(e_.a(), e_.b()) + " (" + std::to_string(e_.c()) + " waiting)";
      default: return task() + " " + wait_phrase(e_.a(), e_.b());
    }
  }

  std::string channel_close() const {
    const std::string c = channel(e_.a());
    switch (channel_kind(e_.a())) {
      case ChannelKind::Mpsc:
        return task() + " drops the last sender of " + c + ": the channel is closed" +
               (e_.c() > 0 ? ", " + plural(e_.c(), "message is", "messages are") + " still to be received" : "");
      case ChannelKind::Oneshot: return task() + " drops the sender of " + c + " without sending: the receiver gets nothing";
      case ChannelKind::Broadcast: return task() + " drops the last sender of " + c + ": receivers drain what is left, then see it closed";
      case ChannelKind::Watch: return task() + " drops the sender of " + c + ": its receivers see it closed";
      case ChannelKind::Mutex:
      case ChannelKind::Semaphore:
        return task() + " closes " + c + (e_.c() > 0 ? ": " + plural(e_.c(), "waiter is", "waiters are") + " woken empty-handed" : "");
    }
    return task() + " closes " + c;
  }

  std::string blocking_start() const {
    const auto kind = static_cast<BlockingKind>(e_.a());
    if (thread_kind() == ThreadKind::Worker) {
      if (kind == BlockingKind::CpuWork)
        return thread() + " computes" + (e_.b() ? " for " + narrate_duration(e_.b()) : std::string()) + " (cpu_work): nothing else can run on it";
      return thread() + " is blocked by " + std::string(to_string(kind)) + (e_.b() ? " for " + narrate_duration(e_.b()) : std::string()) +
             ": nothing else can run on it";
    }
    return thread() + " runs " + task();
  }

  std::string blocking_end() const {
    std::optional<std::uint64_t> took;
    const auto list = own_events();
    for (std::size_t k = own_position(); k > 0; --k) {
      const Event& p = events_[list[k - 1]];
      if (p.kind == EventKind::BlockingStart && p.thread == e_.thread) {
        took = elapsed(p.time_ns, e_.time_ns);
        break;
      }
    }
    const std::string after = took ? " after " + narrate_duration(*took) : std::string();
    if (thread_kind() == ThreadKind::Worker)
      return thread() + " is free again" + after + " of " + std::string(to_string(static_cast<BlockingKind>(e_.a())));
    return thread() + " finishes " + task() + after;
  }

  const TraceCatalog& catalog_;
  const std::vector<Event>& events_;
  std::size_t i_;
  const Event& e_;
  bool hide_future_;
};

}  // namespace

std::string narrate_duration(std::uint64_t ns) {
  struct Unit {
    double ns;
    double limit;  // values from here on use the next unit
    const char* name;
  };
  // Past a minute, minutes, hours and days, so a long lesson reads "13.9 h", not "50000 s".
  static constexpr Unit units[] = {{1, 1e3, "ns"},     {1e3, 1e3, "µs"},    {1e6, 1e4, "ms"},        {1e9, 120, "s"},
                                   {60e9, 120, "min"}, {3600e9, 48, "h"}, {86400e9, 1e300, "days"}};
  for (const Unit& unit : units) {
    const double value = static_cast<double>(ns) / unit.ns;
    const int decimals = unit.ns == 1 ? 0 : value >= 100 ? 0 : (value >= 10 || unit.ns >= 60e9) ? 1 : 2;
    const std::string text = fixed(value, decimals);
    if (std::stod(text) >= unit.limit) continue;  // 999.7 µs rounds to 1000: say "1 ms"
    return text + " " + unit.name;
  }
  return std::to_string(ns) + " ns";
}

std::string Narrator::line(std::size_t index) const {
  if (index >= catalog_->event_count()) return {};
  return Narration(*catalog_, index, hide_future_).line();
}

std::string narrate(const Trace& trace, std::size_t index) {
  const TraceCatalog catalog(trace);
  return Narrator(catalog).line(index);
}

}  // namespace wakeline
