#include "runtime/huge_pages.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <new>
#include <system_error>

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

namespace {

// The kernel faults the pages in, as a write would; false where it cannot (before Linux 5.14).
bool populate_by_kernel(void* base, std::size_t bytes) noexcept {
#if defined(__linux__)
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23  // Linux 5.14
#endif
  return madvise(base, bytes, MADV_POPULATE_WRITE) == 0;
#else
  (void)base;
  (void)bytes;
  return false;
#endif
}

}  // namespace

void populate(void* base, std::size_t bytes) noexcept {
  if (populate_by_kernel(base, bytes)) return;
  // Older kernels: a write to each 4 KiB page (the memory is not in anyone else's hands yet).
  auto* bytes_at = static_cast<volatile std::byte*>(base);
  for (std::size_t offset = 0; offset < bytes; offset += 4096) bytes_at[offset] = std::byte{0};
}

namespace {
constexpr std::uintptr_t kSmallestAhead = std::uintptr_t{64} << 20;  // below this a thread costs more than it saves
constexpr std::uintptr_t kAheadStep = std::uintptr_t{8} << 20;       // how far it goes before looking at stop_
constexpr std::uintptr_t kPage = 4096;
}  // namespace

FaultInAhead::FaultInAhead(void* base, std::size_t bytes) {
  const auto first = (reinterpret_cast<std::uintptr_t>(base) + kPage - 1) & ~(kPage - 1);
  const auto last = (reinterpret_cast<std::uintptr_t>(base) + bytes) & ~(kPage - 1);
  if (last <= first || last - first < kSmallestAhead) return;
  try {
    thread_ = std::thread([this, first, last] {
      for (std::uintptr_t at = first; at < last && !stop_.load(std::memory_order_relaxed); at += kAheadStep)
        if (!populate_by_kernel(reinterpret_cast<void*>(at), std::min(kAheadStep, last - at))) return;
    });
  } catch (const std::system_error&) {
    // no thread to be had: the caller's writes fault the pages in, as without this
  }
}

FaultInAhead::~FaultInAhead() {
  stop_.store(true, std::memory_order_relaxed);
  if (thread_.joinable()) thread_.join();
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
