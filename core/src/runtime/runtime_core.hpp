// The runtime object behind run(): workers and their queues, the inject queue, the timer driver,
// the blocking pool, the live-task list and the recorders. Both clocks share the scheduling
// decisions (scheduler.cpp); real_clock.cpp drives them with OS threads, virtual_clock.cpp with a
// deterministic discrete-event loop on one thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <queue>
#include <random>
#include <thread>
#include <unordered_map>
#include <vector>

#include "runtime/cpu_share.hpp"
#include "runtime/recorder.hpp"
#include "wakeline/detail/context.hpp"
#include "wakeline/detail/local_queue.hpp"
#include "wakeline/runtime.hpp"

namespace wakeline::detail {

// current_thread's unbounded local queue (Tokio's), linked through the tasks' own next_in_queue
// as the inject queue is: a million queued tasks cost it no memory of its own.
struct TaskFifo {
  TaskHeader* head = nullptr;
  TaskHeader* tail = nullptr;

  bool empty() const noexcept { return head == nullptr; }
  void push_back(TaskHeader* t) noexcept {
    t->next_in_queue = nullptr;
    if (tail) tail->next_in_queue = t; else head = t;
    tail = t;
  }
  TaskHeader* pop_front() noexcept {
    TaskHeader* t = head;
    if (!t) return nullptr;
    head = t->next_in_queue;
    if (!head) tail = nullptr;
    t->next_in_queue = nullptr;
    return t;
  }
  void clear() noexcept { head = tail = nullptr; }
};

struct Worker {
  std::uint32_t index = 0;
  ThreadRecorder* rec = nullptr;
  Context ctx;
  LocalRunQueue local;                 // multi_thread
  TaskFifo fifo;                       // current_thread
  TaskHeader* lifo = nullptr;
  std::uint32_t lifo_streak = 0;
  std::uint64_t tick = 0;
  std::mt19937_64 rng;
  std::vector<Strand*> deferred;       // strands that yielded during the current poll
  std::vector<Strand*> ready_scratch;  // reordering a poll's ready strands (branch_turns.cpp)
  std::vector<TaskHeader*> steal_buffer;
  std::vector<TaskHeader*> overflow_buffer;  // half of a full local queue on its way to the inject queue
  bool searching = false;

  // parking
  bool parked = false;                 // guarded by RuntimeCore::idle_mutex
  std::mutex park_mutex;
  std::condition_variable park_cv;
  bool unparked = false;               // guarded by park_mutex
  std::uint64_t unpark_cause = 0;

  // virtual clock
  std::uint64_t free_at = 0;
  bool run_pending = false;            // a WorkerRun event is in the simulation queue

  explicit Worker(std::uint32_t capacity) : local(capacity) {}
};

// Virtual clock with limited cores: a blocking-pool lane runs its jobs on an OS thread of its own,
// so a job can stop inside cpu_work until its share of the cores has done the work. Exactly one
// side runs at a time (the lane's thread or whoever resumed it): the simulation stays sequential.
struct LaneThread {
  std::thread thread;
  std::mutex mutex;
  std::condition_variable cv;
  bool lane_turn = false;            // true: the lane's thread runs, its resumer waits
  bool quit = false;
  BlockingJob* job = nullptr;        // the next job to start
  BlockingJob* finished = nullptr;   // the job that just ended, for the resumer to complete
};

struct BlockingLane {
  std::uint32_t index = 0;
  ThreadRecorder* rec = nullptr;
  Context ctx;
  std::uint64_t free_at = 0;           // virtual clock
  std::unique_ptr<LaneThread> thread;  // virtual clock with limited cores (virtual_cores.cpp)
};

// Virtual clock: the discrete-event queue.
enum class SimStop { Limit, Done, Idle, Fault };
enum class SimKind : std::uint8_t { WorkerRun, BlockingDone };
struct SimEvent {
  std::uint64_t time;
  std::uint64_t tiebreak;  // seeded, so same-instant order is decided by the seed
  std::uint64_t seq;
  SimKind kind;
  std::uint32_t target;    // worker index or blocking lane
  BlockingJob* job;
  bool operator>(const SimEvent& o) const {
    if (time != o.time) return time > o.time;
    if (tiebreak != o.tiebreak) return tiebreak > o.tiebreak;
    return seq > o.seq;
  }
};

struct RuntimeCore {
  RuntimeOptions options;
  bool virtual_clock = true;
  bool multi = false;
  std::uint32_t global_interval = 61;

