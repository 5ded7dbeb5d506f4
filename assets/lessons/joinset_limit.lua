-- Lesson: fetching many pages with at most `limit` requests in flight (the script twin of the
-- built-in lesson).
--
-- Spawning one task per page would start every request at once. To be polite to the server we
-- keep them in a JoinSet and never let it hold more than `limit`: before starting another page,
-- we wait for one to finish. The pages go in waves; the total is ceil(pages / limit) x latency.

lesson {
  id = "joinset-limit-lua",
  title = "A concurrency limit: at most N requests in flight (script)",
  explanation = [[
Each page is fetched by a task of its own, spawned into a JoinSet, but main never lets the set hold
more than limit of them: at the limit it awaits join_next, the first request to finish, before
spawning the next. On the timeline the page lanes start in waves of limit, each wave one latency
long, so the total is ceil(pages / limit) x latency: 4 seconds for 12 pages, 3 at a time. Raise the
limit to the number of pages and everything overlaps into one latency; set it to 1 and the fetches
run one after another, as if there were no concurrency at all.]],
  params = {
    param { key = "pages", kind = "int", min = 1, max = 10000, default = 12, help = "how many pages to fetch" },
    param { key = "limit", kind = "int", min = 1, max = 1000, default = 3, help = "how many requests may be in flight at once" },
    param { key = "latency_ms", kind = "int", min = 1, max = 60000, default = 1000, unit = "ms", help = "how long each page takes" },
  },
  variants = {
    variant { name = "limit-3", label = "12 pages, 3 at a time", set = { limit = 3 } },
    variant { name = "one-at-a-time", label = "Limit 1", set = { limit = 1 } },
    variant { name = "no-limit", label = "All 12 at once", set = { limit = 12 } },
  },
  flavors = { "current_thread", "multi_thread" },
  default_flavor = "multi_thread",
  workers = 2,
}

local fetch_page = async(function(page, latency)
  local body = await(fake_fetch("https://example.com/page/" .. page, latency, 512))
  print("page ", page, " fetched at ", elapsed_ms(), " ms")
  return #body
end)

function main(p)
  local in_flight = JoinSet()  -- the requests running now
  local bytes = 0
  for page = 1, p.pages do
    if in_flight:len() == p.limit then
      -- At the limit: join_next waits for whichever request finishes first.
      bytes = bytes + await(in_flight:join_next())
    end
    in_flight:spawn(fetch_page(page, p.latency_ms), "page " .. page)
  end
  while in_flight:len() > 0 do bytes = bytes + await(in_flight:join_next()) end
  print(p.pages, " pages, ", bytes, " bytes, at most ", p.limit, " at a time: done after ", elapsed_ms(), " ms")
end
