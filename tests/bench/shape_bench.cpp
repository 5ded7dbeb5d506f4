// One workload of shapes.hpp per process, the counterpart of the Tokio twin (tests/bench/tokio/):
//   shape_bench SHAPE N current|multi [WORKERS] [record] [virtual]
// SHAPE is spawn, spawnb, pingpong, yield or sleep (see shapes.hpp). Prints one line of key=value
// pairs that scripts/bench.sh reads: ns_per_op (timed by the main task), run_ns_per_op (the whole
// run(), start-up, shutdown and, when recording, the trace merge included), peak_kib (VmHWM),
// cpu_ms (user + system time of the process: on a loaded machine wall time is mostly waiting for
// a core), sys_ms (the system part of it). `virtual` runs on the virtual clock (how cost grows
// with the trace, on one core).
// A process of its own per run keeps every run cold and its peak memory its own.
//   shape_bench fresh MIB
// times the first write to MIB of fresh memory mapped as the recorder maps its chunks and trace
// (map_huge): the kernel's cost of zeroing fresh pages, which on the dev machine's VM moves from
// run to run and bounds what recording can cost in a cold process. Prints kind=fresh ns_per_byte=X.
#include <chrono>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <string>
#include <string_view>

#include <sys/resource.h>

#include "shapes.hpp"
#include "wakeline/detail/huge_pages.hpp"

using namespace wakeline;

namespace {

int usage() {
  std::fprintf(stderr, "usage: shape_bench spawn|spawnb|pingpong|yield|sleep N current|multi [WORKERS] [record] [virtual]\n"
                       "       shape_bench fresh MIB   (MIB from 1 to 65536)\n");
  return 2;
}

bool parse_count(std::string_view text, std::int64_t& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && out > 0;
}

std::uint64_t peak_kib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stoull(line.substr(6));
  }
  return 0;
}

// User and system CPU time of the process so far, all threads: a recorded run's system time is
// mostly the kernel zeroing the fresh pages its trace fills.
struct CpuMs {
  double user = 0, system = 0;
};
CpuMs cpu_ms() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto ms = [](const timeval& t) { return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_usec) * 1e-3; };
  return {ms(usage.ru_utime), ms(usage.ru_stime)};
}

int fresh_memory(std::int64_t mib) {
  const std::size_t bytes = ((static_cast<std::size_t>(mib) << 20) + detail::kHugePage - 1) & ~(detail::kHugePage - 1);
  auto* base = static_cast<volatile unsigned char*>(detail::map_huge(bytes));
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t at = 0; at < bytes; at += 4096) base[at] = 1;
  const auto ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count();
  detail::unmap_huge(const_cast<unsigned char*>(base), bytes);
  std::printf("kind=fresh mib=%lld ns_per_byte=%.3f\n", static_cast<long long>(mib), ns / static_cast<double>(bytes));
  return 0;
}

Task<std::uint64_t> workload(std::string_view shape, std::int64_t n) {
  if (shape == "spawn") return bench::spawn_all(n);
  if (shape == "spawnb") return bench::spawn_batched(n);
  if (shape == "pingpong") return bench::ping_pong(n);
  if (shape == "yield") return bench::yield_many(2, n);
  return bench::many_sleeps(n);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::string_view(argv[1]) == "fresh") {
    std::int64_t mib = 0;
    if (!parse_count(argv[2], mib) || mib > 65536) return usage();
    return fresh_memory(mib);
  }
  if (argc < 4) return usage();
  std::string_view shape = argv[1];
  std::string_view flavor = argv[3];
  std::int64_t n = 0;
  std::int64_t workers = 1;
  if (!parse_count(argv[2], n)) return usage();
  if (shape != "spawn" && shape != "spawnb" && shape != "pingpong" && shape != "yield" && shape != "sleep") return usage();
  if (flavor != "current" && flavor != "multi") return usage();
  int next = 4;
  if (flavor == "multi" && argc > next && parse_count(argv[next], workers)) ++next;
  bool record = false;
  ClockKind clock = ClockKind::Real;
  for (; next < argc; ++next) {
    std::string_view word = argv[next];
    if (word == "record") record = true;
    else if (word == "virtual") clock = ClockKind::Virtual;
    else return usage();
  }

  auto options = flavor == "current" ? bench::current_thread(record, clock)
                                     : bench::multi_thread(static_cast<std::uint32_t>(workers), record, clock);
  auto m = bench::measure(options, workload(shape, n));
  if (!m.error.empty()) {
    std::fprintf(stderr, "shape_bench: %s\n", m.error.c_str());
    return 1;
  }
  const CpuMs cpu = cpu_ms();
  auto per_op = [n](std::uint64_t ns) { return static_cast<double>(ns) / static_cast<double>(n); };
  std::printf("runtime=wakeline%s%s shape=%s n=%lld flavor=%s workers=%lld ns_per_op=%.1f run_ns_per_op=%.1f peak_kib=%llu "
              "events=%llu cpu_ms=%.0f sys_ms=%.0f\n",
              record ? "_rec" : "", clock == ClockKind::Virtual ? "_virtual" : "", argv[1], static_cast<long long>(n), argv[3], static_cast<long long>(workers),
              per_op(m.in_run_ns), per_op(m.whole_run_ns), static_cast<unsigned long long>(peak_kib()),
              static_cast<unsigned long long>(m.events), cpu.user + cpu.system, cpu.system);
  return 0;
}
