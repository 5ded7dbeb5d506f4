# CLI tests of the headless commands, `wakeline list` and `wakeline run`: exit codes and messages
# through expect_exit.cmake, the JSON through check_cli_json.py. Included by tests/CMakeLists.txt
# at the end of its app block, where wakeline_cli_test and Python3 are already set up.

wakeline_cli_test(app.cli.list 0
  STDOUT "^sequential-vs-join\nselect-race\nblocking-executor\nchannel-ping-pong\nworker-queue\nspawn-blocking-analysis\njoinset-limit\ntimeout-try-join\nlazy-future\nwork-stealing\n"
  ARGS list)
# Script lessons: listed with where they come from, run from a file, checked with file:line.
wakeline_cli_test(app.cli.list_shows_script_lessons 0
  STDOUT "\nsequential-vs-join-lua  \\(script, shipped: [^\n]*assets/lessons/sequential_vs_join.lua\\)\n"
  ARGS list)
wakeline_cli_test(app.cli.run_script_file 0
  STDOUT "got response 1 \\(64 bytes\\) after 300 ms\nall done after 300 ms\ntotal: 300\\.[0-9]+ ms"
  ARGS run ${PROJECT_SOURCE_DIR}/assets/lessons/sequential_vs_join.lua --set latency_ms=300 --set mode=join)
wakeline_cli_test(app.cli.run_script_by_id_summary 0
  STDOUT "scenario.:.blocking-executor-lua.*total_ms.:550[.]"
  ARGS run blocking-executor-lua --summary)
wakeline_cli_test(app.cli.check_script_ok 0
  STDOUT "lesson 'worker-queue-lua' .*: ok"
  ARGS check ${PROJECT_SOURCE_DIR}/assets/lessons/worker_queue.lua)
wakeline_cli_test(app.cli.check_script_syntax_error 1
  STDERR "bad_syntax.lua:3: "
  ARGS check ${CMAKE_CURRENT_SOURCE_DIR}/app/scripts/bad_syntax.lua)
wakeline_cli_test(app.cli.check_script_bad_header 1
  STDERR "bad_header.lua:5: param 'n': empty range, min 10 is above max 5"
  ARGS check ${CMAKE_CURRENT_SOURCE_DIR}/app/scripts/bad_header.lua)
wakeline_cli_test(app.cli.run_script_runtime_error 1
  STDERR "os_execute.lua:5: attempt to index a nil value \\(global 'os'\\)"
  ARGS run ${CMAKE_CURRENT_SOURCE_DIR}/app/scripts/os_execute.lua)
wakeline_cli_test(app.cli.run_prints_output_and_total 0
  STDOUT "got response 2 \\(64 bytes\\) after 2000 ms\nall done after 2000 ms\ntotal: 2000\\.[0-9]+ ms \\(virtual clock, multi_thread with 2 workers\\)\n$"
  ARGS run sequential-vs-join)
wakeline_cli_test(app.cli.run_variant_and_flavor 0
  STDOUT "all 10 futures finished after 100 ms\ntotal: 100\\.[0-9]+ ms \\(virtual clock, multi_thread with 3 workers\\)\n$"
  ARGS run blocking-executor --variant async_sleep --flavor multi_thread --workers 3)

# Bad input: exit 2, a message saying what is allowed, and nothing run (no output at all).
wakeline_cli_test(app.cli.run_unknown_lesson 2 STDOUT "^$"
  STDERR "^wakeline: unknown lesson 'nope'. allowed: sequential-vs-join, select-race, .*work-stealing.*, or a FILE.lua\n$"
  ARGS run nope)
wakeline_cli_test(app.cli.run_unknown_key 2 STDOUT "^$"
  STDERR "unknown parameter 'speed' for lesson 'sequential-vs-join'. allowed: mode, requests, latency_ms, flavor, workers, clock, seed"
  ARGS run sequential-vs-join --set speed=2)
wakeline_cli_test(app.cli.run_value_out_of_range 2 STDOUT "^$"
  STDERR "latency_ms=0 is out of range. allowed: a whole number from 1 to 60000 \\(ms\\)"
  ARGS run sequential-vs-join --set latency_ms=0)
wakeline_cli_test(app.cli.run_not_a_choice 2 STDOUT "^$"
  STDERR "mode=parallel is not a choice here. allowed: one of sequential, join, spawn"
  ARGS run sequential-vs-join --set mode=parallel)
wakeline_cli_test(app.cli.run_bad_flavor 2 STDOUT "^$"
  STDERR "flavor=many_thread is not a choice here. allowed: one of current_thread, multi_thread"
  ARGS run sequential-vs-join --flavor many_thread)
wakeline_cli_test(app.cli.run_current_thread_with_workers 2 STDOUT "^$"
  STDERR "workers=4 needs flavor=multi_thread. current_thread has exactly 1 worker"
  ARGS run sequential-vs-join --flavor current_thread --workers 4)
wakeline_cli_test(app.cli.run_unknown_variant 2 STDOUT "^$"
  STDERR "unknown variant 'fast' for lesson 'sequential-vs-join'. allowed: sequential, join, spawn"
  ARGS run sequential-vs-join --variant fast)
wakeline_cli_test(app.cli.run_without_lesson 2 STDOUT "^$"
  STDERR "'wakeline run' needs a lesson id" ARGS run)
wakeline_cli_test(app.cli.set_without_run 2 STDOUT "^$"
  STDERR "--set only applies to 'wakeline run ID'" ARGS --set mode=join)

if(Python3_Interpreter_FOUND)
  set(WAKELINE_CHECK_CLI_JSON ${CMAKE_CURRENT_SOURCE_DIR}/app/check_cli_json.py)
  # wakeline_summary_test(NAME EXPECTED_MS args...): `wakeline args...` prints one JSON summary
  # whose total_ms is EXPECTED_MS, or up to 1% more.
  function(wakeline_summary_test name expected_ms)
    add_test(NAME ${name}
      COMMAND Python3::Interpreter ${WAKELINE_CHECK_CLI_JSON} summary $<TARGET_FILE:wakeline> ${expected_ms} ${ARGN})
    set_tests_properties(${name} PROPERTIES LABELS app TIMEOUT 60)
  endfunction()
  wakeline_summary_test(app.cli.summary.two_sequential_requests_take_2000_ms 2000 run sequential-vs-join --summary)
  wakeline_summary_test(app.cli.summary.two_joined_requests_take_1000_ms 1000
    run sequential-vs-join --set mode=join --summary)
  wakeline_summary_test(app.cli.summary.thread_sleeps_take_550_ms 550 run blocking-executor --summary)
  wakeline_summary_test(app.cli.summary.async_sleeps_take_100_ms 100
    run blocking-executor --set mode=async_sleep --summary)

  add_test(NAME app.cli.list_json COMMAND Python3::Interpreter ${WAKELINE_CHECK_CLI_JSON} list $<TARGET_FILE:wakeline>)
  set_tests_properties(app.cli.list_json PROPERTIES LABELS app TIMEOUT 60)
endif()
