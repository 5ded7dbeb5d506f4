// The script editor apart from drawing: Edit a copy, Run with an edited default, a syntax error
// marked in the gutter with the previous lesson kept, a task failing at its line, Save into the
// user's lessons folder (and a refused save keeping the text); and where the panel goes.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "editor_layout.hpp"
#include "lesson_catalog.hpp"
#include "panels/script_editor.hpp"
#include "wakeline/scenarios/registry.hpp"
#include "wakeline/scenarios/run_lesson.hpp"

using namespace wakeline;
using namespace wakeline::app;
namespace sc = wakeline::scenarios;
namespace fs = std::filesystem;

namespace {

// The shipped script lessons only: the user's folder points at an empty temporary one.
struct EditorFixture {
  fs::path data = fs::temp_directory_path() / ("wakeline-editor-test-" + std::to_string(::getpid()));
  LessonCatalog catalog;
  ScriptEditor editor;
  EditorFixture() {
    fs::remove_all(data);
    fs::create_directories(data);
    ::setenv("XDG_DATA_HOME", data.c_str(), 1);
    catalog = load_lesson_catalog({});
  }
  ~EditorFixture() { fs::remove_all(data); }

  void replace(const std::string& from, const std::string& to) {
    const std::size_t at = editor.text.find(from);
    REQUIRE(at != std::string::npos);
    editor.text.replace(at, from.size(), to);
  }
  std::uint32_t line_of(const std::string& piece) const {
    const std::size_t at = editor.text.find(piece);
    return static_cast<std::uint32_t>(std::count(editor.text.begin(), editor.text.begin() + static_cast<long>(at), '\n')) + 1;
  }
};

Trace run(const LessonCatalog& catalog, const LessonChoiceUpdate& update) {
  const sc::Lesson* lesson = find_lesson_in(catalog, update.lesson_id);
  REQUIRE(lesson != nullptr);
  return sc::run_lesson(*lesson, update.setup.params, update.setup.runtime).trace;
}

}  // namespace

TEST_CASE("a load error's line and message come out of 'file:line: message'", "[editor]") {
  const GutterMark mark = mark_from_error("my lesson.lua:12: unexpected symbol near '='", "my lesson.lua");
  CHECK(mark.line == 12);
  CHECK(mark.message == "unexpected symbol near '='");
  CHECK(mark_from_error("/a/b.lua:3: boom", "/a/b.lua").line == 3);
  CHECK(mark_from_error("cannot read the file", "x.lua").line == 0);
}

TEST_CASE("Edit a copy of sequential-vs-join, latency 300: two sequential requests take 600 ms", "[editor]") {
  EditorFixture f;
  const sc::Lesson& cpp = *sc::find_lesson("sequential-vs-join");
  REQUIRE(start_copy_of(f.editor, cpp, f.catalog));
  CHECK(f.editor.name == "sequential_vs_join_copy.lua");
  CHECK(f.editor.text.find("id = \"sequential-vs-join-copy\"") != std::string::npos);
  f.replace("max = 60000, default = 1000", "max = 60000, default = 300");

  // The panel still holds the C++ lesson's defaults: the script's new default wins over them.
  const auto update = prepare_editor_run(f.editor, f.catalog, cpp.id, sc::default_setup(cpp));
  REQUIRE(update);
  CHECK(update->lesson_id == "sequential-vs-join-copy");
  const Trace trace = run(f.catalog, *update);
  CHECK(trace.run.total_ns / 1'000'000 == 600);
  note_editor_run(f.editor, trace);
  CHECK(f.editor.last_total_ns == trace.run.total_ns);
  CHECK(f.editor.marks.empty());

  SECTION("a syntax error marks its line and keeps the lesson that ran") {
    f.replace("function main(p)", "function main(p)\n  local x = = 1");
    const std::uint32_t bad_line = f.line_of("local x = = 1");
    CHECK_FALSE(prepare_editor_run(f.editor, f.catalog, update->lesson_id, update->setup));
    REQUIRE(f.editor.marks.size() == 1);
    CHECK(f.editor.marks[0].line == bad_line);
    CHECK_THAT(f.editor.marks[0].message, Catch::Contains("unexpected symbol"));
    CHECK(f.editor.notice_is_error);
    CHECK(run(f.catalog, *update).run.total_ns / 1'000'000 == 600);  // the catalog still has the 300 ms version
  }
  SECTION("a hand-set value in the Parameters panel is kept when the script runs again") {
    sc::LessonSetup setup = update->setup;
    setup.params.set("requests", std::int64_t{3});
    const auto again = prepare_editor_run(f.editor, f.catalog, update->lesson_id, setup);
    REQUIRE(again);
    CHECK(run(f.catalog, *again).run.total_ns / 1'000'000 == 900);
  }
  SECTION("an id another lesson has is marked on the id's line") {
    f.replace("sequential-vs-join-copy", "sequential-vs-join-lua");
    CHECK_FALSE(prepare_editor_run(f.editor, f.catalog, update->lesson_id, update->setup));
    REQUIRE(f.editor.marks.size() == 1);
    CHECK(f.editor.marks[0].line == f.line_of("id = \"sequential-vs-join-lua\""));
  }
}

