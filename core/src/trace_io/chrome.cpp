// Chrome / Perfetto trace event JSON, written by hand in one pass over the events (plus one
// backward pass to know which wakes lead to a poll, so every flow start gets its finish).
// See docs/trace-format.md ("Chrome export") for how each event kind maps.
#include "wakeline/trace_io/chrome.hpp"

#include <algorithm>
#include <ostream>
#include <unordered_map>
#include <unordered_set>

#include "runtime/huge_pages.hpp"
#include "text_out.hpp"

namespace wakeline {
namespace {

using trace_io_detail::append_json_string;
using trace_io_detail::append_micros;
using trace_io_detail::append_uint;

constexpr std::uint64_t kPid = 1;
// tid = thread index + 1: some viewers treat tid 0 as special.
std::uint64_t tid_of(ThreadIndex thread) { return static_cast<std::uint64_t>(thread) + 1; }

// The nested async slice a task's track currently shows.
enum class Slice : std::uint8_t { None, Ready, Running, Waiting, Blocking };
// trace.hpp has no to_string(CombinatorKind); these follow its declaration order.
std::string_view combinator_name(std::uint64_t kind) {
  static constexpr std::string_view names[] = {"join", "try_join", "select", "timeout"};
  return kind < std::size(names) ? names[kind] : std::string_view("?");
}

std::string_view slice_name(Slice slice) {
  switch (slice) {
    case Slice::Ready: return "ready";
    case Slice::Running: return "running";
    case Slice::Waiting: return "waiting";
    case Slice::Blocking: return "blocking";
    default: return "";
  }
}

struct TaskTrack {
  std::string name;
  Slice slice = Slice::None;
  bool ended = false;
  bool woken_in_poll = false;
  int next_poll_cause = -1;  // WakeCause of the wake that readied it, -1 if none
  std::vector<std::uint64_t> pending_flows;  // flow ids to finish at its next poll
};

struct ThreadTrack {
  bool in_poll = false;
  TaskId poll_task = 0;
  std::uint64_t poll_start = 0;
  int poll_cause = -1;
  std::vector<std::uint64_t> poll_flows;  // wakes that led to this poll, finished after its "X"
  bool in_blocking = false;
  TaskId blocking_task = 0;
  std::uint64_t blocking_start = 0;
  std::uint64_t blocking_kind = 0;
  std::uint64_t blocking_requested = 0;
};

// For each TaskWoken, whether the woken task has a PollStart later on; a flow arrow is drawn
// only for those, so every "s" has its "f".
std::vector<bool> wakes_followed_by_poll(const Trace& trace) {
  std::vector<bool> followed(trace.events.size(), false);
  std::unordered_set<TaskId> polled_later;
  for (std::size_t i = trace.events.size(); i-- > 0;) {
    const Event& e = trace.events[i];
    if (e.kind == EventKind::PollStart) polled_later.insert(e.task);
    if (e.kind == EventKind::TaskWoken) followed[i] = polled_later.contains(e.task);
  }
  return followed;
}

class ChromeWriter {
 public:
  ChromeWriter(const Trace& trace, trace_io_detail::TextOut& out)
      : trace_(trace), out_(out), s_(out.text), threads_(trace.threads.size()) {}

  void write() {
    s_ += "{\"traceEvents\":[";
    write_metadata();
    const std::vector<bool> followed = wakes_followed_by_poll(trace_);
    for (std::size_t i = 0; i < trace_.events.size(); ++i) {
      const Event& e = trace_.events[i];
      if (e.thread < threads_.size()) on_event(e, followed[i]);
      out_.flush_if_large();
    }
    close_everything();
    s_ += "\n],\"displayTimeUnit\":\"ns\"}\n";
    out_.flush();
  }

 private:
  // --- Event text ------------------------------------------------------------------------------

  // Opens {"name":..,"cat":..,"ph":..,"ts":..,"pid":1,"tid":..  -- the caller adds the rest and '}'.
  void begin(std::string_view name, std::string_view cat, char ph, std::uint64_t ts_ns, ThreadIndex thread) {
    s_ += first_ ? "\n{\"name\":" : ",\n{\"name\":";
    first_ = false;
    append_json_string(s_, name);
    if (!cat.empty()) {
      s_ += ",\"cat\":\"";
      s_ += cat;
      s_ += '"';
    }
    s_ += ",\"ph\":\"";
    s_ += ph;
    s_ += "\",\"ts\":";
    append_micros(s_, ts_ns);
    s_ += ",\"pid\":";
    append_uint(s_, kPid);
    s_ += ",\"tid\":";
    append_uint(s_, tid_of(thread));
  }
  void id(std::uint64_t value) {
    s_ += ",\"id\":";
    append_uint(s_, value);
  }
  void open_args() {
    s_ += ",\"args\":{";
    first_arg_ = true;
  }
  void arg_key(std::string_view key) {
    s_ += first_arg_ ? "\"" : ",\"";
    first_arg_ = false;
    s_ += key;
    s_ += "\":";
  }
  void arg(std::string_view key, std::uint64_t value) {
    arg_key(key);
    append_uint(s_, value);
  }
  void arg_text(std::string_view key, std::string_view value) {
    arg_key(key);
    append_json_string(s_, value);
  }
  void close_args() { s_ += "}}"; }

