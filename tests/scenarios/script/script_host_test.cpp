// The script host: runs are deterministic, events point at the script's own lines, and a bad
// script (a syntax error, an error in a task, an endless loop, a memory bomb, reaching for io, os,
// require or a binary chunk, a broken header) gives a message naming its line, never a crash.
#include <string>

#include "script_lessons.hpp"
#include "wakeline/message_text.hpp"
#include "wakeline/trace_io/native.hpp"

namespace {

using namespace script_tests;

// A lesson file around a main function; main's first line is line 3.
std::string with_main(const std::string& body) {
  return "lesson { id = \"test\", title = \"test\" }\n"
         "function main(p)\n" +
         body + "\nend\n";
}

std::string load_error(const std::string& text) {
  ScriptLessonLoad load = load_script_lesson("bad.lua", text);
  REQUIRE_FALSE(load.ok());
  return load.error;
}

bool has_failed_task_with(const Trace& trace, const std::string& message) {
  for (const auto& event : trace.events)
    if (event.kind == EventKind::TaskFailed && std::string(trace.str(static_cast<StringId>(event.b()))) == message) return true;
  return false;
}

}  // namespace

TEST_CASE("the same script with the same parameters and seed gives a byte-identical trace") {
  const Lesson lesson = load_shipped("channel_ping_pong.lua");
  const std::vector<std::string> settings = {"flavor=multi_thread", "workers=3", "seed=7", "capacity=2"};
  const auto first = run_script(lesson, settings);
  const auto second = run_script(lesson, settings);
  CHECK(write_native(first.trace()) == write_native(second.trace()));

  // math.random is seeded from the run's seed too.
  const Lesson dice = load_text(with_main("print(math.random(1, 1000000), ' ', math.random(1, 1000000))"));
  CHECK(run_script(dice, {"seed=3"}).output == run_script(dice, {"seed=3"}).output);
  CHECK(run_script(dice, {"seed=3"}).output != run_script(dice, {"seed=4"}).output);
}

TEST_CASE("a script's events carry its own file and line for the code panel") {
  const Lesson lesson = load_shipped("sequential_vs_join.lua");
  const auto run = run_script(lesson);
  const std::string text(lesson.source_text);
  // The line of request's print in the script.
  const std::size_t at = text.find("print(\"got response ");
  REQUIRE(at != std::string::npos);
  const auto line = static_cast<std::uint32_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n') + 1);
  int prints_there = 0;
  for (const auto& event : run.trace().events) {
    if (event.kind != EventKind::Print) continue;
    const SourceLocation& where = run.trace().locations.at(event.location);
    CHECK(where.file == shipped("sequential_vs_join.lua"));
    prints_there += where.line == line;
  }
  CHECK(prints_there == 2);
  CHECK(run.trace().run.source_text == text);  // a saved trace carries the script itself
}

TEST_CASE("a syntax error names its line") {
  CHECK(load_error("lesson { id = \"x\", title = \"x\" }\nfunction main(p)\n  local x = = 1\nend\n")
            .rfind("bad.lua:3:", 0) == 0);
}

TEST_CASE("an error thrown in a spawned task fails that task with its line and main goes on") {
  const Lesson lesson = load_text(with_main("local h = spawn(async(function()\n"
                                            "  error('boom')\n"
                                            "end)(), 'crasher')\n"
                                            "local v, err = await(h)\n"
                                            "print('joined: ', err)"),
                                  "bad.lua");
  const auto run = run_script(lesson);
  CHECK(has_failed_task_with(run.trace(), "bad.lua:4: boom"));
  CHECK(run.output == std::vector<std::string>{"joined: bad.lua:4: boom"});
}

TEST_CASE("an endless loop without await is stopped with its line") {
  const Lesson lesson = load_text(with_main("local n = 0\nwhile true do\n  n = n + 1\nend"), "bad.lua");
  const auto run = run_script(lesson, {}, {}, false);
  CHECK_THAT(run.report.fault, Catch::Contains("ran 50 million instructions without awaiting, at line"));
  CHECK_THAT(run.report.fault, Catch::Contains("an endless loop?"));
  CHECK_THAT(run.report.fault, Catch::Contains("bad.lua:"));
}

