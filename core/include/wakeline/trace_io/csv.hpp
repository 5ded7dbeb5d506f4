// CSV exports for spreadsheets and scripts: one row per task (the columns of TaskStats) or one
// row per event. RFC 4180: header row, CRLF line ends, fields quoted only when needed.
#pragma once

#include <iosfwd>
#include <string>

#include "wakeline/trace.hpp"

namespace wakeline {

// id,name,parent,blocking_job,spawn_file,spawn_line,spawn_ns,end_ns,outcome,failure,polls,busy_ns,
// scheduled_ns,waiting_ns,blocked_ns,waited_on,waited_on_id,wakes,wakes_<cause> for each WakeCause,
// wakers,workers,steals   (wakers and workers are space-separated lists; end_ns is empty while running)
std::string write_tasks_csv(const Trace& trace);
void write_tasks_csv(const Trace& trace, std::ostream& out);

// time_ns,kind,thread,thread_name,task,task_name,a,b,c,file,line
std::string write_events_csv(const Trace& trace);
void write_events_csv(const Trace& trace, std::ostream& out);

}  // namespace wakeline
