// Memory a recorded run writes once, in bulk: the lanes' event chunks and the merged trace. On the
// dev machine's VM a first write to a fresh 4 KiB page costs 1.6 µs quiet and 16 µs under load
// (a page fault each), which was most of a recorded run's time; the same memory backed by 2 MiB
// transparent huge pages faults in 0.3 ns per byte. Where the kernel offers no huge pages the
// advice is ignored and the memory behaves as before. The app uses reserve_huge for the arrays it
// builds from a trace.
#pragma once

#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace wakeline::detail {

inline constexpr std::size_t kHugePage = std::size_t{2} << 20;

// `bytes` (a multiple of kHugePage) of zeroed memory aligned to kHugePage, advised as huge pages.
// Throws std::bad_alloc when the mapping fails.
void* map_huge(std::size_t bytes);
void unmap_huge(void* base, std::size_t bytes) noexcept;
// Hands the pages of [base, base + bytes) of map_huge memory back to the kernel; the range stays
// mapped and reads as zeroes (faulting in afresh) when next touched.
void release_huge(void* base, std::size_t bytes) noexcept;

// Moves the pages of [from, from + bytes) of map_huge memory to `to` (both kHugePage-aligned;
// `to` inside memory the caller owns and has not written yet), replacing what was mapped there,
// without copying or zeroing them. `from` stays mapped and reads as zeroes afterwards, as after
// release_huge. False, and nothing moved, where the system cannot (before Linux 5.7, not Linux).
bool move_huge(void* from, void* to, std::size_t bytes) noexcept;

// Faults in every page of [base, base + bytes) of map_huge memory now, the kernel zeroing them, so
// that the thread that later writes there takes no page fault. For a helper thread working ahead.
void populate(void* base, std::size_t bytes) noexcept;

// Faults in the pages of [base, base + bytes) on a thread of its own, front to back, while the
// caller fills the range front to back (a decoder writing 320 MB of events): the kernel's zeroing
// of fresh pages, up to half of such a fill, then runs on the machine's other core. Only through
// the kernel (MADV_POPULATE_WRITE), which leaves a page already there untouched, so the caller's
// writes are never raced; where the kernel cannot, or the range is small, it does nothing. The
// range must stay mapped while it lives; it stops and joins when destroyed.
class FaultInAhead {
 public:
  FaultInAhead(void* base, std::size_t bytes);
  ~FaultInAhead();
  FaultInAhead(const FaultInAhead&) = delete;
  FaultInAhead& operator=(const FaultInAhead&) = delete;

 private:
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// Advises the whole huge pages inside [begin, begin + bytes) of memory not yet written (a
// vector's reserved capacity): they fault in as 2 MiB pages. Small ranges are left alone.
void advise_huge(void* begin, std::size_t bytes) noexcept;

// Reserves room for `count` elements in all and advises the room not yet used as huge pages: a
// vector of millions of elements then faults in 2 MiB at a time as it fills, and never regrows.
template <typename T>
void reserve_huge(std::vector<T>& values, std::size_t count) {
  values.reserve(count);
  advise_huge(values.data() + values.size(), (values.capacity() - values.size()) * sizeof(T));
}

}  // namespace wakeline::detail