TEST_CASE("a memory bomb stops at the cap with its line") {
  const Lesson lesson = load_text(with_main("local all = {}\nfor i = 1, 1000 do\n  all[i] = string.rep('x', 16 * 1024 * 1024)\nend"),
                                  "bad.lua");
  const auto run = run_script(lesson, {}, {}, false);
  CHECK_THAT(run.report.fault, Catch::Contains("bad.lua:5: out of memory at line 5"));
}

TEST_CASE("io and os and require and dofile and binary chunks are out of reach") {
  CHECK_THAT(load_error("local f = io.open('/etc/passwd')\n"), Catch::StartsWith("bad.lua:1:") && Catch::Contains("'io'"));
  CHECK_THAT(load_error("\nos.execute('ls')\n"), Catch::StartsWith("bad.lua:2:") && Catch::Contains("'os'"));
  CHECK_THAT(load_error("\n\nrequire('socket')\n"), Catch::StartsWith("bad.lua:3:") && Catch::Contains("'require'"));
  CHECK_THAT(load_error("dofile('/etc/passwd')\n"), Catch::StartsWith("bad.lua:1:") && Catch::Contains("'dofile'"));
  CHECK_THAT(load_error("local f, err = load('\\27Lua' .. string.rep('x', 40), 'chunk', 'b')\nerror(err)\n"),
             Catch::StartsWith("bad.lua:2:") && Catch::Contains("binary chunk"));
  CHECK_THAT(load_error("local s = string.dump(print)\n"), Catch::StartsWith("bad.lua:1:"));
}

TEST_CASE("a header with an unknown parameter kind or an empty range names its line") {
  CHECK(load_error("lesson {\n  id = \"x\", title = \"x\",\n  params = {\n    param { key = \"n\", kind = \"integer\", min = 1, max = 2, default = 1 },\n  },\n}\nfunction main() end\n") ==
        "bad.lua:4: param 'n': unknown kind integer; allowed: int, bool, choice");
  CHECK(load_error("lesson {\n  id = \"x\", title = \"x\",\n  params = {\n\n    param { key = \"n\", kind = \"int\", min = 10, max = 5, default = 7 },\n  },\n}\nfunction main() end\n") ==
        "bad.lua:5: param 'n': empty range, min 10 is above max 5");
  CHECK_THAT(load_error("function main() end\n"), Catch::Contains("no lesson header"));
  CHECK_THAT(load_error("lesson { id = \"x\", title = \"x\" }\n"), Catch::Contains("no main function"));
}

TEST_CASE("await outside a task and a future awaited twice are named errors") {
  CHECK_THAT(load_error("await(sleep(1))\n"), Catch::StartsWith("bad.lua:1:") && Catch::Contains("only inside a task"));
  const Lesson twice = load_text(with_main("local f = sleep(1)\nawait(f)\nawait(f)"), "bad.lua");
  const auto run = run_script(twice, {}, {}, false);
  CHECK_THAT(run.report.fault, Catch::Contains("bad.lua:5: await: this future was already awaited"));
}

