# One place for the warning flags every Wakeline target uses.
function(wakeline_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)
  if(WAKELINE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
