# Writes a .cpp that holds each lesson file's text as a raw string literal, so the code panel shows
# exactly the code that ran. Run at build time by scenarios/CMakeLists.txt:
#
#   cmake -DOUTPUT=lesson_sources.cpp -DLESSON_FILES="a.cpp|b.cpp" -P embed_lesson_sources.cmake
cmake_minimum_required(VERSION 3.25)

if(NOT DEFINED OUTPUT OR NOT DEFINED LESSON_FILES)
  message(FATAL_ERROR "embed_lesson_sources.cmake: pass -DOUTPUT=<file> and -DLESSON_FILES=<list>")
endif()

string(REPLACE "|" ";" LESSON_FILES "${LESSON_FILES}")

# The raw string's delimiter; a lesson file must never contain it followed by a quote.
set(delimiter "wakeline_lesson")

set(text "// Generated at build time by scenarios/embed_lesson_sources.cmake from scenarios/lessons/*.cpp.\n")
string(APPEND text "// Do not edit: change the lesson file instead.\n")
string(APPEND text "#include <string_view>\n\n#include \"lessons/lessons.hpp\"\n\n")
string(APPEND text "namespace wakeline::scenarios {\n\n")
string(APPEND text "std::string_view lesson_source(std::string_view file_name) {\n")
foreach(file IN LISTS LESSON_FILES)
  get_filename_component(name "${file}" NAME)
  file(READ "${file}" content)
  string(FIND "${content}" ")${delimiter}\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${file} contains )${delimiter}\" and cannot be embedded as a raw string")
  endif()
  string(APPEND text "  if (file_name == \"${name}\") return R\"${delimiter}(${content})${delimiter}\";\n")
endforeach()
string(APPEND text "  return {};\n}\n\n}  // namespace wakeline::scenarios\n")

# Rewrite only on a change, so an unrelated build does not recompile the generated file.
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" previous)
  if(previous STREQUAL text)
    return()
  endif()
endif()
file(WRITE "${OUTPUT}" "${text}")
