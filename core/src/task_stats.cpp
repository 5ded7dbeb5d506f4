// compute_task_stats / compute_thread_stats: each is one pass over the events driving a small
// state machine per task (ready -> running -> waiting/ready -> ...) or per thread.
#include "wakeline/task_stats.hpp"

#include <algorithm>
#include <array>
#include <span>
#include <unordered_map>

#include "runtime/huge_pages.hpp"

namespace wakeline {
namespace {

// Guards against garbage going back in time: a negative span counts as zero, not 2^64.
std::uint64_t elapsed(std::uint64_t from, std::uint64_t to) { return to > from ? to - from : 0; }

std::uint64_t run_span(const Trace& trace) {
  const std::uint64_t last = trace.events.empty() ? 0 : trace.events.back().time_ns;
  return std::max(trace.run.total_ns, last);
}

// Out-of-range payloads map to an id no table has, so Trace::str() yields "".
StringId string_id(std::uint64_t value) { return static_cast<StringId>(std::min<std::uint64_t>(value, 0xffffffffu)); }

template <typename T>
void sort_unique(std::vector<T>& values) {
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
}

enum class Phase : std::uint8_t { Ready, Running, Waiting, Blocking, Finished };

constexpr std::size_t kNoStats = ~std::size_t{0};

struct TaskTrack {
  std::size_t stats = kNoStats;  // index into the result
  Phase phase = Phase::Ready;
  std::uint64_t since = 0;  // start of the current Ready or Waiting phase
  std::uint64_t poll_start = 0;
  std::uint64_t blocking_since = 0;
  bool in_blocking = false;
  bool woken_in_poll = false;  // a wake during the poll makes a Pending result ready at once
  bool ended = false;
};

// Closes a Ready or Waiting phase at time t, crediting it to scheduled or waiting time.
void close_idle_phase(TaskTrack& track, TaskStats& stats, std::uint64_t t) {
  if (track.phase == Phase::Ready) stats.scheduled_ns += elapsed(track.since, t);
  if (track.phase == Phase::Waiting) stats.waiting_ns += elapsed(track.since, t);
}

void on_ready(TaskTrack& track, TaskStats& stats, std::uint64_t t) {
  if (track.phase == Phase::Waiting) {
    close_idle_phase(track, stats, t);
    track.phase = Phase::Ready;
    track.since = t;
  } else if (track.phase == Phase::Running) {
    track.woken_in_poll = true;
  }
}

void on_task_event(const Trace& trace, const Event& e, TaskTrack& track, TaskStats& stats) {
  const std::uint64_t t = e.time_ns;
  switch (e.kind) {
    case EventKind::TaskWoken:
      ++stats.wakes;
      if (e.a() < kWakeCauseCount) {
        ++stats.wakes_by_cause[e.a()];
        stats.waited_on = static_cast<WakeCause>(e.a());
        stats.waited_on_id = e.b();
      }
      if (e.c() != 0 && e.c() <= 0xffffffffu) stats.wakers.push_back(static_cast<TaskId>(e.c()));
      on_ready(track, stats, t);
      break;
    case EventKind::TaskScheduled: on_ready(track, stats, t); break;
    case EventKind::PollStart:
      ++stats.polls;
      if (stats.workers.empty() || stats.workers.back() != e.thread) stats.workers.push_back(e.thread);
      close_idle_phase(track, stats, t);
      track.phase = Phase::Running;
      track.poll_start = t;
      track.woken_in_poll = false;
      break;
    case EventKind::PollEnd:
      if (track.phase != Phase::Running) break;
      stats.busy_ns += elapsed(track.poll_start, t);
      track.since = t;
      if (track.ended || e.a() == static_cast<std::uint64_t>(PollResult::Ready))
        track.phase = Phase::Finished;  // Ready: the end event follows, nothing to count until then
      else
        // Waiting until the scheduler requeues it: wakes during the poll are often used up inside
        // it (join children, a self-wake); a requeue after the poll is recorded as TaskScheduled.
        track.phase = Phase::Waiting;
      break;
    case EventKind::TaskStolen: ++stats.steals; break;
    case EventKind::BlockingStart:
      track.in_blocking = true;
      track.blocking_since = t;
      if (track.phase != Phase::Running) {  // a blocking-pool job starting on its thread
        close_idle_phase(track, stats, t);
        track.phase = Phase::Blocking;
        stats.workers.push_back(e.thread);
      }
      break;
    case EventKind::BlockingEnd:
      if (!track.in_blocking) break;
      stats.blocked_ns += elapsed(track.blocking_since, t);
      track.in_blocking = false;
      if (track.phase == Phase::Blocking) track.phase = Phase::Finished;
      break;
    case EventKind::TaskCompleted:
    case EventKind::TaskCancelled:
    case EventKind::TaskFailed:
      if (track.ended) break;
      track.ended = true;
      stats.end_ns = t;
      stats.outcome = e.kind == EventKind::TaskCompleted   ? TaskOutcome::Completed
                      : e.kind == EventKind::TaskCancelled ? TaskOutcome::Cancelled
                                                           : TaskOutcome::Failed;
      if (e.kind == EventKind::TaskFailed) stats.failure = std::string(trace.str(string_id(e.b())));
      // The poll or blocking section it ended in (if any) is closed by its own end event.
      close_idle_phase(track, stats, t);
      if (track.phase != Phase::Running && track.phase != Phase::Blocking) track.phase = Phase::Finished;
      break;
    default: break;
  }
}

void close_at_end_of_run(TaskTrack& track, TaskStats& stats, std::uint64_t span) {
  close_idle_phase(track, stats, span);
  if (track.phase == Phase::Running) stats.busy_ns += elapsed(track.poll_start, span);
  if (track.in_blocking) stats.blocked_ns += elapsed(track.blocking_since, span);
}

}  // namespace

std::string_view to_string(TaskOutcome outcome) {
  static constexpr std::array<std::string_view, 4> names = {"running", "completed", "cancelled", "failed"};
  const auto index = static_cast<std::size_t>(outcome);
  return index < names.size() ? names[index] : std::string_view("?");
}

std::vector<TaskStats> compute_task_stats(const Trace& trace) { return compute_task_stats(trace, trace.events.size()); }

std::vector<TaskStats> compute_task_stats(const Trace& trace, std::size_t event_count) {
  const bool whole = event_count >= trace.events.size();
  const std::span<const Event> events(trace.events.data(), whole ? trace.events.size() : event_count);
  std::vector<TaskStats> result;
  // Sized once: a 10M-event trace has ~1M tasks, and growing moved every TaskStats and rehashed
  // every track several times (seconds of the app's load, most of it fresh pages). Recorded ids
  // count up from 1, so the tracks are a vector indexed by id; a hash map only for sparse ids.
  std::size_t spawns = 0;
  TaskId max_id = 0;
  for (const Event& e : events) {
    if (e.kind != EventKind::TaskSpawned) continue;
    ++spawns;
    max_id = std::max(max_id, e.task);
  }
  detail::reserve_huge(result, spawns);
  const bool dense = max_id <= spawns * 8 + 1024;
  std::vector<TaskTrack> dense_tracks;
  std::unordered_map<TaskId, TaskTrack> sparse_tracks;
  if (dense) {
    detail::reserve_huge(dense_tracks, std::size_t{max_id} + 1);
    dense_tracks.resize(std::size_t{max_id} + 1);
  } else {
    sparse_tracks.reserve(spawns);
  }
  const auto find_track = [&](TaskId id) -> TaskTrack* {
    if (dense) return id < dense_tracks.size() && dense_tracks[id].stats != kNoStats ? &dense_tracks[id] : nullptr;
    const auto it = sparse_tracks.find(id);
    return it == sparse_tracks.end() ? nullptr : &it->second;
  };
  for (const Event& e : events) {
    if (e.kind == EventKind::TaskSpawned) {
      if (e.task == 0 || find_track(e.task) != nullptr) continue;
      TaskStats stats;
      stats.id = e.task;
      stats.name = std::string(trace.str(string_id(e.b())));
      stats.parent = e.a() <= 0xffffffffu ? static_cast<TaskId>(e.a()) : 0;
      stats.spawn_location = e.location;
      stats.blocking_job = e.c() == 1;
      stats.spawn_ns = e.time_ns;
      const TaskTrack track{.stats = result.size(), .phase = Phase::Ready, .since = e.time_ns};
      if (dense) dense_tracks[e.task] = track;
      else sparse_tracks.emplace(e.task, track);
      result.push_back(std::move(stats));
      continue;
    }
    if (e.task == 0) continue;
    TaskTrack* track = find_track(e.task);
    if (track == nullptr) continue;
    on_task_event(trace, e, *track, result[track->stats]);
  }
  const std::uint64_t span = whole ? run_span(trace) : events.empty() ? 0 : events.back().time_ns;
  const auto close = [&](TaskTrack& track) {
    if (track.stats != kNoStats && !track.ended) close_at_end_of_run(track, result[track.stats], span);
  };
  for (TaskTrack& track : dense_tracks) close(track);
  for (auto& [id, track] : sparse_tracks) close(track);
  for (TaskStats& stats : result) {
    sort_unique(stats.wakers);
    sort_unique(stats.workers);
  }
  return result;
}

std::vector<ThreadStats> compute_thread_stats(const Trace& trace) {
  struct ThreadTrack {
    bool in_poll = false;
    bool in_blocking = false;
    bool parked = false;
    std::uint64_t last = 0;
  };
  std::vector<ThreadStats> result(trace.threads.size());
  std::vector<ThreadTrack> tracks(trace.threads.size());
  // Credits the time since the thread's last transition to the state it was in; blocking wins
  // over polling because block_thread happens inside a poll and that time is not useful work.
  auto advance = [](ThreadTrack& track, ThreadStats& stats, std::uint64_t t) {
    const std::uint64_t span = elapsed(track.last, t);
    if (track.in_blocking)
      stats.blocked_ns += span;
    else if (track.in_poll)
      stats.busy_ns += span;
    else if (track.parked)
      stats.parked_ns += span;
    else
      stats.idle_ns += span;
    track.last = std::max(track.last, t);
  };
  for (const Event& e : trace.events) {
    if (e.thread >= tracks.size()) continue;
    ThreadTrack& track = tracks[e.thread];
    ThreadStats& stats = result[e.thread];
    switch (e.kind) {
      case EventKind::PollStart: advance(track, stats, e.time_ns); track.in_poll = true; ++stats.polls; break;
      case EventKind::PollEnd: advance(track, stats, e.time_ns); track.in_poll = false; break;
      case EventKind::BlockingStart: advance(track, stats, e.time_ns); track.in_blocking = true; break;
      case EventKind::BlockingEnd: advance(track, stats, e.time_ns); track.in_blocking = false; break;
      case EventKind::WorkerPark: advance(track, stats, e.time_ns); track.parked = true; break;
      case EventKind::WorkerUnpark: advance(track, stats, e.time_ns); track.parked = false; break;
      default: break;
    }
  }
  const std::uint64_t span = run_span(trace);
  auto percent = [span](std::uint64_t ns) { return span == 0 ? 0.0 : 100.0 * static_cast<double>(ns) / static_cast<double>(span); };
  for (std::size_t i = 0; i < result.size(); ++i) {
    ThreadStats& stats = result[i];
    advance(tracks[i], stats, span);
    stats.thread = static_cast<ThreadIndex>(i);
    stats.name = trace.threads[i].name;
    stats.kind = trace.threads[i].kind;
    stats.busy_pct = percent(stats.busy_ns);
    stats.blocked_pct = percent(stats.blocked_ns);
    stats.parked_pct = percent(stats.parked_ns);
    stats.idle_pct = percent(stats.idle_ns);
  }
  return result;
}

}  // namespace wakeline
