# Boost.Context's fcontext, the stack switch under the fiber runtime (Debian:
# libboost-context-dev, installed by scripts/setup.sh). Only src/runtime/fiber/ includes it, so
# users never see its headers; whoever links a static libpykka gets the library through the
# exported target or pykka.pc. Without it the library is built without the fiber runtime
# (pykka::FiberActor then fails to link), so configuring never fails for want of it.
function(pykka_use_boost_context target)
  find_path(PYKKA_BOOST_CONTEXT_INCLUDE boost/context/detail/fcontext.hpp)
  find_library(PYKKA_BOOST_CONTEXT_LIBRARY boost_context)
  if(NOT PYKKA_BOOST_CONTEXT_INCLUDE OR NOT PYKKA_BOOST_CONTEXT_LIBRARY)
    message(STATUS
      "pykka: Boost.Context not found, the fiber runtime (pykka::FiberActor) is left out of "
      "this build (install libboost-context-dev to get it)")
    return()
  endif()
  target_sources(${target} PRIVATE
    ${PROJECT_SOURCE_DIR}/src/runtime/fiber/fiber.cpp
    ${PROJECT_SOURCE_DIR}/src/runtime/fiber/fiber_runtime.cpp
    ${PROJECT_SOURCE_DIR}/src/runtime/fiber/scheduler.cpp)
  target_include_directories(${target} SYSTEM PRIVATE ${PYKKA_BOOST_CONTEXT_INCLUDE})
  # Linked by name, so the exported target stays relocatable across library directories.
  target_link_libraries(${target} PRIVATE boost_context)
  set(PYKKA_PC_PRIVATE_LIBS "${PYKKA_PC_PRIVATE_LIBS} -lboost_context" PARENT_SCOPE)
endfunction()
