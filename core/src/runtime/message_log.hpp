// Per-lane storage of message texts (message_text.hpp) while a run records, and their merge into
// Trace::messages. Like the event chunks: the lane appends with no lock and publishes a count; a
// reader (the final merge or a live snapshot) reads what was published. Each text is kept inline,
// already cut, so recording one is a copy of at most kMaxMessageTextBytes and no allocation.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "wakeline/trace.hpp"

namespace wakeline::detail {

struct ThreadRecorder;

struct MessageLog {
  struct Entry {
    std::uint32_t channel;
    std::uint32_t seq;
    std::uint8_t size;
    char text[kMaxMessageTextBytes];
  };
  static constexpr std::size_t kChunk = 256;
  struct Chunk {
    Entry entries[kChunk];
    std::atomic<Chunk*> next{nullptr};
  };

  std::atomic<std::uint64_t> published{0};
  Chunk* head = nullptr;
  Chunk* tail = nullptr;
  std::size_t tail_count = kChunk;  // forces a first chunk

  MessageLog() = default;
  MessageLog(const MessageLog&) = delete;
  MessageLog& operator=(const MessageLog&) = delete;
  ~MessageLog();

  void append(std::uint64_t channel, std::uint64_t seq, std::string_view text);
};

struct RecordedMessage {
  std::uint32_t channel;
  std::uint32_t seq;
  std::string text;
};

// What the lanes have published so far. A live snapshot takes it before it merges the events: a
// text is published after its channel_send, so every text taken then has its send in the events.
std::vector<RecordedMessage> collect_messages(const std::vector<ThreadRecorder*>& lanes);

// Appends the texts to trace.strings (reusing equal strings) and fills trace.messages, sorted by
// (channel, seq), the first text of a message kept.
void add_messages(Trace& trace, std::vector<RecordedMessage> messages);

}  // namespace wakeline::detail