  void instant(std::string_view name, const Event& e) {
    begin(name, "event", 'i', e.time_ns, e.thread);
    s_ += ",\"s\":\"t\"";
    open_args();
    if (e.task != 0) arg("task", e.task);
  }

  // --- Metadata --------------------------------------------------------------------------------

  void write_metadata() {
    begin("process_name", "", 'M', 0, 0);
    open_args();
    arg_text("name", "Wakeline: " + trace_.run.scenario);
    close_args();
    for (std::size_t i = 0; i < trace_.threads.size(); ++i) {
      const auto thread = static_cast<ThreadIndex>(i);
      begin("thread_name", "", 'M', 0, thread);
      open_args();
      arg_text("name", trace_.threads[i].name);
      close_args();
      begin("thread_sort_index", "", 'M', 0, thread);
      open_args();
      arg("sort_index", i);
      close_args();
    }
  }

  // --- Tasks' async tracks ---------------------------------------------------------------------

  TaskTrack* find_task(TaskId task) {
    const auto it = tasks_.find(task);
    return it == tasks_.end() ? nullptr : &it->second;
  }

  void async_event(char ph, std::string_view name, TaskId task, std::uint64_t ts, ThreadIndex thread) {
    begin(name, "task", ph, ts, thread);
    id(task);
    s_ += '}';
  }

  void set_slice(TaskId task, TaskTrack& track, Slice next, std::uint64_t ts, ThreadIndex thread) {
    if (track.slice == next) return;
    if (track.slice != Slice::None) async_event('e', slice_name(track.slice), task, ts, thread);
    if (next != Slice::None) async_event('b', slice_name(next), task, ts, thread);
    track.slice = next;
  }

  void on_spawn(const Event& e) {
    if (e.task == 0 || tasks_.contains(e.task)) return;
    TaskTrack& track = tasks_[e.task];
    spawn_order_.push_back(e.task);
    track.name = std::string(trace_.str(static_cast<StringId>(std::min<std::uint64_t>(e.b(), 0xffffffffu))));
    if (track.name.empty()) track.name = "task " + std::to_string(e.task);
    track.next_poll_cause = static_cast<int>(WakeCause::Spawn);
    begin(track.name, "task", 'b', e.time_ns, e.thread);
    id(e.task);
    open_args();
    arg("task", e.task);
    arg("parent", e.a());
    if (e.c() == 1) arg_text("kind", "blocking_job");
    close_args();
    set_slice(e.task, track, Slice::Ready, e.time_ns, e.thread);
  }

  void on_ready(const Event& e) {
    TaskTrack* track = find_task(e.task);
    if (track == nullptr || track->ended) return;
    if (e.kind == EventKind::TaskWoken) track->next_poll_cause = static_cast<int>(e.a());
    if (track->slice == Slice::Running)
      track->woken_in_poll = true;
    else if (track->slice == Slice::Waiting)
      set_slice(e.task, *track, Slice::Ready, e.time_ns, e.thread);
  }

  void on_task_end(const Event& e) {
    TaskTrack* track = find_task(e.task);
    if (track == nullptr || track->ended) return;
    end_task(e.task, *track, e.time_ns, e.thread);
    if (e.kind == EventKind::TaskFailed) {
      instant("task_failed", e);
      arg_text("message", trace_.str(static_cast<StringId>(std::min<std::uint64_t>(e.b(), 0xffffffffu))));
      close_args();
    }
  }

  void end_task(TaskId task, TaskTrack& track, std::uint64_t ts, ThreadIndex thread) {
    set_slice(task, track, Slice::None, ts, thread);
    async_event('e', track.name, task, ts, thread);
    track.ended = true;
  }

  // --- Per event ---------------------------------------------------------------------------------

