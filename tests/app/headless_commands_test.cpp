#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands/cli.hpp"
#include "commands/headless_commands.hpp"

using namespace wakeline::app;

namespace {
CliParse parse(std::vector<std::string_view> args) { return parse_cli(args); }

struct CommandOutput {
  int exit_code = -1;
  std::string out;
  std::string err;
};

CommandOutput run_command(std::vector<std::string_view> args) {
  const CliParse parsed = parse(std::move(args));
  REQUIRE(parsed.ok());
  std::ostringstream out, err;
  CommandOutput result;
  result.exit_code = parsed.options.action == Action::List ? run_list_command(parsed.options, out, err)
                                                           : run_lesson_command(parsed.options, out, err);
  result.out = out.str();
  result.err = err.str();
  return result;
}
}  // namespace

TEST_CASE("'list' and 'run ID' are subcommands, run collects its settings in order", "[cli][headless]") {
  CHECK(parse({"list"}).options.action == Action::List);
  CHECK(parse({"list", "--json"}).options.json);

  const CliParse run = parse({"run", "blocking-executor", "--set", "mode=async_sleep", "--flavor", "multi_thread",
                              "--workers=3", "--clock", "real", "--seed", "9", "--variant", "spawn_blocking", "--summary"});
  REQUIRE(run.ok());
  CHECK(run.options.action == Action::Run);
  CHECK(run.options.lesson_id == "blocking-executor");
  CHECK(run.options.variant == "spawn_blocking");
  CHECK(run.options.summary);
  CHECK(run.options.lesson_settings ==
        std::vector<std::string>{"mode=async_sleep", "flavor=multi_thread", "workers=3", "clock=real", "seed=9"});
}

TEST_CASE("run options outside 'run', window options inside it, and a run without an id are refused", "[cli][headless]") {
  CHECK(parse({"--set", "mode=join"}).error == "--set only applies to 'wakeline run ID' and the window (with --lesson ID)");
  CHECK(parse({"list", "--summary"}).error == "--summary only applies to 'wakeline run ID'");
  CHECK(parse({"run", "lazy-future", "--json"}).error == "--json only applies to 'wakeline list'");
  CHECK(parse({"run", "lazy-future", "--screenshot", "x.png"}).error ==
        "--screenshot only applies to the window (not 'wakeline list' or 'wakeline run')");
  CHECK(parse({"run"}).error == "'wakeline run' needs a lesson id: wakeline run ID (see 'wakeline list')");
  CHECK(parse({"run", "a", "b"}).error == "unexpected argument 'b'");
  CHECK(parse({"list", "extra"}).error == "unexpected argument 'extra'");
  CHECK(parse({"run", "a", "--set", "nokey"}).error ==
        "invalid --set 'nokey': expected KEY=VALUE, e.g. --set latency_ms=500");
}

TEST_CASE("the help text names the subcommands and the run options", "[cli][headless]") {
  const std::string usage = usage_text();
  for (const char* text : {"wakeline list", "wakeline run ID", "--set KEY=VALUE", "--variant NAME", "--flavor FLAVOR",
                           "--workers N", "--clock CLOCK", "--seed N", "--summary", "--json"}) {
    INFO(text);
    CHECK(usage.find(text) != std::string::npos);
  }
}

TEST_CASE("'wakeline list' prints the ten lesson ids one per line and then the script lessons with their files", "[cli][headless]") {
  const CommandOutput list = run_command({"list"});
  CHECK(list.exit_code == kExitOk);
  CHECK(list.out.rfind("sequential-vs-join\nselect-race\nblocking-executor\nchannel-ping-pong\nworker-queue\n"
                       "spawn-blocking-analysis\njoinset-limit\ntimeout-try-join\nlazy-future\nwork-stealing\n",
                       0) == 0);
  CHECK(list.out.find("\nsequential-vs-join-lua  (script, shipped: ") != std::string::npos);
  CHECK(list.out.find("assets/lessons/sequential_vs_join.lua)\n") != std::string::npos);
}