  ChunkPool chunk_pool;  // declared before the recorders: they give their chunks back to it
  std::vector<std::unique_ptr<ThreadRecorder>> recorders;  // index = ThreadIndex
  std::mutex recorders_mutex;
  std::vector<std::unique_ptr<Worker>> workers;
  ThreadRecorder* timer_rec = nullptr;
  ThreadRecorder* runtime_rec = nullptr;
  Context timer_ctx;
  Context runtime_ctx;

  // inject queue
  std::mutex inject_mutex;
  TaskHeader* inject_head = nullptr;
  TaskHeader* inject_tail = nullptr;
  std::atomic<std::size_t> inject_len{0};

  // parking
  std::mutex idle_mutex;
  std::vector<std::uint32_t> idle;             // parked workers
  std::atomic<std::uint32_t> num_idle{0};
  std::atomic<std::uint32_t> num_searching{0};

  // live tasks
  SpinLock live_mutex;  // taken twice per task, for a few stores: no syscall path needed
  TaskHeader* live_head = nullptr;
  std::size_t live_count = 0;
  std::atomic<TaskId> next_task_id{1};
  TaskHeader* main = nullptr;
  std::atomic<bool> main_done{false};
  std::atomic<bool> shutdown{false};

  // timers
  std::mutex timer_mutex;
  std::condition_variable timer_cv;
  std::vector<TimerEntry*> timer_heap;
  std::uint64_t next_timer_id = 1;

  // channels
  std::atomic<std::uint64_t> next_channel_id{1};
  std::mutex channel_names_mutex;
  std::unordered_map<std::uint64_t, std::string> channel_names;

  // blocking pool
  std::mutex blocking_mutex;
  std::condition_variable blocking_cv;
  std::deque<BlockingJob*> blocking_queue;
  std::vector<std::thread> blocking_threads;
  std::vector<std::unique_ptr<BlockingLane>> blocking_lanes;
  std::uint32_t blocking_idle = 0;
  std::atomic<std::uint32_t> blocking_active{0};  // queued or running

  // clocks
  std::uint64_t tsc_start = 0;
  double ns_per_tick = 1.0;
  std::chrono::steady_clock::time_point steady_start;

  // virtual clock simulation
  std::priority_queue<SimEvent, std::vector<SimEvent>, std::greater<>> sim;
  std::uint64_t sim_seq = 0;
  std::uint64_t event_seq = 0;
  std::mt19937_64 sim_rng;
  std::uint64_t sim_limit = ~std::uint64_t{0};  // while a poll blocks: how far the others may run
  // Limited cores (RuntimeOptions::cores; null: unlimited). cpu_frames_done counts workers whose
  // cpu_work finished while their poll waits lower on the simulation's stack: the simulation
  // returns to them before anything else happens.
  std::unique_ptr<CpuShare> cpu;
  std::uint32_t cpu_frames_done = 0;
  bool cpu_draining = false;  // the run is over: cpu_work returns at once

  std::shared_ptr<OutsideLane> outside;  // for threads outside the runtime (outside_lane.cpp)

  std::atomic<std::uint64_t> events_recorded{0};
  // Whether a lane other than worker 0 has sent on a channel (set from the start on multi_thread):
  // until then a receive cannot take a message another lane sent, and is stamped without the
  // lfence that orders its tick after the message's (see record_event).
  std::atomic<bool> sends_off_worker0{false};
  std::string fault;
  bool deadlocked = false;
  std::uint64_t end_ns = 0;

