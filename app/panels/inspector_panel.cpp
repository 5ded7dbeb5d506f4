#include "panels/inspector_panel.hpp"

#include <algorithm>
#include <cfloat>
#include <numeric>
#include <utility>

#include "count_text.hpp"
#include "panels/widgets.hpp"
#include "timeline/time_ruler.hpp"
#include "timeline/timeline_colors.hpp"
#include "timeline/timeline_hover.hpp"
#include "wakeline/printable.hpp"

namespace wakeline::app {
namespace {

const TaskStats* find_task(const InspectorCache& cache, TaskId id) {
  // Recorded runs number tasks 1, 2, 3... in spawn order; files may not, so fall back to a search.
  const std::vector<TaskStats>& tasks = *cache.tasks;
  if (id >= 1 && id <= tasks.size() && tasks[id - 1].id == id) return &tasks[id - 1];
  const auto it = std::find_if(tasks.begin(), tasks.end(), [&](const TaskStats& t) { return t.id == id; });
  return it == tasks.end() ? nullptr : &*it;
}

// "fetch b (4)", or "4" for a task the trace never spawned.
std::string task_label(const InspectorCache& cache, TaskId id) {
  const TaskStats* task = find_task(cache, id);
  if (task == nullptr || task->name.empty()) return std::to_string(id);
  return folded(task->name) + " (" + std::to_string(id) + ")";
}

std::string channel_label(const InspectorCache& cache, std::uint64_t id) {
  for (const auto& [channel, name] : cache.channel_names) {
    if (channel == id && !name.empty()) return "channel '" + name + "'";
  }
  return "channel " + std::to_string(id);
}

std::string duration(std::uint64_t ns) { return format_duration(static_cast<double>(ns)); }

// ---- The selected task ---------------------------------------------------------------------

void note_shown(std::vector<std::string>* shown, std::string text) {
  if (shown != nullptr) shown->push_back(std::move(text));
}

// One "label: value" row of the details: side by side in a table when the panel is wide enough,
// else the label above its value (a narrow panel at 200% would wrap values a few letters a line).
void detail_row(bool stacked, const char* label, const std::string& value) {
  if (!stacked) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
  }
  ImGui::PushStyleColor(ImGuiCol_Text, palette::kTextMuted);
  ImGui::TextUnformatted(label);
  ImGui::PopStyleColor();
  if (!stacked) ImGui::TableNextColumn();
  if (stacked) ImGui::Indent();
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(value.c_str());
  ImGui::PopTextWrapPos();
  if (stacked) ImGui::Unindent();
}

std::string workers_text(const Trace& trace, const TaskStats& task) {
  std::string text;
  for (ThreadIndex thread : task.workers) {
    if (!text.empty()) text += ", ";
    text += thread < trace.threads.size() ? folded(trace.threads[thread].name) : "thread " + std::to_string(thread);
  }
  return text;
}

void draw_selected_task(const Trace& trace, const InspectorCache& cache, TaskId& selected, const ThemeFonts& fonts,
                        float ui_scale, std::vector<std::string>* shown) {
  const TaskStats* task = find_task(cache, selected);
  if (task == nullptr) {
    heading_text(fonts, "Nothing selected");
    note_shown(shown, "Nothing selected");
    ImGui::Spacing();
    muted_text_wrapped("Click a task on the timeline, or a row below, to see where it ran, what woke it and how long it waited.");
    return;
  }
  // The task's own colour, as on the timeline, so the eye can go back and forth.
  const float swatch = ImGui::GetFontSize() * 0.8f;
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float line = ImGui::GetTextLineHeight();
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(at.x, at.y + (line - swatch) * 0.5f + 2.0f * ui_scale),
                                            ImVec2(at.x + swatch, at.y + (line + swatch) * 0.5f + 2.0f * ui_scale),
                                            task_color(task->id), 3.0f * ui_scale);
  ImGui::Dummy(ImVec2(swatch, line));
  ImGui::SameLine();
  const std::string name = task->name.empty() ? "task" : folded(task->name);
  heading_text(fonts, name.c_str());
  note_shown(shown, name);
  const std::string number = "task " + std::to_string(task->id) + (task->blocking_job ? " - a job on the blocking pool" : "");
  ImGui::PushStyleColor(ImGuiCol_Text, palette::kTextMuted);
  ImGui::TextUnformatted(number.c_str());
  ImGui::PopStyleColor();
  note_shown(shown, number);