TEST_CASE("'wakeline list --json' gives ids, titles, parameters with defaults and ranges, and variants", "[cli][headless]") {
  const CommandOutput list = run_command({"list", "--json"});
  REQUIRE(list.exit_code == kExitOk);
  const auto json = nlohmann::json::parse(list.out);
  REQUIRE(json["lessons"].size() >= 20);  // the ten built-in lessons, then at least their script twins
  CHECK(json["lessons"][10]["origin"] == "shipped");
  CHECK(json["lessons"][10]["file"].get<std::string>().ends_with(".lua"));
  const auto& first = json["lessons"][0];
  CHECK(first["origin"] == "built-in");
  CHECK(first["id"] == "sequential-vs-join");
  CHECK_FALSE(first["title"].get<std::string>().empty());
  CHECK(first["params"][0] == nlohmann::json::parse(R"({"key":"mode","kind":"choice","default":"sequential",
        "choices":["sequential","join","spawn"],"unit":"","help":"how the requests are awaited"})"));
  CHECK(first["params"][2]["default"] == 1000);
  CHECK(first["params"][2]["min"] == 1);
  CHECK(first["params"][2]["max"] == 60000);
  CHECK(first["params"][2]["unit"] == "ms");
  CHECK(first["runtime_params"][0]["key"] == "flavor");
  CHECK(first["runtime_params"][0]["default"] == "multi_thread");
  CHECK(first["variants"][1]["name"] == "join");
  CHECK(first["variants"][1]["set"]["mode"] == "join");
}

TEST_CASE("'wakeline run' prints the lesson's output and a one-line total", "[cli][headless]") {
  const CommandOutput run = run_command({"run", "sequential-vs-join", "--set", "mode=join"});
  CHECK(run.exit_code == kExitOk);
  const std::string lines =
      "join: 2 requests of 1000 ms each\n"
      "got response 2 (64 bytes) after 1000 ms\n"  // join takes turns: its second poll starts at request 2
      "got response 1 (64 bytes) after 1000 ms\n"
      "all done after 1000 ms\n";
  REQUIRE(run.out.starts_with(lines));
  // The total includes a few microseconds of virtual poll cost: "total: 1000.005 ms (...)".
  const std::string total = run.out.substr(lines.size());
  CHECK(total.starts_with("total: 1000.0"));
  CHECK(total.ends_with(" ms (virtual clock, multi_thread with 2 workers)\n"));
  CHECK(run.err.empty());
}

TEST_CASE("'wakeline run --summary' prints one JSON object with the run's numbers", "[cli][headless]") {
  const CommandOutput run = run_command({"run", "blocking-executor", "--summary"});
  REQUIRE(run.exit_code == kExitOk);
  REQUIRE(run.out.find('\n') == run.out.size() - 1);
  const auto json = nlohmann::json::parse(run.out);
  CHECK(json["scenario"] == "blocking-executor");
  CHECK(json["total_ms"].get<double>() >= 550);
  CHECK(json["total_ms"].get<double>() <= 550 * 1.01);
  CHECK(json["output"].back() == "all 10 futures finished after 550 ms");
}

TEST_CASE("bad input to 'wakeline run' exits 2, says what is allowed, and runs nothing", "[cli][headless]") {
  const CommandOutput unknown = run_command({"run", "no-such-lesson"});
  CHECK(unknown.exit_code == kExitUsage);
  CHECK(unknown.out.empty());
  CHECK(unknown.err.starts_with("wakeline: unknown lesson 'no-such-lesson'; allowed: sequential-vs-join, select-race, "));

  const CommandOutput key = run_command({"run", "lazy-future", "--set", "speed=3"});
  CHECK(key.exit_code == kExitUsage);
  CHECK(key.out.empty());
  CHECK(key.err ==
        "wakeline: unknown parameter 'speed' for lesson 'lazy-future'; allowed: mode, delay_ms, fetch_ms, flavor, "
        "workers, clock, seed, cores, timer_tick\n");

  const CommandOutput range = run_command({"run", "lazy-future", "--set", "delay_ms=-5"});
  CHECK(range.exit_code == kExitUsage);
  CHECK(range.err == "wakeline: delay_ms=-5 is out of range; allowed: a whole number from 0 to 60000 (ms)\n");

  const CommandOutput workers = run_command({"run", "blocking-executor", "--workers", "2"});
  CHECK(workers.exit_code == kExitUsage);
  CHECK(workers.err.find("current_thread has exactly 1 worker") != std::string::npos);

  const CommandOutput variant = run_command({"run", "lazy-future", "--variant", "eager"});
  CHECK(variant.exit_code == kExitUsage);
  CHECK(variant.err == "wakeline: unknown variant 'eager' for lesson 'lazy-future'; allowed: lazy, spawn\n");
}
