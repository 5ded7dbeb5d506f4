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

ThreadRecorder::~ThreadRecorder() {
  for (Chunk* c = head; c;) {
    Chunk* next = c->next.load(std::memory_order_relaxed);
    delete c;
    c = next;
  }
}

void ThreadRecorder::grow() {
  auto* chunk = new Chunk();
  if (tail) tail->next.store(chunk, std::memory_order_release); else head = chunk;
  tail = chunk;
  tail_count = 0;
}

void ThreadRecorder::copy_events(std::vector<RawEvent>& out, std::uint64_t count) const {
  const Chunk* c = head;
  while (count > 0 && c) {
    std::size_t n = std::min<std::uint64_t>(count, kChunk);
    out.insert(out.end(), c->events, c->events + n);
    count -= n;
    c = c->next.load(std::memory_order_acquire);
  }
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

void merge_into(Trace& trace, const std::vector<ThreadRecorder*>& lanes, bool live) {
  struct Tagged {
    RawEvent e;
    std::uint32_t lane;
  };
  std::vector<Tagged> all;
  std::vector<std::vector<std::uint32_t>> string_map(lanes.size());
  std::unordered_map<std::string, StringId> string_ids;
  for (StringId i = 0; i < trace.strings.size(); ++i) string_ids.emplace(trace.strings[i], i);

  std::vector<RawEvent> buffer;
  for (std::uint32_t lane = 0; lane < lanes.size(); ++lane) {
    const ThreadRecorder* rec = lanes[lane];
    buffer.clear();
    std::uint64_t count = rec->published.load(std::memory_order_acquire);
    rec->copy_events(buffer, count);
    {
      std::lock_guard guard(rec->strings_mutex);
      auto& map = string_map[lane];
      map.reserve(rec->strings.size());
      for (const auto& s : rec->strings) {
        auto [it, inserted] = string_ids.emplace(s, static_cast<StringId>(trace.strings.size()));
        if (inserted) trace.strings.push_back(s);
        map.push_back(it->second);
      }
    }
    for (const auto& e : buffer) all.push_back({e, lane});
  }
  std::stable_sort(all.begin(), all.end(), [](const Tagged& x, const Tagged& y) {
    if (x.e.time_ns != y.e.time_ns) return x.e.time_ns < y.e.time_ns;
    return x.e.seq < y.e.seq;
  });

  if (trace.locations.empty()) trace.locations.push_back(SourceLocation{"", 0, ""});
  std::unordered_map<LocationKey, LocationId, LocationKeyHash> location_ids;
  trace.events.reserve(all.size());
  for (const auto& [e, lane] : all) {
    Event out;
    out.time_ns = e.time_ns;
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
  }
  (void)live;
}

}  // namespace wakeline::detail
