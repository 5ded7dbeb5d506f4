#include "panels/state_panel.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <string>
#include <vector>

#include "count_text.hpp"
#include "panels/widgets.hpp"
#include "timeline/timeline_colors.hpp"
#include "timeline/timeline_hover.hpp"
#include "wakeline/message_text.hpp"
#include "wakeline/playhead/narrate.hpp"
#include "wakeline/printable.hpp"

namespace wakeline::app {
namespace {

// A row of chips takes at most this many lines and chips, then says "+N more": the inject queue
// of the work-stealing lesson holds 120 000 tasks, and a class reads the first few anyway.
constexpr int kMaxChipLines = 3;
constexpr std::size_t kMaxChips = 24;
constexpr std::size_t kMaxTimers = 12;
constexpr std::size_t kMaxChannels = 16;
constexpr std::uint64_t kMaxSlots = 16;  // a bounded buffer up to this capacity draws every slot
// Past this many spawned tasks, state_json lists only the ones that have not ended.
constexpr std::size_t kFullTaskList = 2000;

bool has_ended(TaskStatus status) {
  return status == TaskStatus::Completed || status == TaskStatus::Cancelled || status == TaskStatus::Failed;
}

std::uint64_t elapsed(std::uint64_t from, std::uint64_t to) { return to > from ? to - from : 0; }

std::string quoted(const std::string& name) { return "`" + name + "`"; }


// Everything one frame of the panel reads, and the selection it may change.
struct Panel {
  const RuntimeState& state;
  const TraceCatalog& catalog;
  TaskId& selected;
  const ThemeFonts& fonts;
  float scale;
  bool hide_future = false;                 // Reveal: nothing after the playhead
  std::vector<std::string>* shown = nullptr;  // what was drawn, for --dump-ui
  int chip_serial = 0;  // unique ImGui ids for chips: the same task may show in several places
};

// ---- Words ---------------------------------------------------------------------------------

void note_shown(const Panel& p, std::string_view text) {
  if (p.shown != nullptr) p.shown->emplace_back(text);
}

void muted(const Panel& p, const std::string& text) {
  muted_text_wrapped(text.c_str());
  note_shown(p, text);
}

std::string worker_name(const Panel& p, ThreadIndex thread) { return p.catalog.thread_name(thread); }

// cpu_work keeps the worker busy on the CPU; block_thread (and a blocking-pool job) blocks it: the
// words the runtime's docs use.
std::string blocking_words(BlockingKind kind) {
  if (kind == BlockingKind::CpuWork) return "busy on the CPU in cpu_work";
  return "blocked in " + std::string(to_string(kind));
}

// Where a task is or what it waits on, one short line after its status: "in worker 0's local
// queue", "for a message on `pongs`", "for timer 3, due in 500 ms".
std::string task_place(const Panel& p, const TaskState& task) {
  const RuntimeState& s = p.state;
  switch (task.status) {
    case TaskStatus::Ready:
      switch (task.queue) {
        case TaskQueue::Lifo: return "in " + worker_name(p, task.thread) + "'s LIFO slot";
        case TaskQueue::Local:
          return "in " + worker_name(p, task.thread) + (p.catalog.multi_thread() ? "'s local queue" : "'s run queue");
        case TaskQueue::Inject: return "in the inject queue";
        case TaskQueue::Blocking: return "waiting for a blocking-pool thread";
        case TaskQueue::Taken: return "taken by " + worker_name(p, task.thread) + ", polled next";
        case TaskQueue::None: return "woken, about to be queued";
      }
      break;
    case TaskStatus::Running: {
      std::string text = "on " + worker_name(p, task.thread);
      const WorkerState* worker = s.worker_on(task.thread);
      if (worker != nullptr && worker->blocked) text += ", " + blocking_words(*worker->blocked);
      return text;
    }
    case TaskStatus::Waiting:
      switch (task.waiting_on) {
        case WaitingOn::Timer: {
          const TimerInfo* timer = p.catalog.timer(task.object);
          if (timer == nullptr) return "for a timer";
          if (p.hide_future) return "for timer " + std::to_string(task.object);  // when it fires is the future
          const std::uint64_t left = elapsed(s.time_ns, timer->deadline_ns);
          return "for timer " + std::to_string(task.object) + (left == 0 ? ", due now" : ", due in " + narrate_duration(left));
        }
        case WaitingOn::ChannelSend: return "for room in " + quoted(p.catalog.channel_name(task.object));
        case WaitingOn::ChannelRecv: return "for a message on " + quoted(p.catalog.channel_name(task.object));
        case WaitingOn::Join: return "for " + quoted(p.catalog.task_name(static_cast<TaskId>(task.object))) + " to finish";
        case WaitingOn::JoinSet: return "for the first of " + counted(task.object, "task", "tasks") + " in the set";
        case WaitingOn::Lock: return "for the lock " + quoted(p.catalog.channel_name(task.object));
        case WaitingOn::Semaphore: return "for a permit of " + quoted(p.catalog.channel_name(task.object));
        case WaitingOn::Nothing: return "woken during its own poll";
        case WaitingOn::Unknown: return "for something the trace does not record";
      }
      break;
    case TaskStatus::Completed:
    case TaskStatus::Cancelled:
    case TaskStatus::Failed:
    case TaskStatus::NotSpawned: break;
  }
  return {};
}

bool blocked_now(const Panel& p, TaskId id, const TaskState& task) {
  if (task.status != TaskStatus::Running) return false;
  if (const TaskInfo* info = p.catalog.task(id); info != nullptr && info->blocking_job) return true;
  const WorkerState* worker = p.state.worker_on(task.thread);
  return worker != nullptr && worker->blocked.has_value() && *worker->blocked != BlockingKind::CpuWork;
}

// The status as a word: "blocked" for a poll stuck in block_thread; cpu_work is running (busy).
std::string_view status_word(const Panel& p, TaskId id, const TaskState& task) {
  return blocked_now(p, id, task) ? std::string_view("blocked") : to_string(task.status);
}

// The colours of the timeline's task lanes, so a state reads the same in both panels.
ImU32 status_color(const Panel& p, TaskId id, const TaskState& task) {
  switch (task.status) {
    case TaskStatus::Running: return state_color(blocked_now(p, id, task) ? SpanKind::Blocked : SpanKind::Running);
    case TaskStatus::Ready: return state_color(SpanKind::Ready);
    case TaskStatus::Waiting:
      switch (task.waiting_on) {
        case WaitingOn::Timer: return state_color(SpanKind::WaitTimer);
        case WaitingOn::ChannelSend:
        case WaitingOn::ChannelRecv: return state_color(SpanKind::WaitChannel);
        case WaitingOn::Join:
        case WaitingOn::JoinSet: return state_color(SpanKind::WaitJoin);
        case WaitingOn::Lock:
        case WaitingOn::Semaphore: return state_color(SpanKind::WaitLock);
        case WaitingOn::Nothing:
        case WaitingOn::Unknown: return state_color(SpanKind::Waiting);
      }
      break;
    case TaskStatus::Completed: return timeline_palette::kDone;
    case TaskStatus::Cancelled: return timeline_palette::kCancelled;
    case TaskStatus::Failed: return timeline_palette::kFailed;
    case TaskStatus::NotSpawned: break;
  }
  return palette::kTextMuted;
}

// ---- Layout pieces -------------------------------------------------------------------------

void push_font(ImFont* font) { ImGui::PushFont(font != nullptr ? font : ImGui::GetFont()); }

void colored_text(ImU32 color, const char* text) {
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  ImGui::TextUnformatted(text);
  ImGui::PopStyleColor();
}

// Text on a line with chips sits on the chips' baseline: the line is as tall as a chip.
float chip_pad(const Panel& p) { return 2.0f * p.scale; }
float chip_height(const Panel& p) { return ImGui::GetTextLineHeight() + 2.0f * chip_pad(p); }
void align_line(float pad_y) {
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(ImGui::GetStyle().FramePadding.x, pad_y));
  ImGui::AlignTextToFramePadding();
  ImGui::PopStyleVar();
}

// Places items left to right and wraps before one that would cross `right` (screen x). Inside a
// group a wrapped line starts at the group's left edge, so a labelled row stays aligned.
class Flow {
 public:
  Flow(const Panel& p, float right, float spacing)
      : right_(right), spacing_(spacing), pad_(chip_pad(p)), shown_(p.shown) {}
  // Whether an item this wide still fits on the current line.
  bool fits(float width) const { return placed_ && ImGui::GetItemRectMax().x + spacing_ + width <= right_; }
  void next(float width) {
    if (fits(width)) {
      ImGui::SameLine(0.0f, spacing_);
    } else {
      if (placed_) ++line_;
      align_line(pad_);
    }
    placed_ = true;
  }
  void text(ImU32 color, const std::string& text) {
    next(ImGui::CalcTextSize(text.c_str()).x);
    // A text wider than a whole line (a narrow column, a large UI scale) wraps at words inside the
    // card instead of running past its edge.
    ImGui::PushTextWrapPos(right_ - ImGui::GetWindowPos().x);
    colored_text(color, text.c_str());
    ImGui::PopTextWrapPos();
    if (shown_ != nullptr) shown_->push_back(text);
  }
  float right() const { return right_; }
  float spacing() const { return spacing_; }
  int line() const { return line_; }  // the current line, from 0

