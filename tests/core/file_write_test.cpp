// write_file_atomically / write_files_atomically: a write that fails leaves the old file as it
// was and no temporary behind; what is not a regular file is refused before anything is written.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "wakeline/file_write.hpp"

using namespace wakeline;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "wakeline-write-XXXXXX").string();
    path = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::size_t entries() const { return static_cast<std::size_t>(std::distance(fs::directory_iterator(path), {})); }
};

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void put(const fs::path& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

}  // namespace

TEST_CASE("a write replaces the file whole and keeps its permissions", "[file_write]") {
  TempDir dir;
  const fs::path file = dir.path / "trace.json";
  CHECK(write_file_atomically(file, "first") == "");
  CHECK(read_all(file) == "first");
  ::chmod(file.c_str(), 0640);
  CHECK(write_file_atomically(file, "second") == "");
  CHECK(read_all(file) == "second");
  struct stat info {};
  REQUIRE(::stat(file.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0640);
  CHECK(dir.entries() == 1);  // no temporary left
}

TEST_CASE("a writer that fails half way leaves the old file and no temporary", "[file_write]") {
  TempDir dir;
  const fs::path file = dir.path / "trace.json";
  put(file, "old");
  const std::string error = write_file_atomically(file, [](std::ostream& out) {
    out << "half";
    throw std::bad_alloc();
  });
  CHECK(error.find("the existing file is unchanged") != std::string::npos);
  CHECK(read_all(file) == "old");
  CHECK(dir.entries() == 1);
}

TEST_CASE("a directory, a device or a fifo is refused before anything is written", "[file_write]") {
  TempDir dir;
  const fs::path fifo = dir.path / "pipe";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  fs::create_directory(dir.path / "sub");
  CHECK(write_file_atomically(dir.path / "sub", "x").find("it is a directory") != std::string::npos);
  CHECK(write_file_atomically(fifo, "x").find("named pipe") != std::string::npos);
  CHECK(write_file_atomically("/dev/full", "x").find("character device") != std::string::npos);
  CHECK(write_file_atomically("/dev/null", "x").find("character device") != std::string::npos);
  CHECK(dir.entries() == 2);
}

TEST_CASE("a symlink is followed: its target is replaced and the link stays", "[file_write]") {
  TempDir dir;
  const fs::path real = dir.path / "real.json";
  const fs::path link = dir.path / "link.json";
  put(real, "old");
  fs::create_symlink("real.json", link);
  CHECK(write_file_atomically(link, "new") == "");
  CHECK(fs::is_symlink(link));
  CHECK(read_all(real) == "new");
  CHECK(dir.entries() == 2);
}

TEST_CASE("two files are written both or neither", "[file_write]") {
  TempDir dir;
  const fs::path tasks = dir.path / "run.csv";
  const fs::path events = dir.path / "run.events.csv";
  put(tasks, "old tasks");
  put(events, "old events");
  const auto text = [](std::string s) { return [s](std::ostream& out) { out << s; }; };

  SECTION("the second one's writer fails: the first is not touched") {
    const std::vector<FileToWrite> files = {{tasks, text("new tasks")},
                                            {events, [](std::ostream&) { throw std::runtime_error("full"); }}};
    CHECK_FALSE(write_files_atomically(files).empty());
    CHECK(read_all(tasks) == "old tasks");
    CHECK(read_all(events) == "old events");
  }
  SECTION("the second target is a directory: nothing is written at all") {
    fs::remove(events);
    fs::create_directory(events);
    const std::vector<FileToWrite> files = {{tasks, text("new tasks")}, {events, text("new events")}};
    CHECK(write_files_atomically(files).find("it is a directory") != std::string::npos);
    CHECK(read_all(tasks) == "old tasks");
  }
  SECTION("both succeed") {
    const std::vector<FileToWrite> files = {{tasks, text("new tasks")}, {events, text("new events")}};
    CHECK(write_files_atomically(files) == "");
    CHECK(read_all(tasks) == "new tasks");
    CHECK(read_all(events) == "new events");
  }
  CHECK(dir.entries() == 2);
}
