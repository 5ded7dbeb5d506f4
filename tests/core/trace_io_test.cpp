#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>  // header-only; an independent parser to check the exporters against
#include <random>
#include <set>
#include <sstream>

#include "round_trip.hpp"
#include "trace_fixtures.hpp"
#include "wakeline/task_stats.hpp"
#include "wakeline/trace_io/chrome.hpp"
#include "wakeline/trace_io/csv.hpp"
#include "wakeline/trace_io/native.hpp"
#include "wakeline/validate.hpp"

using namespace wakeline;
using namespace wakeline::fixtures;
using K = EventKind;
using json = nlohmann::json;

namespace {

// ---- Native helpers -------------------------------------------------------------------------------

// Replaces the text of events[index] (one line each in a native file) with `line`.
std::string with_event_line(std::string text, std::size_t index, const std::string& line) {
  std::size_t at = text.find("\"events\":[\n") + 11;
  for (std::size_t i = 0; i < index; ++i) at = text.find('\n', at) + 1;
  const std::size_t end = text.find_first_of(",\n", text.find(']', at));
  return text.replace(at, end - at, line);
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

std::string read_error(std::string_view text, std::uint64_t limit = kDefaultMaxTraceBytes) {
  const LoadResult result = read_native(text, limit);
  REQUIRE_FALSE(result.ok());
  return result.error;
}


std::filesystem::path temp_path(const std::string& name) {
  return std::filesystem::temp_directory_path() / ("wakeline_test_" + std::to_string(std::random_device{}()) + "_" + name);
}

// ---- CSV helpers ----------------------------------------------------------------------------------

// A small RFC 4180 reader, independent of the writer, to check what a spreadsheet would see.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        rows.back().back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        rows.back().back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().emplace_back();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      ++i;
      rows.emplace_back(1);
    } else {
      rows.back().back() += c;
    }
  }
  if (rows.back().size() == 1 && rows.back()[0].empty()) rows.pop_back();  // after the final CRLF
  return rows;
}

}  // namespace

// ================================================================================================
// Native format
// ================================================================================================

TEST_CASE("a trace written, read and written again gives identical bytes and an equal trace", "[trace_io]") {
  Trace trace = small_valid_trace();
  trace.strings.push_back("unicode: h\xC3\xA9llo \xE2\x9C\x93, controls: \x01\x1f\x7f, nul: " + std::string(1, '\0') + ".");
  trace.run.deadlock.push_back(DeadlockEntry{2, "fetch a", "recv on channel 'jobs'"});
  trace.events.back().set_b(~0ull);  // the widest payload survives: a run_end's 64-bit b
  testing::read_back_native(write_native(trace), trace);
}

TEST_CASE("the fixture uses every event kind, so the round trip covers them all", "[trace_io]") {
  std::set<EventKind> kinds;
  for (const Event& e : small_valid_trace().events) kinds.insert(e.kind);
  for (int i = 0; i < kEventKindCount; ++i) {
    INFO("add a " << to_string(static_cast<EventKind>(i)) << " event to small_valid_trace() in trace_fixtures.hpp");
    CHECK(kinds.contains(static_cast<EventKind>(i)));
  }
}

TEST_CASE("a native file starts with its format and version and holds one event per line", "[trace_io]") {
  const std::string text = write_native(small_valid_trace());
  REQUIRE(text.rfind("{\"format\":\"wakeline-trace\",\"version\":1,\n", 0) == 0);
  REQUIRE(contains(text, "\n[10,\"poll_start\",0,1,0,0,0,0],\n"));
  REQUIRE(contains(text, "\n[0,\"task_scheduled\",0,1,2,18446744073709551615,0,0],\n"));
}

