// Reading a method as if it were a field does not compile.
// expect: take a pointer to a data member
#include "common.hpp"

void misuse(const pykka::ActorProxy<Calculator>& proxy) {
  (void)proxy.get(&Calculator::last_result);
#ifdef PYKKA_COMPILE_FAIL
  (void)proxy.get(&Calculator::add);
#endif
}
