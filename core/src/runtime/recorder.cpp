#include "runtime/recorder.hpp"

#include <algorithm>
#include <bit>
#include <cstddef>
#include <new>
#include <system_error>
#include <unordered_map>
#include <utility>

#include "runtime/huge_pages.hpp"
#include "runtime/trace_strings.hpp"

namespace wakeline::detail {
namespace {
// A call site is identified by the static strings source_location points at, plus line/column.
struct LocationKey {
  const char* file;
  const char* function;
  std::uint32_t line, column;
  bool operator==(const LocationKey&) const = default;
};
struct LocationKeyHash {
  std::size_t operator()(const LocationKey& k) const noexcept {
    auto h = std::hash<const void*>()(k.file) ^ (std::hash<const void*>()(k.function) << 1);
    return h ^ (std::size_t{k.line} << 20) ^ k.column;
  }
};

// GCC's source_location is one pointer to a static record per call site, so that pointer names the
// site: a small open-addressed table keyed on it answers almost every event with one probe, and
// only a site's first event goes through the map of full keys (two records with equal contents,
// say an inline function in two translation units, still share one LocationId).
static_assert(sizeof(std::source_location) == sizeof(const void*));
class LocationIds {
 public:
  explicit LocationIds(Trace& trace) : trace_(trace), slots_(256) {}

  LocationId of(const std::source_location& loc) {
    const void* site = std::bit_cast<const void*>(loc);
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash(site) & mask;; i = (i + 1) & mask) {
      Slot& slot = slots_[i];
      if (slot.site == site) return slot.id;
      if (slot.site == nullptr) {
        LocationId id = by_key(loc);
        slot = Slot{site, id};
        if (++used_ * 2 > slots_.size()) grow();
        return id;
      }
    }
  }

 private:
  struct Slot {
    const void* site = nullptr;
    LocationId id = 0;
  };
  static std::size_t hash(const void* p) noexcept {
    return static_cast<std::size_t>((reinterpret_cast<std::uintptr_t>(p) >> 3) * 0x9E3779B97F4A7C15ull >> 20);
  }
  LocationId by_key(const std::source_location& loc) {
    LocationKey key{loc.file_name(), loc.function_name(), loc.line(), loc.column()};
    auto [it, inserted] = by_key_.emplace(key, static_cast<LocationId>(trace_.locations.size()));
    if (inserted) trace_.locations.push_back(SourceLocation{loc.file_name(), loc.line(), loc.function_name()});
    return it->second;
  }
  void grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    std::size_t mask = slots_.size() - 1;
    for (const Slot& s : old) {
      if (!s.site) continue;
      std::size_t i = hash(s.site) & mask;
      while (slots_[i].site) i = (i + 1) & mask;
      slots_[i] = s;
    }
  }

  Trace& trace_;
  std::vector<Slot> slots_;
  std::size_t used_ = 0;
  std::unordered_map<LocationKey, LocationId, LocationKeyHash> by_key_;
};
// The final merge's bookkeeping of the 2 MiB pages its chunks live in (chunks tile them, 16 to a
// page; lanes take chunks from the same pages). Once every chunk in a page is merged, the page is
// moved into the part of Trace::events the merge has yet to write: the trace then fills pages that
// are already faulted in instead of fresh ones the kernel must zero first (a third of a cold
// recorded run's time went to zeroing the raw events' pages and then the trace's). A page the
// trace has no room for stays for the next run on the thread, up to ChunkPool::kWarmBytes, or goes
// back to the kernel.
class MergedPages {
 public:
  using Chunk = ThreadRecorder::Chunk;
  // [begin, end): the trace's reserved capacity the merge is about to fill.
  MergedPages(void* begin, void* end)
      : next_((reinterpret_cast<std::uintptr_t>(begin) + kHugePage - 1) & ~(kHugePage - 1)),
        end_(reinterpret_cast<std::uintptr_t>(end) & ~(kHugePage - 1)) {}
  void add(const Chunk* c) { ++chunks_left_[page_of(c)]; }
  // `written`: where the merge writes its next event.
  void merged(const Chunk* c, const void* written) {
    const std::uintptr_t page = page_of(c);
    auto it = chunks_left_.find(page);
    if (--it->second > 0) return;
    if (move_into_trace(page, reinterpret_cast<std::uintptr_t>(written))) return;
    if (kept_ < ChunkPool::kWarmBytes) kept_ += kHugePage; else release_huge(reinterpret_cast<void*>(page), kHugePage);
  }

