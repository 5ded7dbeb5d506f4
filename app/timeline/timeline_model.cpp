// build_timeline_model: one pass over the events with a small state machine per thread (the open
// poll and blocking section) and per task (ready -> running -> waiting/ready -> ... -> ended),
// the phases task_stats.cpp counts, here kept as intervals. One difference: a wake during the
// task's own poll does not make it ready after the poll unless a TaskScheduled says it was
// requeued (the poll itself resumes what such a wake readied; see TaskTrack::in_poll_arrows).
#include "timeline/timeline_model.hpp"

#include <algorithm>
#include <array>

#include "wakeline/detail/huge_pages.hpp"
#include "wakeline/printable.hpp"

namespace wakeline::app {
namespace {

constexpr std::uint32_t kNoArrow = 0xffffffffu;
// Ids up to this many times the task count (plus a little) are looked up in a vector.
constexpr std::uint64_t kDenseIdFactor = 8;

enum class Phase : std::uint8_t { Ready, Running, Waiting, Job, Ended };

struct TaskTrack {
  Phase phase = Phase::Ready;
  std::uint64_t since = 0;  // start of the state now open
  std::uint32_t since_event = kNoEvent;
  bool in_blocking = false;
  SpanKind wait_hint = SpanKind::Waiting;  // what this poll started waiting on (TimerSet, ChannelWait)
  std::uint32_t pending_arrows = kNoArrow;  // wakes that will lead to the next poll, linked by next_pending
  // Wakes during the task's own poll. The poll resumes the strands they woke before it ends, so
  // they lead nowhere, unless the task is requeued after the poll (a yield; a wake from another
  // thread too late for this poll): then a TaskScheduled follows the PollEnd.
  std::uint32_t in_poll_arrows = kNoArrow;
};

struct OpenSpan {
  bool open = false;
  std::uint64_t start = 0;
  std::uint32_t event = 0;
  TaskId task = 0;
  std::uint8_t detail = 0;
};

struct ThreadTrack {
  OpenSpan poll;
  OpenSpan blocking;
  bool wakes_from_here = false;  // an arrow for a wake (not a spawn) starts on this thread
};

struct ArrowDraft {
  Arrow arrow;
  ThreadIndex from_thread = 0;
  ThreadIndex to_thread = 0;
  bool resolved = false;
  std::uint32_t next_pending = kNoArrow;
};

class ModelBuilder {
 public:
  ModelBuilder(const Trace& trace, std::function<SharedTaskStats()> task_stats)
      : trace_(trace), task_stats_(std::move(task_stats)) {}

  TimelineModel build() {
    model_.trace = &trace_;
    model_.event_count = trace_.events.size();
    model_.first_event = trace_.events.data();
    if (!trace_.events.empty()) model_.last_event = trace_.events.back();
    model_.total_ns = trace_.run.total_ns;
    model_.run_end_ns = trace_.run.total_ns;
    if (!trace_.events.empty()) model_.run_end_ns = std::max(model_.run_end_ns, trace_.events.back().time_ns);
    threads_.resize(trace_.threads.size());
    lanes_.resize(trace_.threads.size());
    prepare_lookups();
    for (std::uint32_t i = 0; i < trace_.events.size(); ++i) on_event(trace_.events[i], i);
    close_at_end_of_run();
    finish_threads();
    finish_arrows();
    finish_task_states();
    note_kinds_present();
    return std::move(model_);
  }

 private:
  const Trace& trace_;
  std::function<SharedTaskStats()> task_stats_;  // called in finish_task_states
  TimelineModel model_;
  std::vector<ThreadTrack> threads_;
  std::vector<ThreadLane> lanes_;  // one per thread, filtered into model_.threads at the end
  std::vector<TaskTrack> tasks_;   // by task lane
  std::vector<std::pair<std::uint32_t, Span>> states_;  // (task lane, state), in time order
  std::vector<ArrowDraft> arrows_;
  std::vector<std::uint32_t> resolved_;  // indices into arrows_, in the order they were resolved