TEST_CASE("writing to a stream gives the same bytes as writing to a string", "[trace_io]") {
  const Trace trace = synthetic_trace(200'000, 50);
  std::ostringstream stream;
  write_native(trace, stream);
  REQUIRE(stream.str() == write_native(trace));
}

TEST_CASE("invalid UTF-8 is replaced when writing so the file always reads back", "[trace_io]") {
  Trace trace = small_valid_trace();
  trace.strings[0] = "bad \xFF byte, cut \xE2\x9C";
  const std::string first = write_native(trace);
  const LoadResult loaded = read_native(first);
  INFO(loaded.error);
  REQUIRE(loaded.ok());
  REQUIRE(loaded.trace->strings[0] == "bad \xEF\xBF\xBD byte, cut \xEF\xBF\xBD\xEF\xBF\xBD");
  REQUIRE(write_native(*loaded.trace) == first);
}

TEST_CASE("a synthetic trace of 100k events round-trips through the native format", "[trace_io]") {
  const Trace trace = synthetic_trace(100'000, 300);
  const LoadResult loaded = read_native(write_native(trace));
  REQUIRE(loaded.ok());
  REQUIRE(*loaded.trace == trace);
}

TEST_CASE("a truncated native file is reported as a parse error with line and column", "[trace_io]") {
  const std::string text = write_native(small_valid_trace());
  const std::string error = read_error(text.substr(0, text.size() / 2));
  INFO(error);
  REQUIRE(error.rfind("not valid JSON: parse error at line ", 0) == 0);
  REQUIRE(contains(error, "column"));
}

TEST_CASE("a wrongly typed event field is reported with its JSON path", "[trace_io]") {
  const std::string text = with_event_line(write_native(small_valid_trace()), 3, "[0,\"worker_park\",\"x\",0,0,0,0,0]");
  REQUIRE(read_error(text) == "events[3][2]: expected an unsigned integer, got \"x\"");
  const std::string negative = with_event_line(write_native(small_valid_trace()), 7, "[11,\"task_scheduled\",0,-2,0,0,0,0]");
  REQUIRE(read_error(negative) == "events[7][3]: expected an unsigned integer, got -2");
  const std::string wide = with_event_line(write_native(small_valid_trace()), 7, "[11,\"task_scheduled\",4294967296,2,0,0,0,0]");
  REQUIRE(read_error(wide) == "events[7][2]: a thread index is below 65536, got 4294967296");
  const std::string wide_task = with_event_line(write_native(small_valid_trace()), 7, "[11,\"task_scheduled\",0,4294967296,0,0,0,0]");
  REQUIRE(read_error(wide_task) == "events[7][3]: expected an unsigned 32-bit integer, got 4294967296");
}

TEST_CASE("a payload wider than its event kind holds is refused naming the limit", "[trace_io]") {
  const std::string good = write_native(small_valid_trace());
  const std::string wide_a = with_event_line(good, 7, "[11,\"task_scheduled\",0,2,4294967296,0,0,0]");
  REQUIRE(read_error(wide_a) == "events[7][4]: a of a task_scheduled event is at most 4294967295, got 4294967296");
  // A kind with c keeps b and c side by side in 64 bits (trace.hpp, payload_max).
  const std::string wide_b = with_event_line(good, 7, "[11,\"channel_send\",0,2,1,4294967296,0,0]");
  REQUIRE(read_error(wide_b) == "events[7][5]: b of a channel_send event is at most 4294967295, got 4294967296");
  const std::string wide_c = with_event_line(good, 7, "[11,\"channel_send\",0,2,1,0,1099511627776,0]");
  REQUIRE(read_error(wide_c) == "events[7][6]: c of a channel_send event is at most 1099511627775, got 1099511627776");
  const std::string stray_c = with_event_line(good, 7, "[11,\"task_scheduled\",0,2,0,0,1,0]");
  REQUIRE(read_error(stray_c) == "events[7][6]: c of a task_scheduled event is at most 0, got 1");
}

TEST_CASE("an event with the wrong number of values is reported with its index", "[trace_io]") {
  const std::string text = with_event_line(write_native(small_valid_trace()), 4, "[10,\"poll_start\",0,1,0,0,0]");
  REQUIRE(read_error(text) == "events[4]: expected 8 values [time_ns, kind, thread, task, a, b, c, location], got 7");
  const std::string object = with_event_line(write_native(small_valid_trace()), 4, "{\"time_ns\":10}");
  REQUIRE(read_error(object) ==
          "events[4]: expected an array [time_ns, kind, thread, task, a, b, c, location], got an object");
}

TEST_CASE("an unknown event kind is reported with its path and the kind", "[trace_io]") {
  const std::string text = with_event_line(write_native(small_valid_trace()), 3, "[0,\"teleport\",1,0,0,0,0,0]");
  const std::string error = read_error(text);
  INFO(error);
  REQUIRE(error.rfind("events[3][1]: unknown event kind \"teleport\"", 0) == 0);
}

TEST_CASE("events out of time order are refused naming the index", "[trace_io]") {
  const std::string good = write_native(small_valid_trace());
  REQUIRE(read_native(good).ok());
  const std::string shifted = with_event_line(good, 5, "[9,\"channel_created\",0,1,1,7,4294967300,0]");
  REQUIRE(read_error(shifted) ==
          "events[5]: time_ns 9 is earlier than the previous event's 10; events must be sorted by time");
}

TEST_CASE("a missing or wrongly typed header field is reported with its JSON path", "[trace_io]") {
  const std::string text = write_native(small_valid_trace());
  REQUIRE(read_error(replaced(text, "\"seed\":42,", "")) == "run.seed: required field is missing");
  REQUIRE(read_error(replaced(text, "\"workers\":2", "\"workers\":\"two\"")) ==
          "run.workers: expected an unsigned integer, got \"two\"");
  REQUIRE(read_error(replaced(text, "{\"kind\":\"timer_driver\"", "{\"kind\":\"gpu\"")) ==
          "threads[3].kind: unknown thread kind \"gpu\" (expected one of: worker, blocking, timer_driver, external)");
  REQUIRE(read_error(replaced(text, "\"line\":20", "\"line\":2.5")) == "locations[2].line: expected an unsigned integer, got 2.5");
  REQUIRE(read_error(replaced(text, "\n\"strings\":[", "\n\"strangs\":[")) == "strings: required field is missing");
  REQUIRE(read_error(replaced(text, "\"params\":[[\"pages\",\"2\"]", "\"params\":[[\"pages\"]")) ==
          "run.params[0]: expected an array of 2 strings [name, value], got an array");
}

TEST_CASE("an unknown version is refused naming the version this build reads", "[trace_io]") {
  const std::string text = replaced(write_native(small_valid_trace()), "\"version\":1,", "\"version\":2,");
  REQUIRE(read_error(text) == "unsupported version 2 of the wakeline-trace format; this build reads version 1 only");
}

TEST_CASE("a JSON file that is not a Wakeline trace is refused as such", "[trace_io]") {
  CHECK(contains(read_error("{\"traceEvents\":[],\"displayTimeUnit\":\"ns\"}"), "Chrome/Perfetto trace"));
  CHECK(read_error("{\"format\":\"other\",\"version\":1}") == "not a Wakeline trace: \"format\" is \"other\", expected \"wakeline-trace\"");
  CHECK(contains(read_error("[1,2,3]"), "not a Wakeline trace: expected a JSON object"));
  CHECK(contains(read_error("{}"), "not a Wakeline trace"));
  CHECK(read_error("{\"format\":\"wakeline-trace\",\"version\":1}") == "events: required field is missing");
}

TEST_CASE("an empty input is refused as empty", "[trace_io]") {
  REQUIRE(contains(read_error(""), "empty (0 bytes)"));
}

TEST_CASE("binary data is refused before parsing", "[trace_io]") {
  const std::string nul("{\"format\0\x01\x02", 12);
  REQUIRE(contains(read_error(nul), "not a text file: control byte 0x00 at offset 8"));
  REQUIRE(contains(read_error("\x1f\x8b\x08\x00rest"), "gzip"));
  REQUIRE(contains(read_error("\xff\xfe{\0\"\0"), "UTF-16"));
}

TEST_CASE("an input over the size limit is refused before parsing", "[trace_io]") {
  const std::string text = write_native(small_valid_trace());
  const std::string error = read_error(text, 1000);
  INFO(error);
  REQUIRE(contains(error, "over the limit of 1000 bytes"));
  REQUIRE(read_native(text, text.size()).ok());
}

TEST_CASE("trace files are read from disk, with the path in every error", "[trace_io]") {
  const Trace trace = small_valid_trace();
  const auto path = temp_path("trace.wakeline.json");
  {
    std::ofstream out(path, std::ios::binary);
    write_native(trace, out);
  }
  const LoadResult loaded = read_native_file(path);
  INFO(loaded.error);
  REQUIRE(loaded.ok());
  REQUIRE(*loaded.trace == trace);

  const LoadResult too_big = read_native_file(path, 100);
  REQUIRE(too_big.error.rfind(path.string() + ": the file is ", 0) == 0);
  REQUIRE(contains(too_big.error, "over the limit of 100 bytes"));

  std::filesystem::resize_file(path, 0);
  REQUIRE(contains(read_native_file(path).error, "empty (0 bytes)"));
  std::filesystem::remove(path);

  const LoadResult missing = read_native_file(path);
  REQUIRE(missing.error == path.string() + ": cannot open: no such file");
  REQUIRE(contains(read_native_file(std::filesystem::temp_directory_path()).error, "is a directory"));
}

TEST_CASE("random damage to a native file never crashes the reader", "[trace_io]") {
  const std::string text = write_native(small_valid_trace());
  std::mt19937 random(99);
  for (int round = 0; round < 1500; ++round) {
    std::string damaged = text;
    switch (round % 3) {
      case 0: damaged.resize(random() % damaged.size()); break;
      case 1:
        for (int i = 0; i < 3; ++i) damaged[random() % damaged.size()] = static_cast<char>(random() % 128);
        break;
      default: damaged.erase(random() % damaged.size(), 1 + random() % 20); break;
    }
    const LoadResult result = read_native(damaged);
    REQUIRE(result.ok() != !result.error.empty());
    if (result.ok()) validate(*result.trace);  // whatever was read, validate copes with it
  }
}

// ================================================================================================
// Chrome / Perfetto export
// ================================================================================================

namespace {

json chrome_json(const Trace& trace) {
  const std::string text = write_chrome(trace);
  json parsed = json::parse(text, nullptr, /*allow_exceptions=*/false);
  REQUIRE_FALSE(parsed.is_discarded());
  return parsed;
}

// A field of an exported event, or "" / null when absent (const operator[] must not see a
// missing key).
std::string text_of(const json& e, const char* key) { return e.value(key, std::string()); }

const json* find_chrome_event(const json& events, const std::string& ph, const std::string& name) {
  for (const json& e : events)
    if (text_of(e, "ph") == ph && text_of(e, "name") == name) return &e;
  return nullptr;
}

}  // namespace

TEST_CASE("every chrome event carries the fields its phase requires", "[trace_io]") {
  const json root = chrome_json(small_valid_trace());
  REQUIRE(root.at("displayTimeUnit") == "ns");
  const json& events = root.at("traceEvents");
  REQUIRE(events.size() > 40);
  for (const json& e : events) {
    INFO(e.dump());
    for (const char* key : {"name", "ph", "ts", "pid", "tid"}) REQUIRE(e.contains(key));
    REQUIRE(e.at("name").is_string());
    REQUIRE(e.at("ts").is_number());
    REQUIRE(e.at("pid").is_number_unsigned());
    REQUIRE(e.at("tid").is_number_unsigned());
    const std::string ph = e.at("ph");
    REQUIRE(ph.size() == 1);
    REQUIRE(std::string("MXisfbe").find(ph) != std::string::npos);
    if (ph == "X") REQUIRE((e.contains("dur") && e.at("dur").is_number()));
    if (ph == "s" || ph == "f" || ph == "b" || ph == "e") {
      REQUIRE(e.contains("id"));
      REQUIRE(!text_of(e, "cat").empty());
    }
    if (ph == "f") REQUIRE(text_of(e, "bp") == "e");
    if (ph == "i") REQUIRE(text_of(e, "s") == "t");
  }
}

TEST_CASE("every wake flow start has a matching finish at the woken task's next poll", "[trace_io]") {
  const json events = chrome_json(small_valid_trace()).at("traceEvents");
  std::map<std::pair<std::string, std::uint64_t>, double> starts, finishes;
  for (const json& e : events) {
    const std::string ph = text_of(e, "ph");
    if (ph != "s" && ph != "f") continue;
    const std::pair key{text_of(e, "cat"), e.at("id").get<std::uint64_t>()};
    REQUIRE((ph == "s" ? starts : finishes).emplace(key, e.at("ts").get<double>()).second);
  }
  REQUIRE(starts.size() == 2);  // the timer waking "fetch a", the join waking "main"
  REQUIRE(finishes.size() == starts.size());
  for (const auto& [key, ts] : starts) {
    REQUIRE(finishes.contains(key));
    REQUIRE(finishes[key] >= ts);
  }
}

TEST_CASE("the process is named after the scenario and every thread has a name and sort index", "[trace_io]") {
  const Trace trace = small_valid_trace();
  const json events = chrome_json(trace).at("traceEvents");
  const json* process = find_chrome_event(events, "M", "process_name");
  REQUIRE(process != nullptr);
  REQUIRE(process->at("args").at("name") == "Wakeline: fixture: fetch two pages");
  std::map<std::uint64_t, std::string> names;
  std::set<std::uint64_t> sorted;
  for (const json& e : events) {
    if (text_of(e, "name") == "thread_name") names[e.at("tid").get<std::uint64_t>()] = e.at("args").at("name");
    if (text_of(e, "name") == "thread_sort_index") sorted.insert(e.at("tid").get<std::uint64_t>());
  }
  REQUIRE(names.size() == trace.threads.size());
  REQUIRE(sorted.size() == trace.threads.size());
  std::set<std::string> expected;
  for (const ThreadInfo& t : trace.threads) expected.insert(t.name);
  std::set<std::string> got;
  for (const auto& [tid, name] : names) got.insert(name);
  REQUIRE(got == expected);
  for (const json& e : events) REQUIRE(names.contains(e.at("tid").get<std::uint64_t>()));  // nothing lands on an unnamed thread
}

TEST_CASE("each poll becomes a complete event named after its task with its result and wake cause", "[trace_io]") {
  const Trace trace = small_valid_trace();
  const json events = chrome_json(trace).at("traceEvents");
  std::size_t polls = 0;
  for (const Event& e : trace.events) polls += e.kind == K::PollStart;
  std::size_t spans = 0;
  const json* second_fetch_a = nullptr;
  for (const json& e : events)
    if (text_of(e, "ph") == "X" && text_of(e, "cat") == "poll") {
      ++spans;
      if (text_of(e, "name") == "fetch a" && e.at("args").at("result") == "ready") second_fetch_a = &e;
    }
  REQUIRE(spans == polls);
  REQUIRE(second_fetch_a != nullptr);
  CHECK(second_fetch_a->at("ts").get<double>() == Approx(0.101));
  CHECK(second_fetch_a->at("dur").get<double>() == Approx(0.002));
  CHECK(second_fetch_a->at("args").at("woken_by") == "timer");
  CHECK(second_fetch_a->at("args").at("task") == 2);
  const json* blocking = find_chrome_event(events, "X", "block_thread");
  REQUIRE(blocking != nullptr);
  CHECK(blocking->at("cat") == "blocking");
  CHECK(blocking->at("dur").get<double>() == Approx(0.010));
}

TEST_CASE("each task gets an async track from spawn to end with properly nested states", "[trace_io]") {
  const Trace trace = small_valid_trace();
  const json events = chrome_json(trace).at("traceEvents");
  std::map<std::uint64_t, std::vector<std::string>> open;  // per task id, the stack of open slices
  std::map<std::uint64_t, std::string> outer;
  for (const json& e : events) {
    if (text_of(e, "cat") != "task") continue;
    const auto id = e.at("id").get<std::uint64_t>();
    const std::string name = e.at("name");
    if (text_of(e, "ph") == "b") {
      if (open[id].empty()) outer[id] = name;
      open[id].push_back(name);
    } else if (text_of(e, "ph") == "e") {
      REQUIRE_FALSE(open[id].empty());
      REQUIRE(open[id].back() == name);
      open[id].pop_back();
    }
  }
  REQUIRE(outer.size() == 6);
  CHECK(outer[2] == "fetch a");
  CHECK(outer[4] == "hash file");
  for (const auto& [id, stack] : open) REQUIRE(stack.empty());
}

TEST_CASE("printed text is escaped in the chrome export and parses back intact", "[trace_io]") {
  const json events = chrome_json(small_valid_trace()).at("traceEvents");
  const json* print = find_chrome_event(events, "i", "print");
  REQUIRE(print != nullptr);
  REQUIRE(print->at("args").at("text") == "hello, \"world\"\nsecond line");
  REQUIRE(find_chrome_event(events, "i", "channel_send") != nullptr);
  REQUIRE(find_chrome_event(events, "i", "timer_fired") != nullptr);
  REQUIRE(find_chrome_event(events, "i", "worker_park") != nullptr);
  const json* dropped = find_chrome_event(events, "i", "future_dropped");
  REQUIRE(dropped != nullptr);
  REQUIRE(dropped->at("args").at("combinator") == "select");
}

TEST_CASE("chrome timestamps are microseconds with nanosecond precision", "[trace_io]") {
  TraceBuilder b;
  b.thread(ThreadKind::Worker, 0, "worker 0");
  b.spawn(0, 0, 1, 0, "t");
  b.add(1'234'567, 0, K::PollStart, 1);
  b.add(1'234'600, 0, K::PollEnd, 1, 1);
  b.add(1'234'600, 0, K::TaskCompleted, 1);
  const std::string text = write_chrome(b.trace);
  REQUIRE(contains(text, "\"ph\":\"X\",\"ts\":1234.567,"));
  REQUIRE(contains(text, "\"dur\":0.033,"));
}

TEST_CASE("exporting damaged traces to chrome and csv never crashes and stays valid JSON", "[trace_io]") {
  std::mt19937_64 random(7);
  for (int round = 0; round < 300; ++round) {
    Trace trace = small_valid_trace();
    for (int edits = 0; edits < 4; ++edits) {
      Event& e = trace.events[random() % trace.events.size()];
      switch (random() % 5) {
        case 0: e.kind = static_cast<EventKind>(random() % 30); break;
        case 1: e.thread = static_cast<ThreadIndex>(random() % 6); break;
        case 2: e.task = static_cast<TaskId>(random() % 9); break;
        case 3: e.set_a(random() % 4 == 0 ? random() : random() % 9); break;
        default: e.set_b(random() % 4 == 0 ? random() : random() % 9); break;
      }
    }
    REQUIRE_FALSE(json::parse(write_chrome(trace), nullptr, false).is_discarded());
    write_events_csv(trace);
    write_tasks_csv(trace);
  }
}

// ================================================================================================
// CSV
// ================================================================================================

TEST_CASE("the events CSV has the documented header and one row per event", "[trace_io]") {
  const Trace trace = small_valid_trace();
  const std::string text = write_events_csv(trace);
  REQUIRE(text.rfind("time_ns,kind,thread,thread_name,task,task_name,a,b,c,file,line\r\n", 0) == 0);
  const auto rows = parse_csv(text);
  REQUIRE(rows.size() == trace.events.size() + 1);
  for (const auto& row : rows) REQUIRE(row.size() == 11);
  const auto& spawn_fetch_a = rows[1 + find_event(trace, K::TaskSpawned, 2)];
  CHECK(spawn_fetch_a == std::vector<std::string>{"11", "task_spawned", "0", "worker 0", "2", "fetch a", "1", "2", "0",
                                                  "scenarios/fetch.cpp", "20"});
}

TEST_CASE("CSV fields with commas, quotes or line breaks are quoted RFC 4180 style", "[trace_io]") {
  TraceBuilder b;
  b.thread(ThreadKind::Worker, 0, "worker, the first");
  b.spawn(0, 0, 1, 0, "say \"hi\", then\nleave");
  b.add(1, 0, K::TaskCancelled, 1);
  const std::string text = write_events_csv(b.trace);
  REQUIRE(contains(text, ",\"worker, the first\",1,\"say \"\"hi\"\", then\nleave\","));
  const auto rows = parse_csv(text);
  REQUIRE(rows.size() == 3);
  REQUIRE(rows[1][5] == "say \"hi\", then\nleave");
}

TEST_CASE("the tasks CSV has one row per task with the task stats columns", "[trace_io]") {
  const Trace trace = small_valid_trace();
  const auto rows = parse_csv(write_tasks_csv(trace));
  REQUIRE(rows.size() == 1 + 6);
  const std::vector<std::string>& header = rows[0];
  REQUIRE(header.front() == "id");
  REQUIRE(header.back() == "steals");
  for (const auto& row : rows) REQUIRE(row.size() == header.size());
  auto column = [&](const std::vector<std::string>& row, const std::string& name) {
    const auto at = std::find(header.begin(), header.end(), name);
    REQUIRE(at != header.end());
    return row[static_cast<std::size_t>(at - header.begin())];
  };
  const auto& fetch_a = rows[2];
  CHECK(column(fetch_a, "name") == "fetch a");
  CHECK(column(fetch_a, "spawn_file") == "scenarios/fetch.cpp");
  CHECK(column(fetch_a, "end_ns") == "103");
  CHECK(column(fetch_a, "outcome") == "completed");
  CHECK(column(fetch_a, "busy_ns") == "5");
  CHECK(column(fetch_a, "waiting_ns") == "79");
  CHECK(column(fetch_a, "waited_on") == "timer");
  CHECK(column(fetch_a, "wakes_timer") == "1");
  CHECK(column(rows[1], "wakers") == "2");
  CHECK(column(rows[5], "failure") == "boom: \"disk\" full");
  CHECK(column(rows[4], "workers") == "2");
}

// ================================================================================================
// Timing (hidden: run with "[.bench]")
// ================================================================================================

TEST_CASE("a million-event trace exports, reads, validates and summarises quickly", "[.bench]") {
  using Clock = std::chrono::steady_clock;
  auto ms = [](Clock::time_point since) {
    return std::chrono::duration<double, std::milli>(Clock::now() - since).count();
  };
  const Trace trace = synthetic_trace(1'000'000);
  std::cout << "synthetic trace: " << trace.events.size() << " events\n";

  auto t = Clock::now();
  const std::string chrome = write_chrome(trace);
  std::cout << "chrome export: " << ms(t) << " ms, " << chrome.size() / (1 << 20) << " MiB\n";

  t = Clock::now();
  const std::string native = write_native(trace);
  std::cout << "native write:  " << ms(t) << " ms, " << native.size() / (1 << 20) << " MiB\n";

  t = Clock::now();
  const LoadResult loaded = read_native(native);
  std::cout << "native read:   " << ms(t) << " ms\n";
  REQUIRE(loaded.ok());
  REQUIRE(loaded.trace->events.size() == trace.events.size());

  t = Clock::now();
  const ValidationResult result = validate(trace);
  std::cout << "validate:      " << ms(t) << " ms\n";
  INFO(result.message);
  REQUIRE(result.ok);

  t = Clock::now();
  const auto tasks = compute_task_stats(trace);
  const auto threads = compute_thread_stats(trace);
  std::cout << "task + thread stats: " << ms(t) << " ms\n";
  REQUIRE(tasks.size() == 1000);
  REQUIRE(threads.size() == 5);

  t = Clock::now();
  const std::string csv = write_events_csv(trace);
  std::cout << "events csv:    " << ms(t) << " ms\n";
  REQUIRE_FALSE(csv.empty());
}
