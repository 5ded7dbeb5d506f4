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

// Where an entry lies: its chunk (counted over all the lanes' chunks) and the offset of its text's
// size byte there.
struct EntryAt {
  std::uint32_t channel;
  std::uint32_t seq;
  std::size_t chunk;
  std::size_t offset;
  const unsigned char* text;  // the text's size, then the text
};

// A varint the writer wrote (MessageLog), at `at`; moves `at` past it.
std::uint32_t read_varint(const unsigned char* bytes, std::size_t& at) {
  std::uint32_t value = 0;
  for (unsigned shift = 0;; shift += 7) {
    const unsigned char byte = bytes[at++];
    value |= static_cast<std::uint32_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return value;
  }
}

// Calls f(EntryAt) for the first `count` entries of a lane's log, in the order they were written;
// `first_chunk` is the number of the lane's first chunk.
template <typename F>
void for_each_entry(const MessageLog& log, std::uint64_t count, std::size_t first_chunk, F&& f) {
  if (count == 0) return;  // nothing published: the lane may be writing its head right now
  const MessageLog::Chunk* chunk = log.head;
  std::size_t at = 0;
  std::size_t chunk_no = first_chunk;
  for (std::uint64_t left = count; left > 0 && chunk; --left) {
    EntryAt e{};
    e.channel = read_varint(chunk->bytes, at);
    e.seq = read_varint(chunk->bytes, at);
    e.chunk = chunk_no;
    e.offset = at;
    e.text = chunk->bytes + at;
    f(e);
    at += 1 + e.text[0];
    // The writer's rule (MessageLog::append): too little room left for a whole entry.
    if (MessageLog::kChunkBytes - at < MessageLog::kMaxEntry && left > 1) {
      chunk = chunk->next.load(std::memory_order_acquire);
      at = 0;
      ++chunk_no;
    }
  }
}

// The entries `each` walks, sorted by (channel, seq), each made into an Entry by `make`.
template <typename Entry, typename Each, typename Make>
std::vector<Entry> sorted_entries(std::uint64_t total, Each&& each, Make&& make) {
  std::vector<Entry> out;
  // Like every big array a recorded run writes once: in huge pages (huge_pages.hpp).
  out.reserve(total);
  advise_huge(out.data(), total * sizeof(Entry));

  // By channel first, with a stable counting sort: the runtime numbers channels from 1, so an
  // array indexed by channel is small unless some id lies far beyond the number of texts (then a
  // stable sort of everything instead).
  const std::uint64_t most_channels = total * 4 + 4096;
  std::vector<std::uint64_t> starts;  // per channel + 1: how many texts, then where its next one goes
  bool dense = true;
  each([&](const EntryAt& e) {
    if (!dense) return;
    if (e.channel >= most_channels) {
      dense = false;
      return;
    }
    if (e.channel + std::size_t{2} > starts.size()) starts.resize(e.channel + std::size_t{2});
    ++starts[e.channel + 1];
  });
  if (dense) {
    for (std::size_t c = 1; c < starts.size(); ++c) starts[c] += starts[c - 1];
    out.resize(total);
    each([&](const EntryAt& e) { out[starts[e.channel]++] = make(e); });
  } else {
    each([&](const EntryAt& e) { out.push_back(make(e)); });
    std::stable_sort(out.begin(), out.end(), [](const Entry& x, const Entry& y) { return x.channel < y.channel; });
  }
  // Then each channel's texts by seq: already in order when one lane sent them all.
  auto by_seq = [](const Entry& x, const Entry& y) { return x.seq < y.seq; };
  for (auto run = out.begin(); run != out.end();) {
    const std::uint32_t channel = run->channel;
    auto end = std::find_if(run, out.end(), [channel](const Entry& m) { return m.channel != channel; });
    if (!std::is_sorted(run, end, by_seq)) std::stable_sort(run, end, by_seq);
    run = end;
  }
  return out;
}