TEST_CASE("oneshot and broadcast and watch and Mutex and Semaphore and select work from a script") {
  const Lesson lesson = load_text(with_main(R"(
  local tx, rx = oneshot('answer')
  spawn(async(function() await(sleep(5)); tx:send(42) end)(), 'answerer')
  print('oneshot: ', await(rx:recv()))
  local btx, brx = broadcast(4, 'news')
  local brx2 = btx:subscribe()
  btx:send('hello')
  print('broadcast: ', await(brx:recv()), ' ', await(brx2:recv()))
  local wtx, wrx = watch(0, 'config')
  wtx:send(7)
  print('watch: ', tostring(await(wrx:changed())), ' ', wrx:borrow_and_update())
  local m = Mutex(0, 'counter')
  local bump = async(function() local g = await(m:lock()); await(yield_now()); g:set(g:get() + 1); g:unlock() end)
  await(join(bump(), bump(), bump()))
  local g = await(m:lock()); print('mutex: ', g:get()); g:unlock()
  local sem = Semaphore(2, 'slots')
  local p1 = await(sem:acquire()); local p2 = await(sem:acquire())
  print('semaphore: ', sem:available()); p1:release(); drop(p2)
  print('semaphore after: ', sem:available())
  local first = select({sleep(10), function() return 'slow' end}, {sleep(1), function() return 'fast' end})
  print('select: ', first, ' at ', elapsed_ms(), ' ms'))"));
  const auto run = run_script(lesson);
  CHECK(run.output == std::vector<std::string>{"oneshot: 42", "broadcast: hello hello", "watch: true 7", "mutex: 3",
                                               "semaphore: 0", "semaphore after: 2", "select: fast at 6 ms"});
}

TEST_CASE("script lessons run on the real clock with several workers") {
  const auto spawned = run_script(load_shipped("sequential_vs_join.lua"),
                                  {"clock=real", "flavor=multi_thread", "workers=2", "mode=spawn", "requests=4", "latency_ms=2"});
  CHECK(spawned.output.size() == 6);
  const auto ping_pong = run_script(load_shipped("channel_ping_pong.lua"),
                                    {"clock=real", "flavor=multi_thread", "workers=2", "rounds=50", "capacity=1"});
  CHECK(ping_pong.output.back().rfind("done after ", 0) == 0);
  const auto blocking = run_script(load_shipped("blocking_executor.lua"),
                                   {"clock=real", "flavor=multi_thread", "workers=2", "mode=spawn_blocking", "step_ms=1", "futures=4"});
  CHECK(blocking.output.size() == 5);
  const auto stealing = run_script(load_shipped("work_stealing.lua"),
                                   {"clock=real", "flavor=multi_thread", "workers=2", "tasks=200", "work_us=20"});
  CHECK(stealing.output.size() == 2);
}

TEST_CASE("the commented template for a new lesson loads and runs both ways") {
  ScriptLessonLoad load = load_script_lesson_file(std::string(WAKELINE_LESSONS_DIR) + "/../templates/new_lesson.lua");
  INFO(load.error);
  REQUIRE(load.ok());
  CHECK(run_script(*load.lesson).output.back() == "done after 1000 ms");
  CHECK(run_script(*load.lesson, {}, "together").output.back() == "done after 500 ms");
}

TEST_CASE("a method called on the wrong object names the method, the type it wants and its line") {
  // Methods are rows of one table per type (script_api.cpp); each still checks its own object.
  const Lesson lesson = load_text(with_main("local tx, rx = mpsc(1, 'c')\n"
                                            "local m = Mutex(0)\n"
                                            "local h = spawn(async(function() rx.recv(tx) end)(), 'mixup')\n"
                                            "local _, err = await(h)\n"
                                            "print(err)\n"
                                            "m.lock(nil)"),
                                  "bad.lua");
  const auto run = run_script(lesson, {}, {}, false);
  CHECK(run.output == std::vector<std::string>{"bad.lua:5: recv: expected a mpsc.Receiver, got userdata"});
  CHECK(has_failed_task_with(run.trace(), "bad.lua:8: lock: expected a Mutex, got nil"));
}

TEST_CASE("a script's channel sends record each value as Lua's tostring prints it, a table as nothing") {
  const Lesson lesson = load_text(with_main("local tx, rx = mpsc(8, 'c')\n"
                                            "await(tx:send(4))\n"
                                            "await(tx:send(2.5))\n"
                                            "await(tx:send(3.0))\n"
                                            "await(tx:send('cat'))\n"
                                            "await(tx:send(true))\n"
                                            "await(tx:send({1, 2}))"));
  const auto run = run_script(lesson);
  const Trace& trace = run.trace();
  std::vector<std::string> texts;
  for (const auto& e : trace.events) {
    if (e.kind != EventKind::ChannelSend) continue;
    const auto text = message_text(trace, e.a(), e.b());
    texts.push_back(text ? std::string(*text) : "(none)");
  }
  CHECK(texts == std::vector<std::string>{"4", "2.5", "3.0", "cat", "true", "(none)"});
}
