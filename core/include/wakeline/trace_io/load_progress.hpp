// How far a trace load has come, for a progress bar: the loader (on a worker thread) stores, the
// window (on its own thread) reads. Plain atomics, no locks; a reader sees a value at most one
// update (64Ki events or 1 MiB) old.
#pragma once

#include <atomic>
#include <cstdint>

namespace wakeline {

struct LoadProgress {
  // Preparing: the caller's own work on the loaded trace (the window builds its timeline model).
  enum class Stage : std::uint8_t { Reading, Decoding, Checking, Preparing, Done };
  std::atomic<Stage> stage{Stage::Reading};
  std::atomic<std::uint64_t> done{0};   // bytes read, or events decoded
  std::atomic<std::uint64_t> total{0};  // the file's size, or the event count; 0 while unknown

  void start(Stage next, std::uint64_t of) {
    done.store(0, std::memory_order_relaxed);
    total.store(of, std::memory_order_relaxed);
    stage.store(next, std::memory_order_release);
  }
  void advance(std::uint64_t to) { done.store(to, std::memory_order_relaxed); }

  // The whole load as 0..1: reading the file is the first 30 %, decoding the next 40 %, validate()
  // 10 %, preparing the rest (it has no total: it shows as its start).
  double fraction() const {
    const Stage now = stage.load(std::memory_order_acquire);
    const std::uint64_t of = total.load(std::memory_order_relaxed);
    const double part = of == 0 ? 0.0 : static_cast<double>(done.load(std::memory_order_relaxed)) / static_cast<double>(of);
    const double within = part < 0.0 ? 0.0 : (part > 1.0 ? 1.0 : part);
    switch (now) {
      case Stage::Reading: return 0.3 * within;
      case Stage::Decoding: return 0.3 + 0.4 * within;
      case Stage::Checking: return 0.7 + 0.1 * within;
      case Stage::Preparing: return 0.8 + 0.2 * within;
      case Stage::Done: return 1.0;
    }
    return 0.0;
  }
};

}  // namespace wakeline
