// The replay behind StateTimeline. Queue membership follows the scheduler's records
// (runtime/scheduler.cpp):
//  - TaskScheduled(Lifo, w) puts the task in w's LIFO slot; the task it displaces is recorded next
//    as TaskScheduled(Local, w), and is shown at the back of w's local queue from the moment it is
//    displaced;
//  - TaskScheduled(Local or Inject) of a task already queued moves it: out of the LIFO slot when
//    it has had its turns, out of a full local queue into the inject queue (overflow, half the
//    queue from its front), out of the inject queue into a local queue (a batch, whose first task
//    the worker took for itself before the batch was recorded: it becomes the worker's `taken`);
//  - TaskStolen moves tasks from the victim's local queue: the first of a steal is `taken` by the
//    thief, the rest go to the back of its local queue;
//  - PollStart takes the task from wherever it is; nothing else records a pop.
#include "playhead/replay.hpp"

#include <algorithm>

namespace wakeline::detail {
namespace {

constexpr std::uint32_t kNone = ~std::uint32_t{0};

bool ended(TaskStatus status) {
  return status == TaskStatus::Completed || status == TaskStatus::Cancelled || status == TaskStatus::Failed;
}

WaitingOn channel_wait(const TraceCatalog& catalog, std::uint64_t channel, WaitSide side) {
  if (const ChannelInfo* info = catalog.channel(channel)) {
    if (info->kind == ChannelKind::Mutex) return WaitingOn::Lock;
    if (info->kind == ChannelKind::Semaphore) return WaitingOn::Semaphore;
  }
  return side == WaitSide::Send ? WaitingOn::ChannelSend : WaitingOn::ChannelRecv;
}

// --- the plan ----------------------------------------------------------------------------------

struct ActiveWait {
  std::uint64_t channel = 0;
  WaitSide side = WaitSide::Recv;
  std::uint32_t registered = 0;
  std::uint32_t dropped_at = kNone;  // the first FutureDropped of its task since it was registered
};

struct PlanTrack {
  bool in_poll = false;
  bool ended = false;
  std::uint32_t pending = kNone;  // its latest Pending PollEnd, until the wake that ends the wait
  std::uint32_t poll_started = kNone;
  std::uint64_t last_timer = 0;
  std::uint32_t last_timer_at = kNone;
  std::vector<ActiveWait> waits;
};

class PlanBuilder {
 public:
  explicit PlanBuilder(const TraceCatalog& catalog) : catalog_(catalog), tracks_(catalog.task_table_size()) {}

  ReplayPlan build() {
    const auto& events = catalog_.trace().events;
    for (std::size_t i = 0; i < events.size(); ++i) on_event(static_cast<std::uint32_t>(i), events[i]);
    for (TaskId t = 0; t < tracks_.size(); ++t) {
      PlanTrack& track = tracks_[t];
      if (track.pending != kNone) resolve_unknown(track);
      // Still waiting at the end of the trace: a dropped one ended when it was dropped.
      for (const ActiveWait& w : track.waits)
        if (w.dropped_at != kNone) plan_.wait_ends.push_back({w.dropped_at, w.channel, t, w.side});
    }
    auto by_event = [](const auto& x, const auto& y) { return x.event < y.event; };
    std::stable_sort(plan_.poll_end_waits.begin(), plan_.poll_end_waits.end(), by_event);
    std::stable_sort(plan_.wait_ends.begin(), plan_.wait_ends.end(), by_event);
    return std::move(plan_);
  }