  // Counts what each array can hold at most, so every one is allocated once, advised as huge pages
  // (a 10M-event trace makes ~4M states and ~2M arrows: grown by doubling, and faulted in 4 KiB at a
  // time, they were most of the model's time).
  void prepare_lookups() {
    std::uint64_t spawned = 0, wakes = 0, task_events = 0;
    TaskId max_id = 0;
    struct PerThread {
      std::size_t polls = 0, blocking = 0, markers = 0;
    };
    std::vector<PerThread> per_thread(lanes_.size());
    for (const Event& e : trace_.events) {
      if (e.task != 0) ++task_events;
      if (e.thread >= per_thread.size()) continue;
      PerThread& thread = per_thread[e.thread];
      switch (e.kind) {
        case EventKind::TaskSpawned:
          ++spawned;
          max_id = std::max(max_id, e.task);
          break;
        case EventKind::TaskWoken: ++wakes; break;
        case EventKind::PollEnd: ++thread.polls; break;
        case EventKind::BlockingEnd: ++thread.blocking; break;
        case EventKind::ChannelSend:
        case EventKind::ChannelRecv:
        case EventKind::TimerSet:
        case EventKind::TimerFired:
        case EventKind::Print:
        case EventKind::TaskStolen: ++thread.markers; break;
        default: break;
      }
    }
    if (max_id <= spawned * kDenseIdFactor + 1024) {
      detail::reserve_huge(model_.lane_of_task, std::size_t{max_id} + 1);
      model_.lane_of_task.assign(std::size_t{max_id} + 1, -1);
    }
    detail::reserve_huge(model_.tasks, spawned);
    detail::reserve_huge(tasks_, spawned);
    // At most one state per task event, and one per task at the run's end; one arrow per spawn or wake.
    detail::reserve_huge(states_, task_events + spawned);
    detail::reserve_huge(arrows_, spawned + wakes);
    detail::reserve_huge(resolved_, spawned + wakes);
    for (std::size_t i = 0; i < lanes_.size(); ++i) {
      detail::reserve_huge(lanes_[i].polls, per_thread[i].polls + 1);  // + 1: cut by the run's end
      detail::reserve_huge(lanes_[i].blocking, per_thread[i].blocking + 1);
      detail::reserve_huge(lanes_[i].markers, per_thread[i].markers);
    }
  }

  int task_lane(TaskId task) const { return model_.task_lane(task); }

  void add_task_lane(const Event& e) {
    if (e.task == 0 || task_lane(e.task) >= 0) return;  // task 0 is the runtime; spawned twice: keep the first
    const int lane = static_cast<int>(model_.tasks.size());
    if (!model_.lane_of_task.empty() && e.task < model_.lane_of_task.size()) model_.lane_of_task[e.task] = lane;
    else model_.lane_of_sparse_task[e.task] = lane;
    model_.tasks.push_back(TaskLane{.task = e.task});
    tasks_.push_back(TaskTrack{});
  }

  void emit_state(std::uint32_t lane, SpanKind kind, const TaskTrack& track, std::uint64_t end, std::uint32_t end_event) {
    if (end <= track.since) return;  // an instant in a state is not worth a span
    states_.emplace_back(lane, Span{.start_ns = track.since, .end_ns = end, .task = model_.tasks[lane].task,
                                    .start_event = track.since_event, .end_event = end_event, .kind = kind});
  }

  static void enter(TaskTrack& track, Phase phase, std::uint64_t t, std::uint32_t event) {
    track.phase = phase;
    track.since = t;
    track.since_event = event;
  }

  SpanKind channel_wait_kind(std::uint64_t channel) const {
    const auto found = model_.channels.find(channel);
    if (found != model_.channels.end() &&
        (found->second.kind == ChannelKind::Mutex || found->second.kind == ChannelKind::Semaphore)) {
      return SpanKind::WaitLock;
    }
    return SpanKind::WaitChannel;
  }

