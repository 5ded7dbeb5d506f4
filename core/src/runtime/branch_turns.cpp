// Tokio's join! polls its branches starting at a different one each time it is polled, so no
// branch is always first (tokio/tests/macros_join.rs pins 1 2 3, 2 3 1, 3 1 2). Here a join's
// branches are strands made ready by their own wakes; at the start of each poll of the task, the
// ready branches of each join are put in the order of that poll's turn, in the places of the
// ready list they already hold (other strands keep theirs). Branches woken during the poll run
// after, in the order they were woken, as in Tokio they would wait for the next poll.
#include <algorithm>
#include <functional>

#include "runtime/runtime_core.hpp"

namespace wakeline::detail {

namespace {

// The join a strand is a branch of; null for the root and select's branches.
const BranchTurns* turns_of(const Strand* s) {
  return s->is_branch ? static_cast<const BranchStrand*>(s)->turns : nullptr;
}

// 0 for the branch this poll starts at, then 1, 2, ... around the group.
std::uint32_t place_in_turn(const Strand* s, std::uint64_t poll) {
  const BranchTurns& turns = *turns_of(s);
  auto start = static_cast<std::uint32_t>((poll - turns.first_poll) % turns.branches);
  return (static_cast<const BranchStrand*>(s)->branch + turns.branches - start) % turns.branches;
}

}  // namespace

void order_ready_branches_locked(TaskHeader* task, std::vector<Strand*>& scratch) {
  // Without extras only the root can be ready; none or one: nothing to order.
  if (!task->extras || task->extras->ready_head == task->extras->ready_tail) return;
  TaskExtras& extras = *task->extras;
  scratch.clear();
  bool any_branch = false;
  for (Strand* s = extras.ready_head; s; s = s->next_ready) {
    scratch.push_back(s);
    any_branch = any_branch || turns_of(s);
  }
  if (!any_branch) return;
  // Positions of the branches, grouped by join (positions ascending within a join), and the same
  // branches grouped by join in the order of the turn: the k-th of one takes the k-th of the other.
  std::vector<std::uint32_t> places;
  for (std::uint32_t i = 0; i < scratch.size(); ++i)
    if (turns_of(scratch[i])) places.push_back(i);
  std::vector<std::uint32_t> by_place = places;
  std::stable_sort(by_place.begin(), by_place.end(), [&](std::uint32_t a, std::uint32_t b) {
    return std::less<const BranchTurns*>()(turns_of(scratch[a]), turns_of(scratch[b]));
  });
  std::vector<std::uint32_t> by_turn = places;
  const std::uint64_t poll = extras.polls;
  std::sort(by_turn.begin(), by_turn.end(), [&](std::uint32_t a, std::uint32_t b) {
    const Strand* x = scratch[a];
    const Strand* y = scratch[b];
    if (turns_of(x) != turns_of(y)) return std::less<const BranchTurns*>()(turns_of(x), turns_of(y));
    return place_in_turn(x, poll) < place_in_turn(y, poll);
  });
  std::vector<Strand*> ordered = scratch;
  for (std::size_t k = 0; k < by_place.size(); ++k) ordered[by_place[k]] = scratch[by_turn[k]];
  // Relink the ready list in the new order.
  extras.ready_head = extras.ready_tail = nullptr;
  for (Strand* s : ordered) {
    s->queued = false;
    task->push_ready_locked(s);
  }
}

}  // namespace wakeline::detail