 private:
  static std::uintptr_t page_of(const Chunk* c) noexcept {
    return reinterpret_cast<std::uintptr_t>(c) & ~(std::uintptr_t{kHugePage} - 1);
  }
  bool move_into_trace(std::uintptr_t page, std::uintptr_t written) {
    while (next_ < written) next_ += kHugePage;  // the merge got there first: that page is faulted in
    if (next_ + kHugePage > end_) return false;
    if (!move_huge(reinterpret_cast<void*>(page), reinterpret_cast<void*>(next_), kHugePage)) {
      end_ = 0;  // the system cannot: no use asking again
      return false;
    }
    next_ += kHugePage;
    return true;
  }
  std::unordered_map<std::uintptr_t, std::uint32_t> chunks_left_;
  std::size_t kept_ = 0;
  std::uintptr_t next_;  // the trace's next whole page not yet written nor moved into
  std::uintptr_t end_;
};
}  // namespace

ChunkPool::ChunkPool() {
  auto& kept = kept_slabs();
  for (void* slab : kept) add_slab(slab);
  kept.clear();
}

ChunkPool::~ChunkPool() {
  if (helper.joinable()) {
    {
      std::lock_guard guard(mutex);
      stopping = true;
    }
    ahead_wanted.notify_one();
    helper.join();
  }
  if (ready_slab != nullptr) slabs.push_back(ready_slab);  // already faulted in: worth keeping
  auto& kept = kept_slabs();
  for (void* slab : slabs) {
    if (kept.size() < kMaxKeptSlabs) kept.push_back(slab); else unmap_huge(slab, kSlab);
  }
}

// The slabs a thread keeps between the runs it starts (see ChunkPool). Only that thread touches
// them: a run moves them into its own pool, so its workers never reach another thread's list.
std::vector<void*>& ChunkPool::kept_slabs() {
  struct Kept {
    std::vector<void*> slabs;
    ~Kept() {
      for (void* slab : slabs) unmap_huge(slab, kSlab);
    }
  };
  thread_local Kept kept;
  return kept.slabs;
}

void ChunkPool::add_slab(void* slab) {
  slabs.push_back(slab);
  auto* base = static_cast<std::byte*>(slab);
  for (std::size_t i = kChunksPerSlab; i-- > 0;) free_slots.push_back(base + i * sizeof(Chunk));
}

ThreadRecorder::Chunk* ChunkPool::take() {
  std::unique_lock guard(mutex);
  if (free_slots.empty()) add_slab(ready_slab != nullptr ? std::exchange(ready_slab, nullptr) : map_huge(kSlab));
  void* slot = free_slots.back();
  free_slots.pop_back();
  if (may_work_ahead && free_slots.size() < kAheadBelow && ready_slab == nullptr && !want_ahead && !stopping) {
    want_ahead = true;
    if (!helper.joinable()) {
      try {
        helper = std::thread([this] { fault_in_ahead(); });
      } catch (const std::system_error&) {
        want_ahead = false;  // no thread to be had: the lanes map their slabs themselves
        stopping = true;
      }
    }
    guard.unlock();
    ahead_wanted.notify_one();
  }
  return new (slot) Chunk;  // only `next` is written: the slots' pages fault in as events fill them
}

void ChunkPool::fault_in_ahead() {
  std::unique_lock guard(mutex);
  for (;;) {
    ahead_wanted.wait(guard, [this] { return want_ahead || stopping; });
    if (stopping) return;
    guard.unlock();
    void* slab = nullptr;
    try {
      slab = map_huge(kSlab);
      populate(slab, kSlab);
    } catch (const std::bad_alloc&) {
    }
    guard.lock();
    want_ahead = false;
    if (slab == nullptr) return;  // out of memory: the lanes map (and fail) on their own
    if (stopping) {
      slabs.push_back(slab);
      return;
    }
    ready_slab = slab;
  }
}

void ChunkPool::give_back(Chunk* first) {
  std::lock_guard guard(mutex);
  for (Chunk* c = first; c;) {
    Chunk* next = c->next.load(std::memory_order_relaxed);
    free_slots.push_back(c);
    c = next;
  }
}

void ChunkPool::give_back(const std::vector<Chunk*>& chunks) {
  std::lock_guard guard(mutex);
  for (Chunk* c : chunks) free_slots.push_back(c);
}

ThreadRecorder::~ThreadRecorder() {
  if (pool) {
    pool->give_back(head);
    return;
  }
  for (Chunk* c = head; c;) {
    Chunk* next = c->next.load(std::memory_order_relaxed);
    delete c;
    c = next;
  }
}