 private:
  float right_;
  float spacing_;
  float pad_;
  std::vector<std::string>* shown_;
  bool placed_ = false;
  int line_ = 0;
};

// `text` cut with an ellipsis to fit `max_width`, never inside a UTF-8 sequence.
std::string fit_text(std::string text, float max_width) {
  if (ImGui::CalcTextSize(text.c_str()).x <= max_width) return text;
  const char* ellipsis = "\xE2\x80\xA6";
  while (!text.empty()) {
    text.pop_back();
    while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0) == 0x80) text.pop_back();
    if (!text.empty() && (static_cast<unsigned char>(text.back()) & 0x80) != 0) text.pop_back();  // a lead byte
    if (ImGui::CalcTextSize((text + ellipsis).c_str()).x <= max_width) break;
  }
  return text + ellipsis;
}

void task_tooltip(const Panel& p, TaskId id) {
  const TaskState& task = p.state.task(id);
  ImGui::BeginTooltip();
  ImGui::Text("%s  (task %u)", p.catalog.task_name(id).c_str(), id);
  const std::string place = task_place(p, task);
  ImGui::PushStyleColor(ImGuiCol_Text, status_color(p, id, task));
  ImGui::TextUnformatted(std::string(status_word(p, id, task)).c_str());
  ImGui::PopStyleColor();
  if (!place.empty()) {
    ImGui::SameLine();
    ImGui::TextUnformatted(place.c_str());
  }
  colored_text(palette::kTextMuted, p.selected == id ? "Click to unselect" : "Click to select it everywhere");
  ImGui::EndTooltip();
}

void toggle_selection(Panel& p, TaskId id) { p.selected = p.selected == id ? 0 : id; }

struct Chip {
  std::string label;  // the task's name, cut to at most 8 em
  ImVec2 text;
  ImVec2 size;
};

Chip measure_chip(const Panel& p, TaskId id) {
  Chip chip;
  chip.label = fit_text(p.catalog.task_name(id), ImGui::GetFontSize() * 8.0f);
  chip.text = ImGui::CalcTextSize(chip.label.c_str());
  chip.size = ImVec2(chip.text.x + 12.0f * p.scale, chip_height(p));
  return chip;
}