  ThreadRecorder* add_recorder(ThreadKind kind, std::uint32_t index, std::string name);
  TickScale tick_scale() const noexcept { return TickScale{tsc_start, ns_per_tick, !virtual_clock}; }
};

// Records an event about task t, after every event recorded about t so far on any lane (see
// TaskExtras::last_tick). Racing writers (a wake while the task is polled elsewhere) record events
// whose order between them nothing depends on; any order that matters goes through t's lock or a
// queue, which also orders the last_tick store before the next event's load.
inline void record_task(Context& ctx, TaskHeader* t, Stamp stamp, EventKind kind, std::uint64_t a, std::uint64_t b,
                        std::uint64_t c, const std::source_location& loc) noexcept {
  if (!ctx.recording) return;
  if (ctx.rec->virtual_clock) {
    append_event(ctx, stamp, 0, kind, t->id, a, b, c, loc);
    return;
  }
  std::atomic<std::uint64_t>& last_tick = t->extras->last_tick;  // made at spawn in a recorded run
  std::uint64_t floor = last_tick.load(std::memory_order_relaxed);
  std::uint64_t tick = append_event(ctx, stamp, floor, kind, t->id, a, b, c, loc);
  if (tick > last_tick.load(std::memory_order_relaxed)) last_tick.store(tick, std::memory_order_relaxed);
}

// scheduler.cpp
void schedule(RuntimeCore& rt, Context& ctx, TaskHeader* task, bool is_yield);
TaskHeader* next_task(RuntimeCore& rt, Worker& w);
void poll_task(RuntimeCore& rt, Worker& w, TaskHeader* task);
void finish_task(RuntimeCore& rt, Context& ctx, TaskHeader* task, Outcome outcome);
void notify_parked(RuntimeCore& rt, Context& ctx, TaskId cause);
bool has_visible_work(RuntimeCore& rt);
void push_inject(RuntimeCore& rt, TaskHeader* task);
// Appends first..last (already linked through next_in_queue, `count` tasks) in one go.
void push_inject_chain(RuntimeCore& rt, TaskHeader* first, TaskHeader* last, std::size_t count);
TaskHeader* pop_inject(RuntimeCore& rt);
void register_live(RuntimeCore& rt, TaskHeader* task);
void unregister_live(RuntimeCore& rt, TaskHeader* task);
void cancel_all_remaining(RuntimeCore& rt);
std::vector<DeadlockEntry> describe_stuck_tasks(RuntimeCore& rt);

// outside_lane.cpp
void open_outside_lane(RuntimeCore& rt);
void close_outside_lane(RuntimeCore& rt);  // at the run's end: later uses of its handles wake nothing

// branch_turns.cpp: at the start of a poll, each join's ready branches in the order of its turn.
void order_ready_branches_locked(TaskHeader* task, std::vector<Strand*>& scratch);

// clocks
void run_virtual(RuntimeCore& rt);
void run_real(RuntimeCore& rt);
void advance_blocked_worker(RuntimeCore& rt, Context& ctx, std::uint64_t until);  // virtual clock
SimStop simulate(RuntimeCore& rt, std::uint64_t limit);                           // virtual clock
void push_sim(RuntimeCore& rt, std::uint64_t time, SimKind kind, std::uint32_t target, BlockingJob* job);
// virtual_cores.cpp: cpu_work sharing the cores, and the lane threads it needs.
void share_cores(RuntimeCore& rt, Context& ctx, std::uint64_t work_ns);
void start_on_lane_thread(RuntimeCore& rt, BlockingLane& lane, BlockingJob* job);
void finish_cpu_work(RuntimeCore& rt, std::uint64_t at);
void stop_lane_threads(RuntimeCore& rt);
void fire_due_timers(RuntimeCore& rt, Context& ctx, std::uint64_t now);
void unpark_worker(RuntimeCore& rt, Context& ctx, Worker& w, TaskId cause);  // clock-specific
void start_blocking_job(RuntimeCore& rt, Context& ctx, BlockingJob* job);       // clock-specific
void start_blocking_job_real(RuntimeCore& rt, BlockingJob* job);
void complete_blocking_job(RuntimeCore& rt, Context& ctx, BlockingJob* job);

std::uint64_t read_tsc() noexcept;
double tsc_ns_per_tick();

}  // namespace wakeline::detail
