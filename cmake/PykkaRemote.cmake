# Remote actors over NATS (src/remote/): the NATS C client (Debian: libnats-dev) and msgpack-cxx
# (libmsgpack-cxx-dev, header-only), both installed by scripts/setup.sh. Without either the
# library is built without remoting (pykka/remote.hpp then fails to link), so configuring never
# fails for want of them. PYKKA_HAS_REMOTE tells the tests and examples which it is.
function(pykka_use_remote target)
  find_path(PYKKA_NATS_INCLUDE nats/nats.h)
  find_library(PYKKA_NATS_LIBRARY nats)
  find_path(PYKKA_MSGPACK_INCLUDE msgpack.hpp)
  if(NOT PYKKA_NATS_INCLUDE OR NOT PYKKA_NATS_LIBRARY OR NOT PYKKA_MSGPACK_INCLUDE)
    message(STATUS
      "pykka: libnats or msgpack-cxx not found, remote actors (pykka/remote.hpp) are left out of "
      "this build (install libnats-dev and libmsgpack-cxx-dev to get them)")
    set(PYKKA_HAS_REMOTE OFF PARENT_SCOPE)
    return()
  endif()
  target_sources(${target} PRIVATE
    ${PROJECT_SOURCE_DIR}/src/remote/death_watch.cpp
    ${PROJECT_SOURCE_DIR}/src/remote/discovery.cpp
    ${PROJECT_SOURCE_DIR}/src/remote/event_loop.cpp
    ${PROJECT_SOURCE_DIR}/src/remote/node.cpp
    ${PROJECT_SOURCE_DIR}/src/remote/node_core.cpp
    ${PROJECT_SOURCE_DIR}/src/remote/remote_ref.cpp
    ${PROJECT_SOURCE_DIR}/src/remote/serving.cpp
    ${PROJECT_SOURCE_DIR}/src/remote/watch_frames.cpp
    ${PROJECT_SOURCE_DIR}/src/remote/wire.cpp)
  target_include_directories(${target} SYSTEM PRIVATE ${PYKKA_NATS_INCLUDE})
  # Linked by name, so the exported target stays relocatable across library directories.
  target_link_libraries(${target} PRIVATE nats)
  set(PYKKA_PC_PRIVATE_LIBS "${PYKKA_PC_PRIVATE_LIBS} -lnats" PARENT_SCOPE)
  set(PYKKA_HAS_REMOTE ON PARENT_SCOPE)
endfunction()