 private:
  void on_event(std::uint32_t i, const Event& e) {
    if (e.task == 0 || e.task >= tracks_.size()) return;
    PlanTrack& track = tracks_[e.task];
    switch (e.kind) {
      case EventKind::PollStart:
        if (track.pending != kNone) resolve_unknown(track);
        track.in_poll = true;
        track.poll_started = i;
        break;
      case EventKind::PollEnd:
        track.in_poll = false;
        if (e.a() != static_cast<std::uint64_t>(PollResult::Pending)) break;
        if (track.pending != kNone) resolve_unknown(track);
        track.pending = i;
        // join_next says itself what it waits for: the first of the set's tasks to end.
        if (e.b() > 0) resolve(track, WaitingOn::JoinSet, e.b());
        break;
      case EventKind::TimerSet:
        track.last_timer = e.a();
        track.last_timer_at = i;
        break;
      case EventKind::ChannelWait: {
        const auto side = e.b() == static_cast<std::uint64_t>(WaitSide::Send) ? WaitSide::Send : WaitSide::Recv;
        // Waiting again on the same channel and side: the old wait is over (its future was dropped).
        end_waits(e.task, track, i, [&](const ActiveWait& w) { return w.channel == e.a() && w.side == side; }, true);
        track.waits.push_back({e.a(), side, i, kNone});
        break;
      }
      case EventKind::TaskWoken: on_woken(i, e, track); break;
      case EventKind::TaskScheduled:
        // A requeue right after its own poll: it was woken during the poll and waits on nothing.
        if (track.pending != kNone) resolve(track, WaitingOn::Nothing, 0);
        break;
      case EventKind::ChannelSend:
        // Sent while the task is not being polled: a receiver admitted its waiting send.
        if (!track.in_poll)
          end_waits(e.task, track, i, [&](const ActiveWait& w) { return w.channel == e.a() && w.side == WaitSide::Send; }, false);
        break;
      case EventKind::FutureDropped: {
        // A dropped sleep says so (TimerCancelled next); a dropped channel wait says nothing.
        const auto& events = catalog_.trace().events;
        const bool timer_branch = i + 1 < events.size() && events[i + 1].kind == EventKind::TimerCancelled &&
                                  events[i + 1].task == e.task;
        if (!timer_branch)
          for (ActiveWait& w : track.waits)
            if (w.dropped_at == kNone) w.dropped_at = i;
        break;
      }
      case EventKind::TaskCompleted:
      case EventKind::TaskCancelled:
      case EventKind::TaskFailed:
        if (track.pending != kNone) resolve_unknown(track);
        end_waits(e.task, track, i, [](const ActiveWait&) { return true; }, true);
        track.ended = true;
        track.in_poll = false;
        break;
      default: break;
    }
  }

  void on_woken(std::uint32_t i, const Event& e, PlanTrack& track) {
    const auto cause = static_cast<WakeCause>(e.a());
    if (track.pending != kNone) {
      switch (cause) {
        case WakeCause::Timer: resolve(track, WaitingOn::Timer, e.b()); break;
        case WakeCause::Channel:
        case WakeCause::Lock: {
          WaitSide side = WaitSide::Recv;
          for (const ActiveWait& w : track.waits)
            if (w.channel == e.b()) side = w.side;
          resolve(track, channel_wait(catalog_, e.b(), side), e.b());
          break;
        }
        case WakeCause::Task:
          // A join wake comes after the joined task's end; otherwise it is an abort.
          if (e.b() < tracks_.size() && tracks_[e.b()].ended) resolve(track, WaitingOn::Join, e.b());
          else resolve_unknown(track);
          break;
        default: resolve_unknown(track); break;
      }
    }
    if (cause == WakeCause::Channel || cause == WakeCause::Lock)
      end_waits(e.task, track, i, [&](const ActiveWait& w) { return w.channel == e.b(); }, false);
  }

  void resolve(PlanTrack& track, WaitingOn on, std::uint64_t object) {
    plan_.poll_end_waits.push_back({track.pending, on, object});
    track.pending = kNone;
  }

  // No wake says what the wait was on: the latest wait it registered, else the timer it set in
  // that poll, else Unknown (a JoinHandle records no wait).
  void resolve_unknown(PlanTrack& track) {
    const ActiveWait* latest = nullptr;
    for (const ActiveWait& w : track.waits)
      if (!latest || w.registered > latest->registered) latest = &w;
    if (latest) resolve(track, channel_wait(catalog_, latest->channel, latest->side), latest->channel);
    else if (track.last_timer_at != kNone && track.poll_started != kNone && track.last_timer_at > track.poll_started)
      resolve(track, WaitingOn::Timer, track.last_timer);
    else
      resolve(track, WaitingOn::Unknown, 0);
  }

  // Ends the matching waits at event i; with `maybe_dropped`, one that was dropped earlier ended then.
  template <typename Match>
  void end_waits(TaskId task, PlanTrack& track, std::uint32_t i, Match match, bool maybe_dropped) {
    std::erase_if(track.waits, [&](const ActiveWait& w) {
      if (!match(w)) return false;
      const std::uint32_t at = maybe_dropped && w.dropped_at != kNone ? w.dropped_at : i;
      plan_.wait_ends.push_back({at, w.channel, task, w.side});
      return true;
    });
  }

