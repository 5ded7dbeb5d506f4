# CLI tests of the trace commands, `wakeline run --out`, `wakeline export` and `wakeline validate`:
# usage errors and unreadable paths through expect_exit.cmake, the files themselves through
# check_trace_files.py (standard-library Python only). Included by tests/CMakeLists.txt at the end
# of its app block, where wakeline_cli_test and Python3 are already set up.

set(trace_usage_regex "wakeline export IN\\.wakeline\\.json\\|IN\\.wkl --out FILE \\[--format native\\|binary\\|chrome\\|csv\\]")

# Usage errors: exit 2, a message saying what is allowed, nothing read or written.
wakeline_cli_test(app.cli.trace.export_without_input 2 STDOUT "^$"
  STDERR "'wakeline export' needs a trace file to read: ${trace_usage_regex}" ARGS export)
wakeline_cli_test(app.cli.trace.export_without_out 2 STDOUT "^$"
  STDERR "'wakeline export' needs --out FILE: ${trace_usage_regex}" ARGS export in.wakeline.json --format chrome)
wakeline_cli_test(app.cli.trace.unknown_format 2 STDOUT "^$"
  STDERR "invalid --format 'xml': allowed: native, binary, chrome, csv" ARGS export in.wakeline.json --format xml --out x)
wakeline_cli_test(app.cli.trace.validate_without_file 2 STDOUT "^$"
  STDERR "'wakeline validate' needs a trace file: wakeline validate FILE" ARGS validate)
wakeline_cli_test(app.cli.trace.validate_two_files 2 STDOUT "^$"
  STDERR "unexpected argument 'b\\.wakeline\\.json'" ARGS validate a.wakeline.json b.wakeline.json)
wakeline_cli_test(app.cli.trace.out_on_validate 2 STDOUT "^$"
  STDERR "--out only applies to 'wakeline run ID' and 'wakeline export IN'" ARGS validate a.wakeline.json --out b)
wakeline_cli_test(app.cli.trace.out_on_list 2 STDOUT "^$"
  STDERR "--out only applies to 'wakeline run ID' and 'wakeline export IN'" ARGS list --out b)
wakeline_cli_test(app.cli.trace.summary_on_export 2 STDOUT "^$"
  STDERR "--summary only applies to 'wakeline run ID'" ARGS export a.wakeline.json --out b --summary)
wakeline_cli_test(app.cli.trace.format_without_out 2 STDOUT "^$"
  STDERR "--format only applies together with --out FILE" ARGS run lazy-future --format chrome)

# Paths that are no trace: exit 1 and the reader's message, naming the path.
wakeline_cli_test(app.cli.trace.validate_missing_file 1 STDOUT "^$"
  STDERR "^wakeline: no/such/trace\\.wakeline\\.json: cannot open: no such file\n$"
  ARGS validate no/such/trace.wakeline.json)
wakeline_cli_test(app.cli.trace.export_missing_file 1 STDOUT "^$"
  STDERR "^wakeline: no/such/trace\\.wakeline\\.json: cannot open: no such file\n$"
  ARGS export no/such/trace.wakeline.json --out never_written.json)
wakeline_cli_test(app.cli.trace.validate_directory 1 STDOUT "^$"
  STDERR "^wakeline: .*: is a directory, not a trace file\n$" ARGS validate ${CMAKE_CURRENT_BINARY_DIR})
wakeline_cli_test(app.cli.trace.export_directory 1 STDOUT "^$"
  STDERR "^wakeline: .*: is a directory, not a trace file\n$"
  ARGS export ${CMAKE_CURRENT_BINARY_DIR} --out never_written.json)
# A run whose --out cannot be written still prints its output, then fails.
wakeline_cli_test(app.cli.trace.run_out_unwritable 1 STDOUT "all done after 1000 ms"
  STDERR "^wakeline: cannot write /nonexistent-dir/t\\.wakeline\\.json: No such file or directory \\(nothing was written\\)\n$"
  ARGS run sequential-vs-join --variant join --out /nonexistent-dir/t.wakeline.json)