// Numbers the texts of `in` (sorted) in trace.strings and writes their MessageTexts to `out`,
// which may be `in` itself (entry i is read before anything is written over it): the first text
// of each message, after what trace.messages holds. Returns how many it wrote.
template <typename Entry, typename TextOf>
std::size_t number_texts(Trace& trace, const std::vector<Entry>& in, MessageText* out, TextOf&& text_of) {
  const std::size_t n = in.size();
  // A message's value mostly comes back or goes on (a reply, a pipeline's next stage): the table
  // is sized for half the texts being new (a ping-pong's 2M texts: 16 MB of fresh slots, not
  // 32), and doubles (by the slots' hashes, no string read) when more are.
  TraceStrings ids(trace, n, n / 2);
  // Hashed kAhead lookups ahead, each slot prefetched then, its string half-way (TraceStrings).
  constexpr std::size_t kAhead = 16;
  std::array<std::size_t, 2 * kAhead> hashes{};  // a ring, indexed by message modulo its size
  auto hash_ahead = [&](std::size_t i) {
    const std::size_t hash = TraceStrings::hash_of(text_of(in[i]));
    hashes[i % hashes.size()] = hash;
    ids.prefetch_slot(hash);
  };
  for (std::size_t i = 0; i < std::min(n, kAhead); ++i) hash_ahead(i);
  const MessageText* before = trace.messages.empty() ? nullptr : &trace.messages.back();
  std::size_t kept = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (i + kAhead < n) hash_ahead(i + kAhead);
    if (i + kAhead / 2 < n) ids.prefetch_text(hashes[(i + kAhead / 2) % hashes.size()]);
    const std::uint32_t channel = in[i].channel;
    const std::uint32_t seq = in[i].seq;
    const MessageText* last = kept > 0 ? &out[kept - 1] : before;
    if (last && last->channel == channel && last->seq == seq) continue;
    const StringId text = ids.of(text_of(in[i]), hashes[i % hashes.size()]);
    out[kept++] = MessageText{channel, seq, text};
  }
  return kept;
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

CollectedMessages collect_messages(const std::vector<ThreadRecorder*>& lanes) {
  // What each lane has published now: a live run's lanes go on appending while this reads.
  std::vector<std::uint64_t> counts;
  std::uint64_t total = 0;
  for (const ThreadRecorder* rec : lanes) {
    counts.push_back(rec->messages.published.load(std::memory_order_acquire));
    total += counts.back();
  }
  CollectedMessages out;
  if (total == 0) return out;
  // Every chunk the lanes have linked so far (those past the published entries go unread).
  std::vector<std::size_t> first_chunk;
  // A lane's head is read only once it has published a text (then the head was written before).
  for (std::size_t lane = 0; lane < lanes.size(); ++lane) {
    first_chunk.push_back(out.chunks.size());
    if (counts[lane] == 0) continue;
    for (const MessageLog::Chunk* c = lanes[lane]->messages.head; c; c = c->next.load(std::memory_order_acquire))
      out.chunks.push_back(c->bytes);
  }
  auto each = [&](auto&& f) {
    for (std::size_t lane = 0; lane < lanes.size(); ++lane)
      for_each_entry(lanes[lane]->messages, counts[lane], first_chunk[lane], f);
  };
  static_assert(MessageLog::kChunkBytes <= 0x10000);
  if (out.chunks.size() <= 0x10000) {
    out.sorted = sorted_entries<MessageText>(total, each, [](const EntryAt& e) {
      return MessageText{e.channel, e.seq, static_cast<StringId>(e.chunk << 16 | e.offset)};
    });
  } else {
    out.wide = sorted_entries<RecordedMessage>(total, each, [](const EntryAt& e) {
      return RecordedMessage{e.channel, e.seq, e.text};
    });
  }
  return out;
}

void add_messages(Trace& trace, CollectedMessages&& messages) {
  if (!messages.wide.empty()) {
    std::vector<MessageText> texts(messages.wide.size());
    texts.resize(number_texts(trace, messages.wide, texts.data(), [](const RecordedMessage& m) { return m.text(); }));
    trace.messages.insert(trace.messages.end(), texts.begin(), texts.end());
    return;
  }
  std::vector<MessageText>& texts = messages.sorted;
  if (texts.empty()) return;
  const auto& chunks = messages.chunks;
  auto text_of = [&chunks](const MessageText& m) {
    const unsigned char* size = chunks[m.text >> 16] + (m.text & 0xffff);
    return std::string_view(reinterpret_cast<const char*>(size + 1), *size);
  };
  texts.resize(number_texts(trace, texts, texts.data(), text_of));
  if (trace.messages.empty()) trace.messages = std::move(texts);
  else trace.messages.insert(trace.messages.end(), texts.begin(), texts.end());
}

}  // namespace wakeline::detail
