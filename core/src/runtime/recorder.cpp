#include "runtime/recorder.hpp"

#include <algorithm>
#include <unordered_map>

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
}  // namespace

ChunkPool::ChunkPool() { chunks.swap(kept_chunks()); }

ChunkPool::~ChunkPool() {
  auto& kept = kept_chunks();
  for (auto* chunk : chunks) {
    if (kept.size() < kMaxKept) kept.push_back(chunk); else delete chunk;
  }
}

// The chunks a thread keeps between the runs it starts (see ChunkPool). Only that thread touches
// them: a run moves them into its own pool, so its workers never reach another thread's list.
std::vector<ThreadRecorder::Chunk*>& ChunkPool::kept_chunks() {
  struct Kept {
    std::vector<ThreadRecorder::Chunk*> chunks;
    ~Kept() {
      for (auto* chunk : chunks) delete chunk;
    }
  };
  thread_local Kept kept;
  return kept.chunks;
}

ThreadRecorder::Chunk* ChunkPool::take() {
  {
    std::lock_guard guard(mutex);
    if (!chunks.empty()) {
      Chunk* chunk = chunks.back();
      chunks.pop_back();
      chunk->next.store(nullptr, std::memory_order_relaxed);
      return chunk;
    }
  }
  return new Chunk;  // default-initialised: no 229 KB memset for slots about to be written
}

void ChunkPool::give_back(Chunk* first) {
  std::lock_guard guard(mutex);
  for (Chunk* c = first; c;) {
    Chunk* next = c->next.load(std::memory_order_relaxed);
    chunks.push_back(c);
    c = next;
  }
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
  if (tail) tail->next.store(chunk, std::memory_order_release); else head = chunk;
  tail = chunk;
  tail_count = 0;
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
  std::unordered_map<std::string, StringId> string_ids;
  for (StringId i = 0; i < trace.strings.size(); ++i) string_ids.emplace(trace.strings[i], i);

  // Each lane is already in (time, seq) order: a k-way merge straight into trace.events replaces a
  // sort of everything and two copies (it was most of a virtual run's wall time). Ties between
  // lanes go to the lower lane, as a stable sort of the lanes one after another would do.
  struct Cursor {
    const ThreadRecorder::Chunk* chunk;
    std::size_t index;
    std::uint64_t left;
    std::uint32_t lane;
    const RawEvent& peek() const { return chunk->events[index]; }
    void advance() {
      --left;
      if (++index == ThreadRecorder::kChunk && left > 0) {
        chunk = chunk->next.load(std::memory_order_acquire);
        index = 0;
      }
    }
  };
  std::vector<Cursor> cursors;
  std::uint64_t total = 0;
  for (std::uint32_t lane = 0; lane < lanes.size(); ++lane) {
    const ThreadRecorder* rec = lanes[lane];
    std::uint64_t count = rec->published.load(std::memory_order_acquire);
    {
      std::lock_guard guard(rec->strings_mutex);
      auto& map = string_map[lane];
      map.reserve(rec->strings.size());
      for (const auto& text : rec->strings) {
        auto [it, inserted] = string_ids.emplace(text, static_cast<StringId>(trace.strings.size()));
        if (inserted) trace.strings.push_back(text);
        map.push_back(it->second);
      }
    }
    if (count > 0 && rec->head) cursors.push_back(Cursor{rec->head, 0, count, lane});
    total += count;
  }
  auto later = [](const Cursor* x, const Cursor* y) {
    const RawEvent& a = x->peek();
    const RawEvent& b = y->peek();
    if (a.time != b.time) return a.time > b.time;
    if (a.seq != b.seq) return a.seq > b.seq;
    return x->lane > y->lane;
  };
  std::vector<Cursor*> heap;
  for (auto& c : cursors) heap.push_back(&c);
  std::make_heap(heap.begin(), heap.end(), later);

  if (trace.locations.empty()) trace.locations.push_back(SourceLocation{"", 0, ""});
  std::unordered_map<LocationKey, LocationId, LocationKeyHash> location_ids;
  trace.events.reserve(trace.events.size() + total);
  while (!heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), later);
    Cursor* cursor = heap.back();
    const RawEvent& e = cursor->peek();
    const std::uint32_t lane = cursor->lane;
    Event out;
    out.time_ns = scale.to_ns(e.time);
    out.a = e.a;
    out.b = e.b;
    out.c = e.c;
    out.task = e.task;
    out.thread = lanes[lane]->index;
    out.kind = e.kind;
    switch (string_field(e.kind)) {
      case StringField::A: out.a = e.a < string_map[lane].size() ? string_map[lane][e.a] : 0; break;
      case StringField::B: out.b = e.b < string_map[lane].size() ? string_map[lane][e.b] : 0; break;
      case StringField::None: break;
    }
    if (e.location.line() != 0) {
      LocationKey key{e.location.file_name(), e.location.function_name(), e.location.line(), e.location.column()};
      auto [it, inserted] = location_ids.emplace(key, static_cast<LocationId>(trace.locations.size()));
      if (inserted) trace.locations.push_back(SourceLocation{e.location.file_name(), e.location.line(), e.location.function_name()});
      out.location = it->second;
    }
    trace.events.push_back(out);
    cursor->advance();
    if (cursor->left == 0) heap.pop_back();
    else std::push_heap(heap.begin(), heap.end(), later);
  }
  (void)live;
}

}  // namespace wakeline::detail
