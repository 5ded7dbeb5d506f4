// Message texts (message_text.hpp): what a channel records of the values it carries, how the
// table travels through both trace files, and how a damaged table is refused.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "round_trip.hpp"
#include "test_support.hpp"
#include "trace_fixtures.hpp"
#include "wakeline/broadcast.hpp"
#include "wakeline/join_handle.hpp"
#include "wakeline/message_text.hpp"
#include "wakeline/mpsc.hpp"
#include "wakeline/oneshot.hpp"
#include "wakeline/spawn.hpp"
#include "wakeline/trace_io/binary.hpp"
#include "wakeline/trace_io/native.hpp"
#include "wakeline/watch.hpp"

using namespace wakeline;
using namespace wakeline::testing;

namespace {

struct Opaque {  // no describe_message: a channel of these records no text
  int secret = 0;
};

namespace lesson {
struct Request {
  int id = 0;
};
std::string describe_message(const Request& r) { return "request " + std::to_string(r.id); }
}  // namespace lesson

Task<> send_one_of_each() {
  auto [ints_tx, ints_rx] = mpsc::channel<int>(8, "ints");
  auto [opaque_tx, opaque_rx] = mpsc::channel<Opaque>(8, "opaque");
  auto [requests_tx, requests_rx] = mpsc::unbounded_channel<lesson::Request>("requests");
  auto [names_tx, names_rx] = mpsc::channel<std::string>(8, "names");
  auto [reply_tx, reply_rx] = oneshot::channel<double>("reply");
  auto [news_tx, news_rx] = broadcast::channel<bool>(4, "news");
  auto [config_tx, config_rx] = watch::channel<int>(0, "config");
  auto [wide_tx, wide_rx] = mpsc::channel<char16_t>(1, "wide");  // described as its number, and it compiles
  (void)co_await ints_tx.send(4);
  (void)co_await opaque_tx.send(Opaque{7});
  lesson::Request request{3};
  (void)co_await requests_tx.send(std::move(request));
  (void)co_await names_tx.send(std::string(200, 'x'));
  (void)reply_tx.send(2.5);
  (void)news_tx.send(true);
  (void)config_tx.send(-12);
  (void)co_await wide_tx.send(u'A');
  (void)co_await ints_rx.recv();
}

// Four senders, 1000 texts of 60 bytes each: a lane's log fills its heap chunks and goes on in a
// huge-page slab (message_log.hpp).
Task<> send_texts(mpsc::Sender<std::string> tx, int first) {
  for (int i = first; i < first + 1000; ++i) {
    std::string text = "text " + std::to_string(i) + std::string(50, '.');
    (void)co_await tx.send(std::move(text));
  }
}

Task<std::vector<std::string>> many_senders() {
  auto [tx, rx] = mpsc::channel<std::string>(4, "texts");
  std::vector<JoinHandle<void>> senders;
  for (int s = 0; s < 4; ++s) senders.push_back(spawn(send_texts(tx, s * 1000), "sender"));
  tx.close();
  std::vector<std::string> received;
  while (auto text = co_await rx.recv()) received.push_back(*text);
  for (auto& sender : senders) (void)co_await std::move(sender);
  co_return received;
}

// A text on a channel made after thousands of others: its id is far beyond the number of texts.
Task<> one_text_on_a_late_channel() {
  for (int i = 0; i < 5000; ++i) (void)mpsc::channel<int>(1, "unused");
  auto [tx, rx] = mpsc::channel<int>(1, "late");
  (void)co_await tx.send(7);
  (void)co_await rx.recv();
}

std::string text_on(const Trace& trace, std::string_view channel, std::uint64_t seq) {
  const auto text = message_text(trace, channel_named(trace, channel), seq);
  return text ? std::string(*text) : std::string("(none)");
}

// The fixture's one message (channel 1, sequence 0) with a text.
Trace fixture_with_texts() {
  Trace trace = fixtures::small_valid_trace();
  trace.strings.push_back("4");
  trace.messages.push_back(MessageText{1, 0, static_cast<StringId>(trace.strings.size() - 1)});
  return trace;
}

std::string validation_of(const Trace& trace) {
  const ValidationResult result = validate(trace);
  return result.ok ? std::string("ok") : result.message;
}

}  // namespace

TEST_CASE("sending 4 on a channel of ints records the text 4, and a value of a type that cannot be described records nothing",
          "[message_text]") {
  const auto result = checked_run(RuntimeOptions{}, send_one_of_each());
  const Trace& trace = result.report.trace;
  CHECK(text_on(trace, "ints", 0) == "4");
  CHECK(text_on(trace, "opaque", 0) == "(none)");
  CHECK(text_on(trace, "requests", 0) == "request 3");
  CHECK(text_on(trace, "reply", 0) == "2.5");
  CHECK(text_on(trace, "news", 0) == "true");
  CHECK(text_on(trace, "config", 1) == "-12");  // a watch's sends are its versions, from 1
  // A huge value is cut to the cap, ending in an ellipsis.
  const std::string cut = text_on(trace, "names", 0);
  CHECK(cut.size() <= kMaxMessageTextBytes);
  std::string expected(kMaxMessageTextBytes - 3, 'x');
  expected += "\xe2\x80\xa6";  // appended, not `+`: GCC 12 warns falsely on that
  CHECK(cut == expected);
  CHECK(text_on(trace, "wide", 0) == "65");
  CHECK(trace.messages.size() == 7);
}