  // What a wait was for, named by what ended it; the poll's own TimerSet/ChannelWait otherwise.
  SpanKind wait_kind(const Event& wake, SpanKind hint) const {
    switch (static_cast<WakeCause>(wake.a())) {
      case WakeCause::Timer: return SpanKind::WaitTimer;
      case WakeCause::Channel: return channel_wait_kind(wake.b());
      case WakeCause::Lock: return SpanKind::WaitLock;
      case WakeCause::Task:
      case WakeCause::JoinChild: return SpanKind::WaitJoin;
      default: return hint;
    }
  }

  void add_marker(const Event& e, std::uint32_t index, MarkerKind kind) {
    lanes_[e.thread].markers.push_back(Marker{.time_ns = e.time_ns, .event = index, .kind = kind});
  }

  void add_arrow(const Event& e, std::uint32_t index, std::uint32_t& list, WakeCause cause, TaskId waker) {
    ArrowDraft draft;
    draft.arrow.from_ns = e.time_ns;
    draft.arrow.task = e.task;
    draft.arrow.waker = waker;
    draft.arrow.event = index;
    draft.arrow.cause = cause;
    draft.from_thread = e.thread;
    draft.next_pending = list;
    list = static_cast<std::uint32_t>(arrows_.size());
    arrows_.push_back(draft);
  }

  // Moves the in-poll wakes onto the pending list: the task was requeued after its poll.
  void promote_in_poll_arrows(TaskTrack& track) {
    while (track.in_poll_arrows != kNoArrow) {
      const std::uint32_t a = track.in_poll_arrows;
      track.in_poll_arrows = arrows_[a].next_pending;
      arrows_[a].next_pending = track.pending_arrows;
      track.pending_arrows = a;
    }
  }

  void resolve_arrows(TaskTrack& track, const Event& e) {
    for (std::uint32_t a = track.pending_arrows; a != kNoArrow; a = arrows_[a].next_pending) {
      arrows_[a].arrow.to_ns = e.time_ns;
      arrows_[a].to_thread = e.thread;
      resolved_.push_back(a);
      arrows_[a].resolved = true;
    }
    track.pending_arrows = kNoArrow;
  }

  void on_event(const Event& e, std::uint32_t index) {
    if (e.thread >= trace_.threads.size()) return;
    if (e.kind == EventKind::TaskSpawned) add_task_lane(e);
    on_thread_event(e, index);
    const int lane = e.task == 0 ? -1 : task_lane(e.task);
    if (lane >= 0) on_task_event(e, index, static_cast<std::uint32_t>(lane));
  }

  void on_thread_event(const Event& e, std::uint32_t index) {
    ThreadTrack& thread = threads_[e.thread];
    ThreadLane& lane = lanes_[e.thread];
    switch (e.kind) {
      case EventKind::PollStart:
        thread.poll = OpenSpan{.open = true, .start = e.time_ns, .event = index, .task = e.task};
        break;
      case EventKind::PollEnd:
        if (!thread.poll.open || thread.poll.task != e.task) break;
        lane.polls.push_back(Span{.start_ns = thread.poll.start, .end_ns = e.time_ns, .task = e.task,
                                  .start_event = thread.poll.event, .end_event = index, .kind = SpanKind::Poll,
                                  .detail = static_cast<std::uint8_t>(e.a())});
        thread.poll.open = false;
        break;
      case EventKind::BlockingStart:
        thread.blocking = OpenSpan{.open = true, .start = e.time_ns, .event = index, .task = e.task,
                                   .detail = static_cast<std::uint8_t>(e.a())};
        break;
      case EventKind::BlockingEnd:
        if (!thread.blocking.open) break;
        lane.blocking.push_back(Span{.start_ns = thread.blocking.start, .end_ns = e.time_ns, .task = thread.blocking.task,
                                     .start_event = thread.blocking.event, .end_event = index,
                                     .kind = SpanKind::Blocking, .detail = thread.blocking.detail});
        thread.blocking.open = false;
        break;
      case EventKind::ChannelCreated:
        model_.channels[e.a()] = ChannelInfo{.name = folded(trace_.str(static_cast<StringId>(std::min<std::uint64_t>(e.b(), 0xffffffffu)))),
                                           .kind = static_cast<ChannelKind>(e.c() >> 32)};
        break;
      case EventKind::ChannelSend: add_marker(e, index, MarkerKind::ChannelSend); break;
      case EventKind::ChannelRecv: add_marker(e, index, MarkerKind::ChannelRecv); break;
      case EventKind::TimerSet: add_marker(e, index, MarkerKind::TimerSet); break;
      case EventKind::TimerFired: add_marker(e, index, MarkerKind::TimerFired); break;
      case EventKind::Print: add_marker(e, index, MarkerKind::Print); break;
      case EventKind::TaskStolen: add_marker(e, index, MarkerKind::Steal); break;
      default: break;
    }
  }

