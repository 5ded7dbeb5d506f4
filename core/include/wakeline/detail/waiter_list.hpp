// The line of tasks waiting on a channel, a watch or a permit queue: an intrusive FIFO linked
// through the waiters themselves, which live in the awaiting coroutines' frames. No allocation per
// wait, and a waiter dropped mid-wait (select lost, task aborted) leaves the line in O(1). Every
// call needs the owner's lock held.
#pragma once

#include <cstdint>
#include <source_location>
#include <utility>

#include "wakeline/detail/context.hpp"

namespace wakeline::detail {

// W has `W* next` and `W* prev`, and may have `bool queued`, kept true while it is in the line.
template <typename W>
struct WaiterList {
  W* head = nullptr;
  W* tail = nullptr;

  bool empty() const { return head == nullptr; }

  void push_back(W* w) {
    w->prev = tail;
    w->next = nullptr;
    if (tail) tail->next = w; else head = w;
    tail = w;
    if constexpr (requires { w->queued; }) w->queued = true;
  }

  void remove(W* w) {
    if (w->prev) w->prev->next = w->next; else head = w->next;
    if (w->next) w->next->prev = w->prev; else tail = w->prev;
    w->next = w->prev = nullptr;
    if constexpr (requires { w->queued; }) w->queued = false;
  }

  // Takes the waiter first in line; null when none waits.
  W* pop_front() {
    W* w = head;
    if (w) remove(w);
    return w;
  }
};

// A waiter that only needs waking when something changes: a broadcast receiver, a watch receiver.
struct WakeWaiter {
  Waker waker;
  std::source_location loc;
  bool queued = false;
  WakeWaiter* next = nullptr;
  WakeWaiter* prev = nullptr;
};

// Wakes everyone in line, first come first woken, as woken by channel `channel`.
inline void wake_all(Context& ctx, WaiterList<WakeWaiter>& line, std::uint64_t channel) {
  while (WakeWaiter* w = line.pop_front()) wake(ctx, std::exchange(w->waker, Waker{}), WakeCause::Channel, channel, w->loc);
}

}  // namespace wakeline::detail