  const bool stacked = ImGui::GetContentRegionAvail().x < ImGui::GetFontSize() * 20.0f;
  if (!stacked) {
    if (!ImGui::BeginTable("details", 2, ImGuiTableFlags_SizingStretchProp)) return;
    ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
  }
  const auto detail = [&](const char* label, const std::string& value) {
    detail_row(stacked, label, value);
    note_shown(shown, std::string(label) + ": " + value);
  };
  if (task->parent != 0) {
    detail("parent", task_label(cache, task->parent));
    // The parent is one click away: following the spawn tree up is how a lesson is read.
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Click to select the parent");
    if (ImGui::IsItemClicked()) selected = task->parent;
  } else {
    detail("parent", "none (the runtime started it)");
  }
  const std::string site = short_location(trace, task->spawn_location);
  detail("spawned at", !site.empty() ? site : task->parent == 0 ? "run(), as the lesson's main" : "unknown");
  detail("outcome", outcome_text(*task, cache.built_up_to.has_value()));
  detail("polls", grouped(task->polls) + (task->workers.empty() ? "" : " on " + workers_text(trace, *task)));
  detail("busy", duration(task->busy_ns) + (task->blocked_ns > 0 ? ", of which " + duration(task->blocked_ns) + " blocking the thread" : ""));
  detail("ready", duration(task->scheduled_ns) + " not running: the scheduling delay");
  const std::string on = waited_on_text(cache, *task);
  detail("waiting", duration(task->waiting_ns) + (on.empty() ? "" : ", last on " + on));
  detail("wakes", wakes_text(cache, *task));
  if (task->steals > 0) detail("stolen", counted(task->steals, "time", "times"));
  if (!stacked) ImGui::EndTable();
}

// ---- Every task ----------------------------------------------------------------------------

struct ColumnSpec {
  const char* name;
  TaskColumn column;
  ImGuiTableColumnFlags flags;
  const char* tooltip;
};
constexpr ColumnSpec kColumns[] = {
    {"Task", TaskColumn::Task, ImGuiTableColumnFlags_DefaultSort | ImGuiTableColumnFlags_NoHide, "id and name, in spawn order"},
    {"Polls", TaskColumn::Polls, ImGuiTableColumnFlags_PreferSortDescending, "how often a worker polled it"},
    {"Busy", TaskColumn::Busy, ImGuiTableColumnFlags_PreferSortDescending, "time inside polls"},
    {"Ready", TaskColumn::Ready, ImGuiTableColumnFlags_PreferSortDescending, "ready but not running: scheduling delay"},
    {"Waiting", TaskColumn::Waiting, ImGuiTableColumnFlags_PreferSortDescending, "pending, until something woke it"},
    {"Wakes", TaskColumn::Wakes, ImGuiTableColumnFlags_PreferSortDescending, "wakes received"},
    {"Steals", TaskColumn::Steals, ImGuiTableColumnFlags_PreferSortDescending, "times another worker stole it"},
    {"Outcome", TaskColumn::Outcome, 0, "completed, cancelled, failed, or still running when the run ended"},
};

void cell(const std::string& text) {
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(text.c_str());
}

