#include "wakeline/io.hpp"

#include "runtime/recorder.hpp"
#include "wakeline/time.hpp"

namespace wakeline {

void print_line(std::string_view text, std::source_location loc) {
  auto& ctx = detail::require_context("print");
  if (!ctx.recording) return;
  detail::append_event(ctx, detail::Stamp::Fresh, 0, EventKind::Print, detail::current_task_id(ctx),
                       ctx.rec->intern(text), 0, 0, loc);
}

std::string fake_body(std::string_view url, std::size_t bytes) {
  // FNV-1a of the url seeds a small generator, so each url has its own stable body.
  std::uint64_t h = 1469598103934665603ull;
  for (char c : url) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::string body(bytes, ' ');
  for (auto& c : body) {
    h ^= h << 13;
    h ^= h >> 7;
    h ^= h << 17;
    c = kAlphabet[h % (sizeof(kAlphabet) - 1)];
  }
  return body;
}

Task<std::string> fake_fetch(std::string url, std::chrono::nanoseconds latency, std::size_t bytes,
                             std::source_location loc) {
  co_await sleep(latency, loc);
  co_return fake_body(url, bytes);
}

}  // namespace wakeline
