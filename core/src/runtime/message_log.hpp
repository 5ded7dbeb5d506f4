// Per-lane storage of message texts (message_text.hpp) while a run records, and their merge into
// Trace::messages. Like the event chunks: the lane appends with no lock and publishes a count; a
// reader (the final merge or a live snapshot) reads what was published. Each text is kept inline,
// already cut, so recording one is a copy of at most kMaxMessageTextBytes and no allocation.
//
// A ping-pong sends a message every seven events: its texts were most of what a recorded run cost
// over an unrecorded one while each took a fixed 76-byte slot (fresh memory the kernel zeroes) and
// the merge copied every text into a std::string, sorted those and numbered them in a node-based
// map. Entries are now packed end to end (the channel and seq as varints, the text's size, the
// text: 11 bytes for "123456" on channel 2), the merge reads the texts where they lie and numbers
// them in the merge's open-addressed string table.
#pragma once

#include <atomic>
#include <cstdint>
#include <string_view>
#include <vector>

#include "wakeline/trace.hpp"

namespace wakeline::detail {

struct ThreadRecorder;

struct MessageLog {
  // An entry: channel and seq, each 32 bits as a varint (7 bits a byte, low first, the top bit
  // set on every byte but the last), the text's size (1 byte), the text; no padding. An entry
  // starts a new chunk when fewer than kMaxEntry bytes are left in the current one, a rule the
  // reader follows too, so it needs no per-chunk count.
  static constexpr std::size_t kMaxVarint = 5;
  static constexpr std::size_t kMaxEntry = 2 * kMaxVarint + 1 + kMaxMessageTextBytes;
  static constexpr std::size_t kChunkBytes = (std::size_t{64} << 10) - sizeof(void*);
  // A lane's first chunks come from the heap (most runs send a few messages); the rest are carved
  // from huge-page slabs, which fault in for a fraction of the 4 KiB pages' cost (huge_pages.hpp).
  static constexpr std::size_t kHeapChunks = 2;
  struct Chunk {
    std::atomic<Chunk*> next{nullptr};
    // Left unconstructed: each byte is written before it is published.
    union {
      unsigned char bytes[kChunkBytes];
    };
    Chunk() {}
  };

  std::atomic<std::uint64_t> published{0};
  Chunk* head = nullptr;
  Chunk* tail = nullptr;
  std::size_t tail_used = kChunkBytes;  // forces a first chunk
  std::size_t chunks = 0;
  std::vector<void*> slabs;              // kHugePage each, carved into chunks

  MessageLog() = default;
  MessageLog(const MessageLog&) = delete;
  MessageLog& operator=(const MessageLog&) = delete;
  ~MessageLog();

  void append(std::uint64_t channel, std::uint64_t seq, std::string_view text);

 private:
  Chunk* new_chunk();
};
static_assert(sizeof(MessageLog::Chunk) == std::size_t{64} << 10);

// One published text, read where it lies in its lane's log (valid while the lanes live).
struct RecordedMessage {
  std::uint32_t channel;
  std::uint32_t seq;
  const unsigned char* entry;  // in its log entry: the text's size, then the text
  std::string_view text() const { return {reinterpret_cast<const char*>(entry + 1), entry[0]}; }
};

// What the lanes have published so far, sorted by (channel, seq); of two texts for one message
// (which the channels never record) the earlier lane's comes first. Each text is still where it
// lies in its lane's log (valid while the lanes live): add_messages numbers them.
//
// A recorded ping-pong has millions of texts, and every byte per text kept here was fresh memory
// the kernel zeroed: the usual form is the final table's own MessageText, whose `text` says where
// the text lies (chunk: an index into `chunks`, << 16 | its offset there), sorted in place and
// later numbered in place. Logs of more than 2^16 chunks (4 GiB) take `wide` instead.
struct CollectedMessages {
  std::vector<MessageText> sorted;
  std::vector<const unsigned char*> chunks;  // each log chunk's bytes, in the order the lanes hold them
  std::vector<RecordedMessage> wide;
};

// A live snapshot takes it before it merges the events: a text is published after its
// channel_send, so every text taken then has its send in the events.
CollectedMessages collect_messages(const std::vector<ThreadRecorder*>& lanes);

// Appends the texts to trace.strings (reusing equal strings) and fills trace.messages, sorted by
// (channel, seq), the first text of a message kept. Takes `messages` over.
void add_messages(Trace& trace, CollectedMessages&& messages);

}  // namespace wakeline::detail
