// A worker's local run queue for multi_thread: a fixed ring (Tokio: 256 slots) that only its
// owner pushes to, and that the owner pops from and other workers steal half of, from the head.
#pragma once

#include <atomic>
#include <cstdint>
#include <algorithm>
#include <memory>

#include "wakeline/detail/task_header.hpp"

namespace wakeline::detail {

class LocalRunQueue {
 public:
  explicit LocalRunQueue(std::uint32_t capacity = 256)
      : capacity_(capacity), slots_(std::make_unique<std::atomic<TaskHeader*>[]>(capacity)) {}

  std::uint32_t capacity() const noexcept { return capacity_; }
  std::uint32_t len() const noexcept {
    auto t = tail_.load(std::memory_order_acquire);
    auto h = head_.load(std::memory_order_acquire);
    return t - h;
  }
  bool empty() const noexcept { return len() == 0; }

  // Owner only. False when full: the caller moves half to the inject queue (overflow).
  bool push_back(TaskHeader* task) noexcept {
    auto t = tail_.load(std::memory_order_relaxed);
    auto h = head_.load(std::memory_order_acquire);
    if (t - h >= capacity_) return false;
    slots_[t % capacity_].store(task, std::memory_order_relaxed);
    tail_.store(t + 1, std::memory_order_release);
    return true;
  }

  // Owner only.
  TaskHeader* pop() noexcept {
    auto h = head_.load(std::memory_order_acquire);
    for (;;) {
      auto t = tail_.load(std::memory_order_relaxed);
      if (h == t) return nullptr;
      TaskHeader* task = slots_[h % capacity_].load(std::memory_order_relaxed);
      if (head_.compare_exchange_weak(h, h + 1, std::memory_order_acq_rel, std::memory_order_acquire)) return task;
    }
  }

  // Owner only, on overflow: takes up to n tasks from the head into `out`.
  std::uint32_t pop_many(TaskHeader** out, std::uint32_t n) noexcept {
    auto h = head_.load(std::memory_order_acquire);
    for (;;) {
      auto t = tail_.load(std::memory_order_relaxed);
      std::uint32_t count = std::min<std::uint32_t>(n, t - h);
      for (std::uint32_t i = 0; i < count; ++i) out[i] = slots_[(h + i) % capacity_].load(std::memory_order_relaxed);
      if (count == 0) return 0;
      if (head_.compare_exchange_weak(h, h + count, std::memory_order_acq_rel, std::memory_order_acquire)) return count;
    }
  }

  // Any worker: claims half (rounded up) of this queue's tasks into `out` (room for capacity/2+1).
  // The slots cannot be overwritten while we copy them: the owner only writes slots outside
  // [head, tail), and the CAS fails if head moved.
  std::uint32_t steal_half(TaskHeader** out) noexcept {
    auto h = head_.load(std::memory_order_acquire);
    for (;;) {
      auto t = tail_.load(std::memory_order_acquire);
      std::uint32_t available = t - h;
      if (available == 0 || available > capacity_) return 0;
      std::uint32_t count = available - available / 2;
      for (std::uint32_t i = 0; i < count; ++i) out[i] = slots_[(h + i) % capacity_].load(std::memory_order_relaxed);
      if (head_.compare_exchange_weak(h, h + count, std::memory_order_acq_rel, std::memory_order_acquire)) return count;
    }
  }

 private:
  std::uint32_t capacity_;
  std::unique_ptr<std::atomic<TaskHeader*>[]> slots_;
  alignas(64) std::atomic<std::uint32_t> head_{0};
  alignas(64) std::atomic<std::uint32_t> tail_{0};
};

}  // namespace wakeline::detail
