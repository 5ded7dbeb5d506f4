# Applies WAKELINE_SANITIZE to every target below (set by the asan/tsan presets).
if(WAKELINE_SANITIZE)
  # -O1 and line tables only (-g1): what the sanitizers' reports need, at about two thirds of the
  # compile time of RelWithDebInfo's -O2 -g, which the test command pays on every fresh clone.
  add_compile_options(-fsanitize=${WAKELINE_SANITIZE} -fno-omit-frame-pointer -O1 -g1)
  add_link_options(-fsanitize=${WAKELINE_SANITIZE})
  if(WAKELINE_SANITIZE MATCHES "undefined")
    add_compile_options(-fno-sanitize-recover=undefined)
  endif()
endif()