  void on_event(const Event& e, bool wake_followed_by_poll) {
    ThreadTrack& thread = threads_[e.thread];
    switch (e.kind) {
      case EventKind::TaskSpawned: on_spawn(e); break;
      case EventKind::TaskScheduled: on_ready(e); break;
      case EventKind::TaskWoken:
        if (wake_followed_by_poll) {
          if (TaskTrack* track = find_task(e.task)) {
            const std::uint64_t flow = ++flow_count_;
            begin("wake", "wake", 's', e.time_ns, e.thread);
            id(flow);
            open_args();
            arg("task", e.task);
            arg_text("cause", to_string(static_cast<WakeCause>(e.a())));
            arg("waker", e.c());
            close_args();
            track->pending_flows.push_back(flow);
          }
        }
        on_ready(e);
        break;
      case EventKind::PollStart: on_poll_start(e, thread); break;
      case EventKind::PollEnd: on_poll_end(e, thread); break;
      case EventKind::TaskCompleted:
      case EventKind::TaskCancelled:
      case EventKind::TaskFailed: on_task_end(e); break;
      case EventKind::BlockingStart:
        if (thread.in_blocking) break;
        thread.in_blocking = true;
        thread.blocking_task = e.task;
        thread.blocking_start = e.time_ns;
        thread.blocking_kind = e.a();
        thread.blocking_requested = e.b();
        if (TaskTrack* track = find_task(e.task); track != nullptr && !track->ended && track->slice != Slice::Running)
          set_slice(e.task, *track, Slice::Blocking, e.time_ns, e.thread);  // a blocking-pool job starts
        break;
      case EventKind::BlockingEnd:
        if (!thread.in_blocking) break;
        blocking_span(e.thread, thread, e.time_ns);
        if (TaskTrack* track = find_task(e.task); track != nullptr && track->slice == Slice::Blocking)
          set_slice(e.task, *track, Slice::None, e.time_ns, e.thread);
        break;
      case EventKind::ChannelSend:
      case EventKind::ChannelRecv:
        instant(to_string(e.kind), e);
        channel_args(e.a());
        arg("seq", e.b());
        arg("len", e.c());
        close_args();
        break;
      case EventKind::ChannelWait:
        instant(to_string(e.kind), e);
        channel_args(e.a());
        arg_text("side", e.b() == static_cast<std::uint64_t>(WaitSide::Send) ? "send" : "recv");
        arg("len", e.c());
        close_args();
        break;
      case EventKind::ChannelClose:
        instant(to_string(e.kind), e);
        channel_args(e.a());
        arg("len", e.c());
        close_args();
        break;
      case EventKind::ChannelCreated:
        channel_names_[e.a()] = trace_.str(static_cast<StringId>(std::min<std::uint64_t>(e.b(), 0xffffffffu)));
        break;
      case EventKind::TimerSet:
        instant(to_string(e.kind), e);
        arg("timer", e.a());
        arg("deadline_ns", e.b());
        close_args();
        break;
      case EventKind::TimerFired:
      case EventKind::TimerCancelled:
        instant(to_string(e.kind), e);
        arg("timer", e.a());
        close_args();
        break;
      case EventKind::Print:
        instant("print", e);
        arg_text("text", trace_.str(static_cast<StringId>(std::min<std::uint64_t>(e.a(), 0xffffffffu))));
        close_args();
        break;
      case EventKind::WorkerPark:
        instant("worker_park", e);
        close_args();
        break;
      case EventKind::WorkerUnpark:
        instant("worker_unpark", e);
        arg("by_task", e.a());
        close_args();
        break;
      case EventKind::TaskStolen:
        instant("task_stolen", e);
        arg("from_worker", e.a());
        arg("moved", e.b());
        close_args();
        break;
      case EventKind::FutureDropped:
        instant("future_dropped", e);
        arg("branch", e.a());
        arg_text("combinator", combinator_name(e.b()));
        close_args();
        break;
      case EventKind::RunEnd:
        instant("run_end", e);
        arg("deadlock", e.a());
        close_args();
        break;
      default: break;
    }
  }

  void channel_args(std::uint64_t channel) {
    arg("channel", channel);
    if (const auto it = channel_names_.find(channel); it != channel_names_.end()) arg_text("channel_name", it->second);
  }

  void on_poll_start(const Event& e, ThreadTrack& thread) {
    if (thread.in_poll) return;  // nested polls are invalid; keep the outer one
    thread.in_poll = true;
    thread.poll_task = e.task;
    thread.poll_start = e.time_ns;
    thread.poll_cause = -1;
    TaskTrack* track = find_task(e.task);
    if (track == nullptr) return;
    thread.poll_flows.swap(track->pending_flows);
    track->pending_flows.clear();
    thread.poll_cause = track->next_poll_cause;
    track->next_poll_cause = -1;
    track->woken_in_poll = false;
    if (!track->ended) set_slice(e.task, *track, Slice::Running, e.time_ns, e.thread);
  }