  const TraceCatalog& catalog_;
  std::vector<PlanTrack> tracks_;
  ReplayPlan plan_;
};

// --- the replay --------------------------------------------------------------------------------

// Queues lose tasks at the front (polls, steals, overflow) or, for a displaced LIFO task, at the
// back: look there first.
template <typename Container, typename Value>
bool erase_first(Container& c, const Value& v) {
  if (c.empty()) return false;
  if (c.back() == v) {
    c.pop_back();
    return true;
  }
  auto it = std::find(c.begin(), c.end(), v);
  if (it == c.end()) return false;
  c.erase(it);
  return true;
}

class Replay {
 public:
  Replay(const TraceCatalog& catalog, const ReplayPlan& plan, RuntimeState& state)
      : catalog_(catalog), plan_(plan), s_(state) {}

  void apply(std::size_t index, const Event& e) {
    switch (e.kind) {
      case EventKind::TaskWoken:
      case EventKind::ChannelSend:
      case EventKind::ChannelWait:
      case EventKind::FutureDropped:
      case EventKind::TaskCompleted:
      case EventKind::TaskCancelled:
      case EventKind::TaskFailed: end_waits_at(index); break;
      default: break;
    }
    switch (e.kind) {
      case EventKind::RunStart: break;
      case EventKind::RunEnd:
        s_.ended = true;
        s_.deadlocked = e.a() == 1;
        break;
      case EventKind::TaskSpawned:
        if (TaskState* ts = task(e.task); ts && ts->status == TaskStatus::NotSpawned) *ts = TaskState{.status = TaskStatus::Ready};
        break;
      case EventKind::TaskScheduled: on_scheduled(e); break;
      case EventKind::TaskStolen: on_stolen(e); break;
      case EventKind::PollStart: on_poll_start(e); break;
      case EventKind::PollEnd: on_poll_end(index, e); break;
      case EventKind::TaskWoken:
        if (TaskState* ts = task(e.task); ts && ts->status == TaskStatus::Waiting) *ts = TaskState{.status = TaskStatus::Ready};
        break;
      case EventKind::TaskCompleted: on_end(e, TaskStatus::Completed); break;
      case EventKind::TaskCancelled: on_end(e, TaskStatus::Cancelled); break;
      case EventKind::TaskFailed: on_end(e, TaskStatus::Failed); break;
      case EventKind::TimerSet: {
        PendingTimer timer{.id = e.a(), .task = e.task, .deadline_ns = e.b(), .set_ns = e.time_ns};
        auto it = std::upper_bound(s_.timers.begin(), s_.timers.end(), timer, timer_before);
        s_.timers.insert(it, timer);
        break;
      }
      case EventKind::TimerFired:
      case EventKind::TimerCancelled: remove_timer(e.a()); break;
      case EventKind::ChannelCreated: on_channel_created(e); break;
      case EventKind::ChannelSend:
      case EventKind::ChannelRecv:
      case EventKind::ChannelWait:
      case EventKind::ChannelClose: on_channel_event(e); break;
      case EventKind::BlockingStart: on_blocking(e, true); break;
      case EventKind::BlockingEnd: on_blocking(e, false); break;
      case EventKind::WorkerPark:
      case EventKind::WorkerUnpark:
        if (WorkerState* w = worker_on(e.thread)) {
          w->activity = e.kind == EventKind::WorkerPark ? WorkerActivity::Parked : WorkerActivity::Idle;
          w->since_ns = e.time_ns;
        }
        break;
      case EventKind::Print: ++s_.printed_count; break;
      case EventKind::FutureDropped: break;  // its waits end through the plan
    }
    s_.position = index + 1;
    s_.time_ns = e.time_ns;
  }

 private:
  static bool timer_before(const PendingTimer& x, const PendingTimer& y) {
    return x.deadline_ns != y.deadline_ns ? x.deadline_ns < y.deadline_ns : x.id < y.id;
  }

  TaskState* task(TaskId id) { return id != 0 && id < s_.tasks.size() ? &s_.tasks[id] : nullptr; }