// A task as a small rounded chip in its timeline colour; a click selects it.
void task_chip(Panel& p, Flow& flow, TaskId id, const Chip& chip) {
  const float pad = 6.0f * p.scale;
  const ImVec2 text = chip.text, size = chip.size;
  const std::string& label = chip.label;
  note_shown(p, label);
  flow.next(size.x);
  ImGui::PushID(++p.chip_serial);
  if (ImGui::InvisibleButton("chip", size)) toggle_selection(p, id);
  ImGui::PopID();
  const bool hovered = ImGui::IsItemHovered();
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImU32 fill = task_color(id);
  const float rounding = 5.0f * p.scale;
  draw->AddRectFilled(min, max, fill, rounding);
  draw->AddText(ImVec2(min.x + pad, min.y + (size.y - text.y) * 0.5f), text_color_on(fill), label.c_str());
  if (p.selected == id) {
    const float inset = 1.0f * p.scale;
    draw->AddRect(ImVec2(min.x - inset, min.y - inset), ImVec2(max.x + inset, max.y + inset), timeline_palette::kSelection,
                  rounding + inset, 0, 2.5f * p.scale);
  } else if (hovered) {
    draw->AddRect(min, max, with_alpha(timeline_palette::kSelection, 0.6f), rounding, 0, 1.5f * p.scale);
  }
  if (hovered) task_tooltip(p, id);
}

void task_chip(Panel& p, Flow& flow, TaskId id) { task_chip(p, flow, id, measure_chip(p, id)); }

// An empty place a task could be in (an empty LIFO slot): an outline the size of a chip.
void empty_chip(Panel& p, Flow& flow, const char* label) {
  const float pad = 6.0f * p.scale;
  const ImVec2 text = ImGui::CalcTextSize(label);
  const ImVec2 size(text.x + 2.0f * pad, chip_height(p));
  note_shown(p, label);
  flow.next(size.x);
  ImGui::Dummy(size);
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRect(min, max, palette::kBorder, 5.0f * p.scale, 0, 1.0f * p.scale);
  draw->AddText(ImVec2(min.x + pad, min.y + (size.y - text.y) * 0.5f), palette::kTextMuted, label);
}

// Chips for the first kMaxChips tasks of a queue or wait list, then "+N more".
// Chips for the first tasks of a queue or wait list, as many as kMaxChipLines lines hold (and at
// most kMaxChips), then "+N more" on the last line.
template <typename Tasks>
void task_chips(Panel& p, Flow& flow, const Tasks& tasks) {
  const auto more = [&](std::size_t shown) { return "+" + grouped(tasks.size() - shown) + " more"; };
  std::size_t shown = 0;
  for (TaskId id : tasks) {
    if (shown == kMaxChips) break;
    const Chip chip = measure_chip(p, id);
    const bool last = shown + 1 == tasks.size();
    // On the last line the chip must leave room for "+N more", unless it is the last task.
    const float needed = last ? chip.size.x : chip.size.x + flow.spacing() + ImGui::CalcTextSize(more(shown + 1).c_str()).x;
    if (flow.line() + 1 >= kMaxChipLines && shown > 0 && !flow.fits(needed)) break;
    task_chip(p, flow, id, chip);
    ++shown;
  }
  if (tasks.size() > shown) flow.text(palette::kTextMuted, more(shown));
}

// "label   [chip] [chip] ..." with the chips wrapping under each other, not under the label.
class LabelledRow {
 public:
  LabelledRow(const Panel& p, const char* label, float label_width, float right)
      : flow_(p, right, 4.0f * p.scale) {
    const float x = ImGui::GetCursorPosX();
    align_line(chip_pad(p));
    colored_text(palette::kTextMuted, label);
    note_shown(p, label);
    ImGui::SameLine(x + label_width);
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(4.0f * p.scale, 4.0f * p.scale));
    ImGui::BeginGroup();
  }
  ~LabelledRow() {
    ImGui::EndGroup();
    ImGui::PopStyleVar();
  }
  LabelledRow(const LabelledRow&) = delete;
  LabelledRow& operator=(const LabelledRow&) = delete;
  Flow& flow() { return flow_; }

 private:
  Flow flow_;
};

float label_width(std::initializer_list<const char*> labels) {
  float width = 0.0f;
  for (const char* label : labels) width = std::max(width, ImGui::CalcTextSize(label).x);
  return width + ImGui::GetStyle().ItemSpacing.x;
}

// A rounded card behind a block of lines, with a bar in `accent` down its left edge. The card is
// drawn after its contents (on a channel underneath), once their height is known.
class Card {
 public:
  explicit Card(const Panel& p) : draw_(ImGui::GetWindowDrawList()), pad_(8.0f * p.scale), bar_(4.0f * p.scale) {
    start_ = ImGui::GetCursorScreenPos();
    width_ = ImGui::GetContentRegionAvail().x;
    draw_->ChannelsSplit(2);
    draw_->ChannelsSetCurrent(1);
    ImGui::BeginGroup();
    ImGui::Dummy(ImVec2(0.0f, std::max(0.0f, pad_ - ImGui::GetStyle().ItemSpacing.y)));
    ImGui::Indent(pad_ + bar_);
  }
  float right() const { return start_.x + width_ - pad_; }
  void end(ImU32 accent) {
    ImGui::Unindent(pad_ + bar_);
    ImGui::EndGroup();
    const ImVec2 max(start_.x + width_, ImGui::GetItemRectMax().y + pad_);
    draw_->ChannelsSetCurrent(0);
    const float rounding = 6.0f * pad_ / 8.0f;
    draw_->AddRectFilled(start_, max, palette::kRaised, rounding);
    draw_->AddRectFilled(start_, ImVec2(start_.x + bar_, max.y), accent, rounding, ImDrawFlags_RoundCornersLeft);
    draw_->ChannelsMerge();
    ImGui::Dummy(ImVec2(0.0f, std::max(0.0f, pad_ - ImGui::GetStyle().ItemSpacing.y)));
  }

 private:
  ImDrawList* draw_;
  float pad_;
  float bar_;
  ImVec2 start_;
  float width_ = 0.0f;
};

