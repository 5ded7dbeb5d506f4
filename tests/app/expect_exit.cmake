# Runs a command and checks its exact exit code, and optionally its stdout and stderr against
# regular expressions. ctest's PASS_REGULAR_EXPRESSION ignores the exit code and WILL_FAIL accepts
# any failure, so the CLI tests go through this script instead:
#
#   cmake -DEXPECT_EXIT=2 [-DEXPECT_STDOUT=regex] [-DEXPECT_STDERR=regex] -P expect_exit.cmake -- program args...
cmake_minimum_required(VERSION 3.25)

if(NOT DEFINED EXPECT_EXIT)
  message(FATAL_ERROR "expect_exit.cmake: pass -DEXPECT_EXIT=<code>")
endif()

# Everything after "--" is the command; cmake leaves those arguments to the script.
set(command)
set(after_dashes FALSE)
math(EXPR last_arg "${CMAKE_ARGC} - 1")
foreach(i RANGE ${last_arg})
  if(after_dashes)
    list(APPEND command "${CMAKE_ARGV${i}}")
  elseif("${CMAKE_ARGV${i}}" STREQUAL "--")
    set(after_dashes TRUE)
  endif()
endforeach()
if(NOT command)
  message(FATAL_ERROR "expect_exit.cmake: no command after --")
endif()

execute_process(COMMAND ${command}
  RESULT_VARIABLE exit_code OUTPUT_VARIABLE stdout ERROR_VARIABLE stderr TIMEOUT 60)
list(JOIN command " " command_text)
set(report "command: ${command_text}\nexit code: ${exit_code}\n--- stdout ---\n${stdout}--- stderr ---\n${stderr}")

# exit_code is a message such as "Segmentation fault" when the process died of a signal.
if(NOT "${exit_code}" STREQUAL "${EXPECT_EXIT}")
  message(FATAL_ERROR "expected exit code ${EXPECT_EXIT}\n${report}")
endif()
if(DEFINED EXPECT_STDOUT AND NOT stdout MATCHES "${EXPECT_STDOUT}")
  message(FATAL_ERROR "stdout does not match '${EXPECT_STDOUT}'\n${report}")
endif()
if(DEFINED EXPECT_STDERR AND NOT stderr MATCHES "${EXPECT_STDERR}")
  message(FATAL_ERROR "stderr does not match '${EXPECT_STDERR}'\n${report}")
endif()
message(STATUS "ok: exit code ${exit_code}")