void draw_task_table(InspectorCache& cache, TaskId& selected, float ui_scale, std::vector<std::string>* shown) {
  constexpr ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX |
                                    ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable |
                                    ImGuiTableFlags_Hideable | ImGuiTableFlags_SizingFixedFit;
  const ImVec2 size(0.0f, std::max(ImGui::GetContentRegionAvail().y, 120.0f * ui_scale));
  if (!ImGui::BeginTable("tasks", IM_ARRAYSIZE(kColumns), flags, size)) return;
  ImGui::TableSetupScrollFreeze(1, 1);  // the task's name stays in view when scrolling sideways
  for (const ColumnSpec& spec : kColumns) {
    ImGui::TableSetupColumn(spec.name, spec.flags, 0.0f, static_cast<ImGuiID>(spec.column));
  }
  // Headers by hand, to say on hover what each number means.
  ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
  for (int i = 0; i < IM_ARRAYSIZE(kColumns); ++i) {
    if (!ImGui::TableSetColumnIndex(i)) continue;
    ImGui::TableHeader(kColumns[i].name);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", kColumns[i].tooltip);
  }

  if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs()) {
    if (specs->SpecsDirty || cache.sort_dirty) {
      const ImGuiTableColumnSortSpecs* first = specs->SpecsCount > 0 ? &specs->Specs[0] : nullptr;
      const TaskColumn column = first != nullptr ? static_cast<TaskColumn>(first->ColumnUserID) : TaskColumn::Task;
      const bool ascending = first == nullptr || first->SortDirection != ImGuiSortDirection_Descending;
      sort_task_rows(cache.order, *cache.tasks, column, ascending);
      specs->SpecsDirty = false;
      cache.sort_dirty = false;
    }
  }

  // Only the rows on screen are built (a 200 000-task run would otherwise cost 150 ms a frame); a
  // newly selected task's row is built too, wherever it is, so it can be scrolled to.
  const bool scroll_to_selection = selected != cache.scrolled_to;
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(cache.order.size()));
  if (scroll_to_selection && selected != 0) {
    const auto at = std::find_if(cache.order.begin(), cache.order.end(),
                                 [&](std::uint32_t row) { return (*cache.tasks)[row].id == selected; });
    if (at != cache.order.end()) {
      const int index = static_cast<int>(at - cache.order.begin());
      clipper.ForceDisplayRangeByIndices(index, index + 1);
    }
  }
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const std::uint32_t row = cache.order[static_cast<std::size_t>(i)];
      const TaskStats& task = (*cache.tasks)[row];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::PushID(static_cast<int>(row));
      const std::string label = std::to_string(task.id) + " " + folded(task.name);
      const bool is_selected = task.id == selected;
      if (ImGui::Selectable(label.c_str(), is_selected, ImGuiSelectableFlags_SpanAllColumns)) {
        selected = is_selected ? 0 : task.id;
      }
      if (is_selected && scroll_to_selection) ImGui::SetScrollHereY(0.5f);
      ImGui::PopID();
      cell(grouped(task.polls));
      cell(duration(task.busy_ns));
      cell(duration(task.scheduled_ns));
      cell(duration(task.waiting_ns));
      cell(grouped(task.wakes));
      cell(grouped(task.steals));
      cell(std::string(to_string(task.outcome)));
      if (shown != nullptr) {
        shown->push_back(label + " | " + grouped(task.polls) + " | " + duration(task.busy_ns) + " | " +
                         duration(task.scheduled_ns) + " | " + duration(task.waiting_ns) + " | " + grouped(task.wakes) +
                         " | " + grouped(task.steals) + " | " + std::string(to_string(task.outcome)));
      }
    }
  }
  cache.scrolled_to = selected;
  ImGui::EndTable();
}

std::uint64_t sort_key(const TaskStats& task, TaskColumn column) {
  switch (column) {
    case TaskColumn::Task: return task.id;
    case TaskColumn::Outcome: return static_cast<std::uint64_t>(task.outcome);
    case TaskColumn::Polls: return task.polls;
    case TaskColumn::Busy: return task.busy_ns;
    case TaskColumn::Ready: return task.scheduled_ns;
    case TaskColumn::Waiting: return task.waiting_ns;
    case TaskColumn::Wakes: return task.wakes;
    case TaskColumn::Steals: return task.steals;
  }
  return task.id;
}

}  // namespace

void refresh_inspector_cache(InspectorCache& cache, const std::shared_ptr<const Trace>& trace,
                             std::optional<std::size_t> up_to_event, SharedTaskStats whole_run_stats) {
  if (cache.built_from == trace && cache.built_up_to == up_to_event) return;
  if (trace && !up_to_event && whole_run_stats) {
    fill_inspector_cache(cache, trace, up_to_event, std::move(whole_run_stats));
    return;
  }
  fill_inspector_cache(cache, trace, up_to_event,
                       std::make_shared<const std::vector<TaskStats>>(
                           !trace        ? std::vector<TaskStats>{}
                           : up_to_event ? compute_task_stats(*trace, *up_to_event)
                                         : compute_task_stats(*trace)));
}

void fill_inspector_cache(InspectorCache& cache, const std::shared_ptr<const Trace>& trace,
                          std::optional<std::size_t> up_to_event, SharedTaskStats tasks) {
  cache.built_from = trace;
  cache.built_up_to = up_to_event;
  cache.tasks = tasks ? std::move(tasks) : std::make_shared<const std::vector<TaskStats>>();
  cache.channel_names.clear();
  if (trace) {
    for (const Event& event : trace->events) {
      if (event.kind == EventKind::ChannelCreated) {
        cache.channel_names.emplace_back(event.a(), folded(trace->str(static_cast<StringId>(event.b()))));
      }
    }
  }
  cache.order.resize(cache.tasks->size());
  std::iota(cache.order.begin(), cache.order.end(), 0u);
  cache.sort_dirty = true;
}