// A collapsible section heading; `count` (if any) follows the title. Open unless the user closes it.
bool section(const Panel& p, const char* title, const char* id, const std::string& count = {}) {
  const std::string shown = std::string(title) + (count.empty() ? "" : "  (" + count + ")");
  note_shown(p, shown);
  // A narrow column (150% and up) wraps the title to a second line rather than clipping it.
  const float room = ImGui::GetContentRegionAvail().x - ImGui::GetTreeNodeToLabelSpacing() - ImGui::GetStyle().FramePadding.x;
  const FittedText fitted = fit_text_lines(shown, room, 2);
  const std::string label = fitted.shown + "###" + id;
  ImGui::PushStyleColor(ImGuiCol_Header, palette::kRaised);
  const bool open = ImGui::CollapsingHeader(label.c_str(), ImGuiTreeNodeFlags_DefaultOpen);
  ImGui::PopStyleColor();
  if (fitted.cut && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", shown.c_str());
  return open;
}

// ---- Header --------------------------------------------------------------------------------

void draw_header(Panel& p) {
  const RuntimeState& s = p.state;
  // The same words for a time as the stepping bar and the timeline's tooltips use.
  const std::string now = "t = " + format_time_point(static_cast<double>(s.time_ns));
  heading_text(p.fonts, now.c_str());
  note_shown(p, now);
  std::string where = s.position == 0 ? "before the first event" : "event " + grouped(s.position);
  // How many events the run has tells how far it goes: not while Reveal hides the rest.
  if (!p.hide_future) where += " of " + grouped(p.catalog.event_count());
  colored_text(palette::kTextMuted, where.c_str());
  note_shown(p, where);
  const auto beside = [](const char* word) {  // or on a line of its own when the edge would cut it
    ImGui::SameLine();
    if (ImGui::CalcTextSize(word).x > ImGui::GetContentRegionAvail().x) ImGui::NewLine();
  };
  if (s.deadlocked) {
    beside("deadlocked");
    colored_text(timeline_palette::kFailed, "deadlocked");
    note_shown(p, "deadlocked");
  } else if (s.ended) {
    beside("run ended");
    colored_text(timeline_palette::kDone, "run ended");
    note_shown(p, "run ended");
  }

  // The selected task's state first: what the class is following.
  const TaskState& task = s.task(p.selected);
  if (p.selected != 0 && task.status != TaskStatus::NotSpawned) {
    LabelledRow row(p, "selected", label_width({"selected"}), ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x);
    task_chip(p, row.flow(), p.selected);
    row.flow().text(status_color(p, p.selected, task), std::string(status_word(p, p.selected, task)));
    const std::string place = task_place(p, task);
    if (!place.empty()) row.flow().text(palette::kText, place);
  }
  ImGui::Spacing();
}

// ---- Workers -------------------------------------------------------------------------------

void draw_worker(Panel& p, const WorkerState& w) {
  const RuntimeState& s = p.state;
  Card card(p);
  {
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(5.0f * p.scale, 4.0f * p.scale));
    Flow flow(p, card.right(), 5.0f * p.scale);
    flow.text(palette::kText, "worker " + std::to_string(w.worker));
    const std::string since = narrate_duration(elapsed(w.since_ns, s.time_ns));
    switch (w.activity) {
      case WorkerActivity::Polling:
        flow.text(state_color(SpanKind::Running), "polling");
        task_chip(p, flow, w.task);
        flow.text(palette::kTextMuted, "for " + since);
        break;
      case WorkerActivity::Idle: flow.text(palette::kTextMuted, "idle, looking for work"); break;
      case WorkerActivity::Parked: flow.text(palette::kTextMuted, "parked for " + since); break;
    }
    ImGui::PopStyleVar();
  }
  if (w.blocked) {
    std::string text = blocking_words(*w.blocked);
    const std::uint64_t so_far = elapsed(w.blocked_since_ns, s.time_ns);
    // How long it was asked to block is when it ends: not while Reveal hides the rest.
    text += w.blocked_for_ns > 0 && !p.hide_future
                ? " for " + narrate_duration(w.blocked_for_ns) + ", " + narrate_duration(so_far) + " so far"
                : " for " + narrate_duration(so_far) + " so far";
    note_shown(p, text);
    ImGui::PushStyleColor(ImGuiCol_Text, timeline_palette::kBlockingStripe);
    ImGui::PushTextWrapPos(card.right() - ImGui::GetWindowPos().x);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
  }

  const bool multi = p.catalog.multi_thread();
  const char* queue_label = multi ? "local" : "run queue";
  const float labels = label_width({"LIFO", "next", queue_label});
  if (w.taken != 0) {
    LabelledRow row(p, "next", labels, card.right());
    task_chip(p, row.flow(), w.taken);
    row.flow().text(palette::kTextMuted, "taken off a queue");
  }
  if (w.lifo == 0 && w.local.empty()) {
    // Nothing queued: one line, not two empty rows per worker.
    LabelledRow row(p, multi ? "queues" : queue_label, label_width({"queues", queue_label}), card.right());
    empty_chip(p, row.flow(), "empty");
  } else {
    if (multi || w.lifo != 0) {
      LabelledRow row(p, "LIFO", labels, card.right());
      if (w.lifo != 0) task_chip(p, row.flow(), w.lifo);
      else empty_chip(p, row.flow(), "empty");
    }
    LabelledRow row(p, queue_label, labels, card.right());
    if (w.local.empty()) empty_chip(p, row.flow(), "empty");
    else task_chips(p, row.flow(), w.local);
  }

  ImU32 accent = palette::kBorder;
  if (w.blocked) accent = timeline_palette::kBlockingStripe;
  else if (w.activity == WorkerActivity::Polling) accent = task_color(w.task);
  card.end(accent);
}

void draw_workers(Panel& p) {
  if (!section(p, "Workers", "workers")) return;
  if (p.state.workers.empty()) {
    muted(p, "No worker has started yet.");
    return;
  }
  for (const WorkerState& w : p.state.workers) {
    ImGui::PushID(static_cast<int>(w.worker));
    draw_worker(p, w);
    ImGui::PopID();
  }
}

// ---- Queues, timers ------------------------------------------------------------------------

