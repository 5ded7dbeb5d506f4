// Memory for task cells and coroutine frames, the blocks a spawn-heavy run makes by the million.
// Small blocks come from per-thread free lists (one per 16-byte size class) carved out of 2 MiB
// slabs advised as transparent huge pages: no malloc header per block, no lock on the hot path,
// and a million pending tasks fault in a few hundred huge pages instead of ~60 000 small ones
// (on this project's VM a first write to a fresh 4 KiB page costs 1.6-16 µs). A block freed on
// another thread joins that thread's lists; a thread's lists go to a shared depot when it exits,
// for the next thread to reuse. Slabs are kept for the process's life, like malloc's arenas.
// Under AddressSanitizer every block is a plain operator new, so use-after-free stays visible.
#pragma once

#include <cstddef>

namespace wakeline::detail {

void* allocate_task_memory(std::size_t bytes);
void free_task_memory(void* block, std::size_t bytes) noexcept;  // bytes: as allocated

// For a class whose objects (or coroutine frames, through its promise) should live there.
struct TaskMemory {
  static void* operator new(std::size_t bytes) { return allocate_task_memory(bytes); }
  static void operator delete(void* block, std::size_t bytes) noexcept { free_task_memory(block, bytes); }
};

}  // namespace wakeline::detail
