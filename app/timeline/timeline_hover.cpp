#include "timeline/timeline_hover.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "count_text.hpp"
#include "timeline/time_ruler.hpp"
#include "timeline/timeline_colors.hpp"
#include "wakeline/message_text.hpp"
#include "wakeline/printable.hpp"

namespace wakeline::app {
namespace {

constexpr float kHitSlop = 3.0f;         // at 100%: a 1 px span is still easy to point at
constexpr float kMarkerSlop = 6.0f;      // at 100%
constexpr float kMarkerBand = 0.4f;      // markers sit in the bottom part of a thread lane

const RowItems* find_row(const DrawItems& items, RowKind kind, std::uint32_t lane) {
  for (const RowItems& row : items.rows)
    if (row.kind == kind && row.lane == lane) return &row;
  return nullptr;
}

const DrawItem* item_at(const std::vector<DrawItem>& list, float x, float slop) {
  // Items are in time order; the first one whose (widened) right edge reaches x.
  auto it = std::partition_point(list.begin(), list.end(), [&](const DrawItem& d) { return d.x1 + slop < x; });
  const DrawItem* best = nullptr;
  float best_distance = slop + 1;
  for (; it != list.end() && it->x0 - slop <= x; ++it) {
    const float distance = x < it->x0 ? it->x0 - x : x > it->x1 ? x - it->x1 : 0.0f;
    if (distance < best_distance) {
      best = &*it;
      best_distance = distance;
    }
  }
  return best;
}

const MarkerItem* marker_at(const std::vector<MarkerItem>& list, float x, float slop) {
  auto it = std::partition_point(list.begin(), list.end(), [&](const MarkerItem& m) { return m.x + slop < x; });
  const MarkerItem* best = nullptr;
  for (; it != list.end() && it->x - slop <= x; ++it)
    if (best == nullptr || std::fabs(it->x - x) < std::fabs(best->x - x)) best = &*it;
  return best;
}

std::string task_label(const TimelineModel& model, TaskId task) {
  if (task == 0) return "the runtime";
  const std::string_view name = model.task_name(task);
  std::string label;
  if (name.empty()) {
    label = "task";
  } else {
    label.append("'").append(name).append("'");
  }
  label.append(" (task ").append(std::to_string(task)).append(")");
  return label;
}

std::string thread_name(const TimelineModel& model, ThreadIndex thread) {
  const int lane = model.thread_lane(thread);
  if (lane >= 0) return model.threads[static_cast<std::size_t>(lane)].name;
  if (model.trace != nullptr && thread < model.trace->threads.size()) return folded(model.trace->threads[thread].name);
  return "thread " + std::to_string(thread);
}

std::string channel_label(const TimelineModel& model, std::uint64_t channel) {
  const auto found = model.channels.find(channel);
  if (found == model.channels.end() || found->second.name.empty()) return "channel " + std::to_string(channel);
  return std::string(to_string(found->second.kind)) + " '" + found->second.name + "'";
}

std::string when(std::uint64_t start, std::uint64_t end) {
  return "at " + format_time_point(static_cast<double>(start)) + ", for " +
         format_duration(static_cast<double>(end - start));
}

const Event* event_at(const TimelineModel& model, std::uint32_t index) {
  if (model.trace == nullptr || index == kNoEvent || index >= model.trace->events.size()) return nullptr;
  return &model.trace->events[index];
}

void add_location(const TimelineModel& model, std::vector<std::string>& lines, std::string_view what, std::uint32_t event) {
  const Event* e = event_at(model, event);
  if (e == nullptr || model.trace == nullptr) return;
  const std::string where = short_location(*model.trace, e->location);
  if (!where.empty()) lines.push_back(std::string(what) + " " + where);
}

std::string wake_text(const TimelineModel& model, const Arrow& arrow) {
  const Event* e = event_at(model, arrow.event);
  const std::uint64_t object = e != nullptr ? e->b() : 0;
  const std::string from = thread_name(model, model.threads[arrow.from_lane].thread);
  switch (arrow.cause) {
    case WakeCause::Timer: return "woken by timer " + std::to_string(object) + " firing (" + from + ")";
    case WakeCause::Channel:
      return "woken via " + channel_label(model, object) + " by " + task_label(model, arrow.waker) + " on " + from;
    case WakeCause::Task: return "woken when " + task_label(model, static_cast<TaskId>(object)) + " finished, on " + from;
    case WakeCause::JoinChild: return "woken by a join/select branch finishing, on " + from;
    case WakeCause::Yield: return "rescheduled after yielding";
    case WakeCause::Spawn: return "first poll; spawned by " + task_label(model, arrow.waker) + " on " + from;
    case WakeCause::Lock: return "woken by a lock release from " + task_label(model, arrow.waker) + " on " + from;
    case WakeCause::Blocking: return "woken by a blocking job on " + from;
  }
  return "woken on " + from;
}

void add_wakes(const TimelineModel& model, std::vector<std::string>& lines, const Span& poll) {
  const auto first = std::partition_point(model.arrows.begin(), model.arrows.end(),
                                          [&](const Arrow& a) { return a.to_ns < poll.start_ns; });
  int shown = 0;
  for (auto it = first; it != model.arrows.end() && it->to_ns == poll.start_ns; ++it) {
    if (it->task != poll.task) continue;
    if (++shown > 3) {
      lines.push_back("... and more wakes");
      break;
    }
    lines.push_back(wake_text(model, *it));
  }
}

std::string state_text(SpanKind kind) {
  switch (kind) {
    case SpanKind::Running: return "running (in a poll)";
    case SpanKind::Blocked: return "blocking its thread";
    case SpanKind::Ready: return "ready, waiting for a worker";
    case SpanKind::WaitTimer: return "waiting on a timer";
    case SpanKind::WaitChannel: return "waiting on a channel";
    case SpanKind::WaitJoin: return "waiting for another task or branch";
    case SpanKind::WaitLock: return "waiting for a lock";
    case SpanKind::Waiting: return "waiting";
    case SpanKind::Poll: return "poll";
    case SpanKind::Blocking: return "blocking";
  }
  return "?";
}

std::string count_text(std::uint32_t count, std::string_view what) { return grouped(count) + " " + std::string(what); }

Tooltip describe_folded(const DrawItem& item, std::string_view what) {
  Tooltip tip;
  tip.title = count_text(item.count, what) + " folded together";
  tip.swatch = timeline_palette::kFolded;
  tip.lines.push_back(when(item.start_ns, item.end_ns));
  tip.lines.push_back("too narrow to draw one by one: zoom in to see them");
  return tip;
}

Tooltip describe_poll(const TimelineModel& model, const ThreadLane& lane, const Span& span) {
  Tooltip tip;
  tip.title = task_label(model, span.task);
  tip.swatch = task_color(span.task);
  tip.lines.push_back("poll on " + lane.name + " " + when(span.start_ns, span.end_ns));
  add_wakes(model, tip.lines, span);
  if (span.detail == static_cast<std::uint8_t>(PollResult::Ready)) tip.lines.push_back("returned Ready: the task finished");
  else if (span.detail == static_cast<std::uint8_t>(PollResult::Pending)) tip.lines.push_back("returned Pending");
  add_location(model, tip.lines, "resumed at", span.start_event);
  add_location(model, tip.lines, "suspended at", span.end_event);
  return tip;
}

Tooltip describe_blocking(const TimelineModel& model, const ThreadLane& lane, const Span& span) {
  Tooltip tip;
  tip.title = std::string(to_string(static_cast<BlockingKind>(span.detail))) + " " +
              format_duration(static_cast<double>(span.end_ns - span.start_ns));
  tip.swatch = timeline_palette::kBlockingStripe;
  tip.lines.push_back("by " + task_label(model, span.task));
  tip.lines.push_back("blocks " + lane.name + " " + when(span.start_ns, span.end_ns));
  if (const Event* e = event_at(model, span.start_event); e != nullptr && e->b() != 0) {
    tip.lines.push_back("asked for " + format_duration(static_cast<double>(e->b())));
  }
  if (lane.kind == ThreadKind::Worker) tip.lines.push_back("nothing else can run on this worker meanwhile");
  add_location(model, tip.lines, "at", span.start_event);
  return tip;
}

Tooltip describe_state(const TimelineModel& model, const Span& span) {
  Tooltip tip;
  tip.title = task_label(model, span.task);
  tip.swatch = span.kind == SpanKind::Running ? task_color(span.task) : state_color(span.kind);
  tip.lines.push_back(state_text(span.kind) + " " + when(span.start_ns, span.end_ns));
  if (span.kind == SpanKind::Running || span.kind == SpanKind::Blocked) {
    if (const Event* e = event_at(model, span.start_event)) tip.lines.push_back("on " + thread_name(model, e->thread));
  }
  if (const Event* e = event_at(model, span.end_event); e != nullptr && e->kind == EventKind::TaskWoken) {
    if (static_cast<WakeCause>(e->a()) == WakeCause::Timer) tip.lines.push_back("ended by timer " + std::to_string(e->b()));
    else if (static_cast<WakeCause>(e->a()) == WakeCause::Channel) tip.lines.push_back("ended via " + channel_label(model, e->b()));
    else if (static_cast<WakeCause>(e->a()) == WakeCause::Task)
      tip.lines.push_back("ended when " + task_label(model, static_cast<TaskId>(e->b())) + " finished");
    else tip.lines.push_back("ended by a " + std::string(to_string(static_cast<WakeCause>(e->a()))) + " wake");
  }
  add_location(model, tip.lines, is_wait(span.kind) ? "waiting at" : "at", span.start_event);
  return tip;
}

// The message's value as the lesson prints it, when the trace recorded one.
void add_message_value(const TimelineModel& model, std::vector<std::string>& lines, const Event& e) {
  if (model.trace == nullptr) return;
  if (const auto text = message_text(*model.trace, e.a(), e.b())) lines.push_back("value " + printable(*text, kMaxMessageTextBytes));
}

Tooltip describe_marker(const TimelineModel& model, const ThreadLane& lane, const MarkerItem& item) {
  Tooltip tip;
  tip.swatch = marker_color(item.kind);
  const Marker& marker = lane.markers[item.first];
  const Event* e = event_at(model, marker.event);
  if (e == nullptr) return tip;
  switch (marker.kind) {
    case MarkerKind::ChannelSend:
      tip.title = "send #" + std::to_string(e->b()) + " on " + channel_label(model, e->a());
      tip.lines.push_back(std::to_string(e->c()) + " buffered after it");
      add_message_value(model, tip.lines, *e);
      break;
    case MarkerKind::ChannelRecv:
      tip.title = "receive #" + std::to_string(e->b()) + " on " + channel_label(model, e->a());
      tip.lines.push_back(std::to_string(e->c()) + " still buffered");
      add_message_value(model, tip.lines, *e);
      break;
    case MarkerKind::TimerSet:
      tip.title = "timer " + std::to_string(e->a()) + " set";
      tip.lines.push_back("due at " + format_time_point(static_cast<double>(e->b())) + ", in " +
                          format_duration(static_cast<double>(e->b()) - static_cast<double>(e->time_ns)));
      break;
    case MarkerKind::TimerFired: tip.title = "timer " + std::to_string(e->a()) + " fired"; break;
    case MarkerKind::Print:
      tip.title = "print";
      if (model.trace != nullptr) tip.lines.push_back("\"" + folded(model.trace->str(static_cast<StringId>(e->a()))) + "\"");
      break;
    case MarkerKind::Steal:
      tip.title = "stole " + task_label(model, e->task);
      tip.lines.push_back("from " + thread_name(model, static_cast<ThreadIndex>(e->a())) + ", " + std::to_string(e->b()) +
                          " task(s) moved");
      break;
  }
  if (e->task != 0 && marker.kind != MarkerKind::Steal) tip.lines.push_back("by " + task_label(model, e->task));
  tip.lines.push_back("at " + format_time_point(static_cast<double>(e->time_ns)) + " on " + lane.name);
  if (model.trace != nullptr) {
    const std::string where = short_location(*model.trace, e->location);
    if (!where.empty()) tip.lines.push_back(where);
  }
  if (item.count > 1) tip.lines.push_back(count_text(item.count - 1, "more here: zoom in"));
  return tip;
}

Tooltip describe_lane(const TimelineModel& model, const HoverTarget& target, bool hide_future) {
  Tooltip tip;
  if (target.row == RowKind::Task) {
    const TaskLane& lane = model.tasks[target.lane];
    tip.title = task_label(model, lane.task);
    tip.swatch = task_color(lane.task);
    if (const TaskStats* stats = model.task(lane.task)) {
      if (stats->parent != 0) tip.lines.push_back("spawned by " + task_label(model, stats->parent));
      if (stats->blocking_job) tip.lines.push_back("a spawn_blocking job on the blocking pool");
      if (!hide_future) {  // the whole run's numbers and the end: the future, under Reveal
        tip.lines.push_back(grouped(stats->polls) + " polls, busy " + format_duration(static_cast<double>(stats->busy_ns)) +
                            ", ready " + format_duration(static_cast<double>(stats->scheduled_ns)) + ", waiting " +
                            format_duration(static_cast<double>(stats->waiting_ns)));
        tip.lines.push_back(std::string(to_string(stats->outcome)) +
                            (stats->end_ns ? " at " + format_time_point(static_cast<double>(*stats->end_ns)) : std::string()));
        if (!stats->failure.empty()) tip.lines.push_back("failed: " + stats->failure);
      }
      if (model.trace != nullptr) {
        const std::string where = short_location(*model.trace, stats->spawn_location);
        if (!where.empty()) tip.lines.push_back("spawned at " + where);
      }
    }
    tip.lines.push_back("click to select it");
    return tip;
  }
  const ThreadLane& lane = model.threads[target.lane];
  const ThreadStats& s = lane.stats;
  tip.title = lane.name;
  char buffer[160];
  std::snprintf(buffer, sizeof buffer, "busy %.1f%%  idle %.1f%%  blocked %.1f%%  parked %.1f%%", s.busy_pct, s.idle_pct,
                s.blocked_pct, s.parked_pct);
  tip.lines.emplace_back(buffer);
  tip.lines.push_back(grouped(s.polls) + " polls, " + counted(lane.blocking.size(), "blocking section", "blocking sections"));
  return tip;
}

}  // namespace

HoverTarget hit_test(const TimelineModel& model, const DrawItems& items, const TimelineLayout& layout, ImVec2 mouse) {
  HoverTarget target;
  const std::optional<RowHit> row = layout.row_at(mouse.y);
  if (!row) return target;
  target.row = row->kind;
  target.lane = row->lane;
  if (layout.gutter.contains(mouse)) {
    target.kind = HoverKind::LaneLabel;
    if (row->kind == RowKind::Task) target.task = model.tasks[row->lane].task;
    return target;
  }
  if (!layout.plot.contains(mouse)) return target;
  const RowItems* items_row = find_row(items, row->kind, row->lane);
  if (items_row == nullptr) return target;
  const float x = mouse.x - layout.plot.min.x;
  const float scale = layout.scale;

  if (row->kind == RowKind::Thread) {
    const float top = layout.row_top(row->kind, row->lane);
    const float height = layout.row_height(row->kind);
    if (mouse.y > top + height * (1 - kMarkerBand)) {
      if (const MarkerItem* marker = marker_at(items_row->markers, x, kMarkerSlop * scale)) {
        target.kind = HoverKind::Marker;
        target.marker = *marker;
        return target;
      }
    }
    if (const DrawItem* overlay = item_at(items_row->overlays, x, kHitSlop * scale)) {
      target.kind = HoverKind::Overlay;
      target.item = *overlay;
      target.task = overlay->task;
      return target;
    }
  }
  if (const DrawItem* span = item_at(items_row->spans, x, kHitSlop * scale)) {
    target.kind = HoverKind::Span;
    target.item = *span;
    target.task = span->task;
    if (row->kind == RowKind::Task) target.task = model.tasks[row->lane].task;
  }
  return target;
}

Tooltip describe(const TimelineModel& model, const HoverTarget& target, bool hide_future) {
  switch (target.kind) {
    case HoverKind::None: return {};
    case HoverKind::LaneLabel: return describe_lane(model, target, hide_future);
    case HoverKind::Marker: return describe_marker(model, model.threads[target.lane], target.marker);
    case HoverKind::Overlay: {
      const ThreadLane& lane = model.threads[target.lane];
      if (target.item.folded) return describe_folded(target.item, "blocking sections");
      return describe_blocking(model, lane, lane.blocking[target.item.first]);
    }
    case HoverKind::Span: {
      if (target.row == RowKind::Task) {
        const TaskLane& lane = model.tasks[target.lane];
        if (target.item.folded) return describe_folded(target.item, "state changes");
        return describe_state(model, model.states_begin(lane)[target.item.first]);
      }
      const ThreadLane& lane = model.threads[target.lane];
      if (target.item.folded) return describe_folded(target.item, "polls");
      return describe_poll(model, lane, lane.polls[target.item.first]);
    }
  }
  return {};
}

std::string short_location(const Trace& trace, LocationId location) {
  if (location == 0 || location >= trace.locations.size()) return {};
  const SourceLocation& where = trace.locations[location];
  if (where.file.empty()) return {};
  std::string_view file = where.file;
  const std::size_t last = file.find_last_of('/');
  if (last != std::string_view::npos && last > 0) {
    const std::size_t before = file.find_last_of('/', last - 1);
    if (before != std::string_view::npos) file.remove_prefix(before + 1);
  }
  return std::string(file) + ":" + std::to_string(where.line);
}

std::string format_time_point(double ns) {
  if (ns == 0) return "0";
  const TimeUnit unit = unit_for(ns);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.6f", ns / ns_per(unit));
  std::string text(buffer);
  while (!text.empty() && text.back() == '0') text.pop_back();
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text + " " + std::string(to_string(unit));
}

void show_tooltip(const Tooltip& tip, const ThemeFonts& fonts) {
  if (tip.title.empty() && tip.lines.empty()) return;
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0f);
  if (tip.swatch != 0) {
    const float size = ImGui::GetFontSize() * 0.7f;
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float y = at.y + (ImGui::GetTextLineHeight() - size) * 0.5f;
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(at.x, y), ImVec2(at.x + size, y + size), tip.swatch, 2.0f);
    ImGui::Dummy(ImVec2(size, ImGui::GetTextLineHeight()));
    ImGui::SameLine();
  }
  ImGui::PushFont(fonts.body);
  ImGui::TextUnformatted(tip.title.c_str());
  ImGui::PopFont();
  ImGui::PushStyleColor(ImGuiCol_Text, palette::kTextMuted);
  for (const std::string& line : tip.lines) ImGui::TextUnformatted(line.c_str());
  ImGui::PopStyleColor();
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

}  // namespace wakeline::app
