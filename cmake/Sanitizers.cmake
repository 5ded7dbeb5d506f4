# Applies WAKELINE_SANITIZE to every target below (set by the asan/tsan presets).
if(WAKELINE_SANITIZE)
  add_compile_options(-fsanitize=${WAKELINE_SANITIZE} -fno-omit-frame-pointer -g)
  add_link_options(-fsanitize=${WAKELINE_SANITIZE})
  if(WAKELINE_SANITIZE MATCHES "undefined")
    add_compile_options(-fno-sanitize-recover=undefined)
  endif()
endif()
