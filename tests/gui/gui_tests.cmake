# GUI tests (label gui): the real window, under $DISPLAY or Xvfb, with Mesa's software renderer so
# every machine draws the same pixels. Included from tests/CMakeLists.txt inside if(TARGET wakeline).

# gui.GROUP.CASE for each CASE: `python3 tests/gui/SCRIPT WAKELINE OUT_DIR CASE` (gui_cases.py).
function(wakeline_gui_cases group script timeout)
  foreach(gui_case IN LISTS ARGN)
    add_test(NAME gui.${group}.${gui_case}
      COMMAND Python3::Interpreter ${CMAKE_CURRENT_SOURCE_DIR}/gui/${script}
              $<TARGET_FILE:wakeline> ${CMAKE_CURRENT_BINARY_DIR}/gui_out ${gui_case})
    set_tests_properties(gui.${group}.${gui_case} PROPERTIES
      LABELS gui TIMEOUT ${timeout} SKIP_RETURN_CODE 77 ENVIRONMENT "LIBGL_ALWAYS_SOFTWARE=1")
  endforeach()
endfunction()

if(Python3_Interpreter_FOUND)
  # The window renders its panels; an unwritable screenshot path is an error, not a crash.
  wakeline_gui_cases(screenshot screenshot_smoke.py 120 renders_panels unwritable_path)
  # The lessons' pictures, read from --dump-ui; `wakeline screenshot`; bad lessons and settings exit 2.
  wakeline_gui_cases(lesson lesson_pictures.py 120 sequential join thread_sleep async_sleep screenshot_command bad_lesson
                     script_lesson)
  # Stepping: the state, code line and console at the playhead; keys; compare; presentation mode.
  wakeline_gui_cases(stepping stepping.py 240 ping_pong_backpressure worker_queue_oneshot keys compare compare_live presentation)
  # Pictures of the timeline for slides, Export from the menu, a reopened trace showing the same.
  wakeline_gui_cases(traces trace_pictures.py 240 timeline_png export_menu reopen_same)
  # Issue 12: the view follows the run, the idle window rests, variant chips, the timeline at every scale,
  # Reveal, a lesson clicked during a long real-clock run, and the drawer of folded panels.
  wakeline_gui_cases(teacher_view teacher_view.py 180 follows_run real_clock_fits idle variant_chip hero_matrix reveal escape_closes_menu
                     lesson_click_progress drawer)
  # Large runs stay live: 200 000 tasks with every task lane on, zoomed and panned, frames under 16 ms.
  wakeline_gui_cases(large large_run.py 240 zoom_200k)
  # File > Open through the file browser: typed folder, double clicks, Alt+Up, Down and Enter.
  wakeline_gui_cases(browser file_browser.py 120 open_by_browser)
  # Issue 13's hostile files through --open and `wakeline screenshot`: refused, or drawn, never a crash.
  wakeline_gui_cases(hostile hostile_files.py 240 refused long_text)
  # A trace file dropped onto the real window through X11 drag and drop (the script is the drag source).
  wakeline_gui_cases(drop drop_file.py 120 good_trace bad_trace)

  # Issue 14: the script editor (Edit a copy, edit, Ctrl+Enter, a syntax error marked) and a script
  # lesson reloaded from disk, through xdotool on an Xvfb of their own.
  wakeline_gui_cases(script script_editor.py 120 edit_copy_run reload_from_disk)

  # A teacher's session through synthetic input (xdotool), on an Xvfb of its own.
  add_test(NAME gui.drive_window
    COMMAND Python3::Interpreter ${CMAKE_CURRENT_SOURCE_DIR}/gui/drive_window.py
            $<TARGET_FILE:wakeline> ${CMAKE_CURRENT_BINARY_DIR}/gui_out)
  set_tests_properties(gui.drive_window PROPERTIES LABELS gui TIMEOUT 180 SKIP_RETURN_CODE 77)
endif()
