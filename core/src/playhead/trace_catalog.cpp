// TraceCatalog: one pass over the events fills the task, channel and timer tables and counts the
// events per task and per location; a second pass fills those lists (compressed rows: one offset
// array and one index array each, so a 1M-event trace costs a few MB, not a vector per task).
#include "wakeline/playhead/trace_catalog.hpp"

#include <algorithm>

#include "runtime/huge_pages.hpp"
#include "wakeline/printable.hpp"

namespace wakeline {
namespace {

// Fills offsets/indices so that the events with key k are indices[offsets[k], offsets[k+1]).
template <typename KeyOf>
void fill_rows(const Trace& trace, std::size_t keys, KeyOf key_of, std::vector<std::uint32_t>& offsets,
               std::vector<std::uint32_t>& indices) {
  // Allocated once and advised as huge pages: a 10M-event trace's indices are 40 MB a table.
  detail::reserve_huge(offsets, keys + 1);
  offsets.assign(keys + 1, 0);
  for (const Event& e : trace.events)
    if (auto k = key_of(e); k < keys) ++offsets[k + 1];
  for (std::size_t k = 0; k < keys; ++k) offsets[k + 1] += offsets[k];
  detail::reserve_huge(indices, offsets[keys]);
  indices.resize(offsets[keys]);
  std::vector<std::uint32_t> next(offsets.begin(), offsets.end() - 1);
  for (std::size_t i = 0; i < trace.events.size(); ++i)
    if (auto k = key_of(trace.events[i]); k < keys) indices[next[k]++] = static_cast<std::uint32_t>(i);
}

std::span<const std::uint32_t> row(const std::vector<std::uint32_t>& offsets, const std::vector<std::uint32_t>& indices,
                                   std::size_t key) {
  if (key + 1 >= offsets.size()) return {};
  return std::span<const std::uint32_t>(indices).subspan(offsets[key], offsets[key + 1] - offsets[key]);
}

constexpr ThreadIndex kUnclaimed = ~ThreadIndex{0};

bool ends_on_path_boundary(std::string_view path, std::string_view tail) {
  if (tail.empty() || !path.ends_with(tail)) return false;
  if (path.size() == tail.size()) return true;
  const char before = path[path.size() - tail.size() - 1];
  return before == '/' || before == '\\';
}

}  // namespace

TraceCatalog::TraceCatalog(const Trace& trace) : trace_(&trace) {
  const auto& events = trace.events;
  // A task id cannot exceed the number of TaskSpawned events: ids count up from 1 per spawn.
  const std::size_t max_task = events.size();
  // The task table sized once (it grew by doubling, moving ~1M names each time).
  TaskId largest = 0;
  for (const Event& e : events)
    if (e.kind == EventKind::TaskSpawned && e.task <= max_task) largest = std::max(largest, e.task);
  detail::reserve_huge(tasks_, std::size_t{largest} + 1);
  for (std::size_t i = 0; i < events.size(); ++i) {
    const Event& e = events[i];
    switch (e.kind) {
      case EventKind::TaskSpawned: {
        if (e.task == 0 || e.task > max_task) break;
        if (tasks_.size() <= e.task) tasks_.resize(e.task + 1);
        TaskInfo& info = tasks_[e.task];
        if (info.spawned_at != kNoEvent) break;
        info.id = e.task;
        info.name = folded(trace.str(static_cast<StringId>(std::min<std::uint64_t>(e.b(), 0xffffffffu))));
        info.parent = e.a() <= 0xffffffffu ? static_cast<TaskId>(e.a()) : 0;
        info.blocking_job = e.c() == 1;
        info.spawned_at = i;
        break;
      }
      case EventKind::TaskCompleted:
      case EventKind::TaskCancelled:
      case EventKind::TaskFailed:
        if (e.task < tasks_.size() && tasks_[e.task].ended_at == kNoEvent) tasks_[e.task].ended_at = i;
        break;
      case EventKind::ChannelCreated:
        channels_.push_back(ChannelInfo{.id = e.a(),
                                        .name = folded(trace.str(static_cast<StringId>(std::min<std::uint64_t>(e.b(), 0xffffffffu)))),
                                        .kind = static_cast<ChannelKind>(e.c() >> 32),
                                        .capacity = e.c() & 0xffffffffu,
                                        .created_at = i});
        break;
      case EventKind::TimerSet:
        timers_.push_back(TimerInfo{.id = e.a(), .task = e.task, .deadline_ns = e.b(), .set_ns = e.time_ns, .set_at = i});
        break;
      case EventKind::PollStart: poll_starts_.push_back(static_cast<std::uint32_t>(i)); break;
      default: break;
    }
  }
  auto by_id = [](const auto& x, const auto& y) { return x.id < y.id; };
  std::stable_sort(channels_.begin(), channels_.end(), by_id);
  std::stable_sort(timers_.begin(), timers_.end(), by_id);

  for (ThreadIndex t = 0; t < trace.threads.size(); ++t) {
    const ThreadInfo& info = trace.threads[t];
    auto& list = info.kind == ThreadKind::Worker ? worker_threads_ : blocking_threads_;
    if (info.kind != ThreadKind::Worker && info.kind != ThreadKind::Blocking) continue;
    // validate() keeps numbers dense; a number past the table is someone else's damage: skip it
    // rather than size a list by a number read from a file.
    if (info.index >= trace.threads.size()) continue;
    if (list.size() <= info.index) list.resize(std::size_t{info.index} + 1, kUnclaimed);
    list[info.index] = t;
  }
  // Numbers that no thread claims would leave holes; a valid trace has none. Drop them.
  std::erase(worker_threads_, kUnclaimed);
  std::erase(blocking_threads_, kUnclaimed);

  fill_rows(trace, tasks_.size(), [](const Event& e) -> std::size_t { return e.task; }, task_offsets_, task_events_);
  fill_rows(trace, trace.locations.size(), [](const Event& e) -> std::size_t { return e.location; }, location_offsets_,
            location_events_);
}

const TaskInfo* TraceCatalog::task(TaskId id) const {
  return id < tasks_.size() && tasks_[id].spawned_at != kNoEvent ? &tasks_[id] : nullptr;
}

std::string TraceCatalog::task_name(TaskId id) const {
  if (id == 0) return "the runtime";
  const TaskInfo* info = task(id);
  return info && !info->name.empty() ? info->name : "task " + std::to_string(id);
}

const ChannelInfo* TraceCatalog::channel(std::uint64_t id) const {
  auto it = std::lower_bound(channels_.begin(), channels_.end(), id, [](const ChannelInfo& c, std::uint64_t v) { return c.id < v; });
  return it != channels_.end() && it->id == id ? &*it : nullptr;
}

std::string TraceCatalog::channel_name(std::uint64_t id) const {
  const ChannelInfo* info = channel(id);
  return info && !info->name.empty() ? info->name : "channel " + std::to_string(id);
}

const TimerInfo* TraceCatalog::timer(std::uint64_t id) const {
  auto it = std::lower_bound(timers_.begin(), timers_.end(), id, [](const TimerInfo& t, std::uint64_t v) { return t.id < v; });
  return it != timers_.end() && it->id == id ? &*it : nullptr;
}

std::optional<std::uint32_t> TraceCatalog::worker_number(ThreadIndex thread) const {
  if (thread >= trace_->threads.size() || trace_->threads[thread].kind != ThreadKind::Worker) return std::nullopt;
  return trace_->threads[thread].index;
}

std::optional<std::uint32_t> TraceCatalog::blocking_number(ThreadIndex thread) const {
  if (thread >= trace_->threads.size() || trace_->threads[thread].kind != ThreadKind::Blocking) return std::nullopt;
  return trace_->threads[thread].index;
}

std::string TraceCatalog::thread_name(ThreadIndex thread) const {
  if (thread >= trace_->threads.size()) return "thread " + std::to_string(thread);
  const ThreadInfo& info = trace_->threads[thread];
  return info.name.empty() ? std::string(to_string(info.kind)) + " " + std::to_string(info.index) : folded(info.name);
}

std::span<const std::uint32_t> TraceCatalog::events_of(TaskId task) const { return row(task_offsets_, task_events_, task); }

std::span<const std::uint32_t> TraceCatalog::events_at(LocationId location) const {
  return row(location_offsets_, location_events_, location);
}

namespace {
std::optional<std::size_t> first_at_or_after(std::span<const std::uint32_t> sorted, std::size_t from) {
  auto it = std::lower_bound(sorted.begin(), sorted.end(), from, [](std::uint32_t v, std::size_t x) { return v < x; });
  if (it == sorted.end()) return std::nullopt;
  return *it;
}
std::optional<std::size_t> last_before(std::span<const std::uint32_t> sorted, std::size_t before) {
  auto it = std::lower_bound(sorted.begin(), sorted.end(), before, [](std::uint32_t v, std::size_t x) { return v < x; });
  if (it == sorted.begin()) return std::nullopt;
  return *std::prev(it);
}
}  // namespace

std::optional<std::size_t> TraceCatalog::next_poll_start(std::size_t from) const { return first_at_or_after(poll_starts_, from); }
std::optional<std::size_t> TraceCatalog::previous_poll_start(std::size_t before) const {
  return last_before(poll_starts_, before);
}
std::optional<std::size_t> TraceCatalog::next_event_of(TaskId task, std::size_t from) const {
  return first_at_or_after(events_of(task), from);
}
std::optional<std::size_t> TraceCatalog::previous_event_of(TaskId task, std::size_t before) const {
  return last_before(events_of(task), before);
}

std::size_t TraceCatalog::position_at_time(std::uint64_t time_ns) const {
  const auto& events = trace_->events;
  auto it = std::upper_bound(events.begin(), events.end(), time_ns, [](std::uint64_t t, const Event& e) { return t < e.time_ns; });
  return static_cast<std::size_t>(it - events.begin());
}

IndexRange TraceCatalog::location_range(LocationId location) const {
  auto events = events_at(location);
  if (location == 0 || events.empty()) return {};
  return {events.front(), std::size_t{events.back()} + 1};
}

std::vector<LocationId> TraceCatalog::locations_at_line(std::string_view file, std::uint32_t line) const {
  std::vector<LocationId> out;
  for (LocationId id = 1; id < trace_->locations.size(); ++id) {
    const SourceLocation& loc = trace_->locations[id];
    if (loc.line == line && ends_on_path_boundary(loc.file, file)) out.push_back(id);
  }
  return out;
}

IndexRange TraceCatalog::line_range(std::string_view file, std::uint32_t line) const {
  IndexRange range;
  for (LocationId id : locations_at_line(file, line)) {
    IndexRange r = location_range(id);
    if (r.empty()) continue;
    if (range.empty()) range = r;
    range.begin = std::min(range.begin, r.begin);
    range.end = std::max(range.end, r.end);
  }
  return range;
}

}  // namespace wakeline