  void on_task_event(const Event& e, std::uint32_t index, std::uint32_t lane) {
    TaskTrack& track = tasks_[lane];
    const std::uint64_t t = e.time_ns;
    switch (e.kind) {
      case EventKind::TaskSpawned:
        enter(track, Phase::Ready, t, index);
        add_arrow(e, index, track.pending_arrows, WakeCause::Spawn, static_cast<TaskId>(e.a()));
        break;
      case EventKind::TaskWoken:
        if (track.phase == Phase::Ended) break;
        if (track.phase == Phase::Running) {
          add_arrow(e, index, track.in_poll_arrows, static_cast<WakeCause>(e.a()), static_cast<TaskId>(e.c()));
          break;
        }
        if (track.phase == Phase::Waiting) {
          emit_state(lane, wait_kind(e, track.wait_hint), track, t, index);
          enter(track, Phase::Ready, t, index);
          track.in_poll_arrows = kNoArrow;  // the poll consumed those
        }
        add_arrow(e, index, track.pending_arrows, static_cast<WakeCause>(e.a()), static_cast<TaskId>(e.c()));
        break;
      case EventKind::TaskScheduled:
        if (track.phase == Phase::Waiting) {
          emit_state(lane, track.wait_hint, track, t, index);
          enter(track, Phase::Ready, t, index);
          promote_in_poll_arrows(track);
        }
        break;
      case EventKind::PollStart:
        if (track.phase == Phase::Ended) break;
        emit_state(lane, track.phase == Phase::Waiting ? track.wait_hint : SpanKind::Ready, track, t, index);
        enter(track, Phase::Running, t, index);
        track.wait_hint = SpanKind::Waiting;
        track.in_poll_arrows = kNoArrow;
        resolve_arrows(track, e);
        break;
      case EventKind::PollEnd:
        if (track.phase != Phase::Running) break;
        emit_state(lane, track.in_blocking ? SpanKind::Blocked : SpanKind::Running, track, t, index);
        track.in_blocking = false;
        // Pending means waiting, until a TaskScheduled says it was requeued at once.
        enter(track, e.a() == static_cast<std::uint64_t>(PollResult::Ready) ? Phase::Ended : Phase::Waiting, t, index);
        break;
      case EventKind::BlockingStart:
        if (track.phase == Phase::Running) {
          emit_state(lane, SpanKind::Running, track, t, index);
          enter(track, Phase::Running, t, index);
        } else if (track.phase == Phase::Ready || track.phase == Phase::Waiting) {  // a blocking-pool job starts
          emit_state(lane, SpanKind::Ready, track, t, index);
          enter(track, Phase::Job, t, index);
          resolve_arrows(track, e);
        }
        track.in_blocking = true;
        break;
      case EventKind::BlockingEnd:
        if (!track.in_blocking) break;
        emit_state(lane, SpanKind::Blocked, track, t, index);
        track.in_blocking = false;
        enter(track, track.phase == Phase::Job ? Phase::Ended : track.phase, t, index);
        break;
      case EventKind::TimerSet: track.wait_hint = SpanKind::WaitTimer; break;
      case EventKind::ChannelWait: track.wait_hint = channel_wait_kind(e.a()); break;
      case EventKind::TaskCompleted:
      case EventKind::TaskCancelled:
      case EventKind::TaskFailed:
        track.pending_arrows = track.in_poll_arrows = kNoArrow;  // never polled again: those wakes lead nowhere
        if (track.phase == Phase::Ready || track.phase == Phase::Waiting) {
          emit_state(lane, track.phase == Phase::Ready ? SpanKind::Ready : track.wait_hint, track, t, index);
          enter(track, Phase::Ended, t, index);
        }
        // Ending inside a poll or a blocking job: its end event closes the state.
        break;
      default: break;
    }
  }

