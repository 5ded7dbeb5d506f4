// The merge's table of a trace's distinct strings: each lane numbers its strings on its own, and
// the merge gives equal texts one StringId in Trace::strings (first come, first numbered).
//
// A lesson can name 200 000 tasks apart ("job 1", "job 2", ...): an std::unordered_map of
// std::string keys spent most of the merge allocating, chasing and freeing its nodes and rehashing.
// This table is open-addressed, holds only ids (the texts stay in Trace::strings), and is sized
// once for every string the merge will see, so it never rehashes.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "runtime/huge_pages.hpp"
#include "wakeline/trace.hpp"

namespace wakeline::detail {

class TraceStrings {
 public:
  // `incoming`: how many strings the lanes will offer (an upper bound on the new ones); `expected`:
  // how many of them are likely new, which sizes the table (it doubles if more turn out new).
  TraceStrings(Trace& trace, std::size_t incoming, std::size_t expected) : trace_(trace) {
    // Both arrays are written once, whole or in order, like the trace's events: huge pages.
    // At most two thirds full, and every slot is fresh memory the kernel zeroes.
    const std::size_t strings = trace.strings.size() + std::min(incoming, expected);
    trace.strings.reserve(trace.strings.size() + incoming);
    advise_huge(trace.strings.data() + trace.strings.size(), incoming * sizeof(std::string));
    make_slots(std::bit_ceil(std::max<std::size_t>(16, strings + strings / 2)));
  }
  TraceStrings(Trace& trace, std::size_t incoming) : TraceStrings(trace, incoming, incoming) {}

  // The id of `text`, adding it at the end of Trace::strings if it is new. A new text is copied,
  // or moved from `owned` when the caller gives it up (the final merge).
  StringId of(std::string_view text, std::string* owned = nullptr) { return of(text, hash_of(text), owned); }

  // The ids of all of `texts`, in order, appended to `ids` (moved from when `take`). With 200 000
  // names the table is megabytes: a lookup one text at a time waited on a cache miss for its slot
  // (a third of the merge's own time), so the slots of the next few texts are fetched ahead.
  void add_all(std::vector<std::string>& texts, bool take, std::vector<std::uint32_t>& ids) {
    constexpr std::size_t kAhead = 8;
    std::array<std::size_t, kAhead> hashes{};
    const std::size_t n = texts.size();
    auto look_ahead = [&](std::size_t i) {
      hashes[i % kAhead] = hash_of(texts[i]);
      prefetch_slot(hashes[i % kAhead]);
    };
    for (std::size_t i = 0; i < std::min(n, kAhead); ++i) look_ahead(i);
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t hash = hashes[i % kAhead];
      if (i + kAhead < n) look_ahead(i + kAhead);
      ids.push_back(of(texts[i], hash, take ? &texts[i] : nullptr));
    }
  }

  // For a caller with many texts to look up in a row (the message texts: hundreds of thousands,
  // a table far bigger than the caches, where a missed slot was most of a lookup): it hashes a
  // text some lookups ahead and prefetches its slot, then, closer, the string that slot names.
  static std::size_t hash_of(std::string_view text) noexcept { return std::hash<std::string_view>()(text); }
  void prefetch_slot(std::size_t hash) const noexcept { __builtin_prefetch(&slots_[hash & (slots_.size() - 1)]); }
  void prefetch_text(std::size_t hash) const noexcept {
    const Slot& slot = slots_[hash & (slots_.size() - 1)];
    if (slot.id != 0 && slot.hash == static_cast<std::uint32_t>(hash)) __builtin_prefetch(&trace_.strings[slot.id - 1]);
  }
  StringId of(std::string_view text, std::size_t hash, std::string* owned = nullptr) {
    Slot* slot = find(text, hash);
    if (slot->id != 0) return slot->id - 1;
    const auto id = static_cast<StringId>(trace_.strings.size());
    if (too_full(trace_.strings.size() + 1)) {
      make_slots(slots_.size() * 2);
      slot = find(text, hash);
    }
    if (owned) trace_.strings.push_back(std::move(*owned)); else trace_.strings.emplace_back(text);
    *slot = Slot{id + 1, static_cast<std::uint32_t>(hash)};
    return id;
  }

 private:
  struct Slot {
    std::uint32_t id = 0;  // StringId + 1; 0 = empty
    std::uint32_t hash = 0;
  };
  bool too_full(std::size_t strings) const noexcept { return strings * 3 > slots_.size() * 2; }
  // A fresh table of `slots` slots (a power of two) numbering trace_.strings (the first of equal
  // strings keeps the slot). A bigger table takes the old one's slots by their hashes (all a slot's
  // place needs while the table has at most 2^32 slots), without reading a string.
  void make_slots(std::size_t slots) {
    std::vector<Slot> fresh;
    fresh.reserve(slots);
    advise_huge(fresh.data(), slots * sizeof(Slot));
    fresh.resize(slots);
    slots_.swap(fresh);
    if (fresh.empty() || slots > (std::size_t{1} << 32)) {
      fresh = {};
      add_existing();
      return;
    }
    const std::size_t mask = slots - 1;
    for (const Slot& old : fresh) {
      if (old.id == 0) continue;
      std::size_t i = old.hash & mask;
      while (slots_[i].id != 0) i = (i + 1) & mask;
      slots_[i] = old;
    }
  }
  void add_existing() {
    for (StringId id = 0; id < trace_.strings.size(); ++id) {
      const std::size_t hash = hash_of(trace_.strings[id]);
      Slot* slot = find(trace_.strings[id], hash);
      if (slot->id == 0) *slot = Slot{id + 1, static_cast<std::uint32_t>(hash)};
    }
  }
  // The slot holding `text`, or the empty slot where it belongs.
  Slot* find(std::string_view text, std::size_t hash) {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      Slot& slot = slots_[i];
      if (slot.id == 0) return &slot;
      if (slot.hash == static_cast<std::uint32_t>(hash) && trace_.strings[slot.id - 1] == text) return &slot;
    }
  }

  Trace& trace_;
  std::vector<Slot> slots_;
};

}  // namespace wakeline::detail
