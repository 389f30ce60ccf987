#pragma once

// The base class of every scenario's actors: the threading runtime's, or, in the
// bench_<scenario>_naive binaries, the naive runtime's (pykka/runtime/naive.hpp) — the same
// scenario code on the deliberately simple implementation of the runtime interface.

#include <pykka/pykka.hpp>

namespace bench {

#ifdef PYKKA_BENCH_NAIVE
using ActorBase = pykka::NaiveActor;
#else
using ActorBase = pykka::ThreadingActor;
#endif

}  // namespace bench