  void close_at_end_of_run() {
    const std::uint64_t end = model_.run_end_ns;
    for (std::size_t i = 0; i < threads_.size(); ++i) {
      const OpenSpan& poll = threads_[i].poll;
      if (poll.open) {
        lanes_[i].polls.push_back(Span{.start_ns = poll.start, .end_ns = end, .task = poll.task,
                                       .start_event = poll.event, .kind = SpanKind::Poll, .detail = kNoResult});
      }
      const OpenSpan& blocking = threads_[i].blocking;
      if (blocking.open) {
        lanes_[i].blocking.push_back(Span{.start_ns = blocking.start, .end_ns = end, .task = blocking.task,
                                          .start_event = blocking.event, .kind = SpanKind::Blocking,
                                          .detail = blocking.detail});
      }
    }
    for (std::uint32_t lane = 0; lane < tasks_.size(); ++lane) {
      const TaskTrack& track = tasks_[lane];
      switch (track.phase) {
        case Phase::Ready: emit_state(lane, SpanKind::Ready, track, end, kNoEvent); break;
        case Phase::Waiting: emit_state(lane, track.wait_hint, track, end, kNoEvent); break;
        case Phase::Running:
          emit_state(lane, track.in_blocking ? SpanKind::Blocked : SpanKind::Running, track, end, kNoEvent);
          break;
        case Phase::Job: emit_state(lane, SpanKind::Blocked, track, end, kNoEvent); break;
        case Phase::Ended: break;
      }
    }
  }

  bool shown(const ThreadLane& lane, const ThreadTrack& track) const {
    const bool drawn = !lane.polls.empty() || !lane.blocking.empty() || !lane.markers.empty();
    switch (lane.kind) {
      case ThreadKind::Worker: return true;
      case ThreadKind::Blocking: return !lane.blocking.empty() || !lane.polls.empty();
      case ThreadKind::TimerDriver:
      case ThreadKind::External: return drawn || track.wakes_from_here;
    }
    return drawn;
  }

  void finish_threads() {
    const std::vector<ThreadStats> stats = compute_thread_stats(trace_);
    for (std::size_t i = 0; i < lanes_.size(); ++i) {
      lanes_[i].thread = static_cast<ThreadIndex>(i);
      lanes_[i].kind = trace_.threads[i].kind;
      lanes_[i].name = folded(trace_.threads[i].name);  // a label: cut, so any draw call can take it
      if (i < stats.size()) lanes_[i].stats = stats[i];
    }
    for (const ArrowDraft& draft : arrows_)
      if (draft.resolved && draft.arrow.cause != WakeCause::Spawn) threads_[draft.from_thread].wakes_from_here = true;
    model_.lane_of_thread.assign(lanes_.size(), -1);
    // Workers (by their number), the timer driver, the blocking pool, external threads.
    for (const ThreadKind kind : {ThreadKind::Worker, ThreadKind::TimerDriver, ThreadKind::Blocking, ThreadKind::External}) {
      std::vector<std::size_t> of_kind;
      for (std::size_t i = 0; i < lanes_.size(); ++i)
        if (lanes_[i].kind == kind && shown(lanes_[i], threads_[i])) of_kind.push_back(i);
      std::stable_sort(of_kind.begin(), of_kind.end(),
                       [&](std::size_t a, std::size_t b) { return trace_.threads[a].index < trace_.threads[b].index; });
      for (const std::size_t i : of_kind) {
        model_.lane_of_thread[i] = static_cast<int>(model_.threads.size());
        model_.threads.push_back(std::move(lanes_[i]));
      }
    }
  }

