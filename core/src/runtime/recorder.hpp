// Per-lane event buffers. Each lane (worker, timer driver, blocking thread, the runtime itself)
// appends to its own chunked buffer with no lock; a reader (the merge at the end, or a live
// snapshot) reads what has been published so far. Chunks never move once written.
//
// Recording is on every scheduling step, so its fast path is inline and reads the clock without
// serialising: on the real clock an event holds raw TSC ticks (converted to nanoseconds once, at
// the merge), read with plain rdtsc. Plain rdtsc may execute before earlier loads complete, so an
// event on one lane can read a tick earlier than the event on another lane that caused it; the
// recorder restores that order itself (record_task: a task's events carry a floor tick through
// the task header; ordered stamps for the few cross-lane effects that have no task header).
#pragma once

#include <atomic>
#include <bit>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <source_location>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "runtime/message_log.hpp"
#include "wakeline/detail/context.hpp"
#include "wakeline/trace.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#else
#include <chrono>
#endif

namespace wakeline::detail {

// 32 bytes, the size of the Event it becomes: a recorded run writes every event twice (here, then
// merged into the Trace), and on a cold run writing fresh memory (the kernel zeroing it) is most of
// what recording costs.
struct RawEvent {
  std::uint64_t time;  // virtual clock: ns; real clock: TSC ticks, converted at the merge
  std::uint64_t b;     // Event's packed payload
  std::uint32_t a;
  TaskId task;
  std::uint32_t site;  // the call site: an offset from ThreadRecorder::site_base, or (far) an index
  EventKind kind;
  std::uint8_t c_high;
  bool far;            // site indexes ThreadRecorder::far_sites
};
static_assert(sizeof(RawEvent) == 32);

// How the real clock stamps an event.
enum class Stamp : std::uint8_t {
  Fresh,    // a plain rdtsc: cheap, may run ahead of earlier loads
  Ordered,  // lfence + rdtsc: after everything before it, for effects of another lane's event
};

inline std::uint64_t read_tsc_unordered() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  return __rdtsc();
#else
  return static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
#endif
}

inline std::uint64_t read_tsc_ordered() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  _mm_lfence();
  return __rdtsc();
#else
  return static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
#endif
}

struct ChunkPool;

struct ThreadRecorder {
  // A chunk is 128 KiB, header included, so that chunks tile a slab's 2 MiB pages exactly.
  static constexpr std::size_t kChunk = 4095;
  // The virtual clock's chunks hold fewer events and keep each one's sequence number after them,
  // in the same pages (a separate heap array per chunk faulted in 4 KiB pages, one per 512 events),
  // as 32 bits over the chunk's first: every byte of a chunk is a byte the kernel zeroes first.
  static constexpr std::size_t kVirtualChunk = kChunk * sizeof(RawEvent) / (sizeof(RawEvent) + sizeof(std::uint32_t));
  struct alignas(64) Chunk {
    // Left unconstructed: each slot is written before it is published.
    union {
      RawEvent events[kChunk];
    };
    std::atomic<Chunk*> next{nullptr};
    // Virtual clock only: each event's place in the global order (equal times keep causal order).
    // Apart from the events, so that a real-clock run never writes it; it points past the
    // kVirtualChunk events, into this chunk's own slots.
    std::uint32_t* seqs = nullptr;
    std::uint64_t seq_base = 0;  // the sequence number of its first event
    Chunk() {}
  };

  ThreadInfo info;
  ThreadIndex index = 0;
  ChunkPool* pool = nullptr;
  bool virtual_clock = false;
  std::uint64_t* event_seq = nullptr;         // virtual clock: the runtime's global counter
  Chunk* head = nullptr;
  Chunk* tail = nullptr;
  std::size_t chunk_events = kChunk;          // kVirtualChunk when virtual_clock
  std::size_t tail_count = kChunk;            // forces a first chunk
  std::atomic<std::uint64_t> published{0};
  std::uint64_t last_time = 0;                // same unit as RawEvent::time
  // Call sites are std::source_locations, one pointer each to a static record; an event keeps the
  // 32-bit offset of that pointer from here (every record of the program's own image is within
  // 2 GiB of it). A site outside that window is numbered in far_sites instead.
  std::uintptr_t site_base = default_site_base();
  // A far event's site for an empty source_location (events no await site belongs to, a task's
  // end among them): read back without far_sites, whose lock a merge would take per event.
  static constexpr std::uint32_t kNoSite = 0xffffffffu;

