// Calling a member that does not exist does not compile.
// expect: 'nope' is not a member of 'Calculator'|no member named 'nope' in 'Calculator'
#include "common.hpp"

void misuse(const pykka::ActorProxy<Calculator>& proxy) {
  (void)proxy.call(&Calculator::add, 1, 2);
#ifdef PYKKA_COMPILE_FAIL
  (void)proxy.call(&Calculator::nope, 1, 2);
#endif
}
