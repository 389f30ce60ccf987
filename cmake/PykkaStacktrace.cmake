# Boost.Stacktrace with its libbacktrace backend, used privately by the debug dumps to turn
# return addresses into function names and file:line (Debian: libboost-stacktrace-dev, installed
# by scripts/setup.sh). Only src/diagnostics/debug.cpp includes it; users get two more libraries to link
# (added automatically through the exported target), never a header dependency.
function(pykka_use_boost_stacktrace target)
  find_path(PYKKA_BOOST_STACKTRACE_INCLUDE boost/stacktrace/frame.hpp)
  find_library(PYKKA_BOOST_STACKTRACE_LIBRARY boost_stacktrace_backtrace)
  if(NOT PYKKA_BOOST_STACKTRACE_INCLUDE OR NOT PYKKA_BOOST_STACKTRACE_LIBRARY)
    message(FATAL_ERROR
      "Boost.Stacktrace (backtrace backend) not found: install libboost-stacktrace-dev "
      "(scripts/setup.sh does) or configure with -DPYKKA_WITH_BOOST_STACKTRACE=OFF")
  endif()
  target_compile_definitions(${target} PRIVATE PYKKA_HAVE_BOOST_STACKTRACE BOOST_STACKTRACE_LINK)
  target_include_directories(${target} SYSTEM PRIVATE ${PYKKA_BOOST_STACKTRACE_INCLUDE})
  # Linked by name, so the exported target stays relocatable across library directories.
  target_link_libraries(${target} PRIVATE boost_stacktrace_backtrace ${CMAKE_DL_LIBS})
  # pkg-config consumers of a static libpykka need them too (harmless for the shared one).
  set(PYKKA_PC_EXTRA_LIBS " -lboost_stacktrace_backtrace -ldl" PARENT_SCOPE)
endfunction()
