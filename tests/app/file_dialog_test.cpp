// File > Open's popup driven with the mouse, frame by frame, without a window: a double click on
// a folder in the browser's list goes into it, on a trace opens it, and on a broken file keeps the
// run on screen and says why. (tests/gui/file_browser.py does the same through a real window.)
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <utility>

#include "app_test_support.hpp"
#include "file_actions.hpp"
#include "imgui_harness.hpp"
#include "wakeline/scenarios/params.hpp"
#include "wakeline/scenarios/registry.hpp"
#include "wakeline/scenarios/run_lesson.hpp"

using namespace wakeline;
using namespace wakeline::app;
namespace fs = std::filesystem;
namespace sc = wakeline::scenarios;
using app_tests::lesson_trace;

namespace {

// A class folder: a broken trace beside a subfolder that holds a good one. Each case has its own
// (`name`): ctest runs the cases as parallel processes.
fs::path class_folder(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("wakeline_file_dialog_test_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir / "older");
  REQUIRE(save_trace_file(lesson_trace("select-race"), (dir / "older" / "select.wakeline.json").string()).empty());
  std::ofstream(dir / "broken.wakeline.json") << "{\"format\": \"wakeline-trace\", \"version\": 1,\n \"events\": [[1, \"x\"";
  return dir;
}

// The app's state with sequential-vs-join on screen and File > Open on `folder`, drawn by the
// popup alone, with the mouse where the test puts it.
class OpenPopup {
 public:
  explicit OpenPopup(const fs::path& folder) : imgui_(ImVec2(1600.0f, 900.0f)) {
    state.trace = std::make_shared<const Trace>(lesson_trace("sequential-vs-join"));
    request_file_dialog(state, FileDialogKind::OpenTrace);
    state.file_dialog.path = folder.string() + "/";
    for (int i = 0; i < 4; ++i) frame();  // the popup opens, lists the folder, and settles in place
  }

  void frame() {
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = mouse_;
    io.MouseDown[0] = down_;
    ImGui::NewFrame();
    state.screen = ScreenMap{};
    draw_file_dialog(state, imgui_.fonts());
    ImGui::Render();
  }

  bool listed(const std::string& widget) const { return find(widget) != nullptr; }

  // The popup asks for `path` to be opened; the window reads it on a worker thread and shows it
  // with show_opened_trace, which open_trace_file does here without the thread.
  void carry_out_open(const std::string& path) {
    REQUIRE(state.requests.open_trace == path);
    open_trace_file(state, std::exchange(state.requests.open_trace, {}));
  }

  // Half a second to read the list (so the clicks before are not taken for part of this double
  // click), then press, release, press, release, a frame each: well inside ImGui's double-click time.
  void double_click(const std::string& widget) {
    for (int i = 0; i < 30; ++i) frame();
    const WidgetRect* rect = find(widget);
    REQUIRE(rect != nullptr);
    mouse_ = ImVec2(rect->x + rect->width * 0.3f, rect->y + rect->height * 0.5f);
    frame();
    for (int click = 0; click < 2; ++click) {
      down_ = true;
      frame();
      down_ = false;
      frame();
    }
    frame();
  }

  AppState state;

 private:
  const WidgetRect* find(const std::string& widget) const {
    for (const WidgetRect& rect : state.screen.widgets)
      if (rect.name == widget) return &rect;
    return nullptr;
  }

  testing::ImGuiHarness imgui_;
  ImVec2 mouse_{1.0f, 1.0f};
  bool down_ = false;
};

}  // namespace

TEST_CASE("in File > Open, a double click on a folder goes into it and one on a trace opens it", "[file_browser]") {
  const fs::path folder = class_folder("double_click");
  OpenPopup popup(folder);
  REQUIRE(popup.listed("browser:older/"));

  popup.double_click("browser:older/");
  CHECK(fs::path(popup.state.file_dialog.browser.folder) == folder / "older");
  popup.frame();
  REQUIRE(popup.listed("browser:select.wakeline.json"));
  CHECK(popup.state.trace->run.scenario == "sequential-vs-join");  // going into a folder opens nothing

  popup.double_click("browser:select.wakeline.json");
  popup.carry_out_open((folder / "older" / "select.wakeline.json").string());
  REQUIRE(popup.state.trace != nullptr);
  CHECK(popup.state.trace->run.scenario == "select-race");
  CHECK(popup.state.trace_title == "select.wakeline.json");
  CHECK(popup.state.file_dialog.kind == FileDialogKind::None);  // the popup closed
  CHECK_FALSE(popup.state.message.open_requested);
}

TEST_CASE("in File > Open, a double click on a broken file keeps the run on screen and says why", "[file_browser]") {
  const fs::path folder = class_folder("broken_file");
  OpenPopup popup(folder);
  const auto shown = popup.state.trace;
  REQUIRE(popup.listed("browser:broken.wakeline.json"));

  popup.double_click("browser:broken.wakeline.json");
  popup.carry_out_open((folder / "broken.wakeline.json").string());
  CHECK(popup.state.trace == shown);
  CHECK(popup.state.message.open_requested);
  CHECK(popup.state.message.title == "Cannot open the trace");
  CHECK(popup.state.message.text.starts_with((folder / "broken.wakeline.json").string()));
  REQUIRE_FALSE(popup.state.console.empty());
  CHECK(popup.state.console.back().kind == ConsoleLine::Kind::Error);
}