void draw_inject_queue(Panel& p) {
  const auto& inject = p.state.inject;
  if (!section(p, "Global (inject) queue", "inject", inject.empty() ? "" : std::to_string(inject.size()))) return;
  if (inject.empty()) {
    muted(p, "empty");
    return;
  }
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(4.0f * p.scale, 4.0f * p.scale));
  ImGui::BeginGroup();
  Flow flow(p, ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x, 4.0f * p.scale);
  task_chips(p, flow, inject);
  ImGui::EndGroup();
  ImGui::PopStyleVar();
}

void draw_timers(Panel& p) {
  const RuntimeState& s = p.state;
  if (!section(p, "Timers", "timers", s.timers.empty() ? "" : std::to_string(s.timers.size()))) return;
  if (s.timers.empty()) {
    muted(p, "no timers pending");
    return;
  }
  const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
  std::size_t shown = 0;
  for (const PendingTimer& timer : s.timers) {
    if (shown++ == kMaxTimers) break;
    ImGui::PushID(static_cast<int>(timer.id));
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(5.0f * p.scale, 4.0f * p.scale));
    ImGui::BeginGroup();
    Flow flow(p, right, 5.0f * p.scale);
    task_chip(p, flow, timer.task);
    if (p.hide_future) {
      // When it fires is the future: the class reads the sleep in the code.
      flow.text(palette::kTextMuted, "set at " + format_time_point(static_cast<double>(timer.set_ns)));
    } else {
      const std::uint64_t left = elapsed(s.time_ns, timer.deadline_ns);
      flow.text(state_color(SpanKind::WaitTimer), left == 0 ? "fires now" : "in " + narrate_duration(left));
      flow.text(palette::kTextMuted, "at " + format_time_point(static_cast<double>(timer.deadline_ns)));
    }
    ImGui::EndGroup();
    ImGui::PopStyleVar();
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip("timer %llu, set at %s", static_cast<unsigned long long>(timer.id),
                        format_time_point(static_cast<double>(timer.set_ns)).c_str());
    }
    ImGui::PopID();
  }
  if (s.timers.size() > kMaxTimers) muted(p, "+" + std::to_string(s.timers.size() - kMaxTimers) + " later");
}

// ---- Channels ------------------------------------------------------------------------------

std::string fill_text(const ChannelState& ch) {
  return std::to_string(ch.buffered.size()) + "/" + std::to_string(ch.capacity);
}

// The side of a slot square when a bounded buffer's slots and "2/3" share the row's first line,
// or 0 when they would be too small to read (then the buffer shows as message numbers).
float slot_side(const Panel& p, const Flow& flow, const ChannelState& ch) {
  if (ch.capacity == 0 || ch.capacity > kMaxSlots || ch.kind == ChannelKind::Watch) return 0.0f;
  const float available = flow.right() - ImGui::GetCursorScreenPos().x - ImGui::CalcTextSize(fill_text(ch).c_str()).x -
                          flow.spacing() - 1.0f;  // the gap before "2/3", and a pixel against rounding
  const float side = std::min(chip_height(p), available / static_cast<float>(ch.capacity) - flow.spacing());
  return side >= 0.5f * chip_height(p) ? side : 0.0f;
}

// A message as the lesson prints it ("4"), or its sequence number ("#3") when the trace has no
// text for it (a trace from before texts were recorded, or a value that cannot be described).
struct MessageLabel {
  std::string text;
  std::string tooltip;  // "message #3 (4)"
};
MessageLabel message_label(const Panel& p, std::uint64_t channel, std::uint64_t seq) {
  char number[32];  // not "#" + std::to_string(seq): GCC 12 warns wrongly (-Wrestrict) on that concatenation
  std::snprintf(number, sizeof number, "#%llu", static_cast<unsigned long long>(seq));
  const auto text = message_text(p.catalog.trace(), channel, seq);
  if (!text) return {number, std::string("message ") + number};
  std::string shown = printable(*text, kMaxMessageTextBytes);
  std::string tooltip = std::string("message ") + number + " (" + shown + ")";
  return {std::move(shown), std::move(tooltip)};
}

// One square per slot of a small bounded buffer, filled for each message (its sequence number
// inside when it fits), then "2/3".
void buffer_slots(Panel& p, Flow& flow, const ChannelState& ch, float side) {
  const ImU32 fill = state_color(SpanKind::WaitChannel);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  push_font(p.fonts.mono);
  const float height = chip_height(p);
  for (std::uint64_t slot = 0; slot < ch.capacity; ++slot) {
    flow.next(side);
    ImGui::Dummy(ImVec2(side, height));
    const float top = ImGui::GetItemRectMin().y + (height - side) * 0.5f;
    const ImVec2 min(ImGui::GetItemRectMin().x, top), max(ImGui::GetItemRectMax().x, top + side);
    const float rounding = 3.0f * p.scale;
    if (slot < ch.buffered.size()) {
      draw->AddRectFilled(min, max, fill, rounding);
      const MessageLabel label = message_label(p, ch.id, ch.buffered[slot]);
      const ImVec2 text = ImGui::CalcTextSize(label.text.c_str());
      if (text.x <= side - 2.0f * p.scale) {
        draw->AddText(ImVec2(min.x + (side - text.x) * 0.5f, min.y + (side - text.y) * 0.5f), text_color_on(fill), label.text.c_str());
        note_shown(p, label.text);
      }
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s, slot %llu", label.tooltip.c_str(), static_cast<unsigned long long>(slot + 1));
    } else {
      draw->AddRect(min, max, palette::kBorder, rounding, 0, 1.5f * p.scale);
    }
  }
  ImGui::PopFont();
  flow.text(palette::kTextMuted, fill_text(ch));
}

