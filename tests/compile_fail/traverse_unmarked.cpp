// Traversing into a member that is not marked traversable does not compile.
// expect: traverse\(\) needs a member marked traversable
#include "common.hpp"

void misuse(const pykka::ActorProxy<Calculator>& proxy) {
  (void)proxy.call(&Calculator::add, 1, 2);
#ifdef PYKKA_COMPILE_FAIL
  (void)proxy.traverse(&Calculator::playback);
#endif
}