# Issue 13: an empty --variant is refused like every other empty value; the hostile files are
# refused with their first problem (exit 1), or read and summarised with control characters shown.
wakeline_cli_test(app.cli.trace.empty_variant 2 STDOUT "^$"
  STDERR "--variant needs a variant name" ARGS run sequential-vs-join --variant=)  # CMake drops an empty "" argument
set(hostile ${CMAKE_CURRENT_SOURCE_DIR}/data/hostile)
foreach(case IN ITEMS "poll_unspawned_task;wake_before_poll" "poll_task_zero;task_ends_once"
                      "thread_index_ffffffff;threads_dense" "thread_index_fffffffe;threads_dense"
                      "wake_cause_248;payload_in_range")
  list(GET case 0 file)
  list(GET case 1 invariant)
  wakeline_cli_test(app.cli.hostile.${file} 1 STDOUT "^$"
    STDERR "the trace reads but is not valid: ${invariant}: " ARGS export ${hostile}/${file}.wakeline.json --out never_written.json)
endforeach()
wakeline_cli_test(app.cli.hostile.control_chars 0 STDOUT "scenario '\\\\x1b\\]0;pwned\\\\x07lesson"
  ARGS validate ${hostile}/control_chars.wakeline.json)
wakeline_cli_test(app.cli.hostile.cut_in_long_string 1
  STDERR "not valid JSON: .*last read: '\"x+\\.\\.\\.'\n$" ARGS validate ${hostile}/cut_in_long_string.wakeline.json)

if(Python3_Interpreter_FOUND)
  # Failed writes (full disk, read-only folder, odd targets, a blocked CSV pair): nothing lost.
  add_test(NAME app.cli.trace.write_failures_keep_the_old_file
    COMMAND Python3::Interpreter ${CMAKE_CURRENT_SOURCE_DIR}/app/check_write_failures.py $<TARGET_FILE:wakeline>
            ${hostile} ${CMAKE_CURRENT_BINARY_DIR}/write_failures)
  set_tests_properties(app.cli.trace.write_failures_keep_the_old_file PROPERTIES LABELS app TIMEOUT 120)

  set(WAKELINE_CHECK_TRACE_FILES ${CMAKE_CURRENT_SOURCE_DIR}/app/check_trace_files.py)
  set(trace_workdir ${CMAKE_CURRENT_BINARY_DIR}/trace_cli_out)
  # Each test gets its own directory, so ctest -j cannot mix their files.
  function(wakeline_trace_files_test name)
    add_test(NAME app.cli.trace.${name}
      COMMAND Python3::Interpreter ${WAKELINE_CHECK_TRACE_FILES} ${ARGN})
    set_tests_properties(app.cli.trace.${name} PROPERTIES LABELS app TIMEOUT 60)
  endfunction()

  wakeline_trace_files_test(chrome_export_of_every_lesson chrome $<TARGET_FILE:wakeline> ${trace_workdir}/chrome)
  wakeline_trace_files_test(roundtrip.two_sequential_requests
    roundtrip $<TARGET_FILE:wakeline> ${trace_workdir}/roundtrip_seq sequential-vs-join)
  wakeline_trace_files_test(roundtrip.work_stealing_on_four_workers
    roundtrip $<TARGET_FILE:wakeline> ${trace_workdir}/roundtrip_ws work-stealing --variant four-workers)
  wakeline_trace_files_test(roundtrip.spawn_blocking_on_the_real_clock
    roundtrip $<TARGET_FILE:wakeline> ${trace_workdir}/roundtrip_real blocking-executor --variant spawn_blocking --clock real)

  foreach(case truncated wrong_type_event wrong_type_run unknown_version events_out_of_order broken_invariant
               empty binary chrome_trace huge_200MB binary_truncated binary_bit_flip binary_wrong_version binary_huge_count)
    wakeline_trace_files_test(malformed.${case} malformed ${case} $<TARGET_FILE:wakeline> ${trace_workdir}/${case})
  endforeach()
  # Reading 200 MB twice is timed: alone, so a GUI test beside it does not decide the time.
  set_tests_properties(app.cli.trace.malformed.huge_200MB PROPERTIES RUN_SERIAL TRUE)
endif()
