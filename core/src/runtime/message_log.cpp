// The lanes' message texts, gathered into Trace::messages (see message_log.hpp).
#include "runtime/message_log.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstring>
#include <new>

#include "runtime/huge_pages.hpp"
#include "runtime/recorder.hpp"
#include "runtime/trace_strings.hpp"

namespace wakeline::detail {
namespace {

// Calls f(message) for the first `count` entries of a lane's log, in the order they were written.
template <typename F>
void for_each_entry(const MessageLog& log, std::uint64_t count, F&& f) {
  const MessageLog::Chunk* chunk = log.head;
  std::size_t at = 0;
  for (std::uint64_t left = count; left > 0 && chunk; --left) {
    const unsigned char* entry = chunk->bytes + at;
    RecordedMessage m{};
    std::memcpy(&m.channel, entry, sizeof m.channel);
    std::memcpy(&m.seq, entry + 4, sizeof m.seq);
    const std::size_t size = entry[8];
    m.entry = entry + 8;
    f(m);
    at += MessageLog::kHeader + size;
    // The writer's rule (MessageLog::append): too little room left for a whole entry.
    if (MessageLog::kChunkBytes - at < MessageLog::kMaxEntry && left > 1) {
      chunk = chunk->next.load(std::memory_order_acquire);
      at = 0;
    }
  }
}

}  // namespace

MessageLog::~MessageLog() {
  Chunk* c = head;
  for (std::size_t i = 0; i < kHeapChunks && c; ++i) {
    Chunk* next = c->next.load(std::memory_order_relaxed);
    delete c;
    c = next;
  }
  for (void* slab : slabs) unmap_huge(slab, kHugePage);
}

MessageLog::Chunk* MessageLog::new_chunk() {
  constexpr std::size_t kPerSlab = kHugePage / sizeof(Chunk);
  // `chunks` counts only chunks made: an allocation that throws leaves it as it was.
  if (chunks < kHeapChunks) {
    Chunk* chunk = new Chunk;
    ++chunks;
    return chunk;
  }
  const std::size_t in_slab = (chunks - kHeapChunks) % kPerSlab;
  if (in_slab == 0) {
    slabs.reserve(slabs.size() + 1);  // so that a failing push_back cannot leak the slab
    slabs.push_back(map_huge(kHugePage));
  }
  ++chunks;
  return new (static_cast<std::byte*>(slabs.back()) + in_slab * sizeof(Chunk)) Chunk;
}

std::vector<RecordedMessage> collect_messages(const std::vector<ThreadRecorder*>& lanes) {
  // What each lane has published now: a live run's lanes go on appending while this reads.
  std::vector<std::uint64_t> counts;
  std::uint64_t total = 0;
  for (const ThreadRecorder* rec : lanes) {
    counts.push_back(rec->messages.published.load(std::memory_order_acquire));
    total += counts.back();
  }
  std::vector<RecordedMessage> out;
  if (total == 0) return out;
  // Like every big array a recorded run writes once: in huge pages (huge_pages.hpp).
  out.reserve(total);
  advise_huge(out.data(), total * sizeof(RecordedMessage));
  auto each = [&](auto&& f) {
    for (std::size_t lane = 0; lane < lanes.size(); ++lane) for_each_entry(lanes[lane]->messages, counts[lane], f);
  };

  // By channel first, with a stable counting sort: the runtime numbers channels from 1, so an
  // array indexed by channel is small unless some id lies far beyond the number of texts (then a
  // stable sort of everything instead).
  const std::uint64_t most_channels = total * 4 + 4096;
  std::vector<std::uint64_t> starts;  // per channel + 1: how many texts, then where its next one goes
  bool dense = true;
  each([&](const RecordedMessage& m) {
    if (!dense) return;
    if (m.channel >= most_channels) {
      dense = false;
      return;
    }
    if (m.channel + std::size_t{2} > starts.size()) starts.resize(m.channel + std::size_t{2});
    ++starts[m.channel + 1];
  });
  if (dense) {
    for (std::size_t c = 1; c < starts.size(); ++c) starts[c] += starts[c - 1];
    out.resize(total);
    each([&](const RecordedMessage& m) { out[starts[m.channel]++] = m; });
  } else {
    each([&](const RecordedMessage& m) { out.push_back(m); });
    std::stable_sort(out.begin(), out.end(), [](const RecordedMessage& x, const RecordedMessage& y) { return x.channel < y.channel; });
  }
  // Then each channel's texts by seq: already in order when one lane sent them all.
  auto by_seq = [](const RecordedMessage& x, const RecordedMessage& y) { return x.seq < y.seq; };
  for (auto run = out.begin(); run != out.end();) {
    const std::uint32_t channel = run->channel;
    auto end = std::find_if(run, out.end(), [channel](const RecordedMessage& m) { return m.channel != channel; });
    if (!std::is_sorted(run, end, by_seq)) std::stable_sort(run, end, by_seq);
    run = end;
  }
  return out;
}

void add_messages(Trace& trace, const std::vector<RecordedMessage>& messages) {
  if (messages.empty()) return;
  TraceStrings ids(trace, messages.size());
  trace.messages.reserve(trace.messages.size() + messages.size());
  advise_huge(trace.messages.data() + trace.messages.size(), messages.size() * sizeof(MessageText));
  // Hashed kAhead lookups ahead, each slot prefetched then, its string half-way (TraceStrings).
  constexpr std::size_t kAhead = 16;
  std::array<std::size_t, 2 * kAhead> hashes{};  // a ring, indexed by message modulo its size
  const std::size_t n = messages.size();
  auto hash_ahead = [&](std::size_t i) {
    const std::size_t hash = TraceStrings::hash_of(messages[i].text());
    hashes[i % hashes.size()] = hash;
    ids.prefetch_slot(hash);
  };
  for (std::size_t i = 0; i < std::min(n, kAhead); ++i) hash_ahead(i);
  for (std::size_t i = 0; i < n; ++i) {
    if (i + kAhead < n) hash_ahead(i + kAhead);
    if (i + kAhead / 2 < n) ids.prefetch_text(hashes[(i + kAhead / 2) % hashes.size()]);
    const RecordedMessage& m = messages[i];
    if (!trace.messages.empty() && trace.messages.back().channel == m.channel && trace.messages.back().seq == m.seq) continue;
    trace.messages.push_back(MessageText{m.channel, m.seq, ids.of(m.text(), hashes[i % hashes.size()])});
  }
}

}  // namespace wakeline::detail
