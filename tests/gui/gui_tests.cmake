# GUI tests (label gui): the real window, under $DISPLAY or Xvfb, with Mesa's software renderer so
# every machine draws the same pixels. Included from tests/CMakeLists.txt inside if(TARGET wakeline).

if(Python3_Interpreter_FOUND)
  # The lessons' pictures, read from --dump-ui; `wakeline screenshot`; bad lessons and settings exit 2.
  foreach(gui_case sequential join thread_sleep async_sleep screenshot_command bad_lesson)
    add_test(NAME gui.lesson.${gui_case}
      COMMAND Python3::Interpreter ${CMAKE_CURRENT_SOURCE_DIR}/gui/lesson_pictures.py
              $<TARGET_FILE:wakeline> ${CMAKE_CURRENT_BINARY_DIR}/gui_out ${gui_case})
    set_tests_properties(gui.lesson.${gui_case} PROPERTIES
      LABELS gui TIMEOUT 120 SKIP_RETURN_CODE 77 ENVIRONMENT "LIBGL_ALWAYS_SOFTWARE=1")
  endforeach()

  # Stepping: the state, code line and console at the playhead; keys; compare; presentation mode.
  foreach(step_case ping_pong_backpressure worker_queue_oneshot keys compare presentation)
    add_test(NAME gui.stepping.${step_case}
      COMMAND Python3::Interpreter ${CMAKE_CURRENT_SOURCE_DIR}/gui/stepping.py
              $<TARGET_FILE:wakeline> ${CMAKE_CURRENT_BINARY_DIR}/gui_out ${step_case})
    set_tests_properties(gui.stepping.${step_case} PROPERTIES
      LABELS gui TIMEOUT 240 SKIP_RETURN_CODE 77 ENVIRONMENT "LIBGL_ALWAYS_SOFTWARE=1")
  endforeach()

  # Pictures of the timeline for slides, Export from the menu, a reopened trace showing the same.
  foreach(picture_case timeline_png export_menu reopen_same)
    add_test(NAME gui.traces.${picture_case}
      COMMAND Python3::Interpreter ${CMAKE_CURRENT_SOURCE_DIR}/gui/trace_pictures.py
              $<TARGET_FILE:wakeline> ${CMAKE_CURRENT_BINARY_DIR}/gui_out ${picture_case})
    set_tests_properties(gui.traces.${picture_case} PROPERTIES
      LABELS gui TIMEOUT 240 SKIP_RETURN_CODE 77 ENVIRONMENT "LIBGL_ALWAYS_SOFTWARE=1")
  endforeach()

  # A teacher's session through synthetic input (xdotool), on an Xvfb of its own.
  add_test(NAME gui.drive_window
    COMMAND Python3::Interpreter ${CMAKE_CURRENT_SOURCE_DIR}/gui/drive_window.py
            $<TARGET_FILE:wakeline> ${CMAKE_CURRENT_BINARY_DIR}/gui_out)
  set_tests_properties(gui.drive_window PROPERTIES LABELS gui TIMEOUT 180 SKIP_RETURN_CODE 77)
endif()
