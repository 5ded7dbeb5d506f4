// The virtual clock's CPU cores (RuntimeOptions::cores): while more threads are inside cpu_work
// than there are cores, they share them equally (processor sharing, as an OS scheduler's time
// slices average out), so each one's work progresses at cores / busy threads of full speed.
// Plain bookkeeping: who waits for a piece of work to finish is virtual_cores.cpp's business.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

namespace wakeline::detail {

struct BlockingLane;

// One cpu_work call in progress.
struct CpuDemand {
  double remaining_ns = 0;     // CPU time still to do
  std::uint64_t done_at = 0;   // the instant it finished (once done)
  bool done = false;
  // Who resumes when it is done: a blocking-pool lane's thread, or a worker whose poll waits on
  // the simulation's stack (lane == nullptr). A detached demand only keeps its share of the cores.
  BlockingLane* lane = nullptr;
  bool detached = false;
};

struct CpuShare {
  std::uint32_t cores = 1;
  std::vector<std::shared_ptr<CpuDemand>> busy;
  std::uint64_t updated_at = 0;  // every busy demand's remaining_ns is as of this instant

  // The speed of each busy thread: 1 while there are enough cores, less once they are shared.
  double speed() const {
    return busy.size() <= cores ? 1.0 : static_cast<double>(cores) / static_cast<double>(busy.size());
  }
  // Progresses every busy demand to `t` at the current speed.
  void advance(std::uint64_t t);
  // A thread starts `work_ns` of CPU work at `t` (no earlier than the last change).
  std::shared_ptr<CpuDemand> start(std::uint64_t t, std::uint64_t work_ns, BlockingLane* lane);
  // When the next busy demand finishes if nothing else starts meanwhile (~0: none busy).
  std::uint64_t next_finish() const;
  // When `d` finishes if nothing else starts or finishes meanwhile.
  std::uint64_t projected_finish(const CpuDemand& d) const;
  // Advances to `t` and takes the demands finished by then off the cores.
  std::vector<std::shared_ptr<CpuDemand>> finish_due(std::uint64_t t);
};

}  // namespace wakeline::detail
