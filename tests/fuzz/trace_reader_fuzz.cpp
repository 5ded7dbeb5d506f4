// libFuzzer target (the `fuzz` preset, scripts/fuzz.sh): bytes go through what opening a file in
// the window does, headless: the reader, validate(), then every model the window builds from a
// trace that passes (catalog, state timeline and playhead, narration, timeline model) and the
// exporters. Anything that crashes, trips ASan/UBSan, or breaks one of the checks below is a find.
#include <cstdint>
#include <cstdlib>
#include <ostream>
#include <streambuf>
#include <string_view>

#include "timeline/timeline_model.hpp"
#include "wakeline/playhead/narrate.hpp"
#include "wakeline/playhead/playhead.hpp"
#include "wakeline/playhead/state_timeline.hpp"
#include "wakeline/task_stats.hpp"
#include "wakeline/trace_io/chrome.hpp"
#include "wakeline/trace_io/csv.hpp"
#include "wakeline/trace_io/binary.hpp"
#include "wakeline/trace_io/native.hpp"
#include "wakeline/trace_io/trace_file.hpp"
#include "wakeline/validate.hpp"

namespace {

struct NullBuffer : std::streambuf {
  int overflow(int c) override { return c; }
  std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
};

bool clean_message(std::string_view message) {
  if (message.empty() || message.size() > 2000) return false;
  for (const char c : message)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace wakeline;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const LoadResult loaded = read_trace(text);  // JSON or binary, by the first bytes, as files are read
  if (!loaded.ok()) {
    if (!clean_message(loaded.error)) std::abort();  // a refusal is one short, clean sentence
    return 0;
  }
  const Trace& trace = *loaded.trace;
  const ValidationResult valid = validate(trace);
  if (!valid.ok) {
    if (!clean_message(valid.message)) std::abort();
    return 0;  // the window refuses it: no model sees it
  }

  StateTimeline timeline(trace, StateTimeline::Options{.checkpoint_every = 64});
  Narrator narrator(timeline.catalog());
  Playhead playhead(timeline);
  for (std::size_t i = 0; i < trace.events.size(); ++i) {
    (void)narrator.line(i);
    playhead.step_forward();
    (void)find_inconsistency(playhead.state());
  }
  playhead.seek(trace.events.size() / 2);
  playhead.to_next_poll_start();
  const app::TimelineModel model = app::build_timeline_model(trace);
  (void)model;

  NullBuffer null_buffer;
  std::ostream null_out(&null_buffer);
  write_chrome(trace, null_out);
  write_tasks_csv(trace, null_out);
  write_events_csv(trace, null_out);
  // What passes is written and read back to the same trace.
  const LoadResult again = read_native(write_native(trace));
  if (!again.ok() || !validate(*again.trace).ok) std::abort();
  const LoadResult from_binary = read_binary(write_binary(trace));
  if (!from_binary.ok() || !(*from_binary.trace == trace)) std::abort();
  return 0;
}