  mutable std::mutex strings_mutex;           // only against live snapshot readers
  std::vector<std::string> strings;           // grows by grow_strings()
  std::vector<std::uintptr_t> far_sites;      // under strings_mutex too
  MessageLog messages;                        // the texts of the messages sent on this lane

  ThreadRecorder() = default;
  ThreadRecorder(const ThreadRecorder&) = delete;
  ThreadRecorder& operator=(const ThreadRecorder&) = delete;
  ~ThreadRecorder();

  // Field by field into the slot: building a RawEvent and copying it made the compiler reload
  // it in 16-byte pieces straight after storing it in 8-byte ones (store-forwarding stalls).
  void append(std::uint64_t time, std::uint64_t seq, EventKind kind, TaskId task, std::uint64_t a, std::uint64_t b,
              std::uint64_t c, const std::source_location& loc) {
    // A virtual chunk also ends where its sequence numbers would no longer fit 32 bits.
    if (tail_count >= chunk_events || (virtual_clock && seq - tail->seq_base > 0xffffffffu)) grow();
    RawEvent& slot = tail->events[tail_count];
    const PackedPayload payload = pack_payload(kind, a, b, c);
    slot.time = time;
    slot.b = payload.b;
    slot.a = payload.a;
    slot.task = task;
    const std::uintptr_t pointer = std::bit_cast<std::uintptr_t>(loc);
    const std::uintptr_t site = pointer - site_base;
    if (site <= 0xffffffffu) [[likely]] {
      slot.site = static_cast<std::uint32_t>(site);
      slot.far = false;
    } else {
      slot.site = pointer == 0 ? kNoSite : far_site(pointer);
      slot.far = true;
    }
    slot.kind = kind;
    slot.c_high = payload.c_high;
    if (virtual_clock) {
      if (tail_count == 0) tail->seq_base = seq;
      tail->seqs[tail_count] = static_cast<std::uint32_t>(seq - tail->seq_base);
    }
    ++tail_count;
    last_time = time;
    published.store(published.load(std::memory_order_relaxed) + 1, std::memory_order_release);
  }
  // The source_location an event was recorded at.
  std::source_location site_of(const RawEvent& e) const;

  // Lessons spawn thousands of tasks with the same name and print the same line in loops: the
  // lane's last string is reused.
  std::uint32_t intern(std::string_view text) {
    if (!strings.empty() && strings.back() == text) return static_cast<std::uint32_t>(strings.size() - 1);
    return add_string(text);
  }
  std::uint32_t add_string(std::string_view text) {
    std::lock_guard guard(strings_mutex);
    if (strings.size() == strings.capacity()) grow_strings();
    strings.emplace_back(text);
    return static_cast<std::uint32_t>(strings.size() - 1);
  }

 private:
  static std::uintptr_t default_site_base() noexcept;
  std::uint32_t far_site(std::uintptr_t site);
  void grow();
  void grow_strings();
};
static_assert(sizeof(ThreadRecorder::Chunk) == std::size_t{128} << 10);
static_assert(sizeof(std::source_location) == sizeof(std::uintptr_t));

// Chunks outlive a run: new memory costs a page fault per 73 events (and the kernel zeroes it),
// about 22 ns per event on the dev machine's VM, more than the rest of recording. A run's pool
// starts with the slabs its calling thread kept from its previous runs, lends their chunks to every
// lane (a lock per 4096 events), and gives the slabs back to that thread when the run ends, up to
// kMaxKeptSlabs (256 MiB); the rest is unmapped. Slabs are 16 MiB of huge-page memory
// (huge_pages.hpp), so even a first run faults its chunks in 2 MiB at a time; a chunk is
// constructed only when first taken, so a small run touches only the start of a slab.
struct ChunkPool {
  using Chunk = ThreadRecorder::Chunk;
  static constexpr std::size_t kSlab = std::size_t{16} << 20;
  static constexpr std::size_t kChunksPerSlab = kSlab / sizeof(Chunk);
  static constexpr std::size_t kMaxKeptSlabs = (std::size_t{256} << 20) / kSlab;

