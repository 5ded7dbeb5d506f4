// File > Open's browser without a window: what a folder lists under each filter, in what order,
// where browsing starts for a typed path, and what an unreadable folder says.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "app_test_support.hpp"
#include "panels/file_browser.hpp"

using namespace wakeline::app;
namespace fs = std::filesystem;

namespace {

fs::path temp_dir(const std::string& name) { return app_tests::fresh_temp_dir("file_browser_test", name); }

void touch(const fs::path& path, std::size_t bytes = 0) {
  std::ofstream out(path, std::ios::binary);
  out << std::string(bytes, 'x');
}

// A teacher's folder: two saved runs, a Chrome export, notes, a subfolder, and a hidden file.
// Each test case its own copy: ctest runs them side by side.
fs::path class_folder(const std::string& test) {
  const fs::path dir = temp_dir("class_" + test);
  touch(dir / "join.wakeline.json", 1200);
  touch(dir / "Sequential.WAKELINE.JSON", 10);
  touch(dir / "join.chrome.json");
  touch(dir / "notes.txt");
  touch(dir / ".hidden.wakeline.json");
  fs::create_directories(dir / "week 2");
  fs::create_directories(dir / "Archive");
  return dir;
}

std::vector<std::string> names(const FolderListing& listing) {
  std::vector<std::string> out;
  for (const FileEntry& entry : listing.entries) out.push_back(entry.folder ? entry.name + "/" : entry.name);
  return out;
}

}  // namespace

TEST_CASE("the trace filter lets .wakeline.json through in any case, the JSON filter any .json", "[file_browser]") {
  CHECK(passes_filter("run.wakeline.json", FileFilter::Traces));
  CHECK(passes_filter("RUN.Wakeline.Json", FileFilter::Traces));
  CHECK_FALSE(passes_filter("run.chrome.json", FileFilter::Traces));
  CHECK_FALSE(passes_filter("wakeline.json.txt", FileFilter::Traces));
  CHECK(passes_filter("run.chrome.json", FileFilter::Json));
  CHECK_FALSE(passes_filter("notes.txt", FileFilter::Json));
  CHECK(passes_filter("notes.txt", FileFilter::All));
}

TEST_CASE("a folder lists its subfolders first, then the files the filter lets through, A to Z ignoring case", "[file_browser]") {
  const fs::path dir = class_folder("order");
  const FolderListing traces = list_folder(dir.string(), FileFilter::Traces);
  CHECK(traces.error.empty());
  CHECK(names(traces) == std::vector<std::string>{"Archive/", "week 2/", "join.wakeline.json", "Sequential.WAKELINE.JSON"});
  CHECK(traces.hidden_files == 2);  // the Chrome export and the notes; hidden files are not counted
  CHECK(traces.entries[2].size == 1200);
  CHECK(traces.folder == dir.string());

  CHECK(names(list_folder(dir.string(), FileFilter::Json)) ==
        std::vector<std::string>{"Archive/", "week 2/", "join.chrome.json", "join.wakeline.json", "Sequential.WAKELINE.JSON"});
  CHECK(list_folder(dir.string(), FileFilter::All).entries.size() == 6);
}

TEST_CASE("a folder that cannot be read gives an empty listing that names it and says why", "[file_browser]") {
  const fs::path missing = temp_dir("missing") / "not here";
  const FolderListing listing = list_folder(missing.string(), FileFilter::Traces);
  CHECK(listing.entries.empty());
  CHECK(listing.error.find("cannot read the folder '" + missing.string() + "'") != std::string::npos);
}

TEST_CASE("browsing starts in the typed folder, or the folder of the typed file, or the current folder", "[file_browser]") {
  const fs::path dir = class_folder("start");
  CHECK(folder_to_browse(dir.string()) == dir.string());
  CHECK(folder_to_browse(dir.string() + "/") == dir.string());
  CHECK(folder_to_browse((dir / "join.wakeline.json").string()) == dir.string());
  CHECK(folder_to_browse((dir / "not yet saved.wakeline.json").string()) == dir.string());
  CHECK(folder_to_browse((dir / "no such folder" / "x.json").string()) == fs::current_path().string());
  CHECK(folder_to_browse("") == fs::current_path().string());
}

TEST_CASE("a typed folder is browsed into rather than opened, a typed file is left to open", "[file_browser]") {
  const fs::path dir = class_folder("typed");
  FileBrowser browser;
  std::string path = (dir / "week 2").string();
  CHECK(browse_if_folder(browser, path));
  CHECK(browser.folder == (dir / "week 2").string());
  CHECK(path == (dir / "week 2").string() + "/");
  CHECK(browser.stale);

  path = (dir / "join.wakeline.json").string();
  CHECK_FALSE(browse_if_folder(browser, path));
  CHECK(path == (dir / "join.wakeline.json").string());
}

TEST_CASE("sizes read as a person would say them", "[file_browser]") {
  CHECK(size_text(0) == "0 B");
  CHECK(size_text(999) == "999 B");
  CHECK(size_text(12'300) == "12 KB");
  CHECK(size_text(3'400'000) == "3.4 MB");
  CHECK(size_text(2'500'000'000) == "2.5 GB");
}
