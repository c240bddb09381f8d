# Warnings and sanitizers shared by every mmf target.
function(mmf_target_defaults target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion)
  if(MMF_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

if(MMF_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
