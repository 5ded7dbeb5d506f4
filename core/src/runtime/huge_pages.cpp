#include "runtime/huge_pages.hpp"

#include <cstddef>
#include <cstdint>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace wakeline::detail {

void* map_huge(std::size_t bytes) {
#if defined(__linux__)
  // Over-map by one huge page and trim both ends, so the kept part starts on a 2 MiB boundary.
  std::size_t span = bytes + kHugePage;
  void* raw = mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) throw std::bad_alloc();
  auto start = reinterpret_cast<std::uintptr_t>(raw);
  auto aligned = (start + kHugePage - 1) & ~(kHugePage - 1);
  if (aligned > start) munmap(raw, aligned - start);
  std::size_t tail = start + span - (aligned + bytes);
  if (tail > 0) munmap(reinterpret_cast<void*>(aligned + bytes), tail);
  madvise(reinterpret_cast<void*>(aligned), bytes, MADV_HUGEPAGE);
  return reinterpret_cast<void*>(aligned);
#else
  return ::operator new(bytes, std::align_val_t{kHugePage});
#endif
}

void unmap_huge(void* base, std::size_t bytes) noexcept {
#if defined(__linux__)
  munmap(base, bytes);
#else
  (void)bytes;
  ::operator delete(base, std::align_val_t{kHugePage});
#endif
}

void release_huge(void* base, std::size_t bytes) noexcept {
#if defined(__linux__)
  madvise(base, bytes, MADV_DONTNEED);
#else
  (void)base;
  (void)bytes;
#endif
}

bool move_huge(void* from, void* to, std::size_t bytes) noexcept {
#if defined(__linux__) && defined(MREMAP_DONTUNMAP)
  return mremap(from, bytes, bytes, MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP, to) != MAP_FAILED;
#else
  (void)from;
  (void)to;
  (void)bytes;
  return false;
#endif
}

void populate(void* base, std::size_t bytes) noexcept {
#if defined(__linux__)
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23  // Linux 5.14
#endif
  if (madvise(base, bytes, MADV_POPULATE_WRITE) == 0) return;
#endif
  // Older kernels: a write to each 4 KiB page (the memory is not in anyone else's hands yet).
  auto* bytes_at = static_cast<volatile std::byte*>(base);
  for (std::size_t offset = 0; offset < bytes; offset += 4096) bytes_at[offset] = std::byte{0};
}

void advise_huge(void* begin, std::size_t bytes) noexcept {
#if defined(__linux__)
  auto first = (reinterpret_cast<std::uintptr_t>(begin) + kHugePage - 1) & ~(kHugePage - 1);
  auto last = (reinterpret_cast<std::uintptr_t>(begin) + bytes) & ~(kHugePage - 1);
  if (last > first) madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
#else
  (void)begin;
  (void)bytes;
#endif
}

}  // namespace wakeline::detail
