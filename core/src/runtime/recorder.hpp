// Per-lane event buffers. Each lane (worker, timer driver, blocking thread, the runtime itself)
// appends to its own chunked buffer with no lock; a reader (the merge at the end, or a live
// snapshot) reads what has been published so far. Chunks never move once written.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <source_location>
#include <string>
#include <string_view>
#include <vector>

#include "wakeline/trace.hpp"

namespace wakeline::detail {

struct RawEvent {
  std::uint64_t time_ns;
  std::uint64_t seq;  // virtual clock: a global counter, so equal times keep causal order
  std::uint64_t a, b, c;
  std::source_location location;  // interned into Trace::locations at merge
  TaskId task;
  EventKind kind;
};

struct ThreadRecorder {
  static constexpr std::size_t kChunk = 4096;
  struct Chunk {
    RawEvent events[kChunk];
    std::atomic<Chunk*> next{nullptr};
  };

  ThreadInfo info;
  ThreadIndex index = 0;
  Chunk* head = nullptr;
  Chunk* tail = nullptr;
  std::size_t tail_count = kChunk;            // forces a first chunk
  std::atomic<std::uint64_t> published{0};
  std::uint64_t last_time = 0;

  mutable std::mutex strings_mutex;           // only against live snapshot readers
  std::deque<std::string> strings;

  ThreadRecorder() = default;
  ThreadRecorder(const ThreadRecorder&) = delete;
  ThreadRecorder& operator=(const ThreadRecorder&) = delete;
  ~ThreadRecorder();

  void append(const RawEvent& e) {
    if (tail_count == kChunk) grow();
    tail->events[tail_count++] = e;
    last_time = e.time_ns;
    published.store(published.load(std::memory_order_relaxed) + 1, std::memory_order_release);
  }
  std::uint32_t add_string(std::string_view text) {
    std::lock_guard guard(strings_mutex);
    strings.emplace_back(text);
    return static_cast<std::uint32_t>(strings.size() - 1);
  }

 private:
  void grow();
};

// Which payload field of an event kind holds a lane-local string id.
enum class StringField { None, A, B };
StringField string_field(EventKind kind) noexcept;

// Merges every lane's events into one Trace ordered by (time, seq, lane).
void merge_into(Trace& trace, const std::vector<ThreadRecorder*>& lanes, bool live);

}  // namespace wakeline::detail
