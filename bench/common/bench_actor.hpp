#pragma once

// The base class of every scenario's actors: the threading runtime's; in the
// bench_<scenario>_fiber binaries, the fiber runtime's (pykka/runtime/fiber.hpp); in the
// bench_<scenario>_naive binaries, the naive runtime's (pykka/runtime/naive.hpp) — the same
// scenario code on each implementation of the runtime interface.

#include <pykka/pykka.hpp>

namespace bench {

#if defined(PYKKA_BENCH_NAIVE)
using ActorBase = pykka::NaiveActor;
#elif defined(PYKKA_BENCH_FIBER)
using ActorBase = pykka::FiberActor;
#else
using ActorBase = pykka::ThreadingActor;
#endif

}  // namespace bench
