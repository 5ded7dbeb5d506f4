// Lesson: try_join under a timeout.
//
// Three services are asked at once with try_join, and the whole thing runs under a deadline with
// timeout. try_join gives all three answers, or stops at the first failure and cancels the rest;
// timeout gives up, cancelling everything inside, if the deadline comes first.
#include <chrono>
#include <exception>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>

#include "lessons/lessons.hpp"
#include "wakeline/io.hpp"
#include "wakeline/join.hpp"
#include "wakeline/time.hpp"
#include "wakeline/timeout.hpp"

namespace wakeline::scenarios {
namespace {

using Millis = std::chrono::milliseconds;
using namespace std::chrono_literals;

Task<std::string> fetch_service(std::string name, Millis latency, bool fails) {
  co_await sleep(latency);
  if (fails) throw std::runtime_error(name + " refused the connection");
  print(name, " answered after ", elapsed_ms(), " ms");
  co_return name + ": OK";
}

// The failing service is chosen by the `fail` parameter: none, first, second or third.
Task<std::tuple<std::string, std::string, std::string>> fetch_all(std::string failing) {
  auto a = fetch_service("svc-a", 100ms, failing == "first");
  auto b = fetch_service("svc-b", 200ms, failing == "second");
  auto c = fetch_service("svc-c", 150ms, failing == "third");
  co_return co_await try_join(std::move(a), std::move(b), std::move(c));
}

Task<> lesson_main(std::string failing, Millis deadline) {
  try {
    auto answers = co_await timeout(deadline, fetch_all(failing));
    if (!answers) {
      print("the ", deadline.count(), " ms deadline passed first; every fetch still running was cancelled");
      co_return;
    }
    auto& [a, b, c] = *answers;
    print("all answered after ", elapsed_ms(), " ms: ", a, ", ", b, ", ", c);
  } catch (const std::exception& error) {
    // try_join rethrows the first failure once it has cancelled the other fetches.
    print("fetch_all failed after ", elapsed_ms(), " ms: ", error.what());
  }
}

}  // namespace

Lesson timeout_try_join_lesson() {
  return Lesson{
      .id = "timeout-try-join",
      .title = "try_join under a timeout",
      .explanation =
          "The three fetches (100, 200 and 150 ms) are branches of the main task, started together by "
          "try_join, and the whole try_join is a branch of timeout, racing a deadline timer. "
          "With nothing failing, the answers arrive at 100, 150 and 200 ms, and the run ends at 200 ms. "
          "Make one fetch fail and try_join stops at that moment: the fetches still running are dropped "
          "(FutureDropped, their timers cancelled) and the error reaches main. "
          "Make the deadline shorter than the slowest fetch and the timer wins instead: the whole "
          "try_join is dropped, and everything inside it with it.",
      .params = {
          choice_param("fail", {"none", "first", "second", "third"}, "none", "which fetch fails"),
          int_param("deadline_ms", 1, 600000, 5000, "ms", "the timeout around all three fetches"),
      },
      .variants = {
          {"all-ok", "All three answer", {{"fail", "none"}}},
          {"first-fails", "svc-a fails at 100 ms", {{"fail", "first"}}},
          {"third-fails", "svc-c fails at 150 ms", {{"fail", "third"}}},
          {"tight-deadline", "Deadline 120 ms", {{"fail", "none"}, {"deadline_ms", "120"}}},
      },
      .flavors = {Flavor::CurrentThread, Flavor::MultiThread},
      .default_flavor = Flavor::CurrentThread,
      .default_workers = 2,
      .source_text = lesson_source("timeout_try_join.cpp"),
      .make_main = [](const ParamValues& p) { return lesson_main(p.choice("fail"), Millis(p.integer("deadline_ms"))); },
  };
}

}  // namespace wakeline::scenarios
