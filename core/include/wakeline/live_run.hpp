// LiveRun: watch a run while it goes (the app draws a real-clock run as it grows) and stop it.
// Pass a pointer in RuntimeOptions::live; snapshot() copies what the lanes have published so
// far without stopping or locking the workers.
#pragma once

#include <atomic>
#include <mutex>

#include "wakeline/trace.hpp"

namespace wakeline {
namespace detail {
struct RuntimeCore;
}

class LiveRun {
 public:
  LiveRun() = default;
  LiveRun(const LiveRun&) = delete;
  LiveRun& operator=(const LiveRun&) = delete;

  // Asks the run to end as soon as possible: tasks still alive are cancelled and recorded so.
  void request_stop() noexcept { stop_.store(true, std::memory_order_release); }
  bool stop_requested() const noexcept { return stop_.load(std::memory_order_acquire); }
  bool running() const noexcept { return running_.load(std::memory_order_acquire); }

  // The events recorded so far, merged and sorted; empty when no run is attached.
  Trace snapshot() const;

  // Called by the runtime.
  void attach(detail::RuntimeCore* rt);
  void detach();

 private:
  mutable std::mutex mutex_;
  detail::RuntimeCore* rt_ = nullptr;
  std::atomic<bool> stop_{false};
  std::atomic<bool> running_{false};
};

}  // namespace wakeline