void ThreadRecorder::grow() {
  Chunk* chunk = pool ? pool->take() : new Chunk;
  if (virtual_clock) {
    chunk->seqs = reinterpret_cast<std::uint32_t*>(reinterpret_cast<std::byte*>(chunk->events) + kVirtualChunk * sizeof(RawEvent));
  }
  if (tail) tail->next.store(chunk, std::memory_order_release); else head = chunk;
  tail = chunk;
  tail_count = 0;
}

// A lane that names 200 000 tasks apart keeps 200 000 texts until the merge: as a deque their
// 512-byte blocks faulted in 4 KiB pages (on this project's VM 1.6-16 µs each, 7 % of a virtual
// run). The table doubles into memory advised as huge pages before anything is written to it.
void ThreadRecorder::grow_strings() {
  std::vector<std::string> bigger;
  bigger.reserve(std::max<std::size_t>(64, strings.capacity() * 2));
  advise_huge(bigger.data(), bigger.capacity() * sizeof(std::string));
  for (std::string& text : strings) bigger.push_back(std::move(text));
  strings.swap(bigger);
}

namespace {
const char site_anchor = 0;  // somewhere in the program's image, near the source_location records
}  // namespace

std::uintptr_t ThreadRecorder::default_site_base() noexcept {
  return reinterpret_cast<std::uintptr_t>(&site_anchor) - (std::uintptr_t{1} << 31);
}

std::uint32_t ThreadRecorder::far_site(std::uintptr_t site) {
  for (std::size_t i = 0; i < far_sites.size(); ++i)
    if (far_sites[i] == site) return static_cast<std::uint32_t>(i);
  std::lock_guard guard(strings_mutex);
  far_sites.push_back(site);
  return static_cast<std::uint32_t>(far_sites.size() - 1);
}

std::source_location ThreadRecorder::site_of(const RawEvent& e) const {
  std::uintptr_t site = 0;
  if (!e.far) {
    site = site_base + e.site;
  } else if (e.site != kNoSite) {
    std::lock_guard guard(strings_mutex);
    site = far_sites[e.site];
  }
  return std::bit_cast<std::source_location>(site);
}

StringField string_field(EventKind kind) noexcept {
  switch (kind) {
    case EventKind::TaskSpawned:
    case EventKind::TaskFailed:
    case EventKind::ChannelCreated: return StringField::B;
    case EventKind::Print: return StringField::A;
    default: return StringField::None;
  }
}