  WorkerState* worker_number(std::uint64_t number) {
    return number < s_.workers.size() && s_.workers[number].worker == number ? &s_.workers[number] : nullptr;
  }
  WorkerState* worker_on(ThreadIndex thread) {
    if (auto n = catalog_.worker_number(thread)) return worker_number(*n);
    return nullptr;
  }
  BlockingThreadState* blocking_on(ThreadIndex thread) {
    auto n = catalog_.blocking_number(thread);
    return n && *n < s_.blocking_threads.size() ? &s_.blocking_threads[*n] : nullptr;
  }
  ChannelState* channel(std::uint64_t id) {
    auto it = std::lower_bound(s_.channels.begin(), s_.channels.end(), id,
                               [](const ChannelState& c, std::uint64_t v) { return c.id < v; });
    return it != s_.channels.end() && it->id == id ? &*it : nullptr;
  }

  // Takes the task out of the queue, slot or hand its state says it is in.
  void unqueue(TaskId id, TaskState& ts) {
    WorkerState* w = ts.thread == kNoThread ? nullptr : worker_on(ts.thread);
    switch (ts.queue) {
      case TaskQueue::None: break;
      case TaskQueue::Lifo:
        if (w && w->lifo == id) w->lifo = 0;
        break;
      case TaskQueue::Local:
        if (w) erase_first(w->local, id);
        break;
      case TaskQueue::Inject: erase_first(s_.inject, id); break;
      case TaskQueue::Blocking: erase_first(s_.blocking_queue, id); break;
      case TaskQueue::Taken:
        if (w && w->taken == id) w->taken = 0;
        break;
    }
    ts.queue = TaskQueue::None;
    ts.thread = kNoThread;
  }

  void make_ready(TaskState& ts, TaskQueue queue, ThreadIndex thread) {
    ts = TaskState{.status = TaskStatus::Ready, .queue = queue, .thread = thread};
  }

  void on_scheduled(const Event& e) {
    TaskState* ts = task(e.task);
    if (!ts || ended(ts->status)) return;
    const auto queue = static_cast<QueueKind>(e.a());
    WorkerState* w = queue == QueueKind::Local || queue == QueueKind::Lifo ? worker_number(e.b()) : nullptr;
    // Already stolen: on the virtual clock a thief's lane can record a steal at an earlier time
    // than the requeue (after a poll) that made the task stealable. The steal took it from here.
    if (queue == QueueKind::Local && w && ts->status == TaskStatus::Ready &&
        (ts->queue == TaskQueue::Taken || (ts->queue == TaskQueue::Local && ts->thread != w->thread)))
      return;
    if (queue == QueueKind::Local && w && ts->queue == TaskQueue::Inject && w->taken == 0 && e.thread == w->thread &&
        !s_.inject.empty() && s_.inject.front() != e.task) {
      // A batch from the inject queue: the worker took the first task for itself, unrecorded.
      const TaskId first = s_.inject.front();
      s_.inject.pop_front();
      w->taken = first;
      if (TaskState* f = task(first)) make_ready(*f, TaskQueue::Taken, w->thread);
    }
    unqueue(e.task, *ts);
    switch (queue) {
      case QueueKind::Lifo:
        if (!w) break;
        if (w->lifo != 0 && w->lifo != e.task) {
          // Displaced: the scheduler pushes it to the local queue next (recorded right after).
          const TaskId displaced = w->lifo;
          w->local.push_back(displaced);
          if (TaskState* d = task(displaced)) make_ready(*d, TaskQueue::Local, w->thread);
        }
        w->lifo = e.task;
        make_ready(*ts, TaskQueue::Lifo, w->thread);
        return;
      case QueueKind::Local:
        if (!w) break;
        w->local.push_back(e.task);
        make_ready(*ts, TaskQueue::Local, w->thread);
        return;
      case QueueKind::Inject:
        s_.inject.push_back(e.task);
        make_ready(*ts, TaskQueue::Inject, kNoThread);
        return;
      case QueueKind::Blocking:
        s_.blocking_queue.push_back(e.task);
        make_ready(*ts, TaskQueue::Blocking, kNoThread);
        return;
    }
    make_ready(*ts, TaskQueue::None, kNoThread);
  }

  void on_stolen(const Event& e) {
    TaskState* ts = task(e.task);
    if (!ts || ended(ts->status)) return;
    unqueue(e.task, *ts);
    WorkerState* thief = worker_on(e.thread);
    if (!thief) return;
    if (thief->taken == 0) {
      thief->taken = e.task;  // the first task of a steal is the one the thief runs
      make_ready(*ts, TaskQueue::Taken, thief->thread);
    } else {
      thief->local.push_back(e.task);
      make_ready(*ts, TaskQueue::Local, thief->thread);
    }
  }

