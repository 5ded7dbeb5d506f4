// CSV exports: tasks (from compute_task_stats) and raw events, RFC 4180 quoting and CRLF rows.
#include "wakeline/trace_io/csv.hpp"

#include <algorithm>
#include <ostream>
#include <unordered_map>

#include "text_out.hpp"
#include "wakeline/task_stats.hpp"

namespace wakeline {
namespace {

using trace_io_detail::append_csv_field;
using trace_io_detail::append_uint;

constexpr std::string_view kRowEnd = "\r\n";

template <typename Id>
void append_id_list(std::string& s, const std::vector<Id>& ids) {
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) s += ' ';
    append_uint(s, ids[i]);
  }
}

void write_tasks_to(const Trace& trace, trace_io_detail::TextOut& out) {
  std::string& s = out.text;
  s += "id,name,parent,blocking_job,spawn_file,spawn_line,spawn_ns,end_ns,outcome,failure,polls,busy_ns,"
       "scheduled_ns,waiting_ns,blocked_ns,waited_on,waited_on_id,wakes";
  for (std::size_t cause = 0; cause < kWakeCauseCount; ++cause) {
    s += ",wakes_";
    s += to_string(static_cast<WakeCause>(cause));
  }
  s += ",wakers,workers,steals";
  s += kRowEnd;
  for (const TaskStats& task : compute_task_stats(trace)) {
    const SourceLocation* where = task.spawn_location < trace.locations.size() ? &trace.locations[task.spawn_location] : nullptr;
    append_uint(s, task.id);
    s += ',';
    append_csv_field(s, task.name);
    s += ',';
    append_uint(s, task.parent);
    s += task.blocking_job ? ",1," : ",0,";
    append_csv_field(s, where != nullptr ? std::string_view(where->file) : std::string_view());
    s += ',';
    append_uint(s, where != nullptr ? where->line : 0);
    s += ',';
    append_uint(s, task.spawn_ns);
    s += ',';
    if (task.end_ns) append_uint(s, *task.end_ns);
    s += ',';
    s += to_string(task.outcome);
    s += ',';
    append_csv_field(s, task.failure);
    for (const std::uint64_t value : {task.polls, task.busy_ns, task.scheduled_ns, task.waiting_ns, task.blocked_ns}) {
      s += ',';
      append_uint(s, value);
    }
    s += ',';
    if (task.waited_on) {
      s += to_string(*task.waited_on);
      s += ',';
      append_uint(s, task.waited_on_id);
    } else {
      s += ',';
    }
    s += ',';
    append_uint(s, task.wakes);
    for (const std::uint64_t count : task.wakes_by_cause) {
      s += ',';
      append_uint(s, count);
    }
    s += ',';
    append_id_list(s, task.wakers);
    s += ',';
    append_id_list(s, task.workers);
    s += ',';
    append_uint(s, task.steals);
    s += kRowEnd;
    out.flush_if_large();
  }
  out.flush();
}

void write_events_to(const Trace& trace, trace_io_detail::TextOut& out) {
  std::unordered_map<TaskId, std::string_view> task_names;
  std::string& s = out.text;
  s += "time_ns,kind,thread,thread_name,task,task_name,a,b,c,file,line";
  s += kRowEnd;
  for (const Event& e : trace.events) {
    if (e.kind == EventKind::TaskSpawned)
      task_names.try_emplace(e.task, trace.str(static_cast<StringId>(std::min<std::uint64_t>(e.b(), 0xffffffffu))));
    append_uint(s, e.time_ns);
    s += ',';
    s += to_string(e.kind);
    s += ',';
    append_uint(s, e.thread);
    s += ',';
    if (e.thread < trace.threads.size()) append_csv_field(s, trace.threads[e.thread].name);
    s += ',';
    append_uint(s, e.task);
    s += ',';
    if (e.task != 0)
      if (const auto it = task_names.find(e.task); it != task_names.end()) append_csv_field(s, it->second);
    for (const std::uint64_t value : {e.a(), e.b(), e.c()}) {
      s += ',';
      append_uint(s, value);
    }
    s += ',';
    // Location 0 is "unknown": its file and line stay empty.
    if (e.location != 0 && e.location < trace.locations.size()) {
      append_csv_field(s, trace.locations[e.location].file);
      s += ',';
      append_uint(s, trace.locations[e.location].line);
    } else {
      s += ',';
    }
    s += kRowEnd;
    out.flush_if_large();
  }
  out.flush();
}

}  // namespace

std::string write_tasks_csv(const Trace& trace) {
  trace_io_detail::TextOut out;
  write_tasks_to(trace, out);
  return std::move(out.text);
}
void write_tasks_csv(const Trace& trace, std::ostream& out) {
  trace_io_detail::TextOut sink{.text = {}, .stream = &out};
  write_tasks_to(trace, sink);
}

std::string write_events_csv(const Trace& trace) {
  trace_io_detail::TextOut out;
  out.text.reserve(64 + trace.events.size() * 48);
  write_events_to(trace, out);
  return std::move(out.text);
}
void write_events_csv(const Trace& trace, std::ostream& out) {
  trace_io_detail::TextOut sink{.text = {}, .stream = &out};
  write_events_to(trace, sink);
}

}  // namespace wakeline
