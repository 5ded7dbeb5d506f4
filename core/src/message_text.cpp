// Message texts: cutting a text to its cap, recording it on the lane, finding it in a trace.
#include "wakeline/message_text.hpp"

#include <algorithm>
#include <cstring>

#include "runtime/recorder.hpp"

namespace wakeline {
namespace {

constexpr std::string_view kEllipsis = "\xe2\x80\xa6";  // "…"

// How many bytes of `text` to keep so that the kept bytes, plus "…" when cut, fit in max_bytes.
std::size_t kept_bytes(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text.size();
  std::size_t end = max_bytes >= kEllipsis.size() ? max_bytes - kEllipsis.size() : 0;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xc0) == 0x80) --end;  // not inside a character
  return end;
}

}  // namespace

std::string cut_message_text(std::string_view text, std::size_t max_bytes) {
  const std::size_t kept = kept_bytes(text, max_bytes);
  std::string out(text.substr(0, kept));
  if (kept < text.size()) out += kEllipsis;
  return out;
}

std::optional<std::string_view> message_text(const Trace& trace, std::uint64_t channel, std::uint64_t seq) {
  if (trace.messages.empty()) return std::nullopt;
  const auto key = std::make_pair(channel, seq);
  const auto it = std::lower_bound(trace.messages.begin(), trace.messages.end(), key, [](const MessageText& m, const auto& k) {
    return std::make_pair(std::uint64_t{m.channel}, std::uint64_t{m.seq}) < k;
  });
  if (it == trace.messages.end() || it->channel != channel || it->seq != seq || it->text >= trace.strings.size())
    return std::nullopt;
  return std::string_view(trace.strings[it->text]);
}

namespace detail {

void record_message_text(Context& ctx, std::uint64_t channel, std::uint64_t seq, std::string_view text) noexcept {
  if (!ctx.recording || ctx.rec == nullptr) return;
  try {
    ctx.rec->messages.append(channel, seq, text);
  } catch (...) {  // out of memory for a new chunk: the text is left out, the run goes on
  }
}

void MessageLog::append(std::uint64_t channel, std::uint64_t seq, std::string_view text) {
  if (kChunkBytes - tail_used < kMaxEntry) {  // the reader follows the same rule (message_log.cpp)
    Chunk* chunk = new_chunk();
    if (tail) tail->next.store(chunk, std::memory_order_release); else head = chunk;
    tail = chunk;
    tail_used = 0;
  }
  unsigned char* at = tail->bytes + tail_used;
  auto put_varint = [&at](std::uint32_t value) {
    for (; value >= 0x80; value >>= 7) *at++ = static_cast<unsigned char>(value | 0x80);
    *at++ = static_cast<unsigned char>(value);
  };
  put_varint(static_cast<std::uint32_t>(channel));
  put_varint(static_cast<std::uint32_t>(seq));
  unsigned char* const size_at = at++;
  char* out = reinterpret_cast<char*>(at);
  const std::size_t kept = kept_bytes(text, kMaxMessageTextBytes);
  std::memcpy(out, text.data(), kept);
  std::size_t size = kept;
  if (kept < text.size()) {
    std::memcpy(out + kept, kEllipsis.data(), kEllipsis.size());
    size += kEllipsis.size();
  }
  *size_at = static_cast<unsigned char>(size);
  tail_used = static_cast<std::size_t>(at - tail->bytes) + size;
  published.store(published.load(std::memory_order_relaxed) + 1, std::memory_order_release);
}

}  // namespace detail
}  // namespace wakeline
