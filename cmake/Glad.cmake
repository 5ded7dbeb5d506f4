# Generates the OpenGL 3.3 core loader with python3-glad at build time. --reproducible keeps
# glad from reaching for the network (it otherwise fetches the latest gl.xml).
find_program(GLAD_EXECUTABLE glad REQUIRED)
set(GLAD_OUT ${CMAKE_BINARY_DIR}/glad)
add_custom_command(
  OUTPUT ${GLAD_OUT}/src/gl.c ${GLAD_OUT}/include/glad/gl.h
  COMMAND ${GLAD_EXECUTABLE} --reproducible --quiet --api gl:core=3.3 --out-path ${GLAD_OUT} c
  COMMENT "Generating the OpenGL loader with glad"
  VERBATIM)
add_library(glad STATIC ${GLAD_OUT}/src/gl.c)
target_include_directories(glad PUBLIC ${GLAD_OUT}/include)
set_target_properties(glad PROPERTIES POSITION_INDEPENDENT_CODE ON)