void sort_task_rows(std::vector<std::uint32_t>& rows, const std::vector<TaskStats>& tasks, TaskColumn column,
                    bool ascending) {
  if (!std::is_sorted(rows.begin(), rows.end())) std::sort(rows.begin(), rows.end());  // spawn order first, so ties keep it
  const auto before = [&](std::uint32_t a, std::uint32_t b) {
    const std::uint64_t ka = sort_key(tasks[a], column), kb = sort_key(tasks[b], column);
    return ascending ? ka < kb : ka > kb;
  };
  // The first frame of a 920 000-task trace sorts by id, which spawn order already is.
  if (!std::is_sorted(rows.begin(), rows.end(), before)) std::stable_sort(rows.begin(), rows.end(), before);
}

std::string waited_on_text(const InspectorCache& cache, const TaskStats& task) {
  if (!task.waited_on) return {};
  switch (*task.waited_on) {
    case WakeCause::Timer: return "timer " + std::to_string(task.waited_on_id);
    case WakeCause::Channel:
    case WakeCause::Lock: return channel_label(cache, task.waited_on_id);
    case WakeCause::Task:
    case WakeCause::Blocking: return "task " + task_label(cache, static_cast<TaskId>(task.waited_on_id));
    // A branch of a join or select inside this same task: TaskWoken.b() is the branch's index.
    case WakeCause::JoinChild: return "its join branch " + std::to_string(task.waited_on_id);
    case WakeCause::Yield: return "its own yield";
    case WakeCause::Spawn: return "being spawned";
  }
  return std::string(to_string(*task.waited_on));
}

std::string wakes_text(const InspectorCache& cache, const TaskStats& task) {
  if (task.wakes == 0) return "none";
  std::string text = grouped(task.wakes) + ":";
  bool first = true;
  for (std::size_t cause = 0; cause < kWakeCauseCount; ++cause) {
    if (task.wakes_by_cause[cause] == 0) continue;
    text += (first ? " " : ", ") + std::string(to_string(static_cast<WakeCause>(cause))) + " " +
            grouped(task.wakes_by_cause[cause]);
    first = false;
  }
  if (!task.wakers.empty()) {
    text += "; from ";
    for (std::size_t i = 0; i < task.wakers.size(); ++i) text += (i > 0 ? ", " : "") + task_label(cache, task.wakers[i]);
  }
  return text;
}

std::string outcome_text(const TaskStats& task, bool cut_at_playhead) {
  const std::string at = task.end_ns ? " at " + format_time_point(static_cast<double>(*task.end_ns)) : "";
  switch (task.outcome) {
    case TaskOutcome::Completed: return "completed" + at;
    case TaskOutcome::Cancelled: return "cancelled" + at;
    case TaskOutcome::Failed: return "failed" + at + (task.failure.empty() ? "" : ": " + task.failure);
    case TaskOutcome::Running: break;
  }
  return cut_at_playhead ? "not ended yet" : "still running when the run ended";
}

void draw_inspector_panel(const std::shared_ptr<const Trace>& trace, InspectorCache& cache, TaskId& selected,
                          const ThemeFonts& fonts, float ui_scale, const InspectorOptions& options) {
  refresh_inspector_cache(cache, trace, options.up_to_event, options.whole_run_stats);
  if (!trace) {
    heading_text(fonts, "Nothing to inspect yet");
    ImGui::Spacing();
    muted_text_wrapped("Run a lesson, or open a trace file (File > Open), to see its tasks here.");
    return;
  }
  draw_selected_task(*trace, cache, selected, fonts, ui_scale, options.shown);
  ImGui::Spacing();
  ImGui::Separator();
  const std::string tasks = counted(cache.tasks->size(), "task", "tasks");
  const std::string count = (options.up_to_event ? tasks + " so far" : "All " + tasks) + " - click a header to sort";
  ImGui::PushStyleColor(ImGuiCol_Text, palette::kTextMuted);
  ImGui::TextUnformatted(count.c_str());
  ImGui::PopStyleColor();
  note_shown(options.shown, count);
  draw_task_table(cache, selected, ui_scale, options.shown);
}

}  // namespace wakeline::app