  // Arrows sorted by to_ns, those at the same time in the order they were made (as a stable sort of
  // arrows_ by to_ns leaves them). They were resolved in event order, so they are in to_ns order
  // already when the events are in time order: only runs of equal times need sorting, not 2M
  // 48-byte arrows through a 96 MB buffer.
  void order_resolved() {
    const auto to_ns = [&](std::uint32_t a) { return arrows_[a].arrow.to_ns; };
    for (std::size_t i = 0; i < resolved_.size();) {
      std::size_t j = i + 1;
      while (j < resolved_.size() && to_ns(resolved_[j]) == to_ns(resolved_[i])) ++j;
      if (j - i > 1) std::sort(resolved_.begin() + static_cast<std::ptrdiff_t>(i), resolved_.begin() + static_cast<std::ptrdiff_t>(j));
      i = j;
    }
    const auto earlier = [&](std::uint32_t a, std::uint32_t b) { return to_ns(a) < to_ns(b) || (to_ns(a) == to_ns(b) && a < b); };
    if (!std::is_sorted(resolved_.begin(), resolved_.end(), earlier)) std::sort(resolved_.begin(), resolved_.end(), earlier);
  }

  void finish_arrows() {
    order_resolved();
    detail::reserve_huge(model_.arrows, resolved_.size());
    for (const std::uint32_t a : resolved_) {
      const ArrowDraft& draft = arrows_[a];
      const int from = model_.thread_lane(draft.from_thread);
      const int to = model_.thread_lane(draft.to_thread);
      if (from < 0 || to < 0) continue;  // e.g. main's spawn by the (hidden) runtime thread
      Arrow arrow = draft.arrow;
      arrow.from_lane = static_cast<std::uint32_t>(from);
      arrow.to_lane = static_cast<std::uint32_t>(to);
      model_.arrows.push_back(arrow);
    }
    detail::reserve_huge(model_.arrows_by_from, model_.arrows.size());
    model_.arrows_by_from.resize(model_.arrows.size());
    for (std::uint32_t i = 0; i < model_.arrows_by_from.size(); ++i) model_.arrows_by_from[i] = i;
    std::stable_sort(model_.arrows_by_from.begin(), model_.arrows_by_from.end(), [&](std::uint32_t a, std::uint32_t b) {
      return model_.arrows[a].from_ns < model_.arrows[b].from_ns;
    });
  }

  void note_kinds_present() {
    // validate() keeps every enum in range; a value past 31 (never from a valid trace) sets no bit
    // rather than shifting past the word.
    const auto bit = [](auto value) { return static_cast<unsigned>(value) < 32 ? 1u << static_cast<unsigned>(value) : 0u; };
    for (const ThreadLane& lane : model_.threads) {
      if (!lane.polls.empty()) model_.span_kinds_present |= bit(SpanKind::Poll);
      if (!lane.blocking.empty()) model_.span_kinds_present |= bit(SpanKind::Blocking);
      for (const Marker& marker : lane.markers) model_.marker_kinds_present |= bit(marker.kind);
    }
    for (const Span& state : model_.task_states) model_.span_kinds_present |= bit(state.kind);
    for (const Arrow& arrow : model_.arrows) model_.wake_causes_present |= bit(arrow.cause);
    for (const TaskStats& stats : *model_.task_stats) model_.outcomes_present |= bit(stats.outcome);
  }