TEST_CASE("an error in a spawned task marks its line, and the run goes on as the executor says", "[editor]") {
  EditorFixture f;
  REQUIRE(start_new_script(f.editor, WAKELINE_ASSETS_DIR "/templates/new_lesson.lua"));
  f.replace("function main(p)", "function main(p)\n  local h = spawn(async(function()\n    error('boom')\n  end)(), 'crasher')\n  await(h)");
  const std::uint32_t boom = f.line_of("error('boom')");
  const auto update = prepare_editor_run(f.editor, f.catalog, "sequential-vs-join", {});
  REQUIRE(update);
  note_editor_run(f.editor, run(f.catalog, *update));
  REQUIRE_FALSE(f.editor.marks.empty());
  CHECK(f.editor.marks[0].line == boom);
  CHECK(f.editor.marks[0].message == "boom");
  CHECK(f.editor.marks[0].at_run);
}

TEST_CASE("Save puts the script in the user's lessons folder, made on first save", "[editor]") {
  EditorFixture f;
  REQUIRE(start_copy_of(f.editor, *sc::find_lesson("sequential-vs-join"), f.catalog));
  REQUIRE(f.editor.dirty);
  REQUIRE(save_script(f.editor, f.catalog));
  const fs::path saved = f.data / "wakeline" / "lessons" / "sequential_vs_join_copy.lua";
  CHECK(f.editor.path == saved.string());
  CHECK_FALSE(f.editor.dirty);
  std::ifstream in(saved);
  const std::string on_disk((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(on_disk == f.editor.text);
  // Found there at the next start, beside the shipped ones.
  CHECK(find_lesson_in(load_lesson_catalog({}), "sequential-vs-join-copy") != nullptr);

  SECTION("a refused write says so and keeps the text and its changes") {
    f.editor.text += "\n-- more\n";
    f.editor.dirty = true;
    fs::create_directories(f.data / "taken.lua");  // a folder where the file would go
    CHECK_FALSE(save_script(f.editor, f.catalog, (f.data / "taken.lua").string()));
    CHECK(f.editor.notice_is_error);
    CHECK_THAT(f.editor.notice, Catch::StartsWith("Not saved:"));
    CHECK(f.editor.dirty);
    CHECK(f.editor.text.ends_with("-- more\n"));
    CHECK(f.editor.path == saved.string());
  }
}

TEST_CASE("the editor takes a column beside the timeline, never more than half the window", "[editor]") {
  const EditorSplit wide = split_for_editor({0, 20, 1600, 880}, 1.0f, 8);
  CHECK(wide.editor.width == 608);
  CHECK(wide.rest.width + 8 + wide.editor.width == 1600);
  CHECK(wide.editor.x == wide.rest.x + wide.rest.width);
  CHECK(wide.editor.y == 28);
  const EditorSplit narrow = split_for_editor({0, 0, 800, 600}, 2.0f, 16);
  CHECK(narrow.editor.width == 400);
}