TEST_CASE("texts sent from several workers on one channel come out in the order the receiver got them, one per message",
          "[message_text]") {
  for (const ClockKind clock : {ClockKind::Virtual, ClockKind::Real}) {
    auto result = checked_run(multi_thread(2, clock), many_senders());
    const Trace& trace = result.report.trace;
    REQUIRE(result.main);
    const std::vector<std::string>& received = result.main->value();
    REQUIRE(received.size() == 4000);
    const std::uint64_t channel = channel_named(trace, "texts");
    for (std::uint64_t seq = 0; seq < received.size(); ++seq) {
      INFO("message " << seq);
      REQUIRE(text_on(trace, "texts", seq) == received[seq]);
    }
    CHECK(trace.messages.size() == 4000);
    CHECK(std::count_if(trace.messages.begin(), trace.messages.end(), [&](const MessageText& m) { return m.channel == channel; }) == 4000);
  }
}

TEST_CASE("a text on a channel with a large id is kept like any other", "[message_text]") {
  const auto result = checked_run(RuntimeOptions{}, one_text_on_a_late_channel());
  const Trace& trace = result.report.trace;
  CHECK(text_on(trace, "late", 0) == "7");
  CHECK(trace.messages.size() == 1);
}

TEST_CASE("a run that does not record keeps no texts, and the events stay 32 bytes", "[message_text]") {
  RuntimeOptions options;
  options.record = false;
  const auto result = run(options, send_one_of_each());
  CHECK(result.report.trace.messages.empty());
  STATIC_REQUIRE(sizeof(Event) == 32);
}

TEST_CASE("a text is cut on a character boundary and only when it is too long", "[message_text]") {
  CHECK(cut_message_text("4") == "4");
  CHECK(cut_message_text(std::string(64, 'a')) == std::string(64, 'a'));
  std::string accents;
  for (int i = 0; i < 40; ++i) accents += "\xc3\xa9";  // é, two bytes each
  const std::string cut = cut_message_text(accents);
  CHECK(cut.size() <= kMaxMessageTextBytes);
  CHECK(cut.substr(cut.size() - 3) == "\xe2\x80\xa6");
  CHECK((cut.size() - 3) % 2 == 0);  // whole characters before the ellipsis
}

TEST_CASE("a trace with message texts round-trips through JSON and binary byte for byte", "[message_text][trace_io]") {
  const Trace trace = fixture_with_texts();
  REQUIRE(validation_of(trace) == "ok");
  const std::string json = write_native(trace);
  CHECK(fixtures::contains(json, "\"messages\":[\n[1,0,"));
  read_back_native(json, trace);

  const Trace from_binary = read_back_binary(write_binary(trace), trace);
  CHECK(write_native(from_binary) == json);
}

TEST_CASE("a trace without texts is written exactly as before: no messages field, no messages section", "[message_text][trace_io]") {
  const Trace trace = fixtures::small_valid_trace();
  CHECK_FALSE(fixtures::contains(write_native(trace), "messages"));
  // One section fewer than the same trace with texts.
  const std::string plain = write_binary(trace);
  const std::string with_texts = write_binary(fixture_with_texts());
  const auto sections = [](const std::string& file) { return static_cast<unsigned char>(file[12]); };
  CHECK(sections(plain) == 12);
  CHECK(sections(with_texts) == 13);
  // A file from before the table reads, validates and shows message numbers.
  const LoadResult old = read_native_file(WAKELINE_HOSTILE_DIR "/valid_small.wakeline.json");
  INFO(old.error);
  REQUIRE(old.ok());
  CHECK(old.trace->messages.empty());
  CHECK(validate(*old.trace).ok);
  CHECK_FALSE(message_text(*old.trace, 1, 0).has_value());
}

TEST_CASE("a malformed message table is refused by the reader or by validate, naming the problem", "[message_text][trace_io]") {
  SECTION("the reader: an entry that is not three unsigned integers") {
    std::string json = write_native(fixture_with_texts());
    const auto at = json.find("[1,0,");
    REQUIRE(at != std::string::npos);
    json.replace(at, 5, "[1,-1,");
    const LoadResult loaded = read_native(json);
    REQUIRE_FALSE(loaded.ok());
    CHECK(fixtures::contains(loaded.error, "messages[0][1]"));
  }
  SECTION("the binary reader takes the table's shape; validate refuses its duplicates") {
    Trace trace = fixture_with_texts();
    for (int i = 0; i < 3; ++i) trace.messages.push_back(trace.messages.back());  // duplicates: validate's job
    const LoadResult loaded = read_binary(write_binary(trace));
    REQUIRE(loaded.ok());
    CHECK(loaded.trace->messages.size() == 4);
    CHECK(fixtures::contains(validation_of(*loaded.trace), "message_texts_valid"));
  }
  SECTION("validate: unknown message, string id out of range, too long a text, a duplicate, out of order") {
    Trace unknown = fixture_with_texts();
    unknown.messages[0].seq = 9;
    CHECK(fixtures::contains(validation_of(unknown), "message_texts_valid: messages[0] (channel 1, message 9): no channel_send"));
    Trace no_string = fixture_with_texts();
    no_string.messages[0].text = 0xffffffffu;
    CHECK(fixtures::contains(validation_of(no_string), "is not a string id"));
    Trace too_long = fixture_with_texts();
    too_long.strings.back() = std::string(65, 'x');
    CHECK(fixtures::contains(validation_of(too_long), "at most 64"));
    Trace twice = fixture_with_texts();
    twice.messages.push_back(twice.messages[0]);
    CHECK(fixtures::contains(validation_of(twice), "a second text for the same message"));
    Trace unsorted = fixture_with_texts();
    unsorted.messages.push_back(MessageText{0, 0, 0});
    CHECK(fixtures::contains(validation_of(unsorted), "sorted by channel"));
  }
}
