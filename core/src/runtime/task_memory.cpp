#include "wakeline/detail/task_memory.hpp"

#include <array>
#include <cstdint>
#include <mutex>
#include <new>
#include <tuple>
#include <utility>
#include <vector>

#include "runtime/huge_pages.hpp"

namespace wakeline::detail {

namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kPooled = false;
#else
constexpr bool kPooled = true;
#endif

constexpr std::size_t kGrain = 16;       // every block is 16-byte aligned, as operator new's are
constexpr std::size_t kMaxPooled = 512;  // larger frames are rare: plain operator new
constexpr std::size_t kClasses = kMaxPooled / kGrain;
constexpr std::size_t kSlab = kHugePage;

struct FreeBlock {
  FreeBlock* next;
};

struct Chain {
  FreeBlock* head = nullptr;
  std::size_t count = 0;
};

// What exited threads left: their free lists and the unused rest of their slabs. Never
// destroyed: a thread may exit (and give its lists back) during static destruction.
struct Depot {
  std::mutex mutex;
  std::array<std::vector<Chain>, kClasses> chains;
  std::vector<std::pair<char*, char*>> slab_rests;
};

Depot& depot() {
  static Depot* d = new Depot();
  return *d;
}

// Bump allocation in a slab; a new slab when this one has too little left (the rest is unused).
void* carve(char*& cursor, char*& end, std::size_t size) {
  if (end - cursor < static_cast<std::ptrdiff_t>(size)) {
    cursor = static_cast<char*>(map_huge(kSlab));
    end = cursor + kSlab;
  }
  void* block = cursor;
  cursor += size;
  return block;
}

struct ThreadCache {
  std::array<Chain, kClasses> free;
  char* cursor = nullptr;  // bump allocation in the current slab
  char* end = nullptr;
  bool gone = false;       // the thread is exiting: use the depot directly

  ~ThreadCache() {
    give_back();
    gone = true;
  }

  void give_back() noexcept {
    Depot& d = depot();
    std::lock_guard guard(d.mutex);
    try {
      for (std::size_t c = 0; c < kClasses; ++c) {
        if (free[c].head) d.chains[c].push_back(std::exchange(free[c], Chain{}));
      }
      if (end - cursor >= static_cast<std::ptrdiff_t>(kGrain)) d.slab_rests.emplace_back(cursor, end);
    } catch (...) {
      // Out of memory for the depot's bookkeeping: the blocks are lost, nothing else.
    }
    cursor = end = nullptr;
  }

  // A chain of class c some exited thread left, else the rest of its slab for bump allocation.
  void refill_from_depot(std::size_t c) {
    Depot& d = depot();
    std::lock_guard guard(d.mutex);
    if (!d.chains[c].empty()) {
      free[c] = d.chains[c].back();
      d.chains[c].pop_back();
    } else if (!d.slab_rests.empty()) {
      std::tie(cursor, end) = d.slab_rests.back();  // what is left of ours is too small to keep
      d.slab_rests.pop_back();
    }
  }

  void* allocate(std::size_t c) {
    if (FreeBlock* b = free[c].head) {
      free[c].head = b->next;
      --free[c].count;
      return b;
    }
    if (end - cursor < static_cast<std::ptrdiff_t>((c + 1) * kGrain)) refill_from_depot(c);
    if (FreeBlock* b = free[c].head) {
      free[c].head = b->next;
      --free[c].count;
      return b;
    }
    return carve(cursor, end, (c + 1) * kGrain);
  }

  void release(std::size_t c, void* block) noexcept {
    auto* b = static_cast<FreeBlock*>(block);
    b->next = free[c].head;
    free[c].head = b;
    ++free[c].count;
  }
};

thread_local ThreadCache tls_cache;

std::size_t size_class(std::size_t bytes) noexcept { return (bytes + kGrain - 1) / kGrain - 1; }

}  // namespace

void* allocate_task_memory(std::size_t bytes) {
  if (!kPooled || bytes == 0 || bytes > kMaxPooled) return ::operator new(bytes);
  ThreadCache& cache = tls_cache;
  if (cache.gone) {
    // Allocating while the thread exits (a destructor that spawns or calls a coroutine): from
    // the depot, under its lock.
    const std::size_t c = size_class(bytes);
    Depot& d = depot();
    std::lock_guard guard(d.mutex);
    if (!d.chains[c].empty()) {
      Chain& chain = d.chains[c].back();
      FreeBlock* b = chain.head;
      chain.head = b->next;
      if (--chain.count == 0) d.chains[c].pop_back();
      return b;
    }
    char* cursor = nullptr;
    char* end = nullptr;
    if (!d.slab_rests.empty()) {
      std::tie(cursor, end) = d.slab_rests.back();
      d.slab_rests.pop_back();
    }
    void* block = carve(cursor, end, (c + 1) * kGrain);
    if (end - cursor >= static_cast<std::ptrdiff_t>(kGrain)) d.slab_rests.emplace_back(cursor, end);
    return block;
  }
  return cache.allocate(size_class(bytes));
}

void free_task_memory(void* block, std::size_t bytes) noexcept {
  if (!block) return;
  if (!kPooled || bytes == 0 || bytes > kMaxPooled) {
    ::operator delete(block);
    return;
  }
  ThreadCache& cache = tls_cache;
  std::size_t c = size_class(bytes);
  if (cache.gone) {
    Depot& d = depot();
    std::lock_guard guard(d.mutex);
    try {
      static_cast<FreeBlock*>(block)->next = nullptr;
      d.chains[c].push_back(Chain{static_cast<FreeBlock*>(block), 1});
    } catch (...) {
      // Lost to the depot's bookkeeping running out of memory; nothing else.
    }
    return;
  }
  cache.release(c, block);
}

}  // namespace wakeline::detail
