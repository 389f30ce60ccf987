# Boost.Stacktrace with its libbacktrace backend, used privately by the debug dumps to turn
# return addresses into function names and file:line (Debian: libboost-stacktrace-dev, installed
# by scripts/setup.sh). Only src/diagnostics/debug.cpp includes it; users get two more libraries to link
# (added automatically through the exported target), never a header dependency. When it is not
# found, the dumps fall back to glibc's backtrace_symbols (exported function names only), so
# configuring never fails for want of it, embedded builds (add_subdirectory, FetchContent)
# included.
function(pykka_use_boost_stacktrace target)
  find_path(PYKKA_BOOST_STACKTRACE_INCLUDE boost/stacktrace/frame.hpp)
  find_library(PYKKA_BOOST_STACKTRACE_LIBRARY boost_stacktrace_backtrace)
  if(NOT PYKKA_BOOST_STACKTRACE_INCLUDE OR NOT PYKKA_BOOST_STACKTRACE_LIBRARY)
    message(STATUS
      "pykka: Boost.Stacktrace (backtrace backend) not found, debug dumps fall back to glibc "
      "backtrace symbols without file:line (install libboost-stacktrace-dev to get them)")
    return()
  endif()
  message(STATUS "pykka: debug dumps symbolised with Boost.Stacktrace")
  target_compile_definitions(${target} PRIVATE PYKKA_HAVE_BOOST_STACKTRACE BOOST_STACKTRACE_LINK)
  target_include_directories(${target} SYSTEM PRIVATE ${PYKKA_BOOST_STACKTRACE_INCLUDE})
  # Linked by name, so the exported target stays relocatable across library directories.
  target_link_libraries(${target} PRIVATE boost_stacktrace_backtrace ${CMAKE_DL_LIBS})
  # For pykka.pc: needed by whoever links a static libpykka (see cmake/PykkaInstall.cmake).
  set(PYKKA_PC_PRIVATE_LIBS " -lboost_stacktrace_backtrace -ldl" PARENT_SCOPE)
endfunction()