  void on_poll_end(const Event& e, ThreadTrack& thread) {
    if (!thread.in_poll || thread.poll_task != e.task) return;
    poll_span(e.thread, thread, e.time_ns, e.a() == static_cast<std::uint64_t>(PollResult::Ready) ? "ready" : "pending");
    TaskTrack* track = find_task(e.task);
    if (track == nullptr || track->ended) return;
    Slice next = Slice::None;
    if (e.a() != static_cast<std::uint64_t>(PollResult::Ready)) next = track->woken_in_poll ? Slice::Ready : Slice::Waiting;
    set_slice(e.task, *track, next, e.time_ns, e.thread);
  }

  void poll_span(ThreadIndex index, ThreadTrack& thread, std::uint64_t end, std::string_view result) {
    const TaskTrack* track = find_task(thread.poll_task);
    const std::string fallback = "task " + std::to_string(thread.poll_task);
    begin(track != nullptr ? std::string_view(track->name) : std::string_view(fallback), "poll", 'X', thread.poll_start, index);
    s_ += ",\"dur\":";
    append_micros(s_, end > thread.poll_start ? end - thread.poll_start : 0);
    open_args();
    arg("task", thread.poll_task);
    arg_text("result", result);
    if (thread.poll_cause >= 0) arg_text("woken_by", to_string(static_cast<WakeCause>(thread.poll_cause)));
    close_args();
    // Written after the "X" although they share its ts: viewers sort by ts stably, and a flow
    // end bound to its enclosing slice ("bp":"e") must find the slice already open.
    for (const std::uint64_t flow : thread.poll_flows) {
      begin("wake", "wake", 'f', thread.poll_start, index);
      s_ += ",\"bp\":\"e\"";
      id(flow);
      s_ += '}';
    }
    thread.poll_flows.clear();
    thread.in_poll = false;
  }

  void blocking_span(ThreadIndex index, ThreadTrack& thread, std::uint64_t end) {
    begin(to_string(static_cast<BlockingKind>(thread.blocking_kind)), "blocking", 'X', thread.blocking_start, index);
    s_ += ",\"dur\":";
    append_micros(s_, end > thread.blocking_start ? end - thread.blocking_start : 0);
    open_args();
    arg("task", thread.blocking_task);
    if (const TaskTrack* track = find_task(thread.blocking_task)) arg_text("task_name", track->name);
    arg("requested_ns", thread.blocking_requested);
    close_args();
    thread.in_blocking = false;
  }

  // Whatever is open when the events run out (a deadlocked run's tasks) ends at the run's end,
  // so every "b" has its "e" and every span a duration.
  void close_everything() {
    const std::uint64_t last = trace_.events.empty() ? 0 : trace_.events.back().time_ns;
    const std::uint64_t end = std::max(trace_.run.total_ns, last);
    for (std::size_t i = 0; i < threads_.size(); ++i) {
      if (threads_[i].in_blocking) blocking_span(static_cast<ThreadIndex>(i), threads_[i], end);
      if (threads_[i].in_poll) poll_span(static_cast<ThreadIndex>(i), threads_[i], end, "unfinished");
    }
    for (const TaskId task : spawn_order_) {
      TaskTrack& track = tasks_[task];
      if (!track.ended) end_task(task, track, end, 0);
    }
  }

  const Trace& trace_;
  trace_io_detail::TextOut& out_;
  std::string& s_;
  bool first_ = true;
  bool first_arg_ = true;
  std::uint64_t flow_count_ = 0;
  std::vector<ThreadTrack> threads_;
  std::unordered_map<TaskId, TaskTrack> tasks_;
  std::vector<TaskId> spawn_order_;
  std::unordered_map<std::uint64_t, std::string_view> channel_names_;
};

}  // namespace

std::string write_chrome(const Trace& trace) {
  trace_io_detail::TextOut out;
  out.text.reserve(4096 + trace.events.size() * 120);
  // ~100 fresh bytes per event: in 4 KiB pages their faults took over half the time (perf, 1M events).
  detail::advise_huge(out.text.data(), out.text.capacity());
  ChromeWriter(trace, out).write();
  return std::move(out.text);
}

void write_chrome(const Trace& trace, std::ostream& out) {
  trace_io_detail::TextOut sink{.text = {}, .stream = &out};
  ChromeWriter(trace, sink).write();
}

}  // namespace wakeline
