// Opening a trace file without freezing the window: the file is read and validated, and the
// timeline's model built, on a worker thread while the window draws a progress bar; the trace is
// swapped in when it is ready, and a bad file leaves what was shown (file_actions.hpp's
// show_opened_trace decides, as for any open).
#pragma once

#include <future>
#include <memory>
#include <optional>
#include <string>

#include "file_actions.hpp"
#include "wakeline/trace_io/load_progress.hpp"

namespace wakeline::app {

struct TraceLoading {
  std::string path;
  std::shared_ptr<LoadProgress> progress;  // shared with the worker, which may outlive a cancelled wait
  std::future<OpenedTrace> result;
  double started_s = 0;  // now_s() when it started, for the elapsed time shown
};

// Starts reading `path` (read_valid_trace_file) on a thread of its own; a trace that passes gets
// its timeline model, the inspector's task statistics and the playhead's states built there too
// (after the read, the slowest part of showing a 10M-event trace), so the window's first frame
// with it only swaps them in.
TraceLoading start_loading_trace(const std::string& path, double now_s);

bool loading_trace(const TraceLoading& loading);

// The result once the worker is done (and the loading becomes idle again); nullopt before. With
// `wait`, blocks until it is done.
std::optional<OpenedTrace> take_loaded_trace(TraceLoading& loading, bool wait = false);

// "Reading the file", "Decoding the events: 1234567 of 10000000", "Checking the trace (validate)",
// "Building the timeline, the playhead's states and the task statistics", ...
std::string describe_progress(const LoadProgress& progress);

// A small window in the middle of the screen: the file's name, a progress bar and what is being
// done. Draws nothing when no trace is loading. Call inside an ImGui frame.
void draw_loading_progress(const TraceLoading& loading, double now_s, float ui_scale);

}  // namespace wakeline::app
