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

if(MMF_FUZZ)
  # Coverage for libFuzzer everywhere; the fuzz binaries add -fsanitize=fuzzer.
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -g)
  add_link_options(-fsanitize=address,undefined)
endif()