  void on_poll_start(const Event& e) {
    if (TaskState* ts = task(e.task)) {
      unqueue(e.task, *ts);
      *ts = TaskState{.status = TaskStatus::Running, .thread = e.thread};
    }
    if (WorkerState* w = worker_on(e.thread)) {
      w->activity = WorkerActivity::Polling;
      w->task = e.task;
      w->since_ns = e.time_ns;
      w->blocked.reset();
    }
  }

  void on_poll_end(std::size_t index, const Event& e) {
    if (WorkerState* w = worker_on(e.thread)) {
      w->activity = WorkerActivity::Idle;
      w->task = 0;
      w->since_ns = e.time_ns;
      w->blocked.reset();
    }
    TaskState* ts = task(e.task);
    if (!ts || ts->status != TaskStatus::Running) return;
    if (e.a() != static_cast<std::uint64_t>(PollResult::Pending)) {
      finish(e.task, *ts);
      return;
    }
    *ts = TaskState{.status = TaskStatus::Waiting, .waiting_on = WaitingOn::Unknown};
    const auto& waits = plan_.poll_end_waits;
    auto it = std::lower_bound(waits.begin(), waits.end(), index, [](const PollEndWait& w, std::size_t v) { return w.event < v; });
    if (it != waits.end() && it->event == index) {
      ts->waiting_on = it->on;
      ts->object = it->object;
    }
  }

  // A poll that returned Ready, or a blocking-pool job that returned, ended its task: the end
  // event (completed or failed) follows at once, so the task shows its outcome already.
  void finish(TaskId id, TaskState& ts) {
    const TaskInfo* info = catalog_.task(id);
    if (!info || info->ended_at == kNoEvent) return;
    const EventKind end = catalog_.trace().events[info->ended_at].kind;
    ts = TaskState{.status = end == EventKind::TaskFailed      ? TaskStatus::Failed
                             : end == EventKind::TaskCancelled ? TaskStatus::Cancelled
                                                               : TaskStatus::Completed};
  }

  void on_end(const Event& e, TaskStatus status) {
    TaskState* ts = task(e.task);
    if (!ts) return;
    unqueue(e.task, *ts);
    *ts = TaskState{.status = status};
    for (BlockingThreadState& b : s_.blocking_threads)
      if (b.task == e.task) {
        b.task = 0;
        b.since_ns = e.time_ns;
      }
  }

  void remove_timer(std::uint64_t id) {
    if (const TimerInfo* info = catalog_.timer(id)) {
      PendingTimer key{.id = id, .deadline_ns = info->deadline_ns};
      auto it = std::lower_bound(s_.timers.begin(), s_.timers.end(), key, timer_before);
      if (it != s_.timers.end() && it->id == id) {
        s_.timers.erase(it);
        return;
      }
    }
    std::erase_if(s_.timers, [id](const PendingTimer& t) { return t.id == id; });
  }

  void on_channel_created(const Event& e) {
    ChannelState ch;
    ch.id = e.a();
    if (const ChannelInfo* info = catalog_.channel(e.a())) ch.name = info->name;
    ch.kind = static_cast<ChannelKind>(e.c() >> 32);
    ch.capacity = e.c() & 0xffffffffu;
    ch.created_by = e.task;
    if (ch.kind == ChannelKind::Watch) ch.buffered.push_back(0);  // a watch channel starts with version 0
    auto it = std::lower_bound(s_.channels.begin(), s_.channels.end(), ch.id,
                               [](const ChannelState& c, std::uint64_t v) { return c.id < v; });
    if (it != s_.channels.end() && it->id == ch.id) return;
    s_.channels.insert(it, std::move(ch));
  }