  ChunkPool();
  ~ChunkPool();
  ChunkPool(const ChunkPool&) = delete;
  ChunkPool& operator=(const ChunkPool&) = delete;

  Chunk* take();
  void give_back(Chunk* first);  // a lane's chain of chunks
  void give_back(const std::vector<Chunk*>& chunks);

  // A run that records more than half a slab (~250 000 events) gets a helper thread that maps the
  // next slab and faults its pages in (the kernel zeroing them) while the lanes fill the current
  // one: on this project's VM that first touch was half of a recorded run's time, and where a core
  // is free it now overlaps the run instead of stopping a lane once per 2 MiB. The process's CPU
  // time is the same; the run's wall time is what drops. A slab the lanes need before the helper
  // is done is mapped on the spot, as before.
  // Only where a core is left over: with a worker on every core (multi_thread(2) here) the helper
  // took the workers' time instead (a recorded 2-task yield: 168 -> 267 ns a yield).
  static constexpr std::size_t kAheadBelow = kChunksPerSlab / 2;
  bool may_work_ahead = true;  // set by the runtime before the run starts

  // What the final merge keeps resident of the chunks it has merged, for the next run on this
  // thread to write into without page faults; the rest goes back to the kernel as it is merged,
  // so that the raw events and the finished trace are not both whole in memory.
  static constexpr std::size_t kWarmBytes = std::size_t{32} << 20;

 private:
  static std::vector<void*>& kept_slabs();
  void add_slab(void* slab);  // its chunk slots become free, lowest address taken first
  void fault_in_ahead();  // the helper thread's loop
  std::mutex mutex;
  std::vector<void*> slabs;       // owned: every chunk lives in one of them
  std::vector<void*> free_slots;  // chunk-sized slots not lent to a lane
  std::condition_variable ahead_wanted;
  bool want_ahead = false;         // the helper has a slab to make
  bool stopping = false;
  void* ready_slab = nullptr;      // made by the helper, faulted in, not yet lent
  std::thread helper;              // started by the first take() that finds the pool half empty
};

// The recording fast path. `floor` (real clock only, 0 = none) is a tick the event must come
// strictly after: the tick of the event on another lane that caused it. Returns the event's time.
inline std::uint64_t append_event(Context& ctx, Stamp stamp, std::uint64_t floor, EventKind kind, TaskId task,
                                  std::uint64_t a, std::uint64_t b, std::uint64_t c,
                                  const std::source_location& loc) noexcept {
  ThreadRecorder& rec = *ctx.rec;
  std::uint64_t t;
  std::uint64_t seq = 0;
  if (rec.virtual_clock) {
    t = ctx.vnow;
    seq = (*rec.event_seq)++;
  } else {
    t = stamp == Stamp::Ordered ? read_tsc_ordered() : read_tsc_unordered();
    if (t <= floor) t = floor + 1;
  }
  // Per lane, time never goes backwards (tsc across a migration, or an unpark stamped by another lane).
  if (t < rec.last_time) t = rec.last_time;
  rec.append(t, seq, kind, task, a, b, c, loc);
  return t;
}

// Real clock: where a merge converts ticks to nanoseconds (the same formula as now_ns()).
struct TickScale {
  std::uint64_t start = 0;
  double ns_per_tick = 1.0;
  bool ticks = false;  // false: times are already nanoseconds (virtual clock)
  std::uint64_t to_ns(std::uint64_t t) const noexcept {
    if (!ticks) return t;
    if (t <= start) return 0;
    return static_cast<std::uint64_t>(static_cast<double>(t - start) * ns_per_tick);
  }
};

// Which payload field of an event kind holds a lane-local string id.
enum class StringField { None, A, B };
StringField string_field(EventKind kind) noexcept;

// Merges every lane's events into one Trace ordered by (time, seq, lane).
void merge_into(Trace& trace, const std::vector<ThreadRecorder*>& lanes, const TickScale& scale, bool live);

}  // namespace wakeline::detail