// Messages as small boxes, for an unbounded or a large buffer: "3 4 5 +20 more" (values as the
// lesson prints them; "#3" for a message without a text).
void buffer_messages(Panel& p, Flow& flow, std::uint64_t channel, const std::vector<std::uint64_t>& messages, ImU32 fill) {
  const float pad = 4.0f * p.scale;
  ImDrawList* draw = ImGui::GetWindowDrawList();
  push_font(p.fonts.mono);
  std::size_t shown = 0;
  for (std::uint64_t seq : messages) {
    if (shown++ == kMaxChips) break;
    const MessageLabel label = message_label(p, channel, seq);
    const std::string shown_text = fit_text(label.text, ImGui::GetFontSize() * 8.0f);
    const char* number = shown_text.c_str();
    const ImVec2 text = ImGui::CalcTextSize(number);
    const ImVec2 size(text.x + 2.0f * pad, chip_height(p));
    flow.next(size.x);
    ImGui::Dummy(size);
    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    draw->AddRectFilled(min, max, fill, 3.0f * p.scale);
    draw->AddText(ImVec2(min.x + pad, min.y + (size.y - text.y) * 0.5f), text_color_on(fill), number);
    note_shown(p, shown_text);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", label.tooltip.c_str());
  }
  ImGui::PopFont();
  if (messages.size() > kMaxChips) flow.text(palette::kTextMuted, "+" + std::to_string(messages.size() - kMaxChips) + " more");
}

bool is_lock(const ChannelState& ch) { return ch.kind == ChannelKind::Mutex || ch.kind == ChannelKind::Semaphore; }

// Empty and nobody waiting.
bool idle(const ChannelState& ch) {
  return ch.buffered.empty() && ch.taken.empty() && ch.waiting_senders.empty() && ch.waiting_receivers.empty();
}

// Closed, empty and nobody waiting: a channel whose story is over.
bool finished(const ChannelState& ch) { return ch.closed && idle(ch); }

void draw_channel(Panel& p, const ChannelState& ch) {
  Card card(p);
  {
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(6.0f * p.scale, 4.0f * p.scale));
    Flow flow(p, card.right(), 6.0f * p.scale);
    flow.text(palette::kText, ch.name.empty() ? p.catalog.channel_name(ch.id) : ch.name);
    std::string kind(to_string(ch.kind));
    if (ch.kind == ChannelKind::Semaphore) kind += ", " + counted(ch.capacity, "permit", "permits");
    else if (!is_lock(ch)) kind += ch.capacity == 0 ? ", unbounded" : ", capacity " + std::to_string(ch.capacity);
    flow.text(palette::kTextMuted, kind);
    if (ch.closed) flow.text(timeline_palette::kFailed, "closed");
    ImGui::PopStyleVar();
  }

  const char* send_label = is_lock(ch) ? "" : "senders";
  const char* recv_label = ch.kind == ChannelKind::Mutex ? "want lock" : ch.kind == ChannelKind::Semaphore ? "want permit" : "receivers";
  const float labels = label_width({"buffer", "taken", send_label, recv_label});
  if (!is_lock(ch)) {
    LabelledRow row(p, ch.kind == ChannelKind::Watch ? "version" : "buffer", labels, card.right());
    Flow& flow = row.flow();
    if (const float side = slot_side(p, flow, ch); side > 0.0f) {
      buffer_slots(p, flow, ch, side);
    } else {
      if (ch.buffered.empty()) empty_chip(p, flow, "empty");
      else buffer_messages(p, flow, ch.id, ch.buffered, state_color(SpanKind::WaitChannel));
      if (ch.capacity > 0 && ch.kind != ChannelKind::Watch) flow.text(palette::kTextMuted, fill_text(ch));
      else if (ch.kind != ChannelKind::Watch && !ch.buffered.empty()) flow.text(palette::kTextMuted, std::to_string(ch.buffered.size()) + " buffered");
    }
  }
  if (!ch.taken.empty()) {
    LabelledRow row(p, "taken", labels, card.right());
    buffer_messages(p, row.flow(), ch.id, ch.taken, palette::kBorder);
    row.flow().text(palette::kTextMuted, "on the way to a receiver");
  }
  if (!ch.waiting_senders.empty()) {
    LabelledRow row(p, send_label, labels, card.right());
    task_chips(p, row.flow(), ch.waiting_senders);
    row.flow().text(palette::kTextMuted, "waiting for room");
  }
  if (!ch.waiting_receivers.empty()) {
    LabelledRow row(p, recv_label, labels, card.right());
    task_chips(p, row.flow(), ch.waiting_receivers);
    if (!is_lock(ch)) row.flow().text(palette::kTextMuted, "waiting for a message");
  }
  ImU32 accent = palette::kBorder;
  if (!ch.waiting_senders.empty() || !ch.waiting_receivers.empty()) accent = state_color(is_lock(ch) ? SpanKind::WaitLock : SpanKind::WaitChannel);
  card.end(accent);
}

// Channels made in a loop under one name (a oneshot `reply` per request) that sit idle, shown as
// one line instead of a card each.
struct IdleGroup {
  std::string_view name;
  ChannelKind kind;
  std::size_t count = 0;
};

void draw_channels(Panel& p) {
  const RuntimeState& s = p.state;
  if (s.channels.empty()) return;  // most lessons without channels never mention them
  std::vector<IdleGroup> groups;  // by first appearance; few names per lesson
  std::size_t open = 0;
  for (const ChannelState& ch : s.channels) {
    if (finished(ch)) continue;
    ++open;
    auto it = std::find_if(groups.begin(), groups.end(), [&](const IdleGroup& g) { return g.name == ch.name; });
    if (it == groups.end()) it = groups.insert(groups.end(), IdleGroup{ch.name, ch.kind, 0});
    if (idle(ch)) ++it->count;
  }
  const auto group_of = [&](const ChannelState& ch) {
    return std::find_if(groups.begin(), groups.end(), [&](const IdleGroup& g) { return g.name == ch.name; });
  };
  if (!section(p, "Channels", "channels", std::to_string(open))) return;
  std::size_t shown = 0, hidden = 0;
  for (const ChannelState& ch : s.channels) {
    if (finished(ch) || (idle(ch) && group_of(ch)->count > 1)) continue;
    if (shown == kMaxChannels) {
      ++hidden;
      continue;
    }
    ++shown;
    ImGui::PushID(static_cast<int>(ch.id));
    draw_channel(p, ch);
    ImGui::PopID();
  }
  for (const IdleGroup& group : groups) {
    if (group.count < 2) continue;
    const std::string line = std::to_string(group.count) + " idle " + std::string(to_string(group.kind)) + " channels " +
                             (group.name.empty() ? "without a name" : quoted(std::string(group.name))) + ": empty, nobody waiting";
    muted(p, line);
  }
  std::string rest;
  if (hidden > 0) rest = "+" + counted(hidden, "more channel", "more channels");
  if (const std::size_t done = s.channels.size() - open; done > 0) {
    rest += (rest.empty() ? "" : "; ") + counted(done, "closed channel", "closed channels") + " not shown";
  }
  if (!rest.empty()) muted(p, rest);
  else if (open == 0) muted(p, "no open channels");
}

