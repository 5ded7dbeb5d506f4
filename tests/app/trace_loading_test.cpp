// Opening a trace on a worker thread (trace_loading.hpp): the progress it reports ends at "Done",
// a binary file opens like a JSON one, and a bad file leaves the shown run on screen.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "app_test_support.hpp"
#include "file_actions.hpp"
#include "playhead_controls.hpp"
#include "timeline/timeline_model.hpp"
#include "trace_loading.hpp"
#include "wakeline/scenarios/params.hpp"
#include "wakeline/scenarios/registry.hpp"
#include "wakeline/scenarios/run_lesson.hpp"
#include "wakeline/trace_io/binary.hpp"

using namespace wakeline;
using namespace wakeline::app;
namespace fs = std::filesystem;
namespace sc = wakeline::scenarios;
using app_tests::lesson_trace;

namespace {

fs::path temp_dir(const std::string& name) { return app_tests::fresh_temp_dir("trace_loading_test", name); }

}  // namespace

TEST_CASE("a binary trace opened on a worker thread reports its progress to the end, then shows", "[files][binary]") {
  const fs::path path = temp_dir("binary") / "work.wkl";
  const Trace trace = lesson_trace("work-stealing");
  std::ofstream(path, std::ios::binary) << write_binary(trace);

  TraceLoading loading = start_loading_trace(path.string(), 0.0);
  REQUIRE(loading_trace(loading));
  const std::shared_ptr<LoadProgress> progress = loading.progress;
  std::optional<OpenedTrace> loaded = take_loaded_trace(loading, /*wait=*/true);
  REQUIRE(loaded.has_value());
  CHECK_FALSE(loading_trace(loading));
  REQUIRE(loaded->timeline != nullptr);  // built beside the read, from the trace the window will hold
  CHECK(loaded->timeline->built_from(*loaded->trace));
  const auto* prebuilt = loaded->timeline.get();
  // The playhead's states and the inspector's statistics too: the first frame only swaps them in.
  REQUIRE(loaded->playhead != nullptr);
  CHECK(loaded->playhead->trace == loaded->trace);
  const auto* prebuilt_states = loaded->playhead->states.get();
  REQUIRE(loaded->inspector.has_value());
  // Computed once, shared by the timeline's model and the inspector.
  CHECK(loaded->inspector->tasks == loaded->timeline->task_stats);
  CHECK(loaded->timeline->task_stats->size() == compute_task_stats(trace).size());
  CHECK(progress->stage.load() == LoadProgress::Stage::Done);
  CHECK(progress->fraction() == 1.0);
  CHECK(describe_progress(*progress) == "Done");

  AppState state;
  REQUIRE(show_opened_trace(state, path.string(), std::move(*loaded)));
  REQUIRE(state.trace != nullptr);
  CHECK(*state.trace == trace);
  CHECK(state.trace_title == "work.wkl");
  CHECK(state.timeline.model.get() == prebuilt);  // the panel has nothing left to build
  CHECK(sync_playhead(state.playhead, state.trace, false).empty());
  CHECK(state.playhead.cache->states.get() == prebuilt_states);
  CHECK(state.playhead.position == trace.events.size());  // stands at the end, as for any trace
  CHECK(state.inspector.built_from == state.trace);
  CHECK(state.inspector.tasks == state.timeline.model->task_stats);
}

TEST_CASE("a damaged binary file opened on a worker thread keeps the shown run and says what is wrong", "[files][binary]") {
  const fs::path path = temp_dir("damaged") / "cut.wkl";
  const std::string bytes = write_binary(lesson_trace("lazy-future"));
  std::ofstream(path, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  AppState state;
  state.trace = std::make_shared<const Trace>(lesson_trace("sequential-vs-join"));
  const auto shown = state.trace;

  TraceLoading loading = start_loading_trace(path.string(), 0.0);
  std::optional<OpenedTrace> loaded = take_loaded_trace(loading, /*wait=*/true);
  REQUIRE(loaded.has_value());
  CHECK(loaded->trace == nullptr);
  CHECK_FALSE(show_opened_trace(state, path.string(), std::move(*loaded)));
  CHECK(state.trace == shown);
  CHECK(state.message.text.starts_with(path.string() + ": the file is cut short"));
}

TEST_CASE("File > Save under a .wkl name writes the binary trace, which opens again", "[files][binary]") {
  const fs::path path = temp_dir("save") / "saved.wkl";
  const Trace trace = lesson_trace("lazy-future");
  REQUIRE(save_trace_file(trace, path.string()).empty());
  std::ifstream in(path, std::ios::binary);
  std::string magic(8, '\0');
  in.read(magic.data(), 8);
  CHECK(magic == kBinaryMagic);
  AppState state;
  REQUIRE(open_trace_file(state, path.string()));
  CHECK(*state.trace == trace);
}

TEST_CASE("the progress line says what the loader is doing", "[files]") {
  LoadProgress progress;
  progress.start(LoadProgress::Stage::Reading, 300u << 20);
  progress.advance(100u << 20);
  CHECK(describe_progress(progress) == "Reading the file: 100 of 300 MiB");
  CHECK(progress.fraction() == Approx(0.1));
  progress.start(LoadProgress::Stage::Decoding, 10);
  progress.advance(5);
  CHECK(describe_progress(progress) == "Decoding the events: 5 of 10");
  CHECK(progress.fraction() == Approx(0.5));
  progress.start(LoadProgress::Stage::Checking, 0);
  CHECK(describe_progress(progress) == "Checking the trace (validate)");
  progress.start(LoadProgress::Stage::Preparing, 2);
  CHECK(describe_progress(progress) == "Building the timeline, the playhead's states and the task statistics");
  CHECK(progress.fraction() == Approx(0.8));
  progress.advance(1);  // the timeline is done; the second thread is not yet
  CHECK(describe_progress(progress) == "Indexing the playhead's states");
  CHECK(progress.fraction() == Approx(0.9));
}