void merge_into(Trace& trace, const std::vector<ThreadRecorder*>& lanes, const TickScale& scale, bool live) {
  std::vector<std::vector<std::uint32_t>> string_map(lanes.size());
  std::size_t incoming_strings = 0;
  for (const ThreadRecorder* rec : lanes) {
    std::lock_guard guard(rec->strings_mutex);
    incoming_strings += rec->strings.size();
  }
  TraceStrings string_ids(trace, incoming_strings);

  // Each lane is already in (time, seq) order: a k-way merge straight into trace.events replaces a
  // sort of everything and two copies (it was most of a virtual run's wall time). Ties between
  // lanes go to the lower lane, as a stable sort of the lanes one after another would do.
  struct Cursor {
    const ThreadRecorder::Chunk* chunk;
    std::size_t index;
    std::uint64_t left;
    std::size_t capacity;  // events per chunk
    std::uint32_t lane;
    const RawEvent& peek() const { return chunk->events[index]; }
    std::uint64_t seq() const { return chunk->seqs ? chunk->seq_base + chunk->seqs[index] : 0; }
  };
  std::vector<Cursor> cursors;
  std::uint64_t total = 0;
  for (std::uint32_t lane = 0; lane < lanes.size(); ++lane) {
    ThreadRecorder* rec = lanes[lane];
    std::uint64_t count = rec->published.load(std::memory_order_acquire);
    {
      std::lock_guard guard(rec->strings_mutex);
      auto& map = string_map[lane];
      map.reserve(rec->strings.size());
      // The final merge moves the texts out: the lanes are done with them.
      string_ids.add_all(rec->strings, !live, map);
    }
    if (count > 0 && rec->head) cursors.push_back(Cursor{rec->head, 0, count, rec->chunk_events, lane});
    total += count;
  }
  // The final merge takes the lanes' chunks over (the run has ended; nothing appends or reads
  // them any more): it frees each one's pages as it goes and gives them all back to the pool.
  const bool release = !live && !lanes.empty() && lanes.front()->pool != nullptr;
  std::vector<ThreadRecorder::Chunk*> taken;
  trace.events.reserve(trace.events.size() + total);
  Event* const fill_begin = trace.events.data() + trace.events.size();
  MergedPages pages(fill_begin, fill_begin + total);
  if (release) {
    for (ThreadRecorder* rec : lanes) {
      for (ThreadRecorder::Chunk* c = rec->head; c; c = c->next.load(std::memory_order_acquire)) {
        taken.push_back(c);
        pages.add(c);
      }
      rec->head = rec->tail = nullptr;
    }
  }
  auto later = [](const Cursor* x, const Cursor* y) {
    const RawEvent& a = x->peek();
    const RawEvent& b = y->peek();
    if (a.time != b.time) return a.time > b.time;
    const std::uint64_t xs = x->seq(), ys = y->seq();
    if (xs != ys) return xs > ys;
    return x->lane > y->lane;
  };
  std::vector<Cursor*> heap;
  for (auto& c : cursors) heap.push_back(&c);
  std::make_heap(heap.begin(), heap.end(), later);
  // The heap's front leaves it for `c`, which sinks to its place: when the lane at the floor
  // falls behind, one pass down the heap instead of a push and a pop (the lanes of a
  // multi_thread run take turns every few events).
  auto replace_front = [&heap, &later](Cursor* c) {
    const std::size_t n = heap.size();
    std::size_t i = 0;
    for (;;) {
      std::size_t child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && later(heap[child], heap[child + 1])) ++child;
      if (!later(c, heap[child])) break;
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = c;
  };

  if (trace.locations.empty()) trace.locations.push_back(SourceLocation{"", 0, ""});
  LocationIds location_ids(trace);
  advise_huge(fill_begin, total * sizeof(Event));
  Cursor* cursor = nullptr;
  if (!heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), later);
    cursor = heap.back();
    heap.pop_back();
  }
  // The lane at the floor keeps it while its next event still sorts before every other lane's
  // (long runs of one lane are the rule), so the heap is touched once per switch of lane.
  while (cursor != nullptr) {
    const ThreadRecorder& rec = *lanes[cursor->lane];
    const auto thread = static_cast<std::uint16_t>(rec.index);
    const auto& strings = string_map[cursor->lane];
    // The heap is untouched while this lane leads, so the lane that would take over is fixed: an
    // event strictly before its time needs no further comparison (nor the virtual clock's seqs).
    const Cursor* rival = heap.empty() ? nullptr : heap.front();
    const std::uint64_t rival_time = rival ? rival->peek().time : ~std::uint64_t{0};
    for (;;) {
      // The rest of the cursor's chunk, as far as it leads; its first event is known to lead.
      const ThreadRecorder::Chunk* const chunk = cursor->chunk;
      const RawEvent* const first = chunk->events + cursor->index;
      const RawEvent* const end = first + std::min<std::uint64_t>(cursor->capacity - cursor->index, cursor->left);
      const RawEvent* e = first;
      do {
        Event& out = trace.events.emplace_back();
        out.time_ns = scale.to_ns(e->time);
        out.task = e->task;
        out.thread = thread;
        out.kind = e->kind;
        PackedPayload payload{e->a, e->b, e->c_high};
        // A string id is lane-local until here; in b it is the low 32 bits (c may sit above it).
        switch (string_field(e->kind)) {
          case StringField::A: payload.a = e->a < strings.size() ? strings[e->a] : 0; break;
          case StringField::B: {
            const std::uint64_t id = e->b & 0xffffffffu;
            payload.b = (e->b & ~std::uint64_t{0xffffffffu}) | (id < strings.size() ? strings[id] : 0);
            break;
          }
          case StringField::None: break;
        }
        out.set_packed(payload);
        const std::source_location loc = rec.site_of(*e);
        if (loc.line() != 0) out.location = location_ids.of(loc);
        ++e;
      } while (e != end && e->time < rival_time);
      const auto merged = static_cast<std::size_t>(e - first);
      cursor->index += merged;
      cursor->left -= merged;
      if (e == end) {  // the chunk is done with (all of it, or all the lane published)
        if (cursor->left > 0) {
          cursor->chunk = chunk->next.load(std::memory_order_acquire);
          cursor->index = 0;
        }
        if (release) pages.merged(chunk, trace.events.data() + trace.events.size());
        if (cursor->left == 0) break;
      }
      const RawEvent& next = cursor->peek();
      if (rival && (next.time > rival_time || (next.time == rival_time && later(cursor, rival)))) break;
    }
    if (cursor->left == 0) {
      if (heap.empty()) break;
      std::pop_heap(heap.begin(), heap.end(), later);
      cursor = heap.back();
      heap.pop_back();
    } else {
      Cursor* const leader = heap.front();
      replace_front(cursor);
      cursor = leader;
    }
  }
  if (release) lanes.front()->pool->give_back(taken);
}

}  // namespace wakeline::detail