  // A counting sort by lane keeps each task's states in time order and all of them in one array.
  void finish_task_states() {
    std::vector<std::uint32_t> counts(model_.tasks.size() + 1, 0);
    for (const auto& [lane, span] : states_) ++counts[lane + 1];
    for (std::size_t i = 1; i < counts.size(); ++i) counts[i] += counts[i - 1];
    for (std::size_t lane = 0; lane < model_.tasks.size(); ++lane) {
      model_.tasks[lane].first_state = counts[lane];
      model_.tasks[lane].state_count = counts[lane + 1] - counts[lane];
    }
    detail::reserve_huge(model_.task_states, states_.size());
    model_.task_states.resize(states_.size());
    for (const auto& [lane, span] : states_) model_.task_states[counts[lane]++] = span;
    states_.clear();
    states_.shrink_to_fit();

    if (task_stats_) model_.task_stats = task_stats_();
    if (!model_.task_stats) model_.task_stats = std::make_shared<const std::vector<TaskStats>>(compute_task_stats(trace_));
    const std::vector<TaskStats>& stats = *model_.task_stats;
    std::vector<bool> assigned(model_.tasks.size(), false);  // a task spawned twice keeps its first entry
    for (std::uint32_t i = 0; i < stats.size(); ++i) {
      const int lane = model_.task_lane(stats[i].id);
      if (lane < 0 || assigned[static_cast<std::size_t>(lane)]) continue;
      assigned[static_cast<std::size_t>(lane)] = true;
      model_.tasks[static_cast<std::size_t>(lane)].stats = i;
    }
  }
};

}  // namespace

std::string_view to_string(SpanKind kind) {
  static constexpr std::array<std::string_view, kSpanKindCount> names = {
      "poll",         "blocking",        "running",      "blocked",      "ready",
      "waiting_timer", "waiting_channel", "waiting_join", "waiting_lock", "waiting"};
  const auto index = static_cast<std::size_t>(kind);
  return index < names.size() ? names[index] : std::string_view("?");
}

bool is_wait(SpanKind kind) {
  return kind == SpanKind::WaitTimer || kind == SpanKind::WaitChannel || kind == SpanKind::WaitJoin ||
         kind == SpanKind::WaitLock || kind == SpanKind::Waiting;
}

std::string_view to_string(MarkerKind kind) {
  static constexpr std::array<std::string_view, kMarkerKindCount> names = {
      "channel_send", "channel_recv", "timer_set", "timer_fired", "print", "steal"};
  const auto index = static_cast<std::size_t>(kind);
  return index < names.size() ? names[index] : std::string_view("?");
}

int TimelineModel::thread_lane(ThreadIndex thread) const {
  return thread < lane_of_thread.size() ? lane_of_thread[thread] : -1;
}

int TimelineModel::task_lane(TaskId id) const {
  if (!lane_of_task.empty()) return id < lane_of_task.size() ? lane_of_task[id] : -1;
  const auto found = lane_of_sparse_task.find(id);
  return found == lane_of_sparse_task.end() ? -1 : found->second;
}

const TaskStats* TimelineModel::task(TaskId id) const {
  const int lane = task_lane(id);
  if (lane < 0) return nullptr;
  const std::uint32_t index = tasks[static_cast<std::size_t>(lane)].stats;
  if (!task_stats) return nullptr;
  const std::vector<TaskStats>& stats = *task_stats;
  return index < stats.size() && stats[index].id == id ? &stats[index] : nullptr;
}

std::string_view TimelineModel::task_name(TaskId id) const {
  const TaskStats* stats = task(id);
  // "" with a real pointer: ImGui's text functions take (begin, end) and crash on a null begin.
  return stats == nullptr ? std::string_view("") : clipped(stats->name);
}

bool TimelineModel::built_from(const Trace& other) const {
  return trace == &other && event_count == other.events.size() && first_event == other.events.data() &&
         total_ns == other.run.total_ns && (other.events.empty() || last_event == other.events.back());
}

TimelineModel build_timeline_model(const Trace& trace, SharedTaskStats task_stats) {
  return ModelBuilder(trace, [&task_stats] { return std::move(task_stats); }).build();
}

TimelineModel build_timeline_model(const Trace& trace, std::function<SharedTaskStats()> task_stats) {
  return ModelBuilder(trace, std::move(task_stats)).build();
}

}  // namespace wakeline::app