// ---- Blocking pool -------------------------------------------------------------------------

void draw_blocking_pool(Panel& p) {
  const RuntimeState& s = p.state;
  if (s.blocking_threads.empty() && s.blocking_queue.empty()) return;
  if (!section(p, "Blocking pool", "blocking")) return;
  const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
  const float labels = label_width({"blocking 00", "queued"});
  for (const BlockingThreadState& thread : s.blocking_threads) {
    ImGui::PushID(static_cast<int>(thread.number));
    const std::string name = "blocking " + std::to_string(thread.number);
    LabelledRow row(p, name.c_str(), labels, right);
    const std::string since = narrate_duration(elapsed(thread.since_ns, s.time_ns));
    if (thread.task != 0) {
      task_chip(p, row.flow(), thread.task);
      row.flow().text(timeline_palette::kBlockingStripe, "for " + since);
    } else {
      row.flow().text(palette::kTextMuted, "idle for " + since);
    }
    ImGui::PopID();
  }
  if (!s.blocking_queue.empty()) {
    LabelledRow row(p, "queued", labels, right);
    task_chips(p, row.flow(), s.blocking_queue);
  }
}

// ---- Tasks ---------------------------------------------------------------------------------

// Two lines a task: its name and status, then where it is or what it waits on. Every row has the
// same height, so the clipper draws only the visible ones of a 120 000-task list.
void task_rows(Panel& p, const std::vector<TaskId>& ids) {
  const float line = ImGui::GetTextLineHeight();
  const float gap = 4.0f * p.scale;
  const float row_height = 2.0f * line + 6.0f * p.scale;
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, gap));
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(ids.size()), row_height + gap);
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const TaskId id = ids[static_cast<std::size_t>(i)];
      const TaskState& task = p.state.task(id);
      const bool selected = p.selected == id;
      ImGui::PushID(static_cast<int>(id));
      if (ImGui::Selectable("##task", selected, 0, ImVec2(0.0f, row_height))) toggle_selection(p, id);
      const bool hovered = ImGui::IsItemHovered();
      ImGui::PopID();
      const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
      ImDrawList* draw = ImGui::GetWindowDrawList();
      const float pad = 3.0f * p.scale;
      const float swatch = 5.0f * p.scale;
      draw->AddRectFilled(ImVec2(min.x, min.y + pad), ImVec2(min.x + swatch, max.y - pad), task_color(id), 2.0f * p.scale);
      if (selected) draw->AddRect(min, max, timeline_palette::kSelection, 3.0f * p.scale, 0, 2.0f * p.scale);

      const std::string_view word = status_word(p, id, task);
      const float word_width = ImGui::CalcTextSize(word.data(), word.data() + word.size()).x;
      const float text_x = min.x + swatch + 6.0f * p.scale;
      const float word_x = max.x - pad - word_width;
      const std::string name = p.catalog.task_name(id);
      char number[16];
      std::snprintf(number, sizeof number, "%u", id);
      draw->PushClipRect(ImVec2(text_x, min.y), ImVec2(word_x - 6.0f * p.scale, max.y), true);
      draw->AddText(ImVec2(text_x, min.y + pad), palette::kText, name.c_str());
      const float number_x = text_x + ImGui::CalcTextSize(name.c_str()).x + ImGui::CalcTextSize(" ").x * 1.5f;
      draw->AddText(ImVec2(number_x, min.y + pad), palette::kTextMuted, number);
      draw->PopClipRect();
      draw->AddText(ImVec2(word_x, min.y + pad), status_color(p, id, task), word.data(), word.data() + word.size());
      note_shown(p, name + " " + number + " " + std::string(word));
      const std::string place = task_place(p, task);
      if (!place.empty()) {
        draw->PushClipRect(ImVec2(text_x, min.y), ImVec2(max.x - pad, max.y), true);
        draw->AddText(ImVec2(text_x, min.y + pad + line), palette::kTextMuted, place.c_str());
        note_shown(p, place);
        draw->PopClipRect();
        if (hovered && ImGui::CalcTextSize(place.c_str()).x > max.x - pad - text_x) ImGui::SetTooltip("%s", place.c_str());
      }
    }
  }
  clipper.End();
  ImGui::PopStyleVar();
}

void draw_tasks(Panel& p) {
  const RuntimeState& s = p.state;
  // One pass of integer work over the task table; strings only for the rows on screen.
  std::array<std::size_t, 7> counts{};
  std::vector<TaskId> live;
  for (std::size_t id = 1; id < s.tasks.size(); ++id) {
    const TaskStatus status = s.tasks[id].status;
    ++counts[static_cast<std::size_t>(status)];
    if (status != TaskStatus::NotSpawned && !has_ended(status)) live.push_back(static_cast<TaskId>(id));
  }
  const std::size_t completed = counts[static_cast<std::size_t>(TaskStatus::Completed)];
  const std::size_t cancelled = counts[static_cast<std::size_t>(TaskStatus::Cancelled)];
  const std::size_t failed = counts[static_cast<std::size_t>(TaskStatus::Failed)];
  const std::size_t ended = completed + cancelled + failed;
  if (!section(p, "Tasks", "tasks", live.empty() && ended == 0 ? "" : grouped(live.size()) + " live")) return;
  if (live.empty() && ended == 0) {
    muted(p, "No task has been spawned yet.");
    return;
  }
  if (live.empty()) muted(p, "Every task has ended.");
  task_rows(p, live);

  if (ended == 0) return;
  std::string summary;
  const auto add = [&](std::size_t n, const char* what) {
    if (n == 0) return;
    summary += (summary.empty() ? "" : ", ") + std::to_string(n) + " " + what;
  };
  add(completed, "completed");
  add(cancelled, "cancelled");
  add(failed, "failed");
  ImGui::PushStyleColor(ImGuiCol_Text, palette::kTextMuted);
  const bool open = ImGui::TreeNodeEx("ended", ImGuiTreeNodeFlags_SpanAvailWidth, "Ended: %s", summary.c_str());
  note_shown(p, "Ended: " + summary);
  ImGui::PopStyleColor();
  if (!open) return;
  std::vector<TaskId> done;
  done.reserve(ended);
  for (std::size_t id = 1; id < s.tasks.size(); ++id)
    if (has_ended(s.tasks[id].status)) done.push_back(static_cast<TaskId>(id));
  task_rows(p, done);
  ImGui::TreePop();
}

