# Warnings for targets built by this project; never propagated to users.
function(pykka_set_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wconversion -Wsign-conversion
    # g++ 12 at -O2/-O3 reports -Wrestrict falsely inside std::string's operator+ (GCC bug 105651).
    $<$<AND:$<CXX_COMPILER_ID:GNU>,$<VERSION_LESS:$<CXX_COMPILER_VERSION>,13>>:-Wno-restrict>
    $<$<BOOL:${PYKKA_WERROR}>:-Werror>)
endfunction()
