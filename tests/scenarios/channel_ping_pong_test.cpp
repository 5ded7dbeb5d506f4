#include "lesson_runs.hpp"

#include "wakeline/message_text.hpp"

using namespace lesson_tests;

namespace {
// ChannelWait events on the send side, by the task with this name.
int send_waits_by(const Trace& trace, std::string_view name) {
  int n = 0;
  for (const auto& event : trace.events)
    n += event.kind == EventKind::ChannelWait && event.b() == static_cast<std::uint64_t>(WaitSide::Send) &&
         task_name(trace, event.task) == name;
  return n;
}
}  // namespace

TEST_CASE("ten pings get ten pongs, and dropping the sender ends the ponger's loop", "[channel-ping-pong]") {
  const LessonRun run = run_lesson_with("channel-ping-pong");
  for (int n = 1; n <= 10; ++n) CHECK(printed_containing(run, "pinger: pong " + std::to_string(n) + " back"));
  CHECK(printed(run, "ponger: received 10 pings so far"));
  CHECK(printed(run, "ponger: the ping channel is closed, stopping"));
  CHECK(printed(run, "pinger: all 10 pongs are back"));
  CHECK(count_events(run.trace(), EventKind::ChannelClose) >= 2);  // pings, then pongs
  CHECK(send_waits_by(run.trace(), "pinger") == 0);                 // 32 slots: the burst never waits
}

TEST_CASE("capacity 1 and a 5 ms handler: the pinger waits on a full channel, ten rounds take 50 ms",
          "[channel-ping-pong]") {
  const LessonRun run = run_lesson_with("channel-ping-pong", {"capacity=1", "handler_ms=5"});
  CHECK(send_waits_by(run.trace(), "pinger") >= 5);
  CHECK(within_one_percent(run.total_ms, 50));
  CHECK(printed(run, "pinger: all 10 pongs are back"));
}

TEST_CASE("capacity 1: ping 2 is sent only once the ponger has received ping 1, as in Tokio", "[channel-ping-pong]") {
  // Tokio keeps a message's slot taken until the receiver has it, even one handed straight to a
  // receiver that was already waiting: with one slot, the second send waits for the first recv.
  const LessonRun run = run_lesson_with("channel-ping-pong", {}, "backpressure");
  const Trace& trace = run.trace();
  std::uint64_t pings = 0;
  for (const auto& e : trace.events)
    if (e.kind == EventKind::ChannelCreated && trace.str(static_cast<StringId>(e.b())) == "pings") pings = e.a();
  REQUIRE(pings != 0);
  std::size_t first_received = trace.events.size(), second_sent = trace.events.size();
  for (std::size_t i = 0; i < trace.events.size(); ++i) {
    const Event& e = trace.events[i];
    if (e.a() != pings) continue;
    if (e.kind == EventKind::ChannelRecv && e.b() == 0 && first_received == trace.events.size()) first_received = i;
    if (e.kind == EventKind::ChannelSend && e.b() == 1) second_sent = i;
  }
  REQUIRE(first_received < trace.events.size());
  REQUIRE(second_sent < trace.events.size());
  CHECK(first_received < second_sent);
  // Never more than one ping in the channel, counting the one handed to the waiting ponger.
  for (const auto& e : trace.events)
    if (e.a() == pings && (e.kind == EventKind::ChannelSend || e.kind == EventKind::ChannelRecv)) CHECK(e.c() <= 1);
}

namespace {
// The recorded text of every message sent on the channel, in the order they were sent.
std::vector<std::string> texts_sent_on(const Trace& trace, std::string_view channel) {
  std::uint64_t id = 0;
  for (const auto& e : trace.events)
    if (e.kind == EventKind::ChannelCreated && trace.str(static_cast<StringId>(e.b())) == channel) id = e.a();
  std::vector<std::string> texts;
  for (const auto& e : trace.events) {
    if (e.kind != EventKind::ChannelSend || e.a() != id) continue;
    const auto text = message_text(trace, e.a(), e.b());
    texts.push_back(text ? std::string(*text) : "(none)");
  }
  return texts;
}

// The number after `prefix` in each printed line that starts with it: "pinger: sent ping " -> "4".
std::vector<std::string> printed_numbers(const LessonRun& run, std::string_view prefix) {
  std::vector<std::string> numbers;
  for (const auto& line : run.output)
    if (line.starts_with(prefix)) numbers.push_back(line.substr(prefix.size(), line.find(' ', prefix.size()) - prefix.size()));
  return numbers;
}
}  // namespace

TEST_CASE("the trace keeps each ping and pong as the lesson prints it: ping 4 is 4", "[channel-ping-pong]") {
  const LessonRun run = run_lesson_with("channel-ping-pong", {"rounds=5"});
  const std::vector<std::string> pings = texts_sent_on(run.trace(), "pings");
  CHECK(pings == std::vector<std::string>{"1", "2", "3", "4", "5"});
  CHECK(pings == printed_numbers(run, "pinger: sent ping "));
  CHECK(texts_sent_on(run.trace(), "pongs") == printed_numbers(run, "pinger: pong "));
}