// ---- JSON ----------------------------------------------------------------------------------

template <typename Tasks>
nlohmann::ordered_json ids(const Tasks& tasks) {
  auto list = nlohmann::ordered_json::array();
  for (auto id : tasks) list.push_back(id);
  return list;
}

// The values of the messages, as the lesson prints them; null for one the trace has no text for.
nlohmann::ordered_json message_texts(const Trace& trace, std::uint64_t channel, const std::vector<std::uint64_t>& seqs) {
  auto out = nlohmann::ordered_json::array();
  for (std::uint64_t seq : seqs) {
    const auto text = message_text(trace, channel, seq);
    out.push_back(text ? nlohmann::ordered_json(std::string(*text)) : nlohmann::ordered_json());
  }
  return out;
}

nlohmann::ordered_json task_json(const TraceCatalog& catalog, TaskId id, const TaskState& task) {
  return {{"id", id},
          {"name", catalog.task_name(id)},
          {"status", to_string(task.status)},
          {"queue", to_string(task.queue)},
          {"waiting_on", to_string(task.waiting_on)},
          {"object", task.object}};
}

}  // namespace

void draw_state_panel(const RuntimeState& state, const TraceCatalog& catalog, TaskId& selected_task,
                      const ThemeFonts& fonts, float ui_scale, const StatePanelOptions& options) {
  Panel p{state, catalog, selected_task, fonts, ui_scale, options.hide_future, options.shown};
  ImGui::PushID("state panel");
  draw_header(p);
  draw_workers(p);
  draw_inject_queue(p);
  draw_timers(p);
  draw_channels(p);
  draw_blocking_pool(p);
  draw_tasks(p);
  ImGui::PopID();
}

nlohmann::ordered_json state_json(const RuntimeState& state, const TraceCatalog& catalog, bool hide_future) {
  using nlohmann::ordered_json;
  ordered_json out;
  out["position"] = state.position;
  out["time_ns"] = state.time_ns;
  out["ended"] = state.ended;
  out["deadlocked"] = state.deadlocked;

  auto workers = ordered_json::array();
  for (const WorkerState& w : state.workers) {
    workers.push_back({{"worker", w.worker},
                       {"activity", to_string(w.activity)},
                       {"task", w.task},
                       {"task_name", w.task != 0 ? ordered_json(catalog.task_name(w.task)) : ordered_json()},
                       {"blocked", w.blocked ? ordered_json(to_string(*w.blocked)) : ordered_json()},
                       {"lifo", w.lifo},
                       {"local", ids(w.local)},
                       {"taken", w.taken}});
  }
  out["workers"] = std::move(workers);
  out["inject"] = ids(state.inject);
  out["blocking_queue"] = ids(state.blocking_queue);

  auto threads = ordered_json::array();
  for (const BlockingThreadState& t : state.blocking_threads) threads.push_back({{"number", t.number}, {"task", t.task}});
  out["blocking_threads"] = std::move(threads);

  auto timers = ordered_json::array();
  for (const PendingTimer& t : state.timers) {
    timers.push_back({{"id", t.id}, {"task", t.task}, {"deadline_ns", hide_future ? ordered_json() : ordered_json(t.deadline_ns)}});
  }
  out["timers"] = std::move(timers);

  auto channels = ordered_json::array();
  for (const ChannelState& ch : state.channels) {
    channels.push_back({{"id", ch.id},
                        {"name", ch.name.empty() ? catalog.channel_name(ch.id) : ch.name},
                        {"kind", to_string(ch.kind)},
                        {"capacity", ch.capacity},
                        {"buffered", ids(ch.buffered)},
                        {"buffered_texts", message_texts(catalog.trace(), ch.id, ch.buffered)},
                        {"taken", ids(ch.taken)},
                        {"waiting_senders", ids(ch.waiting_senders)},
                        {"waiting_receivers", ids(ch.waiting_receivers)},
                        {"closed", ch.closed}});
  }
  out["channels"] = std::move(channels);

  std::array<std::size_t, 7> counts{};
  for (std::size_t id = 1; id < state.tasks.size(); ++id) ++counts[static_cast<std::size_t>(state.tasks[id].status)];
  const std::size_t spawned = state.tasks.size() > 0 ? state.tasks.size() - 1 - counts[0] : 0;
  const bool list_ended = spawned <= kFullTaskList;
  auto tasks = ordered_json::array();
  for (std::size_t id = 1; id < state.tasks.size(); ++id) {
    const TaskState& task = state.tasks[id];
    if (task.status == TaskStatus::NotSpawned || (!list_ended && has_ended(task.status))) continue;
    tasks.push_back(task_json(catalog, static_cast<TaskId>(id), task));
  }
  out["tasks"] = std::move(tasks);
  out["ended_tasks_listed"] = list_ended;
  ordered_json by_status;
  by_status["spawned"] = spawned;
  for (std::size_t status = 1; status < counts.size(); ++status)
    by_status[std::string(to_string(static_cast<TaskStatus>(status)))] = counts[status];
  out["task_counts"] = std::move(by_status);
  return out;
}

}  // namespace wakeline::app
