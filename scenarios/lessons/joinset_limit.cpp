// Lesson: fetching many pages with at most `limit` requests in flight.
//
// Spawning one task per page would start every request at once. To be polite to the server we
// keep them in a JoinSet and never let it hold more than `limit`: before starting another page,
// we wait for one to finish. The pages go in waves; the total is ceil(pages / limit) x latency.
#include <chrono>
#include <cstddef>
#include <string>
#include <utility>

#include "lessons/lessons.hpp"
#include "wakeline/io.hpp"
#include "wakeline/join_set.hpp"

namespace wakeline::scenarios {
namespace {

using Millis = std::chrono::milliseconds;

Task<std::size_t> fetch_page(int page, Millis latency) {
  auto body = co_await fake_fetch("https://example.com/page/" + std::to_string(page), latency, 512);
  print("page ", page, " fetched at ", elapsed_ms(), " ms");
  co_return body.size();
}

Task<> lesson_main(int pages, int limit, Millis latency) {
  JoinSet<std::size_t> in_flight;  // the requests running now
  std::size_t bytes = 0;
  for (int page = 1; page <= pages; ++page) {
    if (static_cast<int>(in_flight.len()) == limit) {
      // At the limit: join_next waits for whichever request finishes first.
      auto done = co_await in_flight.join_next();
      bytes += done->value();
    }
    in_flight.spawn(fetch_page(page, latency), "page " + std::to_string(page));
  }
  while (auto done = co_await in_flight.join_next()) bytes += done->value();
  print(pages, " pages, ", bytes, " bytes, at most ", limit, " at a time: done after ", elapsed_ms(), " ms");
}

}  // namespace

Lesson joinset_limit_lesson() {
  return Lesson{
      .id = "joinset-limit",
      .title = "A concurrency limit: at most N requests in flight",
      .explanation =
          "Each page is fetched by a task of its own, spawned into a JoinSet, but main never lets the "
          "set hold more than limit of them: at the limit it awaits join_next, the first request to "
          "finish, before spawning the next. "
          "On the timeline the page lanes start in waves of limit, each wave one latency long, so the "
          "total is ceil(pages / limit) x latency: 4 seconds for 12 pages, 3 at a time. "
          "Raise the limit to the number of pages and everything overlaps into one latency; set it to 1 "
          "and the fetches run one after another, as if there were no concurrency at all.",
      .params = {
          int_param("pages", 1, 10000, 12, "", "how many pages to fetch"),
          int_param("limit", 1, 1000, 3, "", "how many requests may be in flight at once"),
          int_param("latency_ms", 1, 60000, 1000, "ms", "how long each page takes"),
      },
      .variants = {
          {"limit-3", "12 pages, 3 at a time", {{"limit", "3"}}},
          {"one-at-a-time", "Limit 1", {{"limit", "1"}}},
          {"no-limit", "All 12 at once", {{"limit", "12"}}},
      },
      .flavors = {Flavor::CurrentThread, Flavor::MultiThread},
      .default_flavor = Flavor::MultiThread,
      .default_workers = 2,
      .source_text = lesson_source("joinset_limit.cpp"),
      .make_main =
          [](const ParamValues& p) {
            return lesson_main(static_cast<int>(p.integer("pages")), static_cast<int>(p.integer("limit")),
                               Millis(p.integer("latency_ms")));
          },
  };
}

}  // namespace wakeline::scenarios
