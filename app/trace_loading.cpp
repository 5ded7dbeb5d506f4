#include "trace_loading.hpp"

#include <imgui.h>

#include <atomic>
#include <chrono>
#include <filesystem>

#include "count_text.hpp"
#include "panels/inspector_panel.hpp"
#include "platform/frame_clock.hpp"
#include "playhead_controls.hpp"
#include "timeline/timeline_model.hpp"
#include "wakeline/printable.hpp"
#include "wakeline/trace_io/read_valid_trace.hpp"

namespace wakeline::app {

namespace {

// The steps after validate(), shown as LoadProgress::Stage::Preparing with `done` counting them.
enum PrepareStep : std::uint64_t { kTimelineStep, kPlayheadStep, kPrepareSteps };

// Everything the first frame with the trace would otherwise build on the UI thread: the timeline's
// model on this thread, the playhead's states (one replay of every event) on a second one beside
// it (the machine's other core), and the task statistics, computed once (the model takes them at
// the end of its pass, the inspector shows them) by whichever of the two is free first: at 10M
// events the model and the states take 1.0 and 1.2 s of CPU, the statistics 0.6 s.
void prepare_for_window(OpenedTrace& opened, LoadProgress& progress) {
  const std::shared_ptr<const Trace> trace = opened.trace;
  progress.start(LoadProgress::Stage::Preparing, kPrepareSteps);
  std::atomic<bool> stats_taken{false};
  std::promise<SharedTaskStats> stats_promise;  // kept if the second thread took them
  std::shared_future<SharedTaskStats> stats = stats_promise.get_future().share();
  std::future<std::shared_ptr<PlayheadCache>> beside = std::async(std::launch::async, [trace, &opened, &stats_taken, &stats_promise] {
    const double cpu_before = thread_cpu_ms();
    std::shared_ptr<PlayheadCache> playhead;
    try {
      playhead = build_playhead_cache(trace);
    } catch (const std::bad_alloc&) {
      playhead = nullptr;  // the window builds what is missing, or says it ran out of memory
    }
    if (!stats_taken.exchange(true)) {
      SharedTaskStats task_stats;
      try {
        task_stats = std::make_shared<const std::vector<TaskStats>>(compute_task_stats(*trace));
      } catch (...) {  // the promise is kept whatever happens: the model waits on it
        task_stats = nullptr;  // the model computes its own, or runs out of memory itself
      }
      stats_promise.set_value(std::move(task_stats));
    }
    opened.playhead_cpu_ms = thread_cpu_ms() - cpu_before;  // read after get(), below
    return playhead;
  });
  const double cpu_before = thread_cpu_ms();
  try {
    // Built from the very Trace the window will hold: the timeline panel takes it as its own.
    opened.timeline = std::make_shared<const TimelineModel>(build_timeline_model(*trace, [&] {
      return stats_taken.exchange(true) ? stats.get() : nullptr;  // nullptr: the model computes them here
    }));
    opened.inspector.emplace();
    fill_inspector_cache(*opened.inspector, trace, std::nullopt, opened.timeline->task_stats);
  } catch (const std::bad_alloc&) {
    opened.timeline = nullptr;
    opened.inspector.reset();
  }
  opened.prepare_cpu_ms = thread_cpu_ms() - cpu_before;
  progress.advance(kPlayheadStep);
  opened.playhead = beside.get();
}

}  // namespace

TraceLoading start_loading_trace(const std::string& path, double now_s) {
  TraceLoading loading;
  loading.path = path;
  loading.progress = std::make_shared<LoadProgress>();
  loading.started_s = now_s;
  loading.result = std::async(std::launch::async, [path, progress = loading.progress] {
    const double cpu_before = thread_cpu_ms();
    LoadResult loaded = read_valid_trace_file(path, kLimitFromMemory, progress.get());
    OpenedTrace opened;
    opened.error = std::move(loaded.error);
    opened.read_cpu_ms = thread_cpu_ms() - cpu_before;
    if (loaded.ok()) {
      opened.trace = std::make_shared<const Trace>(std::move(*loaded.trace));
      prepare_for_window(opened, *progress);
    }
    progress->start(LoadProgress::Stage::Done, 0);
    return opened;
  });
  return loading;
}

bool loading_trace(const TraceLoading& loading) { return loading.result.valid(); }

std::optional<OpenedTrace> take_loaded_trace(TraceLoading& loading, bool wait) {
  if (!loading.result.valid()) return std::nullopt;
  if (!wait && loading.result.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return std::nullopt;
  OpenedTrace result = loading.result.get();
  loading.progress.reset();
  return result;
}

std::string describe_progress(const LoadProgress& progress) {
  const std::uint64_t done = progress.done.load(std::memory_order_relaxed);
  const std::uint64_t total = progress.total.load(std::memory_order_relaxed);
  switch (progress.stage.load(std::memory_order_acquire)) {
    case LoadProgress::Stage::Reading:
      return total == 0 ? "Reading the file" : "Reading the file: " + std::to_string(done >> 20) + " of " +
                                                   std::to_string(total >> 20) + " MiB";
    case LoadProgress::Stage::Decoding:
      return total == 0 ? "Decoding the events" : "Decoding the events: " + grouped(done) + " of " + grouped(total);
    case LoadProgress::Stage::Checking: return "Checking the trace (validate)";
    case LoadProgress::Stage::Preparing:
      switch (done) {
        case kTimelineStep: return "Building the timeline, the playhead's states and the task statistics";
        default: return "Indexing the playhead's states";
      }
    case LoadProgress::Stage::Done: return "Done";
  }
  return {};
}

void draw_loading_progress(const TraceLoading& loading, double now_s, float ui_scale) {
  if (!loading_trace(loading) || !loading.progress) return;
  const ImGuiViewport& viewport = *ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport.GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(460.0f * ui_scale, 0.0f));
  constexpr ImGuiWindowFlags kFlags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                      ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing;
  if (ImGui::Begin("##loading-trace", nullptr, kFlags)) {
    const std::string name = std::filesystem::path(loading.path).filename().string();
    ImGui::TextUnformatted(("Opening " + printable(name, 60)).c_str());
    const LoadProgress& progress = *loading.progress;
    ImGui::ProgressBar(static_cast<float>(progress.fraction()), ImVec2(-1.0f, 0.0f));
    char elapsed[32];
    std::snprintf(elapsed, sizeof elapsed, " (%.1f s)", now_s - loading.started_s);
    ImGui::TextUnformatted((describe_progress(progress) + elapsed).c_str());
    ImGui::TextDisabled("The timeline keeps showing what it showed until the file is ready.");
  }
  ImGui::End();
}

}  // namespace wakeline::app
