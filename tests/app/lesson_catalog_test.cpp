// The app's lessons: the built-in ones and the script lessons of the lesson folders, found by id
// or by file, and a script saved from another editor loaded again in place.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include "lesson_catalog.hpp"

using namespace wakeline::app;
namespace fs = std::filesystem;

namespace {

std::string lesson_text(const std::string& id, int latency) {
  return "lesson { id = \"" + id + "\", title = \"A test lesson\", params = {\n"
         "  param { key = \"latency_ms\", kind = \"int\", min = 1, max = 5000, default = " + std::to_string(latency) + " },\n"
         "} }\n"
         "function main(p) await(sleep(p.latency_ms)); print('slept ', p.latency_ms) end\n";
}

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream(path) << text;
}

}  // namespace

TEST_CASE("the catalog offers shipped script lessons and those of --lessons DIR", "[lesson_catalog]") {
  const fs::path dir = fs::temp_directory_path() / "wakeline-catalog-test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  write_file(dir / "mine.lua", lesson_text("my-lesson", 100));
  write_file(dir / "broken.lua", "lesson { id = \n");

  LessonCatalog catalog = load_lesson_catalog({dir.string()});
  CHECK(find_lesson_in(catalog, "sequential-vs-join") != nullptr);      // built-in
  CHECK(find_lesson_in(catalog, "sequential-vs-join-lua") != nullptr);  // shipped script twin
  const wakeline::scenarios::Lesson* mine = find_lesson_in(catalog, "my-lesson");
  REQUIRE(mine != nullptr);
  CHECK(mine->params.at(0).default_value == wakeline::scenarios::ParamValue{std::int64_t{100}});
  REQUIRE(catalog.errors.size() == 1);
  CHECK(catalog.errors[0].find("broken.lua:2:") != std::string::npos);

  const LessonLookup by_file = find_any_lesson((dir / "mine.lua").string(), catalog);
  REQUIRE(by_file.lesson);
  CHECK(by_file.lesson->id == "my-lesson");
  CHECK(find_any_lesson("no-such-lesson", catalog).unknown_id);

  SECTION("a file saved again is loaded again; one that no longer loads keeps its lesson") {
    write_file(dir / "mine.lua", lesson_text("my-lesson", 300));
    fs::last_write_time(dir / "mine.lua", fs::last_write_time(dir / "mine.lua") + std::chrono::seconds(2));
    CatalogReload reload = reload_changed_scripts(catalog);
    REQUIRE(reload.changed.size() == 1);
    CHECK(reload.changed[0].second == "my-lesson");
    CHECK(find_lesson_in(catalog, "my-lesson")->params.at(0).default_value ==
          wakeline::scenarios::ParamValue{std::int64_t{300}});

    write_file(dir / "mine.lua", "lesson { id = \"my-lesson\", title = \"x\" }\nfunction main( end\n");
    fs::last_write_time(dir / "mine.lua", fs::last_write_time(dir / "mine.lua") + std::chrono::seconds(4));
    reload = reload_changed_scripts(catalog);
    CHECK(reload.changed.empty());
    REQUIRE(reload.errors.size() == 1);
    CHECK(reload.errors[0].find("mine.lua:2:") != std::string::npos);
    CHECK(find_lesson_in(catalog, "my-lesson")->params.at(0).default_value ==
          wakeline::scenarios::ParamValue{std::int64_t{300}});
  }
  fs::remove_all(dir);
}
