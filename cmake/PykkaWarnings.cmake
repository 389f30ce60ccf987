# Warnings for targets built by this project; never propagated to users.
function(pykka_set_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wconversion -Wsign-conversion
    $<$<BOOL:${PYKKA_WERROR}>:-Werror>)
endfunction()