  void on_channel_event(const Event& e) {
    ChannelState* ch = channel(e.a());
    if (!ch) return;
    const bool permits = ch->kind == ChannelKind::Mutex || ch->kind == ChannelKind::Semaphore;
    const bool keeps_messages = ch->kind == ChannelKind::Broadcast || ch->kind == ChannelKind::Watch;
    switch (e.kind) {
      case EventKind::ChannelSend:
        if (permits) break;
        if (ch->kind == ChannelKind::Watch) ch->buffered.clear();
        ch->buffered.push_back(e.b());
        break;
      case EventKind::ChannelRecv:
        if (permits || keeps_messages) break;
        if (!erase_first(ch->taken, e.b())) erase_first(ch->buffered, e.b());
        break;
      case EventKind::ChannelWait: {
        auto& waiting = e.b() == static_cast<std::uint64_t>(WaitSide::Send) ? ch->waiting_senders : ch->waiting_receivers;
        if (std::find(waiting.begin(), waiting.end(), e.task) == waiting.end()) waiting.push_back(e.task);
        break;
      }
      case EventKind::ChannelClose: ch->closed = true; break;
      default: break;
    }
    // c is the buffer's length after the event (for Mutex and Semaphore: the waiters, not ours).
    if (!permits) match_length(*ch, e.c());
  }

  // The buffer really holds `length` messages. More in ours: a receiver took the oldest without a
  // record yet (its ChannelRecv comes when its recv returns), or a send went straight to a waiting
  // receiver. Fewer: a dropped receiver put a taken message back at the front.
  static void match_length(ChannelState& ch, std::uint64_t length) {
    const bool handed_on = ch.kind == ChannelKind::Mpsc || ch.kind == ChannelKind::Oneshot;
    while (ch.buffered.size() > length) {
      if (handed_on) ch.taken.push_back(ch.buffered.front());
      ch.buffered.erase(ch.buffered.begin());
    }
    while (ch.buffered.size() < length && !ch.taken.empty()) {
      ch.buffered.insert(ch.buffered.begin(), ch.taken.back());
      ch.taken.pop_back();
    }
  }

  void on_blocking(const Event& e, bool start) {
    if (WorkerState* w = worker_on(e.thread)) {
      if (start) {
        w->blocked = static_cast<BlockingKind>(e.a());
        w->blocked_since_ns = e.time_ns;
        w->blocked_for_ns = e.b();
      } else {
        w->blocked.reset();
        w->blocked_since_ns = 0;
        w->blocked_for_ns = 0;
      }
      return;
    }
    BlockingThreadState* b = blocking_on(e.thread);
    if (!b) return;
    b->task = start ? e.task : 0;
    b->since_ns = e.time_ns;
    TaskState* ts = task(e.task);
    if (!ts || ended(ts->status)) return;
    if (!start) {
      if (ts->status == TaskStatus::Running && ts->thread == e.thread) finish(e.task, *ts);
      return;
    }
    unqueue(e.task, *ts);
    *ts = TaskState{.status = TaskStatus::Running, .thread = e.thread};
  }

  void end_waits_at(std::size_t index) {
    const auto& ends = plan_.wait_ends;
    auto it = std::lower_bound(ends.begin(), ends.end(), index, [](const WaitEnd& w, std::size_t v) { return w.event < v; });
    for (; it != ends.end() && it->event == index; ++it) {
      ChannelState* ch = channel(it->channel);
      if (!ch) continue;
      erase_first(it->side == WaitSide::Send ? ch->waiting_senders : ch->waiting_receivers, it->task);
    }
  }

  const TraceCatalog& catalog_;
  const ReplayPlan& plan_;
  RuntimeState& s_;
};

}  // namespace

ReplayPlan make_replay_plan(const TraceCatalog& catalog) { return PlanBuilder(catalog).build(); }

RuntimeState make_initial_state(const TraceCatalog& catalog, std::shared_ptr<const std::vector<PrintedLine>> output) {
  RuntimeState s;
  const auto workers = catalog.worker_threads();
  for (std::uint32_t n = 0; n < workers.size(); ++n) {
    WorkerState w;
    w.worker = n;
    w.thread = workers[n];
    s.workers.push_back(std::move(w));
  }
  const auto blocking = catalog.blocking_threads();
  for (std::uint32_t n = 0; n < blocking.size(); ++n)
    s.blocking_threads.push_back(BlockingThreadState{.number = n, .thread = blocking[n]});
  s.tasks.resize(std::max<std::size_t>(catalog.task_table_size(), 1));
  s.output = std::move(output);
  return s;
}

void apply_next_event(const TraceCatalog& catalog, const ReplayPlan& plan, RuntimeState& state) {
  const auto& events = catalog.trace().events;
  if (state.position >= events.size()) return;
  Replay(catalog, plan, state).apply(state.position, events[state.position]);
}

}  // namespace wakeline::detail
