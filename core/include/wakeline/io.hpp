// Simulated I/O and output: fake_fetch finishes after its latency through the timer driver and
// returns a deterministic body; print records its text as an event, so the console and the
// timeline line up to the nanosecond.
#pragma once

#include <chrono>
#include <cstddef>
#include <source_location>
#include <sstream>
#include <string>
#include <string_view>

#include "wakeline/detail/context.hpp"
#include "wakeline/task.hpp"

namespace wakeline {

// Records one line of output from the current task.
void print_line(std::string_view text, std::source_location loc = std::source_location::current());

// print(a, b, c) streams its arguments into one line, like a tiny println!.
template <typename... Args>
struct print {
  explicit print(const Args&... args, std::source_location loc = std::source_location::current()) {
    std::ostringstream out;
    (out << ... << args);
    print_line(out.str(), loc);
  }
};
template <typename... Args>
print(const Args&...) -> print<Args...>;

// The body a fake server returns for `url`: `bytes` characters, the same every run.
std::string fake_body(std::string_view url, std::size_t bytes);

// A request that takes `latency` (a timer wait) and returns fake_body(url, bytes).
Task<std::string> fake_fetch(std::string url, std::chrono::nanoseconds latency, std::size_t bytes = 64,
                             std::source_location loc = std::source_location::current());

}  // namespace wakeline
